/**
 * Errors raised by the Scoutflo constructs. Every error carries a stable
 * code, the prop it concerns and the offending value (an ExternalId is
 * stored masked), so callers and tests match on `code` and never on text.
 */
import { hasMarker, setMarker } from "./private/type-marker";

/** Stable codes of every invalid input the constructs and the config reject. */
export type ErrorCode =
  | "MODE_INVALID"
  | "PROP_TYPE_INVALID"
  | "EXTERNAL_ID_MISSING"
  | "EXTERNAL_ID_TOO_SHORT"
  | "EXTERNAL_ID_TOO_LONG"
  | "EXTERNAL_ID_INVALID_CHARACTERS"
  | "EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID"
  | "SCOUTFLO_PRINCIPAL_MISSING"
  | "SCOUTFLO_PRINCIPAL_INVALID"
  | "ROLE_NAME_INVALID"
  | "ROLE_NAME_TOO_LONG"
  | "ROLE_NAME_DUPLICATE"
  | "ROLE_PATH_INVALID"
  | "PERMISSIONS_BOUNDARY_INVALID"
  | "MAX_SESSION_DURATION_INVALID"
  | "MAX_SESSION_DURATION_NOT_WHOLE_SECONDS"
  | "TAGS_TOO_MANY"
  | "TAG_KEY_INVALID"
  | "TAG_VALUE_INVALID"
  | "PARTITION_INVALID"
  | "CLUSTER_NAME_INVALID"
  | "CLUSTER_DUPLICATE"
  | "ACCESS_POLICY_INVALID"
  | "ACCESS_POLICY_WRITE_IN_READ_ONLY"
  | "ACCESS_POLICY_NOT_READ_ONLY"
  | "NAMESPACES_EMPTY"
  | "NAMESPACE_INVALID"
  | "NAMESPACE_DUPLICATE"
  | "OUTPUT_PREFIX_INVALID"
  | "OUTPUT_PREFIX_DUPLICATE"
  | "STATEMENT_WRITE_IN_READ_ONLY"
  | "POLICY_ACTION_TOO_LARGE";

/** Every {@link ErrorCode}, for tables and exhaustive checks. */
export const ERROR_CODES: readonly ErrorCode[] = [
  "MODE_INVALID",
  "PROP_TYPE_INVALID",
  "EXTERNAL_ID_MISSING",
  "EXTERNAL_ID_TOO_SHORT",
  "EXTERNAL_ID_TOO_LONG",
  "EXTERNAL_ID_INVALID_CHARACTERS",
  "EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID",
  "SCOUTFLO_PRINCIPAL_MISSING",
  "SCOUTFLO_PRINCIPAL_INVALID",
  "ROLE_NAME_INVALID",
  "ROLE_NAME_TOO_LONG",
  "ROLE_NAME_DUPLICATE",
  "ROLE_PATH_INVALID",
  "PERMISSIONS_BOUNDARY_INVALID",
  "MAX_SESSION_DURATION_INVALID",
  "MAX_SESSION_DURATION_NOT_WHOLE_SECONDS",
  "TAGS_TOO_MANY",
  "TAG_KEY_INVALID",
  "TAG_VALUE_INVALID",
  "PARTITION_INVALID",
  "CLUSTER_NAME_INVALID",
  "CLUSTER_DUPLICATE",
  "ACCESS_POLICY_INVALID",
  "ACCESS_POLICY_WRITE_IN_READ_ONLY",
  "ACCESS_POLICY_NOT_READ_ONLY",
  "NAMESPACES_EMPTY",
  "NAMESPACE_INVALID",
  "NAMESPACE_DUPLICATE",
  "OUTPUT_PREFIX_INVALID",
  "OUTPUT_PREFIX_DUPLICATE",
  "STATEMENT_WRITE_IN_READ_ONLY",
  "POLICY_ACTION_TOO_LARGE",
];

/** One problem with one input value. */
export interface Finding {
  /** Stable code of the rule the value breaks. */
  readonly code: ErrorCode;
  /** Name of the prop, such as `externalId` or `clusters[1].namespaces`. */
  readonly prop: string;
  /** The offending value, with an ExternalId masked. */
  readonly value: unknown;
  /** Explanation that names the value, the rule it breaks and the fix. */
  readonly message: string;
}

const SCOUTFLO_ERROR_MARKER = Symbol.for(
  "@scoutflo/cluster-connect.ScoutfloError",
);

/** An invalid input to a Scoutflo construct. */
export class ScoutfloError extends Error {
  /** Stable code of the rule the value breaks. */
  readonly code: ErrorCode;
  /** Name of the prop that contains the value. */
  readonly prop: string;
  /** The offending value, with an ExternalId masked. */
  readonly value: unknown;

  constructor(finding: Finding) {
    super(`[${finding.code}] ${finding.message}`);
    this.name = "ScoutfloError";
    this.code = finding.code;
    this.prop = finding.prop;
    this.value = finding.value;
    setMarker(this, SCOUTFLO_ERROR_MARKER);
  }
}

/**
 * Returns true when `x` is a {@link ScoutfloError}, also one thrown by
 * another installed copy of this library, where `instanceof` fails.
 */
export function isScoutfloError(x: unknown): x is ScoutfloError {
  return hasMarker(x, SCOUTFLO_ERROR_MARKER);
}
