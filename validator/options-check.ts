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
  ].map(({ code, prop, message }) => ({ code, prop, message }));
}

/** Returns a warning for an ExternalId that STS accepts but that is easy to guess. */
export function weakExternalIdWarnings(
  options: PreflightOptions,
): ReportFinding<WarningCode>[] {
  return externalIdFindings(options)
    .filter((finding) => WEAK_EXTERNAL_ID_CODES.has(finding.code))
    .map((finding) => ({
      code: "EXTERNAL_ID_WEAK",
      subject: "externalId",
      message: finding.message,
    }));
}

/** Returns the clusters as expectations, names turned into objects. */
export function normalizeClusters(
  clusters: PreflightOptions["clusters"],
): ClusterExpectation[] {
  return (clusters ?? []).map((cluster) =>
    typeof cluster === "string" ? { name: cluster } : cluster,
  );
}

function externalIdFindings(options: PreflightOptions) {
  if (options.externalId === undefined && options.assumeRole !== true) {
    return [];
  }

  return checkExternalId(options.externalId);
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
