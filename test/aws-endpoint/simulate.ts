/**
 * Authorization decisions of the endpoint, made by the independent IAM
 * evaluator `@cloud-copilot/iam-simulate`.
 */
import {
  runSimulation,
  runUnsafeSimulation,
  type RequestAnalysis,
  type RunSimulationResults,
  type Simulation,
} from "@cloud-copilot/iam-simulate";
import type { PolicyDocument, PolicyStatement } from "./account";
import type { NamedPolicy } from "./identity";

/** An IAM decision as SimulatePrincipalPolicy reports it. */
export type EvalDecision = "allowed" | "explicitDeny" | "implicitDeny";

/** One request to authorize. */
export interface AuthorizationInput {
  /** ARN of the principal making the request. */
  readonly principal: string;
  /** Account of the principal, used when the resource ARN has none. */
  readonly principalAccount: string;
  readonly identityPolicies: readonly NamedPolicy[];
  readonly permissionsBoundary?: NamedPolicy;
  /** SCPs of the principal's account, applied with the default FullAWSAccess SCP. */
  readonly scps: readonly PolicyDocument[];
  /** Resource-based policy, such as a role's trust policy. @default none */
  readonly resourcePolicy?: PolicyDocument;
  readonly action: string;
  /** Resource ARN, or `*`. */
  readonly resource: string;
  readonly context: Readonly<Record<string, string | string[]>>;
}

/** A policy statement that decided a simulation. */
export interface MatchedStatement {
  readonly sourcePolicyId: string;
  /** IAM's policy type: `role`, `user`, `user-managed` ... */
  readonly sourcePolicyType: string;
}

/** The full result of simulating one action on one resource. */
export interface SimulationDecision {
  readonly decision: EvalDecision;
  readonly matchedStatements: readonly MatchedStatement[];
  readonly missingContextValues: readonly string[];
  /** Present only when the principal has a permissions boundary. */
  readonly allowedByPermissionsBoundary?: boolean;
  /** Present only when SCPs apply. */
  readonly allowedByOrganizations?: boolean;
}

type StatementAnalysisList = NonNullable<
  RequestAnalysis["identityAnalysis"]
>["allowStatements"];

/** iam-simulate's messages for a request it cannot validate, rather than a bad policy. */
const REQUEST_ERRORS = new Set([
  "invalid.action",
  "invalid.service",
  "must.use.wildcard",
  "no.resource.types",
  "multiple.resource.types",
]);

const FULL_AWS_ACCESS: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

/** Returns true when the policies allow the request. */
export async function isAllowed(input: AuthorizationInput): Promise<boolean> {
  const { decision } = await evaluate(input);
  return decision === "allowed";
}

/**
 * Simulates one action on one resource and explains the decision the way
 * SimulatePrincipalPolicy does. `identityPolicyType` is the SourcePolicyType
 * of the principal's identity policies.
 */
export async function simulateAction(
  input: AuthorizationInput,
  identityPolicyType: "role" | "user",
): Promise<SimulationDecision> {
  const { decision, analysis } = await evaluate(input);

  return {
    decision,
    matchedStatements: analysis
      ? matchedStatements(analysis, decision, identityPolicyType)
      : [],
    missingContextValues: missingContextValues(input),
    allowedByPermissionsBoundary: await boundaryDetail(input, analysis),
    allowedByOrganizations: await organizationsDetail(input, analysis),
  };
}

/**
 * Runs iam-simulate with its input validation. The validation rejects an
 * action iam-simulate does not know, a specific ARN for an action that only
 * takes `*`, and an ARN of another resource type. Such a request is
 * evaluated again without validation, which matches the action and resource
 * patterns literally as IAM does but returns no analysis. An invalid policy
 * in the model throws, because it is a bug in the test.
 */
async function evaluate(
  input: AuthorizationInput,
): Promise<{ decision: EvalDecision; analysis?: RequestAnalysis }> {
  const simulation = toSimulation(input);
  const results = await runSimulation(simulation, {});
  if (results.resultType !== "error") {
    return {
      decision: toEvalDecision(results.overallResult),
      analysis: decidingAnalysis(results),
    };
  }
  if (!REQUEST_ERRORS.has(results.errors.message)) {
    throw new Error(
      `iam-simulate rejected the simulation: ${JSON.stringify(results.errors)}`,
    );
  }

  // NOTE: real IAM may reject an unknown or wildcard action name instead of
  // evaluating it.
  return { decision: toEvalDecision(runUnsafeSimulation(simulation, {})) };
}

function toSimulation(input: AuthorizationInput): Simulation {
  const scps =
    input.scps.length === 0
      ? []
      : [
          {
            orgIdentifier: input.principalAccount,
            policies: [FULL_AWS_ACCESS, ...input.scps].map(
              (document, index) => ({
                name:
                  index === 0
                    ? "FullAWSAccess"
                    : (document.Id ?? `SCP${index}`),
                policy: document,
              }),
            ),
          },
        ];

  return {
    request: {
      principal: input.principal,
      action: input.action,
      resource: { resource: input.resource, accountId: resourceAccount(input) },
      contextVariables: { ...input.context },
    },
    identityPolicies: input.identityPolicies.map(({ name, document }) => ({
      name,
      policy: document,
    })),
    permissionBoundaryPolicies: input.permissionsBoundary
      ? [
          {
            name: input.permissionsBoundary.name,
            policy: input.permissionsBoundary.document,
          },
        ]
      : undefined,
    serviceControlPolicies: scps,
    resourceControlPolicies: [],
    resourcePolicy: input.resourcePolicy,
  };
}

