/**
 * Turning simulator decisions into the report: a verdict per action, the
 * readiness of each capability, and the problems that block the role.
 */
import { capabilitiesForMode } from "../policies";
import type { AccessMode } from "../policies";
import type { SimulationPlan } from "./permission-plan";
import type {
  ActionDecision,
  ActionResult,
  CapabilityResult,
  DecisionLayer,
  MissingAction,
  ReportFinding,
  ResourceDecision,
  WarningCode,
} from "./report";
import type { SimulationResults } from "./simulation";

/** Returns the verdict of every planned action, in the order planned. */
export function evaluateActions(
  plan: SimulationPlan,
  results: SimulationResults,
): ActionResult[] {
  return [...plan.actions].map(([key, planned]) => {
    const resources = results.get(key) ?? [];
    const { decision, decidedBy } = aggregateDecision(resources);
    const ok =
      planned.purpose === "required"
        ? decision === "allowed"
        : decision !== "allowed";

    return {
      action: planned.action,
      purpose: planned.purpose,
      decision,
      decidedBy,
      ok,
      resources,
    };
  });
}

/**
 * Returns `allowed` only when every resource is allowed; otherwise an
 * explicit deny wins over an implicit one. An action without results is
 * an implicit deny.
 */
export function aggregateDecision(resources: readonly ResourceDecision[]): {
  decision: ActionDecision;
  decidedBy: DecisionLayer;
} {
  const denial =
    resources.find((resource) => resource.decision === "explicitDeny") ??
    resources.find((resource) => resource.decision === "implicitDeny");
  if (denial !== undefined) {
    return { decision: denial.decision, decidedBy: denial.decidedBy };
  }

  return resources.length > 0
    ? { decision: "allowed", decidedBy: "identity-policy" }
    : { decision: "implicitDeny", decidedBy: "identity-policy" };
}

/** Returns the readiness of every capability of `mode`. */
export function evaluateCapabilities(
  mode: AccessMode,
  actions: readonly ActionResult[],
): CapabilityResult[] {
  const required = new Map(
    actions
      .filter((result) => result.purpose === "required")
      .map((result) => [result.action.toLowerCase(), result]),
  );

  return capabilitiesForMode(mode).map((capability) => {
    const missing = capability.actions.flatMap((action) =>
      missingAction(action, required.get(action.toLowerCase())),
    );

    return missing.length === 0
      ? { name: capability.name, status: "ready" }
      : { name: capability.name, status: "blocked", missing };
  });
}

function missingAction(
  action: string,
  result: ActionResult | undefined,
): MissingAction[] {
  if (result === undefined) {
    return [{ action, decision: "notSimulated" }];
  }

  if (result.decision === "allowed") {
    return [];
  }

  return [{ action, decision: result.decision, decidedBy: result.decidedBy }];
}

/** Returns a problem for every required action denied and every write action a read-only role is allowed. */
export function actionProblems(
  plan: SimulationPlan,
  actions: readonly ActionResult[],
  roleName: string,
): ReportFinding[] {
  return actions
    .filter((result) => !result.ok)
    .map((result) => {
      const sid = plan.actions.get(result.action.toLowerCase())?.sid ?? "";
      return result.purpose === "required"
        ? deniedProblem(result, sid, roleName)
        : excessProblem(result, roleName);
    });
}

function deniedProblem(
  result: ActionResult,
  sid: string,
  roleName: string,
): ReportFinding {
  const where = deniedResources(result);
  return {
    code: "REQUIRED_ACTION_DENIED",
    subject: result.action,
    message: `Role ${roleName} is denied ${result.action} on ${where} (${result.decision} by the ${layerName(result.decidedBy)}): ${deniedFix(result, sid)}`,
  };
}

function deniedFix(result: ActionResult, sid: string): string {
  switch (result.decidedBy) {
    case "scp":
      return "a service control policy of the organization denies it; ask the organization's administrator to allow it for this role.";
    case "permissions-boundary":
      return "the role's permissions boundary does not allow it; add the action to the boundary policy or remove the boundary.";
    case "identity-policy":
      return result.decision === "explicitDeny"
        ? "a Deny statement in the role's policies matches it; remove or narrow that statement."
        : `no policy of the role allows it; attach the Scoutflo policy with statement ${sid} to the role.`;
  }
}

function excessProblem(result: ActionResult, roleName: string): ReportFinding {
  return {
    code: "WRITE_ACTION_ALLOWED",
    subject: result.action,
    message: `Read-only role ${roleName} is allowed the write action ${result.action}: remove the policy or statement that grants it, or switch the connection to read-write.`,
  };
}

/** Returns one warning listing the context keys that denied actions were simulated without. */
export function missingContextWarnings(
  actions: readonly ActionResult[],
): ReportFinding<WarningCode>[] {
  const keys = new Set<string>();
  for (const result of actions.filter((action) => !action.ok)) {
    result.resources.forEach((resource) =>
      resource.missingContextValues.forEach((key) => keys.add(key)),
    );
  }

  if (keys.size === 0) {
    return [];
  }

  const list = [...keys].sort().join(", ");
  return [
    {
      code: "MISSING_CONTEXT_VALUES",
      subject: list,
      message: `The role's policies test the condition keys ${list}, which the simulation had no values for; some decisions may differ at run time, so check those conditions by hand.`,
    },
  ];
}

function deniedResources(result: ActionResult): string {
  const denied = result.resources
    .filter((resource) => resource.decision !== "allowed")
    .map((resource) => resource.resource);

  return denied.length > 0 ? denied.join(", ") : "*";
}

function layerName(layer: DecisionLayer): string {
  switch (layer) {
    case "scp":
      return "organization's SCPs";
    case "permissions-boundary":
      return "permissions boundary";
    case "identity-policy":
      return "identity policies";
  }
}
