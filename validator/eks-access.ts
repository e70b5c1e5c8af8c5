/**
 * EKS checks per cluster: the authentication mode allows access entries,
 * the role has an access entry, and the entry's access policies and their
 * scope are what the mode needs. The preflight never changes a cluster.
 */
import {
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  ListAssociatedAccessPoliciesCommand,
} from "@aws-sdk/client-eks";
import type { AssociatedAccessPolicy } from "@aws-sdk/client-eks";
import {
  defaultEksAccess,
  EKS_READ_ONLY_POLICY_NAMES,
  EKS_WRITE_POLICY_NAMES,
  isReadOnlyEksPolicy,
} from "../policies";
import type { AccessMode } from "../policies";
import { abortWith, awsErrorCode } from "./aws-errors";
import type { AwsSession } from "./aws-session";
import type { ClusterExpectation } from "./options";
import type {
  AccessPolicyAssociation,
  AccessScope,
  ClusterResult,
  ReportFinding,
  WarningCode,
} from "./report";

/** A cluster as DescribeCluster returned it; `arn` is absent when it was not found. */
export interface ClusterInfo {
  readonly name: string;
  readonly arn?: string;
  readonly authenticationMode?: string;
}

/** Result of the EKS checks of one cluster. */
export interface ClusterCheck {
  readonly result: ClusterResult;
  readonly problems: readonly ReportFinding[];
  readonly warnings: readonly ReportFinding<WarningCode>[];
}

/** The role the access entry must belong to. */
export interface EksPrincipal {
  readonly roleArn: string;
  readonly roleName: string;
}

const NOT_FOUND = "ResourceNotFoundException";

/** Describes every cluster; a cluster that does not exist comes back without `arn`. */
export async function describeClusters(
  session: AwsSession,
  names: readonly string[],
): Promise<ClusterInfo[]> {
  const infos: ClusterInfo[] = [];
  for (const name of names) {
    infos.push(await describeCluster(session, name));
  }

  return infos;
}

async function describeCluster(
  session: AwsSession,
  name: string,
): Promise<ClusterInfo> {
  const operation = "eks:DescribeCluster";
  try {
    const output = await session.call(operation, () =>
      session.eks.send(new DescribeClusterCommand({ name })),
    );
    return {
      name,
      arn: output.cluster?.arn,
      authenticationMode: output.cluster?.accessConfig?.authenticationMode,
    };
  } catch (error) {
    if (awsErrorCode(error) === NOT_FOUND) {
      return { name };
    }

    return abortWith(error, operation, `cluster/${name}`);
  }
}

/** Returns the access policy and scope `cluster` must have in `mode`. */
export function expectedAccess(
  mode: AccessMode,
  cluster: ClusterExpectation,
): ClusterResult["expected"] {
  const policyName = cluster.accessPolicy ?? defaultEksAccess(mode).policyName;
  const accessScope: AccessScope =
    cluster.namespaces === undefined
      ? { type: "cluster" }
      : { type: "namespace", namespaces: [...cluster.namespaces] };

  return { policyName, accessScope };
}

/** Runs the EKS checks of one cluster for the role. */
export async function checkClusterEksAccess(
  session: AwsSession,
  mode: AccessMode,
  principal: EksPrincipal,
  cluster: ClusterExpectation,
  info: ClusterInfo,
): Promise<ClusterCheck> {
  const expected = expectedAccess(mode, cluster);
  const base: ClusterResult = {
    name: info.name,
    arn: info.arn,
    authenticationMode: info.authenticationMode,
    expected,
    accessEntryFound: false,
    associations: [],
    ok: false,
  };

  if (info.arn === undefined) {
    return failed(base, clusterNotFound(info.name));
  }

  if (!allowsAccessEntries(info.authenticationMode)) {
    return failed(base, configMapOnly(info.name, info.authenticationMode));
  }

  return checkAccessEntry(session, mode, principal, base);
}

async function checkAccessEntry(
  session: AwsSession,
  mode: AccessMode,
  principal: EksPrincipal,
  base: ClusterResult,
): Promise<ClusterCheck> {
  const entryType = await describeAccessEntry(session, base.name, principal);
  if (entryType === undefined) {
    return failed(base, accessEntryMissing(base.name, principal));
  }

  const associations = await listAssociations(session, base.name, principal);
  const found = { ...base, accessEntryFound: true, accessEntryType: entryType };
  const problems = [
    ...entryTypeProblems(base.name, entryType),
    ...associationProblems(mode, base.name, base.expected, associations),
  ];
  const warnings = extraAssociationWarnings(mode, base, associations);

  return {
    result: { ...found, associations, ok: problems.length === 0 },
    problems,
    warnings,
  };
}

