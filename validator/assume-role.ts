/**
 * STS AssumeRole as Scoutflo's collectors do it, and the diagnosis of a
 * denial: the principal is not trusted, or the ExternalId does not match.
 */
import { AssumeRoleCommand } from "@aws-sdk/client-sts";
import { abortWith, awsErrorCode } from "./aws-errors";
import type { AwsSession } from "./aws-session";
import { getCallerIdentity, getRole } from "./identity";
import type {
  AssumeRoleSummary,
  CallerIdentity,
  ReportFinding,
} from "./report";
import { arnAccount, arnPartition, roleArn } from "./role-reference";
import type { RoleReference } from "./role-reference";
import {
  callerPrincipalMatcher,
  checkTrustPolicy,
  parseTrustPolicy,
} from "./trust-policy";

/** The outcome of AssumeRole: a session as the role, or a denial. */
export type AssumeOutcome =
  | {
      readonly status: "assumed";
      readonly session: AwsSession;
      readonly summary: AssumeRoleSummary & { status: "assumed" };
    }
  | {
      readonly status: "denied";
      readonly summary: AssumeRoleSummary & { status: "denied" };
      readonly problems: readonly ReportFinding[];
    };

/** Request of {@link assumeRole}: the role, the ExternalId and the session name. */
export interface AssumeRequest {
  readonly reference: RoleReference;
  /** Account of the role when the reference has none. */
  readonly accountId?: string;
  readonly externalId: string;
  readonly sessionName: string;
}

type DenialCause = (AssumeRoleSummary & { status: "denied" })["likelyCause"];

const DENIED_ERRORS = new Set(["AccessDenied", "AccessDeniedException"]);

/** Assumes the role with the ExternalId; aborts the preflight on errors other than a denial. */
export async function assumeRole(
  base: AwsSession,
  caller: CallerIdentity,
  request: AssumeRequest,
): Promise<AssumeOutcome> {
  const { arn: target, pathGuessed } = await resolveRoleArn(
    base,
    caller,
    request,
  );
  const operation = "sts:AssumeRole";
  try {
    const output = await base.call(operation, () =>
      base.sts.send(
        new AssumeRoleCommand({
          RoleArn: target,
          RoleSessionName: request.sessionName,
          ExternalId: request.externalId,
        }),
      ),
    );
    const credentials = output.Credentials;
    const session = base.withCredentials({
      accessKeyId: credentials?.AccessKeyId ?? "",
      secretAccessKey: credentials?.SecretAccessKey ?? "",
      sessionToken: credentials?.SessionToken ?? "",
    });
    const identity = await getCallerIdentity(session);

    return {
      status: "assumed",
      session,
      summary: { status: "assumed", roleArn: target, session: identity },
    };
  } catch (error) {
    if (!DENIED_ERRORS.has(awsErrorCode(error))) {
      return abortWith(error, operation, target);
    }

    return diagnoseDenial(base, caller, request, {
      target,
      pathGuessed,
      errorCode: awsErrorCode(error),
    });
  }
}

/** The ARN AssumeRole was sent, and whether its path was guessed. */
interface AssumeTarget {
  readonly arn: string;
  /** True when the role was given without its path and GetRole could not read it, so it was assumed at path `/`. */
  readonly pathGuessed: boolean;
}

/**
 * Returns the ARN to assume. A name or an assumed-role ARN has no path:
 * when the role is in the caller's account, GetRole returns it.
 */
async function resolveRoleArn(
  base: AwsSession,
  caller: CallerIdentity,
  request: AssumeRequest,
): Promise<AssumeTarget> {
  const reference = request.reference;
  const partition = reference.partition ?? arnPartition(caller.arn);
  const accountId = reference.accountId ?? request.accountId ?? caller.account;
  if (reference.kind === "role-arn") {
    const arn = roleArn(partition, accountId, reference.name, reference.path);
    return { arn, pathGuessed: false };
  }

  if (accountId === caller.account) {
    const outcome = await getRole(base, reference.name);
    if (outcome.status === "found" && outcome.role.Arn !== undefined) {
      return { arn: outcome.role.Arn, pathGuessed: false };
    }
  }

  // NOTE: a role in another account is assumed at path "/"; give the role
  // ARN itself when the role has a path.
  return {
    arn: roleArn(partition, accountId, reference.name),
    pathGuessed: true,
  };
}

