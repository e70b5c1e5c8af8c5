/**
 * The preflight validator checks a Scoutflo role against the live AWS
 * account and returns a report. The capability gate raises when a
 * collector's actions are not allowed.
 */
export { assertCapabilities, requireCapabilities } from "./capability-gate";
export {
  isMissingPermissionsError,
  isPreflightFailedError,
  MissingPermissionsError,
  PreflightFailedError,
} from "./errors";
export type { MissingCapability } from "./errors";
export { checkPreflightOptions } from "./options-check";
export type { OptionProblem } from "./options-check";
export type {
  AwsClientOverrides,
  ClusterExpectation,
  PreflightOptions,
  PreflightStep,
  ProgressEvent,
  RetryOptions,
  TimeoutOptions,
} from "./options";
export { runPreflight } from "./preflight";
export { REPORT_VERSION } from "./report";
export type {
  AccessPolicyAssociation,
  AccessScope,
  ActionDecision,
  ActionPurpose,
  ActionResult,
  ApiCallCounts,
  AssumeRoleSummary,
  AwsErrorCode,
  AwsErrorOutcome,
  CallerIdentity,
  CapabilityResult,
  ClusterResult,
  DecisionLayer,
  MatchedStatement,
  MissingAction,
  PreflightReport,
  PreflightStatus,
  ProblemCode,
  ReportBody,
  ReportFinding,
  ResourceDecision,
  RoleSummary,
  TrustSummary,
  WarningCode,
} from "./report";