async function describeAccessEntry(
  session: AwsSession,
  clusterName: string,
  principal: EksPrincipal,
): Promise<string | undefined> {
  const operation = "eks:DescribeAccessEntry";
  const request = { clusterName, principalArn: principal.roleArn };
  try {
    const output = await session.call(operation, () =>
      session.eks.send(new DescribeAccessEntryCommand(request)),
    );
    return output.accessEntry?.type ?? "STANDARD";
  } catch (error) {
    if (awsErrorCode(error) === NOT_FOUND) {
      return undefined;
    }

    return abortWith(
      error,
      operation,
      `access-entry in cluster/${clusterName}`,
    );
  }
}

async function listAssociations(
  session: AwsSession,
  clusterName: string,
  principal: EksPrincipal,
): Promise<AccessPolicyAssociation[]> {
  const operation = "eks:ListAssociatedAccessPolicies";
  const associations: AccessPolicyAssociation[] = [];
  let nextToken: string | undefined;
  do {
    const command = new ListAssociatedAccessPoliciesCommand({
      clusterName,
      principalArn: principal.roleArn,
      nextToken,
    });
    const page = await session
      .call(operation, () => session.eks.send(command))
      .catch((error: unknown) =>
        abortWith(error, operation, `access-entry in cluster/${clusterName}`),
      );

    associations.push(
      ...(page.associatedAccessPolicies ?? []).map(toAssociation),
    );
    nextToken = page.nextToken;
  } while (nextToken !== undefined && nextToken !== "");

  return associations;
}

function toAssociation(
  policy: AssociatedAccessPolicy,
): AccessPolicyAssociation {
  const policyArn = policy.policyArn ?? "";
  const scope = policy.accessScope;
  const accessScope: AccessScope =
    scope?.type === "namespace"
      ? { type: "namespace", namespaces: scope.namespaces ?? [] }
      : { type: "cluster" };

  return { policyArn, policyName: policyNameOf(policyArn), accessScope };
}

function associationProblems(
  mode: AccessMode,
  clusterName: string,
  expected: ClusterResult["expected"],
  associations: readonly AccessPolicyAssociation[],
): ReportFinding[] {
  const problems: ReportFinding[] = [];
  const match = associations.find(
    (association) => association.policyName === expected.policyName,
  );
  if (match === undefined) {
    problems.push(policyNotAssociated(clusterName, expected, associations));
  } else if (!sameScope(match.accessScope, expected.accessScope)) {
    problems.push(scopeMismatch(clusterName, expected, match.accessScope));
  }

  associations
    .filter((association) => forbiddenInMode(mode, association))
    .forEach((association) =>
      problems.push(writePolicyAssociated(clusterName, association)),
    );

  return problems;
}

/**
 * Returns true when a role of `mode` must not have the association: a
 * read-only role may only have the policies of EKS_READ_ONLY_POLICY_NAMES.
 */
function forbiddenInMode(
  mode: AccessMode,
  association: AccessPolicyAssociation,
): boolean {
  return mode === "read-only" && !isReadOnlyEksPolicy(association.policyName);
}

function extraAssociationWarnings(
  mode: AccessMode,
  cluster: ClusterResult,
  associations: readonly AccessPolicyAssociation[],
): ReportFinding<WarningCode>[] {
  return associations
    .filter(
      (association) =>
        association.policyName !== cluster.expected.policyName &&
        !forbiddenInMode(mode, association),
    )
    .map((association) => ({
      code: "EXTRA_ACCESS_POLICY",
      subject: `${cluster.name}/${association.policyName}`,
      message: `Cluster ${cluster.name} also associates ${association.policyName} with the role; the mode does not need it, so consider removing it.`,
    }));
}

function entryTypeProblems(
  clusterName: string,
  entryType: string,
): ReportFinding[] {
  if (entryType === "STANDARD") {
    return [];
  }

  return [
    {
      code: "ACCESS_ENTRY_TYPE_WRONG",
      subject: clusterName,
      message: `The role's access entry in cluster ${clusterName} has type ${entryType}, but only a STANDARD entry can have access policies: delete it and create a STANDARD access entry.`,
    },
  ];
}

