/**
 * Errors the capability gate raises. Both carry a stable code and are
 * recognized by `Symbol.for` markers, so two installed copies of this
 * library still recognize each other's errors.
 */
import type { CapabilityName } from "../policies";
import type { AwsErrorOutcome } from "./report";
import { hasMarker, setMarker } from "../constructs/private/type-marker";

/** A capability and the actions it needs that the role is denied. */
export interface MissingCapability {
  /** The capability, such as `monitoring`. */
  readonly capability: CapabilityName;
  /** Concrete action names the role is denied or that were not simulated. */
  readonly actions: readonly string[];
}

const MISSING_PERMISSIONS_MARKER = Symbol.for(
  "@scoutflo/cluster-connect.MissingPermissionsError",
);
const PREFLIGHT_FAILED_MARKER = Symbol.for(
  "@scoutflo/cluster-connect.PreflightFailedError",
);

/** The role lacks actions that a capability needs. */
export class MissingPermissionsError extends Error {
  /** Stable code of the error. */
  readonly code = "MISSING_PERMISSIONS" as const;
  /** Every capability asked for that is not ready, with its missing actions. */
  readonly missing: readonly MissingCapability[];

  constructor(missing: readonly MissingCapability[]) {
    super(
      `[MISSING_PERMISSIONS] The Scoutflo role lacks actions for ${missing
        .map((entry) => `${entry.capability} (${entry.actions.join(", ")})`)
        .join("; ")}: run scoutflo-preflight for the fix of each action.`,
    );
    this.name = "MissingPermissionsError";
    this.missing = missing;
    setMarker(this, MISSING_PERMISSIONS_MARKER);
  }
}

/** The preflight could not decide, because an AWS call failed. */
export class PreflightFailedError extends Error {
  /** Stable code of the error. */
  readonly code = "PREFLIGHT_FAILED" as const;
  /** The AWS error that stopped the preflight. */
  readonly outcome: AwsErrorOutcome;

  constructor(outcome: AwsErrorOutcome) {
    super(`[PREFLIGHT_FAILED] ${outcome.message}`);
    this.name = "PreflightFailedError";
    this.outcome = outcome;
    setMarker(this, PREFLIGHT_FAILED_MARKER);
  }
}

/** Returns true when `x` is a {@link MissingPermissionsError}, also from another copy of the library. */
export function isMissingPermissionsError(
  x: unknown,
): x is MissingPermissionsError {
  return hasMarker(x, MISSING_PERMISSIONS_MARKER);
}

/** Returns true when `x` is a {@link PreflightFailedError}, also from another copy of the library. */
export function isPreflightFailedError(x: unknown): x is PreflightFailedError {
  return hasMarker(x, PREFLIGHT_FAILED_MARKER);
}
