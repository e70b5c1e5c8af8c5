/**
 * EKS operations over restJson1: ListClusters, DescribeCluster,
 * ListAccessEntries, DescribeAccessEntry and ListAssociatedAccessPolicies.
 */
import { createHash } from "node:crypto";
import type { AccessEntryModel, ClusterModel } from "./account";
import { AwsServiceError } from "./aws-error";
import {
  callerContextKeys,
  callerPolicies,
  type RequestContext,
} from "./request-context";
import { isAllowed } from "./simulate";

/** A routed EKS request: the operation and its path and query parameters. */
export interface EksRequest {
  readonly operation: string;
  readonly params: Readonly<Record<string, string>>;
}

type EksHandler = (
  context: RequestContext,
  params: Readonly<Record<string, string>>,
) => Promise<object>;

/** Timestamp EKS reports for clusters, entries and associations of the model, in epoch seconds. */
const MODEL_TIMESTAMP = Date.parse("2024-02-01T12:00:00Z") / 1000;

/** Maximum `maxResults` of the EKS list operations. */
const MAX_RESULTS = 100;

/** EKS operations by name. */
export const EKS_OPERATIONS: Readonly<Record<string, EksHandler>> = {
  ListClusters: listClusters,
  DescribeCluster: describeCluster,
  ListAccessEntries: listAccessEntries,
  DescribeAccessEntry: describeAccessEntry,
  ListAssociatedAccessPolicies: listAssociatedAccessPolicies,
};

/**
 * Maps a GET path such as `/clusters/prod/access-entries/<arn>` to its
 * operation. Path labels arrive percent-encoded, so a principal ARN's `/`
 * is `%2F`. Returns undefined for a path no operation serves.
 */
export function routeEksRequest(
  method: string,
  url: URL,
): EksRequest | undefined {
  const segments = url.pathname.split("/").slice(1).map(decodeURIComponent);
  const query = Object.fromEntries(url.searchParams);
  if (method !== "GET" || segments[0] !== "clusters") {
    return undefined;
  }

  const [, clusterName, collection, principalArn, policies] = segments;
  const route = (operation: string, params: Record<string, string>) => ({
    operation,
    params: { ...query, ...params },
  });
  if (segments.length === 1) {
    return route("ListClusters", {});
  }
  if (segments.length === 2) {
    return route("DescribeCluster", { name: clusterName });
  }
  if (collection !== "access-entries") {
    return undefined;
  }
  if (segments.length === 3) {
    return route("ListAccessEntries", { clusterName });
  }
  if (segments.length === 4) {
    return route("DescribeAccessEntry", { clusterName, principalArn });
  }
  if (segments.length === 5 && policies === "access-policies") {
    return route("ListAssociatedAccessPolicies", { clusterName, principalArn });
  }

  return undefined;
}

async function listClusters(
  context: RequestContext,
  params: Readonly<Record<string, string>>,
): Promise<object> {
  await authorize(context, "eks:ListClusters", "*");
  const names = clustersInRegion(context).map((cluster) => cluster.name);
  const page = paginate(names, params);
  return { clusters: page.items, nextToken: page.nextToken };
}

async function describeCluster(
  context: RequestContext,
  params: Readonly<Record<string, string>>,
): Promise<object> {
  const cluster = await authorizedCluster(
    context,
    "eks:DescribeCluster",
    params.name,
  );
  return {
    cluster: {
      name: cluster.name,
      arn: clusterArn(context, cluster.name),
      createdAt: MODEL_TIMESTAMP,
      version: cluster.version ?? "1.31",
      endpoint: `https://${fakeId(cluster.name, 32).toUpperCase()}.gr7.${context.region}.eks.amazonaws.com`,
      roleArn: `arn:aws:iam::${context.account.accountId}:role/${cluster.name}-cluster`,
      status: "ACTIVE",
      platformVersion: "eks.1",
      accessConfig: { authenticationMode: cluster.authenticationMode },
    },
  };
}

