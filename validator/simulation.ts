/**
 * Batched IAM SimulatePrincipalPolicy calls and the mapping of their
 * results to per-resource decisions.
 *
 * Actions are grouped by the resources they are simulated against. Each
 * call carries as many action names as fit in one page of 1000 results
 * (actions x resources). Pages are followed through `Marker` until
 * `IsTruncated` is false.
 */
import { SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import type {
  EvaluationResult,
  ResourceSpecificResult,
  Statement,
} from "@aws-sdk/client-iam";
import { abortWith, PreflightAbort } from "./aws-errors";
import type { AwsSession } from "./aws-session";
import type {
  ActionDecision,
  DecisionLayer,
  MatchedStatement,
  ResourceDecision,
} from "./report";

/** Maximum results per simulator page; the IAM API accepts 1 to 1000. */
export const SIMULATOR_MAX_ITEMS = 1000;

/**
 * Simulator calls in flight at once. The pages of one call follow each
 * other, because each needs the previous page's marker, but the calls of
 * different resource sets and chunks are independent.
 */
export const SIMULATOR_CONCURRENCY = 3;

const OPERATION = "iam:SimulatePrincipalPolicy";

/** Actions simulated against one set of resources. */
export interface SimulationBatch {
  /** Resource ARNs, or `["*"]`. */
  readonly resources: readonly string[];
  /** Concrete action names. */
  readonly actions: readonly string[];
}

/** Decisions per action, keyed by the lowercase action name. */
export type SimulationResults = ReadonlyMap<
  string,
  readonly ResourceDecision[]
>;

/** Called after every simulator page with the pages done so far. */
export type PageListener = (pagesDone: number) => void;

/** Simulates every batch against the role's policies and returns every decision. */
export async function simulateBatches(
  session: AwsSession,
  roleArn: string,
  batches: readonly SimulationBatch[],
  onPage: PageListener,
): Promise<SimulationResults> {
  const results = new Map<string, ResourceDecision[]>();
  let pagesDone = 0;
  const pageDone = () => onPage(++pagesDone);

  const calls = batches.flatMap((batch) =>
    chunkActions(batch).map((actions) => ({
      actions,
      resources: batch.resources,
    })),
  );
  await forEachConcurrently(calls, SIMULATOR_CONCURRENCY, async (call) => {
    const evaluations = await simulateAllPages(
      session,
      roleArn,
      call,
      pageDone,
    );
    evaluations.forEach((evaluation) => addEvaluation(results, evaluation));
  });

  assertComplete(results, batches);
  return results;
}

/**
 * Runs `task` on every item with at most `limit` tasks in flight. After a
 * failure no new task starts, and once the running ones have settled it
 * rejects with the first error.
 */
async function forEachConcurrently<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (next < items.length && !failed) {
      await task(items[next++]).catch((error: unknown) => {
        failed = true;
        throw error;
      });
    }
  };

  const workers = Array.from({ length: Math.min(limit, items.length) }, worker);
  const settled = await Promise.allSettled(workers);
  const failure = settled.find((result) => result.status === "rejected");
  if (failure !== undefined) {
    throw (failure as PromiseRejectedResult).reason;
  }
}

/** Splits a batch so that each call's results fit in one page. */
export function chunkActions(batch: SimulationBatch): string[][] {
  const size = Math.max(
    1,
    Math.floor(SIMULATOR_MAX_ITEMS / Math.max(1, batch.resources.length)),
  );
  const chunks: string[][] = [];
  for (let start = 0; start < batch.actions.length; start += size) {
    chunks.push(batch.actions.slice(start, start + size));
  }

  return chunks;
}

