/**
 * Checks of the preflight options before any AWS call, with the rules the
 * constructs and the config loader use.
 */
import {
  checkClusters,
  checkExternalId,
  checkMode,
  checkScoutfloPrincipal,
} from "../constructs/validation";
import type { ReportFinding, WarningCode } from "./report";
import type { ClusterExpectation, PreflightOptions } from "./options";
import { parseRoleReference } from "./role-reference";

/** An invalid option, named by its prop. */
export interface OptionProblem {
  /** Stable code, such as `EXTERNAL_ID_MISSING` or `ROLE_INVALID`. */
  readonly code: string;
  /** The option, such as `externalId` or `clusters[0].namespaces`. */
  readonly prop: string;
  /** Message that names the problem and its fix; an ExternalId is masked. */
  readonly message: string;
}

/** ExternalId codes that mark a weak value STS still accepts; reported as warnings. */
const WEAK_EXTERNAL_ID_CODES = new Set([
  "EXTERNAL_ID_TOO_SHORT",
  "EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID",
]);

/** Returns every invalid option; an empty list means the preflight can run. */
export function checkPreflightOptions(
  options: PreflightOptions,
): OptionProblem[] {
  return [
    ...checkRole(options.role),
    ...checkMode(options.mode),
    ...checkAccountId(options.accountId),
    ...checkPrincipalOption(options.scoutfloPrincipal),
    ...externalIdFindings(options).filter(
      (finding) => !WEAK_EXTERNAL_ID_CODES.has(finding.code),
    ),
    ...checkClusters(
      normalizeClusters(options.clusters).map(toClusterAccessInput),
      options.mode,
    ),
    ...checkTimeouts(options.timeouts),
  ].map(({ code, prop, message }) => ({ code, prop, message }));
}

/** Returns a warning for an ExternalId that STS accepts but that is easy to guess. */
export function weakExternalIdWarnings(
  options: PreflightOptions,
): ReportFinding<WarningCode>[] {
  const warnings: ReportFinding<WarningCode>[] = externalIdFindings(options)
    .filter((finding) => WEAK_EXTERNAL_ID_CODES.has(finding.code))
    .map((finding) => ({
      code: "EXTERNAL_ID_WEAK",
      subject: "externalId",
      message: finding.message,
    }));

  if (
    options.scoutfloPrincipal !== undefined &&
    options.externalId === undefined
  ) {
    warnings.push({
      code: "EXTERNAL_ID_NOT_CHECKED",
      subject: "externalId",
      message:
        "The trust policy was checked for the Scoutflo principal and for an ExternalId condition, but not for the ExternalId's value, because none was given: pass the ExternalId Scoutflo gave you (--external-id or SCOUTFLO_EXTERNAL_ID) to compare it.",
    });
  }

  return warnings;
}

/** Returns the clusters as expectations, names turned into objects. */
export function normalizeClusters(
  clusters: PreflightOptions["clusters"],
): ClusterExpectation[] {
  return (clusters ?? []).map((cluster) =>
    typeof cluster === "string" ? { name: cluster } : cluster,
  );
}

/**
 * Checks the ExternalId when one is given or AssumeRole needs it. The
 * shared check advises generating a missing value, which fits a new role.
 * The preflight checks an existing role, so its message requests the
 * role's ExternalId instead.
 */
function externalIdFindings(options: PreflightOptions) {
  if (options.externalId === undefined && options.assumeRole !== true) {
    return [];
  }

  return checkExternalId(options.externalId).map((finding) =>
    finding.code === "EXTERNAL_ID_MISSING"
      ? { ...finding, message: EXTERNAL_ID_MISSING_MESSAGE }
      : finding,
  );
}

const EXTERNAL_ID_MISSING_MESSAGE =
  "externalId is missing: assumeRole sends the ExternalId that the role's trust policy requires, so set externalId to the value configured on the role.";

function checkTimeouts(
  timeouts: PreflightOptions["timeouts"],
): OptionProblem[] {
  const fields = ["connectionMs", "requestMs"] as const;
  return fields.flatMap((field) => {
    const value: unknown = timeouts?.[field];
    if (value === undefined || isPositiveInteger(value)) {
      return [];
    }

    return [
      {
        code: "TIMEOUT_INVALID",
        prop: `timeouts.${field}`,
        message: `timeouts.${field} ${JSON.stringify(value)} is not a whole number of milliseconds above 0: give a value such as 5000, or leave it out for the default.`,
      },
    ];
  });
}

function isPositiveInteger(value: unknown): boolean {
  return typeof value === "number" && Number.isInteger(value) && value > 0;
}

function checkRole(role: unknown): OptionProblem[] {
  if (typeof role === "string" && parseRoleReference(role) !== undefined) {
    return [];
  }

  return [
    {
      code: "ROLE_INVALID",
      prop: "role",
      message: `role ${JSON.stringify(role)} is neither an IAM role name, nor a role ARN such as arn:aws:iam::111122223333:role/ScoutfloReadOnly, nor an assumed-role ARN such as arn:aws:sts::111122223333:assumed-role/ScoutfloReadOnly/session: give the role's name or ARN.`,
    },
  ];
}

function checkAccountId(accountId: unknown): OptionProblem[] {
  if (accountId === undefined || /^\d{12}$/.test(String(accountId))) {
    return [];
  }

  return [
    {
      code: "ACCOUNT_ID_INVALID",
      prop: "accountId",
      message: `accountId ${JSON.stringify(accountId)} is not a 12-digit AWS account id: give the id of the role's account, such as "111122223333".`,
    },
  ];
}

function checkPrincipalOption(principal: unknown): OptionProblem[] {
  return principal === undefined ? [] : checkScoutfloPrincipal(principal);
}

function toClusterAccessInput(cluster: ClusterExpectation) {
  return {
    clusterName: cluster.name,
    accessPolicy: cluster.accessPolicy,
    namespaces: cluster.namespaces,
  };
}
