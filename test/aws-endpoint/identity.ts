/**
 * Principals that sign requests: the callers of the account model and the
 * role sessions that AssumeRole issues.
 */
import { createHash, randomBytes } from "node:crypto";
import type {
  AccountModel,
  CallerModel,
  PolicyDocument,
  RoleModel,
} from "./account";
import { expiredToken, invalidClientToken } from "./aws-error";

/** A policy with the name simulation results report for it. */
export interface NamedPolicy {
  readonly name: string;
  readonly document: PolicyDocument;
}

/** The principal behind an access key, with everything IAM evaluates for it. */
export interface Identity {
  readonly accessKeyId: string;
  /** ARN that GetCallerIdentity returns. */
  readonly arn: string;
  /** Value of `aws:PrincipalArn`: the role ARN for a role session. */
  readonly principalArn: string;
  readonly accountId: string;
  /** UserId that GetCallerIdentity returns. */
  readonly userId: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  /** SCPs that apply: the model's when the principal is in the model's account. */
  readonly scps: readonly PolicyDocument[];
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

/** The access keys and sessions the endpoint accepts. */
export class IdentityStore {
  private readonly byAccessKey = new Map<string, Identity>();

  constructor(private readonly account: AccountModel) {
    for (const caller of account.callers) {
      this.byAccessKey.set(caller.accessKeyId, this.callerIdentity(caller));
    }
  }

  /**
   * Returns the principal that owns `accessKeyId`, or throws the error STS
   * returns for an unknown key, a missing or wrong session token, or an
   * expired session.
   */
  authenticate(
    accessKeyId: string,
    sessionToken: string | undefined,
    now = new Date(),
  ): Identity {
    const identity = this.byAccessKey.get(accessKeyId);
    if (identity === undefined || identity.sessionToken !== sessionToken) {
      throw invalidClientToken();
    }
    if (identity.expiration !== undefined && identity.expiration <= now) {
      throw expiredToken();
    }

    return identity;
  }

  /** Returns the principal with this access key id or ARN, if any. */
  find(accessKeyIdOrArn: string): Identity | undefined {
    const byKey = this.byAccessKey.get(accessKeyIdOrArn);
    if (byKey !== undefined) {
      return byKey;
    }

    return [...this.byAccessKey.values()].find(
      (identity) => identity.arn === accessKeyIdOrArn,
    );
  }

  /** Issues temporary credentials for a session of `role`. */
  startSession(
    role: RoleModel,
    sessionName: string,
    durationSeconds: number,
  ): Identity {
    const accessKeyId = `ASIA${randomBytes(8).toString("hex").toUpperCase()}`;
    const identity: Identity = {
      accessKeyId,
      arn: `arn:aws:sts::${this.account.accountId}:assumed-role/${role.name}/${sessionName}`,
      principalArn: roleArnOf(this.account, role),
      accountId: this.account.accountId,
      userId: `${roleIdOf(this.account, role)}:${sessionName}`,
      identityPolicies: rolePolicies(role),
      permissionsBoundary: roleBoundary(role),
      scps: this.account.scps ?? [],
      secretAccessKey: randomBytes(30).toString("base64"),
      sessionToken: randomBytes(48).toString("base64"),
      expiration: new Date(Date.now() + durationSeconds * 1000),
    };
    this.byAccessKey.set(accessKeyId, identity);
    return identity;
  }

  private callerIdentity(caller: CallerModel): Identity {
    const accountId = caller.arn.split(":")[4] ?? "";
    const inModelAccount = accountId === this.account.accountId;
    return {
      accessKeyId: caller.accessKeyId,
      arn: caller.arn,
      principalArn: principalArnOf(caller.arn),
      accountId,
      userId: userIdOf(caller.arn),
      identityPolicies: caller.policies.map((document, index) =>
        namedPolicy(document, `${lastSegment(caller.arn)}Policy${index + 1}`),
      ),
      scps: inModelAccount ? (this.account.scps ?? []) : [],
      secretAccessKey: caller.secretAccessKey,
      sessionToken: caller.sessionToken,
    };
  }
}

/** Returns the ARN of a role of the model, with its path. */
export function roleArnOf(account: AccountModel, role: RoleModel): string {
  return `arn:aws:iam::${account.accountId}:role${role.path ?? "/"}${role.name}`;
}

/** Returns a stable `AROA...` role id derived from the role ARN. */
export function roleIdOf(account: AccountModel, role: RoleModel): string {
  return `AROA${stableId(roleArnOf(account, role))}`;
}

/** Returns the identity policies of a role, named by their `Id` or by position. */
export function rolePolicies(role: RoleModel): NamedPolicy[] {
  return role.policies.map((document, index) =>
    namedPolicy(document, `${role.name}Policy${index + 1}`),
  );
}

/** Returns the permissions boundary of a role, if any. */
export function roleBoundary(role: RoleModel): NamedPolicy | undefined {
  if (role.permissionsBoundary === undefined) {
    return undefined;
  }

  return namedPolicy(role.permissionsBoundary, `${role.name}Boundary`);
}

function namedPolicy(
  document: PolicyDocument,
  fallbackName: string,
): NamedPolicy {
  return { name: document.Id ?? fallbackName, document };
}

/** Maps an assumed-role session ARN to its role ARN; other ARNs stay as they are. */
function principalArnOf(arn: string): string {
  const match = /^arn:([^:]+):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(
    arn,
  );
  if (match === null) {
    return arn;
  }

  // NOTE: a session ARN does not contain the role's path, so a role with a
  // path other than "/" gets the wrong aws:PrincipalArn here.
  return `arn:${match[1]}:iam::${match[2]}:role/${match[3]}`;
}

function userIdOf(arn: string): string {
  const session = /:assumed-role\/[^/]+\/(.+)$/.exec(arn);
  if (session !== null) {
    return `AROA${stableId(principalArnOf(arn))}:${session[1]}`;
  }

  return `${arn.includes(":role/") ? "AROA" : "AIDA"}${stableId(arn)}`;
}

function stableId(text: string): string {
  return createHash("sha256")
    .update(text)
    .digest("hex")
    .slice(0, 17)
    .toUpperCase();
}

function lastSegment(arn: string): string {
  return arn.slice(arn.lastIndexOf("/") + 1);
}
