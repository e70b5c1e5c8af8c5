/**
 * The principal named by a `PolicySourceArn`: a role of the model, or an
 * IAM user among the callers in the model's account.
 */
import { accessDenied, AwsServiceError, invalidInput } from "./aws-error";
import { roleBoundary, rolePolicies, type NamedPolicy } from "./identity";
import type { PolicyDocument } from "./account";
import {
  callerContextKeys,
  callerPolicies,
  type RequestContext,
} from "./request-context";
import { isAllowed } from "./simulate";

/** A principal whose policies IAM simulates. */
export interface PolicySource {
  readonly arn: string;
  readonly accountId: string;
  /** SourcePolicyType that IAM reports for the principal's identity policies. */
  readonly policyType: "role" | "user";
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  readonly scps: readonly PolicyDocument[];
}

const SOURCE_ARN =
  /^arn:aws:iam::(\d{12}):(role|user|group)(\/(?:[^/]+\/)*)([\w+=,.@-]{1,128})$/;

/**
 * Checks that the caller may run `action` on the principal, then returns the
 * principal. Throws InvalidInput for a malformed ARN, AccessDenied when the
 * caller's policies do not allow the action on the ARN, and NoSuchEntity for
 * a principal that does not exist.
 */
export async function authorizePolicySource(
  context: RequestContext,
  sourceArn: string,
  action: string,
): Promise<PolicySource> {
  const match = SOURCE_ARN.exec(sourceArn);
  if (match === null) {
    throw invalidInput(
      `Invalid PolicySourceArn ${sourceArn}: expected the ARN of an IAM user, group or role, such as arn:aws:iam::123456789012:role/Name.`,
    );
  }

  const allowed = await isAllowed({
    ...callerPolicies(context),
    action,
    resource: sourceArn,
    context: callerContextKeys(context),
  });
  if (!allowed) {
    throw accessDenied(context.caller.arn, action, sourceArn);
  }

  const [, accountId, kind, , name] = match;
  return findPolicySource(context, sourceArn, accountId, kind, name);
}

function findPolicySource(
  context: RequestContext,
  sourceArn: string,
  accountId: string,
  kind: string,
  name: string,
): PolicySource {
  const { account } = context;
  const inAccount = accountId === account.accountId;
  if (kind === "role") {
    const role = inAccount
      ? account.roles.find((candidate) => candidate.name === name)
      : undefined;
    if (role === undefined) {
      throw noSuchEntity("role", name);
    }
    return {
      arn: sourceArn,
      accountId,
      policyType: "role",
      identityPolicies: rolePolicies(role),
      permissionsBoundary: roleBoundary(role),
      scps: account.scps ?? [],
    };
  }

  const user = inAccount ? context.identities.find(sourceArn) : undefined;
  if (kind !== "user" || user === undefined) {
    throw noSuchEntity(kind, name);
  }
  return {
    arn: sourceArn,
    accountId,
    policyType: "user",
    identityPolicies: user.identityPolicies,
    scps: user.scps,
  };
}

function noSuchEntity(kind: string, name: string): AwsServiceError {
  return new AwsServiceError(
    "NoSuchEntity",
    `The ${kind} with name ${name} cannot be found.`,
    404,
  );
}