async function simulateAllPages(
  session: AwsSession,
  roleArn: string,
  batch: SimulationBatch,
  pageDone: () => void,
): Promise<EvaluationResult[]> {
  const evaluations: EvaluationResult[] = [];
  let marker: string | undefined;
  do {
    const command = new SimulatePrincipalPolicyCommand({
      PolicySourceArn: roleArn,
      ActionNames: [...batch.actions],
      ResourceArns: [...batch.resources],
      MaxItems: SIMULATOR_MAX_ITEMS,
      Marker: marker,
    });
    const page = await session
      .call(OPERATION, () => session.iam.send(command))
      .catch((error: unknown) => abortWith(error, OPERATION, roleArn));

    evaluations.push(...(page.EvaluationResults ?? []));
    marker = page.IsTruncated === true ? page.Marker : undefined;
    pageDone();
  } while (marker !== undefined);

  return evaluations;
}

function addEvaluation(
  results: Map<string, ResourceDecision[]>,
  evaluation: EvaluationResult,
): void {
  const key = (evaluation.EvalActionName ?? "").toLowerCase();
  const decisions = results.get(key) ?? [];
  for (const decision of toResourceDecisions(evaluation)) {
    if (!decisions.some((known) => known.resource === decision.resource)) {
      decisions.push(decision);
    }
  }

  results.set(key, decisions);
}

/** Maps one simulator result to a decision per resource. */
export function toResourceDecisions(
  evaluation: EvaluationResult,
): ResourceDecision[] {
  const allowedByOrganizations =
    evaluation.OrganizationsDecisionDetail?.AllowedByOrganizations;
  const perResource = evaluation.ResourceSpecificResults ?? [];
  if (perResource.length > 0) {
    return perResource.map((result) =>
      fromResourceResult(result, allowedByOrganizations),
    );
  }

  const decision = evaluation.EvalDecision ?? "implicitDeny";
  return [
    {
      resource: evaluation.EvalResourceName ?? "*",
      decision,
      decidedBy: decidingLayer(
        decision,
        allowedByOrganizations,
        evaluation.PermissionsBoundaryDecisionDetail
          ?.AllowedByPermissionsBoundary,
      ),
      matchedStatements: toMatchedStatements(evaluation.MatchedStatements),
      missingContextValues: evaluation.MissingContextValues ?? [],
    },
  ];
}

function fromResourceResult(
  result: ResourceSpecificResult,
  allowedByOrganizations: boolean | undefined,
): ResourceDecision {
  const decision = result.EvalResourceDecision ?? "implicitDeny";
  return {
    resource: result.EvalResourceName ?? "*",
    decision,
    decidedBy: decidingLayer(
      decision,
      allowedByOrganizations,
      result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary,
    ),
    matchedStatements: toMatchedStatements(result.MatchedStatements),
    missingContextValues: result.MissingContextValues ?? [],
  };
}

/**
 * Returns the layer that decided: a denial by the organization's SCPs
 * comes first, then by the permissions boundary, then the identity
 * policies (also for every `allowed`).
 */
export function decidingLayer(
  decision: ActionDecision,
  allowedByOrganizations: boolean | undefined,
  allowedByPermissionsBoundary: boolean | undefined,
): DecisionLayer {
  if (decision === "allowed") {
    return "identity-policy";
  }

  if (allowedByOrganizations === false) {
    return "scp";
  }

  if (allowedByPermissionsBoundary === false) {
    return "permissions-boundary";
  }

  return "identity-policy";
}

function toMatchedStatements(
  statements: readonly Statement[] | undefined,
): MatchedStatement[] {
  return (statements ?? []).map((statement) => ({
    sourcePolicyId: statement.SourcePolicyId,
    sourcePolicyType: statement.SourcePolicyType,
    start:
      statement.StartPosition === undefined
        ? undefined
        : {
            line: statement.StartPosition.Line,
            column: statement.StartPosition.Column,
          },
  }));
}

function assertComplete(
  results: SimulationResults,
  batches: readonly SimulationBatch[],
): void {
  const missing = batches
    .flatMap((batch) => batch.actions)
    .filter((action) => !results.has(action.toLowerCase()));
  if (missing.length === 0) {
    return;
  }

  throw new PreflightAbort({
    code: "AWS_ERROR",
    operation: OPERATION,
    message: `${OPERATION} returned no result for ${missing.length} of the actions simulated, such as ${missing.slice(0, 3).join(", ")}. Run the preflight again; the simulator may have lost a page.`,
  });
}
