/**
 * Collects the sections of a report while the preflight runs and decides
 * the status at the end.
 */
import type { AccessMode } from "../policies";
import type { CallCounter } from "./aws-session";
import { REPORT_VERSION } from "./report";
import type {
  ActionResult,
  AssumeRoleSummary,
  AwsErrorOutcome,
  CallerIdentity,
  CapabilityResult,
  ClusterResult,
  PreflightReport,
  ReportBody,
  ReportFinding,
  RoleSummary,
  TrustSummary,
  WarningCode,
} from "./report";

/** The mutable sections of a report under construction. */
export class ReportBuilder {
  caller?: CallerIdentity;
  assumeRole: AssumeRoleSummary = { status: "not-used" };
  role: RoleSummary;
  trust: TrustSummary = { status: "skipped", reason: "not reached" };
  capabilities: CapabilityResult[] = [];
  actions: ActionResult[] = [];
  excess: string[] = [];
  clusters: ClusterResult[] = [];
  readonly problems: ReportFinding[] = [];
  readonly warnings: ReportFinding<WarningCode>[] = [];

  constructor(
    private readonly mode: AccessMode,
    roleInput: string,
    private readonly counter: CallCounter,
  ) {
    this.role = { input: roleInput, name: roleInput };
  }

  /** Returns the report: `blocked` when any problem was found, else `ready`. */
  finish(): PreflightReport {
    const status = this.problems.length > 0 ? "blocked" : "ready";
    return { status, ...this.body() };
  }

  /** Returns an `error` report with the sections collected so far. */
  fail(error: AwsErrorOutcome): PreflightReport {
    return { status: "error", error, ...this.body() };
  }

  private body(): ReportBody {
    return {
      version: REPORT_VERSION,
      mode: this.mode,
      caller: this.caller,
      assumeRole: this.assumeRole,
      role: this.role,
      trust: this.trust,
      capabilities: this.capabilities,
      actions: this.actions,
      excess: this.excess,
      clusters: this.clusters,
      problems: this.problems,
      warnings: this.warnings,
      apiCalls: this.counter.snapshot(),
    };
  }
}