interface Denial {
  readonly target: string;
  readonly pathGuessed: boolean;
  readonly errorCode: string;
}

async function diagnoseDenial(
  base: AwsSession,
  caller: CallerIdentity,
  request: AssumeRequest,
  denial: Denial,
): Promise<AssumeOutcome> {
  const { target, errorCode } = denial;
  const trustProblems = await readTrustProblems(base, caller, request, target);
  const cause = denialCause(trustProblems);
  const summary = {
    status: "denied" as const,
    roleArn: target,
    awsErrorCode: errorCode,
    likelyCause: cause,
    diagnosed: trustProblems !== undefined,
  };
  const pathHint = denial.pathGuessed ? ` ${guessedPathText(target)}` : "";
  const problem: ReportFinding = {
    code: "ASSUME_ROLE_DENIED",
    subject: target,
    message: `${caller.arn} could not assume ${target} (${errorCode}): ${causeText(cause)}${pathHint}`,
  };

  return {
    status: "denied",
    summary,
    problems: [problem, ...(trustProblems ?? [])],
  };
}

/**
 * Checks the trust policy against the caller and the ExternalId. Reading
 * it needs the role in the caller's account and iam:GetRole, so this
 * returns undefined when the base credentials cannot read it.
 */
async function readTrustProblems(
  base: AwsSession,
  caller: CallerIdentity,
  request: AssumeRequest,
  target: string,
): Promise<readonly ReportFinding[] | undefined> {
  if (arnAccount(target) !== caller.account) {
    return undefined;
  }

  const outcome = await getRole(base, request.reference.name);
  const document =
    outcome.status === "found"
      ? outcome.role.AssumeRolePolicyDocument
      : undefined;
  const policy =
    document === undefined ? undefined : parseTrustPolicy(document);
  if (policy === undefined) {
    return undefined;
  }

  return checkTrustPolicy(policy, {
    roleName: request.reference.name,
    principal: callerPrincipalMatcher(caller.arn),
    principalLabel: caller.arn,
    externalId: request.externalId,
  }).problems;
}

function denialCause(
  problems: readonly ReportFinding[] | undefined,
): DenialCause {
  if (problems === undefined) {
    return "principal-not-trusted-or-external-id-mismatch";
  }

  const codes = new Set(problems.map((problem) => problem.code));
  if (codes.has("PRINCIPAL_NOT_TRUSTED")) {
    return "principal-not-trusted";
  }

  if (
    codes.has("EXTERNAL_ID_MISMATCH") ||
    codes.has("EXTERNAL_ID_WRONG_OPERATOR")
  ) {
    return "external-id-mismatch";
  }

  return "caller-not-permitted";
}

/** Explains that a role given without its path was assumed at path `/`, and how to give the path. */
function guessedPathText(target: string): string {
  const withPath = target.replace(/:role\/([^/]+)$/, ":role/scoutflo/$1");
  return `Another likely cause: the role was given without its path, so the preflight assumed it at path /, where a role with another path is not found. Give the role ARN with its path, such as ${withPath} for a role at /scoutflo/.`;
}

function causeText(cause: DenialCause): string {
  switch (cause) {
    case "principal-not-trusted":
      return "the role's trust policy does not trust the caller; add the caller (or Scoutflo's principal) to the trust policy.";
    case "external-id-mismatch":
      return "the ExternalId sent differs from the one the trust policy requires; use the ExternalId configured on the role.";
    case "caller-not-permitted":
      return "the trust policy allows the caller with this ExternalId, so the caller's own policies or an SCP likely deny sts:AssumeRole on the role; allow it there.";
    case "principal-not-trusted-or-external-id-mismatch":
      return "either the trust policy does not trust the caller or the ExternalId differs; the trust policy is not readable with these credentials, so ask the account's administrator to run the preflight without --assume-role to check it.";
  }
}
