/**
 * The role steps of the preflight: read the role with IAM GetRole and
 * check its trust policy against the expected principal and ExternalId.
 */
import type { Role } from "@aws-sdk/client-iam";
import { maskExternalId } from "../constructs/validation";
import { abortWith } from "./aws-errors";
import type { AwsSession } from "./aws-session";
import { getRole } from "./identity";
import type { PreflightRun as Run } from "./preflight-run";
import type { ReportFinding } from "./report";
import { arnPartition, roleArn } from "./role-reference";
import type { RoleReference } from "./role-reference";
import {
  checkTrustPolicy,
  expectedPrincipalMatcher,
  parseTrustPolicy,
} from "./trust-policy";
import type { TrustPolicy } from "./trust-policy";

/**
 * Reads the role and records it in the report. Returns undefined when the
 * role does not exist, which is a problem; aborts on other AWS errors.
 */
export async function readRole(
  run: Run,
  session: AwsSession,
  reference: RoleReference,
): Promise<Role | undefined> {
  const { report } = run;
  run.progress({ step: "role", message: `Reading role ${reference.name}` });
  const outcome = await getRole(session, reference.name);
  if (outcome.status === "failed") {
    const account = report.caller?.account ?? "*";
    const partition = arnPartition(report.caller?.arn ?? "");
    return abortWith(
      outcome.error,
      "iam:GetRole",
      roleArn(partition, reference.accountId ?? account, reference.name),
    );
  }

  if (outcome.status === "not-found") {
    report.problems.push(roleNotFound(reference, report.caller?.account));
    return undefined;
  }

  const role = outcome.role;
  report.role = {
    input: run.options.role,
    name: role.RoleName ?? reference.name,
    arn: role.Arn,
    path: role.Path,
  };
  checkRoleArnInput(run, reference, role);
  return role;
}

function checkRoleArnInput(
  run: Run,
  reference: RoleReference,
  role: Role,
): void {
  const inputArn = run.options.role;
  if (reference.kind !== "role-arn" || role.Arn === inputArn) {
    return;
  }

  run.report.problems.push({
    code: "ROLE_ARN_MISMATCH",
    subject: inputArn,
    message: `The role ARN ${inputArn} does not match role ${reference.name}, whose ARN is ${role.Arn}: AssumeRole needs the exact ARN, path included, so give Scoutflo ${role.Arn}.`,
  });
}

/** Checks the trust policy when a principal or an ExternalId was given. */
export function checkTrust(run: Run, role: Role): void {
  const { options, report } = run;
  if (
    options.scoutfloPrincipal === undefined &&
    options.externalId === undefined
  ) {
    report.trust = {
      status: "skipped",
      reason: "neither a Scoutflo principal nor an ExternalId was given",
    };
    return;
  }

  run.progress({ step: "trust-policy", message: "Checking the trust policy" });
  const policy = parseTrustPolicy(role.AssumeRolePolicyDocument ?? "");
  const problems =
    policy === undefined
      ? [trustPolicyUnreadable(role)]
      : trustProblems(run, role, policy);

  report.problems.push(...problems);
  report.trust = {
    status: "checked",
    expectedPrincipal: options.scoutfloPrincipal,
    expectedExternalId: maskedOrUndefined(options.externalId),
    ok: problems.length === 0,
  };
}

function trustProblems(
  run: Run,
  role: Role,
  policy: TrustPolicy,
): readonly ReportFinding[] {
  const principal = run.options.scoutfloPrincipal;
  const result = checkTrustPolicy(policy, {
    roleName: role.RoleName ?? "",
    principal:
      principal === undefined ? undefined : expectedPrincipalMatcher(principal),
    principalLabel: principal,
    externalId: run.options.externalId,
  });

  run.report.warnings.push(...result.warnings);
  return result.problems;
}

function roleNotFound(
  reference: RoleReference,
  account: string | undefined,
): ReportFinding {
  return {
    code: "ROLE_NOT_FOUND",
    subject: reference.name,
    message: `Role ${reference.name} does not exist in account ${account ?? "of the credentials"}: deploy the Scoutflo role first, or check the role name.`,
  };
}

function trustPolicyUnreadable(role: Role): ReportFinding {
  return {
    code: "TRUST_POLICY_UNREADABLE",
    subject: role.Arn ?? "",
    message: `The trust policy of role ${role.RoleName} is not a JSON policy document, so it cannot be checked: fix it in IAM.`,
  };
}

function maskedOrUndefined(externalId: string | undefined): string | undefined {
  return externalId === undefined ? undefined : maskExternalId(externalId);
}