async function listAccessEntries(
  context: RequestContext,
  params: Readonly<Record<string, string>>,
): Promise<object> {
  const cluster = await authorizedCluster(
    context,
    "eks:ListAccessEntries",
    params.clusterName,
  );
  requireAccessEntryApi(cluster);
  const policyArn = params.associatedPolicyArn;
  const entries = cluster.accessEntries.filter(
    (entry) =>
      policyArn === undefined ||
      entry.associations.some(
        (association) => association.policyArn === policyArn,
      ),
  );
  const page = paginate(
    entries.map((entry) => entry.principalArn),
    params,
  );
  return { accessEntries: page.items, nextToken: page.nextToken };
}

async function describeAccessEntry(
  context: RequestContext,
  params: Readonly<Record<string, string>>,
): Promise<object> {
  const { cluster, entry } = await authorizedAccessEntry(
    context,
    "eks:DescribeAccessEntry",
    params,
  );
  return {
    accessEntry: {
      clusterName: cluster.name,
      principalArn: entry.principalArn,
      kubernetesGroups: [...(entry.kubernetesGroups ?? [])],
      accessEntryArn: accessEntryArn(context, cluster.name, entry.principalArn),
      createdAt: MODEL_TIMESTAMP,
      modifiedAt: MODEL_TIMESTAMP,
      tags: {},
      username: kubernetesUsername(entry.principalArn),
      type: entry.type ?? "STANDARD",
    },
  };
}

async function listAssociatedAccessPolicies(
  context: RequestContext,
  params: Readonly<Record<string, string>>,
): Promise<object> {
  const { cluster, entry } = await authorizedAccessEntry(
    context,
    "eks:ListAssociatedAccessPolicies",
    params,
  );
  const associations = entry.associations.map((association) => ({
    policyArn: association.policyArn,
    accessScope: {
      type: association.accessScope.type,
      namespaces:
        association.accessScope.type === "namespace"
          ? [...association.accessScope.namespaces]
          : [],
    },
    associatedAt: MODEL_TIMESTAMP,
    modifiedAt: MODEL_TIMESTAMP,
  }));
  const page = paginate(associations, params);
  return {
    clusterName: cluster.name,
    principalArn: entry.principalArn,
    nextToken: page.nextToken,
    associatedAccessPolicies: page.items,
  };
}

/** Returns the Kubernetes user name EKS gives an entry: a role maps to its sessions. */
function kubernetesUsername(principalArn: string): string {
  const role = /^arn:aws:iam::(\d{12}):role\/(?:[^/]+\/)*([^/]+)$/.exec(
    principalArn,
  );
  if (role === null) {
    return principalArn;
  }

  return `arn:aws:sts::${role[1]}:assumed-role/${role[2]}/{{SessionName}}`;
}

/** Checks the caller's permission on the cluster ARN, then finds the cluster. */
async function authorizedCluster(
  context: RequestContext,
  action: string,
  name: string,
): Promise<ClusterModel> {
  await authorize(context, action, clusterArn(context, name));
  const cluster = clustersInRegion(context).find(
    (candidate) => candidate.name === name,
  );
  if (cluster === undefined) {
    throw notFound(`No cluster found for name: ${name}.`);
  }

  return cluster;
}

/** Checks the caller's permission on the access entry ARN, then finds the entry. */
async function authorizedAccessEntry(
  context: RequestContext,
  action: string,
  params: Readonly<Record<string, string>>,
): Promise<{ cluster: ClusterModel; entry: AccessEntryModel }> {
  const { clusterName, principalArn } = params;
  await authorize(
    context,
    action,
    accessEntryArn(context, clusterName, principalArn),
  );
  const cluster = clustersInRegion(context).find(
    (candidate) => candidate.name === clusterName,
  );
  if (cluster === undefined) {
    throw notFound(`No cluster found for name: ${clusterName}.`);
  }
  requireAccessEntryApi(cluster);

  const entry = cluster.accessEntries.find(
    (candidate) => candidate.principalArn === principalArn,
  );
  if (entry === undefined) {
    throw notFound(
      `The specified principalArn could not be found: ${principalArn}. List the cluster's access entries with ListAccessEntries.`,
    );
  }

  return { cluster, entry };
}

