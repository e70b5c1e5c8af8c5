/**
 * STS GetCallerIdentity and IAM GetRole, the two reads every preflight
 * starts with.
 */
import { GetRoleCommand } from "@aws-sdk/client-iam";
import type { Role } from "@aws-sdk/client-iam";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import { abortWith, awsErrorCode } from "./aws-errors";
import type { AwsSession } from "./aws-session";
import type { CallerIdentity } from "./report";

/** Outcome of IAM GetRole. */
export type GetRoleOutcome =
  | { readonly status: "found"; readonly role: Role }
  | { readonly status: "not-found" }
  | { readonly status: "failed"; readonly error: unknown };

/** Returns the identity of the session's credentials; aborts the preflight on failure. */
export async function getCallerIdentity(
  session: AwsSession,
): Promise<CallerIdentity> {
  const operation = "sts:GetCallerIdentity";
  const output = await session
    .call(operation, () => session.sts.send(new GetCallerIdentityCommand({})))
    .catch((error: unknown) => abortWith(error, operation));

  return {
    arn: output.Arn ?? "",
    account: output.Account ?? "",
    userId: output.UserId ?? "",
  };
}

/** Reads the role `roleName` of the session's account; an AWS error comes back as `failed`. */
export async function getRole(
  session: AwsSession,
  roleName: string,
): Promise<GetRoleOutcome> {
  try {
    const output = await session.call("iam:GetRole", () =>
      session.iam.send(new GetRoleCommand({ RoleName: roleName })),
    );
    return output.Role === undefined
      ? { status: "not-found" }
      : { status: "found", role: output.Role };
  } catch (error) {
    return awsErrorCode(error) === "NoSuchEntity"
      ? { status: "not-found" }
      : { status: "failed", error };
  }
}
