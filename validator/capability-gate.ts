/**
 * The gate collectors call before they run: it raises unless the role
 * allows every action of the capabilities they need.
 */
import { findCapability } from "../policies";
import type { CapabilityName } from "../policies";
import { MissingPermissionsError, PreflightFailedError } from "./errors";
import type { MissingCapability } from "./errors";
import type { PreflightOptions } from "./options";
import { runPreflight } from "./preflight";
import type { PreflightReport } from "./report";

/**
 * Raises a {@link MissingPermissionsError} listing, per capability, the
 * actions the report does not show as allowed, and a
 * {@link PreflightFailedError} for an `error` report. Only IAM actions
 * count; EKS access problems do not block a capability here.
 * Throws a TypeError for a name that is not a capability of the catalog.
 */
export function assertCapabilities(
  report: PreflightReport,
  capabilities: readonly CapabilityName[],
): void {
  if (report.status === "error") {
    throw new PreflightFailedError(report.error);
  }

  const decisions = new Map(
    report.actions
      .filter((result) => result.purpose === "required")
      .map((result) => [result.action.toLowerCase(), result.decision]),
  );
  const missing = capabilities.flatMap((name) =>
    missingActions(name, decisions),
  );

  if (missing.length > 0) {
    throw new MissingPermissionsError(missing);
  }
}

/**
 * Runs the preflight when given options, then raises as
 * {@link assertCapabilities} does; returns the report when every
 * capability is allowed.
 */
export async function requireCapabilities(
  reportOrOptions: PreflightReport | PreflightOptions,
  capabilities: readonly CapabilityName[],
): Promise<PreflightReport> {
  const report = isReport(reportOrOptions)
    ? reportOrOptions
    : await runPreflight(reportOrOptions);

  assertCapabilities(report, capabilities);
  return report;
}

function missingActions(
  name: CapabilityName,
  decisions: ReadonlyMap<string, string>,
): MissingCapability[] {
  const capability = findCapability(name);
  if (capability === undefined) {
    throw new TypeError(
      `"${name}" is not a Scoutflo capability: use one of the names in policies/capabilities.json.`,
    );
  }

  const actions = capability.actions.filter(
    (action) => decisions.get(action.toLowerCase()) !== "allowed",
  );
  return actions.length === 0 ? [] : [{ capability: name, actions }];
}

function isReport(
  value: PreflightReport | PreflightOptions,
): value is PreflightReport {
  return "status" in value && "apiCalls" in value;
}