async function authorize(
  context: RequestContext,
  action: string,
  resource: string,
): Promise<void> {
  const allowed = await isAllowed({
    ...callerPolicies(context),
    action,
    resource,
    context: callerContextKeys(context),
  });
  if (!allowed) {
    throw new AwsServiceError(
      "AccessDeniedException",
      `User: ${context.caller.arn} is not authorized to perform: ${action} on resource: ${resource}`,
      403,
    );
  }
}

/** Rejects access entry operations on a cluster that only reads the aws-auth ConfigMap, as EKS does. */
function requireAccessEntryApi(cluster: ClusterModel): void {
  if (cluster.authenticationMode === "CONFIG_MAP") {
    throw new AwsServiceError(
      "InvalidRequestException",
      `The cluster ${cluster.name} has authentication mode CONFIG_MAP; access entries need API or API_AND_CONFIG_MAP.`,
      400,
    );
  }
}

function clustersInRegion(context: RequestContext): ClusterModel[] {
  return (context.account.clusters ?? []).filter(
    (cluster) => (cluster.region ?? context.defaultRegion) === context.region,
  );
}

function clusterArn(context: RequestContext, name: string): string {
  return `arn:aws:eks:${context.region}:${context.account.accountId}:cluster/${name}`;
}

/** Builds the access entry ARN, with a UUID derived from the cluster and principal. */
function accessEntryArn(
  context: RequestContext,
  clusterName: string,
  principalArn: string,
): string {
  const [, , , , principalAccount = "", resource = ""] =
    principalArn.split(":");
  const [kind = "role", ...nameParts] = resource.split("/");
  const name = nameParts[nameParts.length - 1] ?? "";
  const uuid = fakeId(`${clusterName}|${principalArn}`, 32).replace(
    /^(.{8})(.{4})(.{4})(.{4})/,
    "$1-$2-$3-$4-",
  );
  return `arn:aws:eks:${context.region}:${context.account.accountId}:access-entry/${clusterName}/${kind}/${principalAccount}/${name}/${uuid}`;
}

function fakeId(seed: string, length: number): string {
  return createHash("sha256").update(seed).digest("hex").slice(0, length);
}

function notFound(message: string): AwsServiceError {
  return new AwsServiceError("ResourceNotFoundException", message, 404);
}

/** Pages a list by `maxResults` (1 to 100, default 100) and an opaque `nextToken`. */
function paginate<T>(
  items: readonly T[],
  params: Readonly<Record<string, string>>,
): { items: T[]; nextToken?: string } {
  const maxResults =
    params.maxResults === undefined ? MAX_RESULTS : Number(params.maxResults);
  if (
    !Number.isInteger(maxResults) ||
    maxResults < 1 ||
    maxResults > MAX_RESULTS
  ) {
    throw new AwsServiceError(
      "InvalidParameterException",
      `maxResults must be between 1 and ${MAX_RESULTS}, got ${params.maxResults}.`,
      400,
    );
  }

  const offset =
    params.nextToken === undefined
      ? 0
      : decodeToken(params.nextToken, items.length);
  const end = Math.min(offset + maxResults, items.length);
  const nextToken =
    end < items.length
      ? Buffer.from(String(end)).toString("base64url")
      : undefined;
  return { items: items.slice(offset, end), nextToken };
}

function decodeToken(token: string, itemCount: number): number {
  const offset = Number(Buffer.from(token, "base64url").toString("utf8"));
  if (!Number.isInteger(offset) || offset < 1 || offset >= itemCount) {
    throw new AwsServiceError(
      "InvalidParameterException",
      `Invalid nextToken ${token}: pass the nextToken of the previous page.`,
      400,
    );
  }

  return offset;
}
