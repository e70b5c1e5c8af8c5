/**
 * The account model the test endpoint serves, and small builders for it.
 * The model is plain data: roles, SCPs, EKS clusters and the callers that
 * have access keys.
 */
import { createHash } from "node:crypto";

/** An IAM policy statement as it appears in a policy document. */
export interface PolicyStatement {
  readonly Sid?: string;
  readonly Effect: "Allow" | "Deny";
  readonly Action?: string | readonly string[];
  readonly NotAction?: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly NotResource?: string | readonly string[];
  readonly Principal?:
    "*" | Readonly<Record<string, string | readonly string[]>>;
  readonly NotPrincipal?: Readonly<Record<string, string | readonly string[]>>;
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string | readonly string[]>>>
  >;
}

/** An IAM policy document. `Id` becomes the policy's name in simulation results. */
export interface PolicyDocument {
  readonly Version: "2012-10-17" | "2008-10-17";
  readonly Id?: string;
  readonly Statement: readonly PolicyStatement[];
}

/** An IAM role of the account. */
export interface RoleModel {
  /** Role name, unique in the account. */
  readonly name: string;
  /** IAM path. @default "/" */
  readonly path?: string;
  /** Trust policy that decides who may assume the role. */
  readonly trustPolicy: PolicyDocument;
  /** Identity policies attached to the role or inline in it. */
  readonly policies: readonly PolicyDocument[];
  /** Permissions boundary. @default none */
  readonly permissionsBoundary?: PolicyDocument;
  /** ARN that GetRole reports for the boundary. @default a customer managed policy named `<role name>Boundary` */
  readonly permissionsBoundaryArn?: string;
  /** Maximum session duration in seconds, 3600 to 43200. @default 3600 */
  readonly maxSessionDuration?: number;
  /** Role tags. @default none */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Scope of an EKS access policy association. */
export type AccessScopeModel =
  | { readonly type: "cluster" }
  | { readonly type: "namespace"; readonly namespaces: readonly string[] };

/** An EKS access policy associated with an access entry. */
export interface AccessPolicyAssociationModel {
  /** ARN such as `arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy`. */
  readonly policyArn: string;
  readonly accessScope: AccessScopeModel;
}

/** An EKS access entry of a cluster. */
export interface AccessEntryModel {
  /** IAM principal the entry maps into the cluster. */
  readonly principalArn: string;
  /** Entry type. @default "STANDARD" */
  readonly type?: string;
  /** Kubernetes groups of the entry. @default none */
  readonly kubernetesGroups?: readonly string[];
  readonly associations: readonly AccessPolicyAssociationModel[];
}

/** An EKS cluster of the account. */
export interface ClusterModel {
  readonly name: string;
  /** Region the cluster lives in. @default the endpoint's region */
  readonly region?: string;
  readonly authenticationMode: "API" | "API_AND_CONFIG_MAP" | "CONFIG_MAP";
  /** Kubernetes version. @default "1.31" */
  readonly version?: string;
  readonly accessEntries: readonly AccessEntryModel[];
}

/** A principal with access keys for the endpoint. */
export interface CallerModel {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  /** Session token the caller must send, as temporary credentials do. @default none */
  readonly sessionToken?: string;
  /** ARN that GetCallerIdentity returns: an IAM user, or an assumed-role session. */
  readonly arn: string;
  /** Identity policies of the principal. */
  readonly policies: readonly PolicyDocument[];
}

/** The AWS account the endpoint serves, and who may call it. */
export interface AccountModel {
  /** 12-digit account id. */
  readonly accountId: string;
  /** Partition of every ARN. @default "aws" */
  readonly partition?: "aws";
  readonly roles: readonly RoleModel[];
  /**
   * Service control policies attached to the account. The endpoint applies
   * them together with AWS's default FullAWSAccess SCP, so only their Deny
   * statements restrict. @default none
   */
  readonly scps?: readonly PolicyDocument[];
  readonly clusters?: readonly ClusterModel[];
  /** Principals with access keys, in the account or in other accounts. */
  readonly callers: readonly CallerModel[];
}

/** Builds a policy document from statements. */
export function policy(...statements: PolicyStatement[]): PolicyDocument {
  return { Version: "2012-10-17", Statement: statements };
}

/** Builds an Allow statement for actions on resources. */
export function allow(
  actions: string | readonly string[],
  resources: string | readonly string[] = "*",
): PolicyStatement {
  return { Effect: "Allow", Action: actions, Resource: resources };
}

/** Builds a Deny statement for actions on resources. */
export function deny(
  actions: string | readonly string[],
  resources: string | readonly string[] = "*",
): PolicyStatement {
  return { Effect: "Deny", Action: actions, Resource: resources };
}

/** Returns the ARN of a role, with its path. */
export function roleArn(accountId: string, name: string, path = "/"): string {
  return `arn:aws:iam::${accountId}:role${path}${name}`;
}

/** Builds a trust policy that lets one principal assume the role with an ExternalId. */
export function trustPolicy(
  principalArn: string,
  externalId?: string,
): PolicyDocument {
  const statement: PolicyStatement = {
    Effect: "Allow",
    Principal: { AWS: principalArn },
    Action: "sts:AssumeRole",
  };
  if (externalId === undefined) {
    return policy(statement);
  }

  return policy({
    ...statement,
    Condition: { StringEquals: { "sts:ExternalId": externalId } },
  });
}

/** Builds an IAM user with full access, named `userName`. */
export function adminCaller(
  accountId: string,
  userName = "admin",
): CallerModel {
  const arn = `arn:aws:iam::${accountId}:user/${userName}`;
  return {
    ...accessKeysFor(arn),
    arn,
    policies: [{ ...policy(allow("*")), Id: "AdministratorAccess" }],
  };
}

/**
 * Builds a session of the Scoutflo collector role in Scoutflo's account, allowed to
 * assume any role. The trust policy of a customer role names `roleArn` of
 * this role, which is the session's `aws:PrincipalArn`.
 */
export function collectorCaller(
  accountId: string,
  roleName = "ScoutfloCollector",
): CallerModel {
  const arn = `arn:aws:sts::${accountId}:assumed-role/${roleName}/scoutflo-collector`;
  const keys = accessKeysFor(arn);
  return {
    ...keys,
    sessionToken: `token-${keys.accessKeyId}`,
    arn,
    policies: [
      { ...policy(allow("sts:AssumeRole")), Id: "AssumeCustomerRoles" },
    ],
  };
}

/** Derives a stable access key pair from a principal ARN. */
function accessKeysFor(arn: string): {
  accessKeyId: string;
  secretAccessKey: string;
} {
  const digest = createHash("sha256").update(arn).digest("hex").toUpperCase();
  const prefix = arn.includes(":assumed-role/") ? "ASIA" : "AKIA";
  return {
    accessKeyId: prefix + digest.slice(0, 16),
    secretAccessKey: createHash("sha256")
      .update(`secret:${arn}`)
      .digest("base64")
      .slice(0, 40),
  };
}