/** Returns true for the authentication modes that use access entries. */
export function allowsAccessEntries(mode: string | undefined): boolean {
  return mode === "API" || mode === "API_AND_CONFIG_MAP";
}

function sameScope(actual: AccessScope, expected: AccessScope): boolean {
  if (actual.type === "cluster" || expected.type === "cluster") {
    return actual.type === expected.type;
  }

  const left = [...actual.namespaces].sort().join(",");
  const right = [...expected.namespaces].sort().join(",");
  return left === right;
}

function failed(base: ClusterResult, problem: ReportFinding): ClusterCheck {
  return { result: { ...base, ok: false }, problems: [problem], warnings: [] };
}

function clusterNotFound(clusterName: string): ReportFinding {
  return {
    code: "CLUSTER_NOT_FOUND",
    subject: clusterName,
    message: `Cluster ${clusterName} was not found in the region of the AWS configuration: check the name and set AWS_REGION to the cluster's region.`,
  };
}

function configMapOnly(
  clusterName: string,
  mode: string | undefined,
): ReportFinding {
  return {
    code: "AUTHENTICATION_MODE_CONFIG_MAP",
    subject: clusterName,
    message: `Cluster ${clusterName} uses authentication mode ${mode ?? "CONFIG_MAP"}, which ignores access entries, so the role cannot be given access through the EKS API. Change it to API_AND_CONFIG_MAP (keeps the aws-auth ConfigMap working) with \`aws eks update-cluster-config --name ${clusterName} --access-config authenticationMode=API_AND_CONFIG_MAP\`. The change is one-way: a cluster never goes back to CONFIG_MAP, and from API_AND_CONFIG_MAP only on to API. The preflight never changes it.`,
  };
}

function accessEntryMissing(
  clusterName: string,
  principal: EksPrincipal,
): ReportFinding {
  return {
    code: "ACCESS_ENTRY_MISSING",
    subject: clusterName,
    message: `Role ${principal.roleName} has no access entry in cluster ${clusterName}: deploy the Scoutflo cluster access for this cluster, or run \`aws eks create-access-entry --cluster-name ${clusterName} --principal-arn ${principal.roleArn}\` and associate the access policy.`,
  };
}

function policyNotAssociated(
  clusterName: string,
  expected: ClusterResult["expected"],
  associations: readonly AccessPolicyAssociation[],
): ReportFinding {
  const found =
    associations.length === 0
      ? "no access policy"
      : associations.map((association) => association.policyName).join(", ");
  return {
    code: "ACCESS_POLICY_NOT_ASSOCIATED",
    subject: clusterName,
    message: `The role's access entry in cluster ${clusterName} has ${found}, but the mode needs ${expected.policyName} with ${scopeText(expected.accessScope)}: associate it with \`aws eks associate-access-policy\` or deploy the Scoutflo cluster access.`,
  };
}

function scopeMismatch(
  clusterName: string,
  expected: ClusterResult["expected"],
  actual: AccessScope,
): ReportFinding {
  return {
    code: "ACCESS_SCOPE_MISMATCH",
    subject: clusterName,
    message: `${expected.policyName} is associated in cluster ${clusterName} with ${scopeText(actual)}, but the expected scope is ${scopeText(expected.accessScope)}: associate it again with the expected scope.`,
  };
}

/**
 * Reports an access policy a read-only role must not have. The code names
 * write access, because a policy outside the read-only allowlist may grant
 * write verbs even when it is not one of the known write policies.
 */
function writePolicyAssociated(
  clusterName: string,
  association: AccessPolicyAssociation,
): ReportFinding {
  const name = association.policyName;
  const reason = EKS_WRITE_POLICY_NAMES.includes(name)
    ? `the write access policy ${name} in cluster ${clusterName}, which lets it change the cluster`
    : `the access policy ${name} in cluster ${clusterName}, which is not one of the read-only policies ${EKS_READ_ONLY_POLICY_NAMES.join(" and ")} and may let it change the cluster`;

  return {
    code: "WRITE_ACCESS_POLICY_ASSOCIATED",
    subject: `${clusterName}/${name}`,
    message: `Read-only role has ${reason}: disassociate it with \`aws eks disassociate-access-policy\`.`,
  };
}

function scopeText(scope: AccessScope): string {
  return scope.type === "cluster"
    ? "cluster scope"
    : `namespace scope (${scope.namespaces.join(", ")})`;
}

function policyNameOf(policyArn: string): string {
  return policyArn.slice(policyArn.lastIndexOf("/") + 1);
}
