/**
 * The readable form of a preflight report, as the command prints it.
 */
import type {
  ActionResult,
  AssumeRoleSummary,
  CapabilityResult,
  ClusterResult,
  PreflightReport,
  ReportFinding,
  TrustSummary,
} from "./report";

/** Problems of one code listed in full before the rest are counted. */
const LISTED_PER_CODE = 20;

/** Formats `report` as lines of text for a terminal. */
export function formatReportText(report: PreflightReport): string {
  const sections = [
    headerLines(report),
    report.status === "error" ? errorLines(report.error) : [],
    capabilityLines(report.capabilities),
    actionSummaryLines(report),
    clusterLines(report.clusters),
    findingLines("Problems", report.problems),
    findingLines("Warnings", report.warnings),
    apiCallLines(report),
  ];

  return (
    sections
      .filter((lines) => lines.length > 0)
      .map((lines) => lines.join("\n"))
      .join("\n\n") + "\n"
  );
}

function headerLines(report: PreflightReport): string[] {
  const lines = [
    `Scoutflo preflight: ${report.status.toUpperCase()} (${report.mode})`,
  ];
  if (report.caller !== undefined) {
    lines.push(`  Caller       ${report.caller.arn}`);
  }

  lines.push(`  Role         ${report.role.arn ?? report.role.input}`);
  lines.push(`  AssumeRole   ${assumeRoleText(report.assumeRole)}`);
  lines.push(`  Trust        ${trustText(report.trust)}`);
  return lines;
}

function assumeRoleText(summary: AssumeRoleSummary): string {
  switch (summary.status) {
    case "not-used":
      return "not used (checked with the caller's credentials)";
    case "assumed":
      return `assumed as ${summary.session.arn}`;
    case "denied":
      return `denied (${summary.awsErrorCode}), likely cause: ${summary.likelyCause}${summary.diagnosed ? "" : " (trust policy not readable)"}`;
  }
}

function trustText(trust: TrustSummary): string {
  if (trust.status === "skipped") {
    return `not checked: ${trust.reason}`;
  }

  const checked = [
    trust.expectedPrincipal === undefined
      ? undefined
      : `principal ${trust.expectedPrincipal}`,
    trust.expectedExternalId === undefined
      ? undefined
      : `ExternalId ${trust.expectedExternalId}`,
  ].filter((part) => part !== undefined);
  return `${trust.ok ? "ok" : "problems found"} (${checked.join(", ")})`;
}

function errorLines(error: { code: string; message: string }): string[] {
  return ["Error", `  [${error.code}] ${error.message}`];
}

function capabilityLines(capabilities: readonly CapabilityResult[]): string[] {
  if (capabilities.length === 0) {
    return [];
  }

  const lines = ["Capabilities"];
  for (const capability of capabilities) {
    lines.push(`  ${capability.status.padEnd(8)} ${capability.name}`);
    if (capability.status === "blocked") {
      capability.missing.forEach((missing) =>
        lines.push(
          `             missing ${missing.action}: ${missing.decision}${missing.decidedBy === undefined ? "" : ` by ${missing.decidedBy}`}`,
        ),
      );
    }
  }

  return lines;
}

function actionSummaryLines(report: PreflightReport): string[] {
  if (report.actions.length === 0) {
    return [];
  }

  const required = report.actions.filter((a) => a.purpose === "required");
  const allowed = required.filter((a) => a.ok).length;
  const lines = [`Required actions: ${allowed} of ${required.length} allowed`];
  if (report.mode === "read-only") {
    lines.push(excessLine(report.actions));
  }

  return lines;
}

function excessLine(actions: readonly ActionResult[]): string {
  const excess = actions.filter((a) => a.purpose === "excess");
  const allowed = excess.filter((a) => !a.ok).map((a) => a.action);
  return allowed.length === 0
    ? `Write actions: all ${excess.length} denied, as read-only requires`
    : `Write actions: ${allowed.length} of ${excess.length} ALLOWED, which read-only forbids: ${allowed.join(", ")}`;
}

function clusterLines(clusters: readonly ClusterResult[]): string[] {
  if (clusters.length === 0) {
    return [];
  }

  const lines = ["EKS clusters"];
  for (const cluster of clusters) {
    const policies =
      cluster.associations.length === 0
        ? "no access policy"
        : cluster.associations.map((a) => a.policyName).join(", ");
    const mode = cluster.authenticationMode ?? "not found";
    lines.push(
      `  ${(cluster.ok ? "ok" : "failed").padEnd(8)} ${cluster.name} (${mode}): ${cluster.accessEntryFound ? policies : "no access entry"}`,
    );
  }

  return lines;
}

function findingLines(
  title: string,
  findings: readonly ReportFinding<string>[],
): string[] {
  if (findings.length === 0) {
    return [];
  }

  const lines = [`${title} (${findings.length})`];
  const listed = new Map<string, number>();
  for (const finding of findings) {
    const count = (listed.get(finding.code) ?? 0) + 1;
    listed.set(finding.code, count);
    if (count <= LISTED_PER_CODE) {
      lines.push(`  - [${finding.code}] ${finding.message}`);
    }
  }

  for (const [code, count] of listed) {
    if (count > LISTED_PER_CODE) {
      lines.push(
        `  ... and ${count - LISTED_PER_CODE} more ${code}; --output json lists every one`,
      );
    }
  }

  return lines;
}

function apiCallLines(report: PreflightReport): string[] {
  const calls = report.apiCalls;
  const perOperation = Object.entries(calls.byOperation)
    .map(([operation, count]) => `${operation} ${count}`)
    .join(", ");
  return [
    `AWS calls: ${calls.total}${perOperation === "" ? "" : ` (${perOperation})`}, ${calls.retries} retries`,
  ];
}
