/**
 * Account models for the validator tests: Scoutflo roles whose policies
 * are rendered from the catalog as the constructs render them, a cluster
 * with the right access entry, an administrator and Scoutflo's collector.
 */
import {
  renderPolicies,
  renderStatements,
} from "../../constructs/policy-document";
import {
  defaultEksAccess,
  eksAccessPolicyArn,
  statementsForMode,
} from "../../policies";
import type { AccessMode, CatalogStatement } from "../../policies";
import {
  adminCaller,
  allow,
  collectorCaller,
  policy,
  roleArn,
  trustPolicy,
} from "../aws-endpoint";
import type {
  AccessEntryModel,
  AccountModel,
  CallerModel,
  ClusterModel,
  PolicyDocument,
  RoleModel,
} from "../aws-endpoint";

export const CUSTOMER_ACCOUNT = "111122223333";
export const SCOUTFLO_ACCOUNT = "123456789012";
export const EXTERNAL_ID = "Sc0utfl0-test-external-id-4b9e2d";
export const OTHER_EXTERNAL_ID = "Zz9y-another-external-id-77c1f0aa";
export const COLLECTOR_ROLE_ARN = roleArn(
  SCOUTFLO_ACCOUNT,
  "ScoutfloCollector",
);
export const ROLE_PATH = "/scoutflo/";
export const CLUSTER = "prod";

export const admin = adminCaller(CUSTOMER_ACCOUNT);
export const collector = collectorCaller(SCOUTFLO_ACCOUNT);

/** A user that may read roles and clusters but not run the policy simulator. */
export const reader: CallerModel = {
  ...adminCaller(CUSTOMER_ACCOUNT, "reader"),
  policies: [policy(allow(["iam:GetRole", "eks:Describe*", "eks:List*"]))],
};

/** Returns the name of the Scoutflo role of `mode`. */
export function roleName(mode: AccessMode): string {
  return mode === "read-only" ? "ScoutfloReadOnly" : "ScoutfloReadWrite";
}

/** Returns the ARN of the Scoutflo role of `mode`, with its path. */
export function scoutfloRoleArn(mode: AccessMode): string {
  return roleArn(CUSTOMER_ACCOUNT, roleName(mode), ROLE_PATH);
}

/** Renders catalog statements into the role's identity policy. */
export function catalogPolicy(
  statements: readonly CatalogStatement[],
  ownRoleArn: string,
): PolicyDocument {
  return {
    Version: "2012-10-17",
    Id: "ScoutfloPolicy",
    Statement: renderStatements(statements, ownRoleArn),
  };
}

/**
 * Renders the catalog statements of `mode` into managed policy documents,
 * split by IAM's size limit as the constructs split them.
 */
export function catalogPolicies(
  mode: AccessMode,
  ownRoleArn: string,
): PolicyDocument[] {
  const statements = renderStatements(statementsForMode(mode), ownRoleArn);
  return renderPolicies(statements).map((rendered, index) => ({
    ...rendered.document,
    Id: `Scoutflo${index + 1}`,
  }));
}

/** Options of {@link scoutfloRole}. */
export interface ScoutfloRoleOptions {
  /** Replaces the catalog policy of the mode. */
  readonly policies?: readonly PolicyDocument[];
  /** Added to the catalog policy. */
  readonly extraPolicies?: readonly PolicyDocument[];
  readonly permissionsBoundary?: PolicyDocument;
  readonly trustPolicy?: PolicyDocument;
}

/** Builds the Scoutflo role of `mode` with the catalog's policy and a trust policy for the collector. */
export function scoutfloRole(
  mode: AccessMode,
  options: ScoutfloRoleOptions = {},
): RoleModel {
  const arn = scoutfloRoleArn(mode);
  return {
    name: roleName(mode),
    path: ROLE_PATH,
    trustPolicy:
      options.trustPolicy ?? trustPolicy(COLLECTOR_ROLE_ARN, EXTERNAL_ID),
    policies: [
      ...(options.policies ?? catalogPolicies(mode, arn)),
      ...(options.extraPolicies ?? []),
    ],
    permissionsBoundary: options.permissionsBoundary,
  };
}

/** Builds an access entry for the role of `mode` with the mode's default access policy. */
export function defaultAccessEntry(mode: AccessMode): AccessEntryModel {
  return {
    principalArn: scoutfloRoleArn(mode),
    associations: [
      {
        policyArn: eksAccessPolicyArn(defaultEksAccess(mode).policyName),
        accessScope: { type: "cluster" },
      },
    ],
  };
}

/** Builds a cluster in API_AND_CONFIG_MAP mode with access entries for both Scoutflo roles. */
export function cluster(overrides: Partial<ClusterModel> = {}): ClusterModel {
  return {
    name: CLUSTER,
    authenticationMode: "API_AND_CONFIG_MAP",
    accessEntries: [
      defaultAccessEntry("read-only"),
      defaultAccessEntry("read-write"),
    ],
    ...overrides,
  };
}

/** Builds the customer account with both Scoutflo roles, where every check passes. */
export function account(overrides: Partial<AccountModel> = {}): AccountModel {
  return {
    accountId: CUSTOMER_ACCOUNT,
    roles: [scoutfloRole("read-only"), scoutfloRole("read-write")],
    clusters: [cluster()],
    callers: [admin, collector, reader],
    ...overrides,
  };
}

/** Replaces the role of `mode` in the account model. */
export function withRole(
  mode: AccessMode,
  role: RoleModel,
  overrides: Partial<AccountModel> = {},
): AccountModel {
  const roles = [scoutfloRole("read-only"), scoutfloRole("read-write")].map(
    (existing) => (existing.name === roleName(mode) ? role : existing),
  );
  return account({ roles, ...overrides });
}
