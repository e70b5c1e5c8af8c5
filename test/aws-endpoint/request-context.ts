/** What an operation handler receives besides its parameters. */
import type { AccountModel } from "./account";
import type { Identity, IdentityStore } from "./identity";

/** The state and the signed caller of one request. */
export interface RequestContext {
  readonly account: AccountModel;
  readonly identities: IdentityStore;
  /** The authenticated principal that signed the request. */
  readonly caller: Identity;
  /** Region from the request's SigV4 credential scope. */
  readonly region: string;
  /** Region of clusters whose model sets none. */
  readonly defaultRegion: string;
  /** Maximum SimulatePrincipalPolicy results per page that the endpoint returns. */
  readonly pageSize: number;
}

/** Returns the caller fields every authorization check needs. */
export function callerPolicies(context: RequestContext) {
  const { caller } = context;
  return {
    principal: caller.arn,
    principalAccount: caller.accountId,
    identityPolicies: caller.identityPolicies,
    permissionsBoundary: caller.permissionsBoundary,
    scps: caller.scps,
  };
}

/** Returns the context keys AWS sets on every request of the caller. */
export function callerContextKeys(
  context: RequestContext,
): Record<string, string> {
  return {
    "aws:PrincipalArn": context.caller.principalArn,
    "aws:PrincipalAccount": context.caller.accountId,
    "aws:userid": context.caller.userId,
    "aws:RequestedRegion": context.region,
    "aws:SecureTransport": "true",
  };
}