/** Returns the account in the resource ARN, or the principal's for `*` and S3 ARNs. */
function resourceAccount(input: AuthorizationInput): string {
  const account = input.resource.split(":")[4];
  return account !== undefined && /^\d{12}$/.test(account)
    ? account
    : input.principalAccount;
}

function toEvalDecision(result: RequestAnalysis["result"]): EvalDecision {
  if (result === "Allowed") {
    return "allowed";
  }

  return result === "ExplicitlyDenied" ? "explicitDeny" : "implicitDeny";
}

/**
 * Picks the analysis that explains the overall result. With resource `*`
 * iam-simulate runs one simulation per resource pattern in the policies,
 * and runs none when no pattern applies.
 *
 * NOTE: so `*` is allowed when a statement allows the action on any one
 * ARN. Real IAM may report such a statement differently for `*`.
 */
function decidingAnalysis(
  results: Exclude<RunSimulationResults, { resultType: "error" }>,
): RequestAnalysis | undefined {
  if (results.resultType === "single") {
    return results.result.analysis;
  }

  const deciding = results.results.find(
    (result) => result.analysis.result === results.overallResult,
  );
  return (deciding ?? results.results[0])?.analysis;
}

/**
 * Lists the statements that decided: the Deny statements for an explicit
 * deny, the identity Allow statements for an allow, none for an implicit deny.
 * SCP statements are never listed, because an SCP's effect shows only in
 * OrganizationsDecisionDetail. Statements carry no StartPosition or
 * EndPosition, which IAM computes from the stored policy text.
 */
function matchedStatements(
  analysis: RequestAnalysis,
  decision: EvalDecision,
  identityPolicyType: "role" | "user",
): MatchedStatement[] {
  const identity = analysis.identityAnalysis;
  const boundary = analysis.permissionBoundaryAnalysis;
  if (decision === "explicitDeny") {
    return [
      ...toMatched(identity?.denyStatements ?? [], identityPolicyType),
      ...toMatched(boundary?.denyStatements ?? [], "user-managed"),
    ];
  }

  return decision === "allowed"
    ? toMatched(identity?.allowStatements ?? [], identityPolicyType)
    : [];
}

function toMatched(
  statements: StatementAnalysisList,
  sourcePolicyType: string,
): MatchedStatement[] {
  return statements.map((statement) => ({
    sourcePolicyId: statement.policyId,
    sourcePolicyType,
  }));
}

/**
 * Lists the condition keys of applicable statements in the identity
 * policies and the boundary that the request did not supply. A statement
 * applies when its action and resource patterns match the request; with
 * resource `*` every resource pattern counts as matching.
 */
function missingContextValues(input: AuthorizationInput): string[] {
  const documents = [
    ...input.identityPolicies,
    ...(input.permissionsBoundary ? [input.permissionsBoundary] : []),
  ];
  const supplied = new Set(
    Object.keys(input.context).map((key) => key.toLowerCase()),
  );
  const missing = new Set<string>();
  for (const { document } of documents) {
    for (const statement of document.Statement.filter((candidate) =>
      appliesTo(candidate, input),
    )) {
      for (const key of Object.values(statement.Condition ?? {}).flatMap(
        (byKey) => Object.keys(byKey),
      )) {
        if (!supplied.has(key.toLowerCase())) {
          missing.add(key);
        }
      }
    }
  }

  return [...missing];
}

function appliesTo(
  statement: PolicyStatement,
  input: AuthorizationInput,
): boolean {
  const actionMatches =
    statement.Action !== undefined
      ? matchesAny(statement.Action, input.action, "i")
      : !matchesAny(statement.NotAction ?? [], input.action, "i");
  if (!actionMatches || input.resource === "*") {
    return actionMatches;
  }

  return statement.Resource !== undefined
    ? matchesAny(statement.Resource, input.resource, "")
    : !matchesAny(statement.NotResource ?? [], input.resource, "");
}

/** Matches IAM wildcards: `*` any run of characters, `?` one, `${...}` a policy variable. */
function matchesAny(
  patterns: string | readonly string[],
  value: string,
  flags: string,
): boolean {
  const list = typeof patterns === "string" ? [patterns] : patterns;
  return list.some((pattern) => {
    const source = pattern
      .split(/(\$\{[^}]*\}|\*|\?)/)
      .map((part) =>
        part === "?"
          ? "."
          : part === "*" || part.startsWith("${")
            ? ".*"
            : escapeRegExp(part),
      )
      .join("");
    return new RegExp(`^${source}$`, flags).test(value);
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

async function boundaryDetail(
  input: AuthorizationInput,
  analysis: RequestAnalysis | undefined,
): Promise<boolean | undefined> {
  const boundary = input.permissionsBoundary;
  if (boundary === undefined) {
    return undefined;
  }
  if (analysis?.permissionBoundaryAnalysis !== undefined) {
    return analysis.permissionBoundaryAnalysis.result === "Allowed";
  }

  // No per-pattern analysis ran, so evaluate the boundary on its own.
  return isAllowed({
    ...input,
    identityPolicies: [boundary],
    permissionsBoundary: undefined,
    scps: [],
  });
}

async function organizationsDetail(
  input: AuthorizationInput,
  analysis: RequestAnalysis | undefined,
): Promise<boolean | undefined> {
  if (input.scps.length === 0) {
    return undefined;
  }
  if (analysis?.scpAnalysis !== undefined) {
    return analysis.scpAnalysis.result === "Allowed";
  }

  // No per-pattern analysis ran, so evaluate the SCPs under full identity access.
  const fullAccess: NamedPolicy = {
    name: "FullAccess",
    document: FULL_AWS_ACCESS,
  };
  return isAllowed({
    ...input,
    identityPolicies: [fullAccess],
    permissionsBoundary: undefined,
  });
}
