/**
 * Pure checks of the inputs that the constructs, the config loader and the
 * validator CLI share. Each check returns every problem it finds as a
 * {@link Finding}, and none throws. Values that are unresolved cdktf tokens are
 * skipped, because their content is only known at apply time.
 */
import {
  ACCESS_MODES,
  EKS_READ_ONLY_POLICY_NAMES,
  EKS_WRITE_POLICY_NAMES,
  actionMatches,
  isAccessMode,
  isReadOnlyEksPolicy,
  writeOnlyActions,
} from "../policies";
import type { AccessMode, CatalogStatement } from "../policies";
import { ScoutfloError } from "./errors";
import type { ErrorCode, Finding } from "./errors";
import { closestMatch } from "./private/closest-match";

/** Minimum ExternalId length accepted: shorter values can be guessed. */
export const EXTERNAL_ID_MIN_LENGTH = 16;

/** Maximum ExternalId length that STS accepts. */
export const EXTERNAL_ID_MAX_LENGTH = 1224;

/** Maximum IAM role name length. */
export const ROLE_NAME_MAX_LENGTH = 64;

/** Maximum number of tags IAM accepts on a role. */
export const ROLE_TAGS_MAX = 50;

/** The session duration range IAM accepts for a role, in hours. */
export const MAX_SESSION_DURATION_HOURS = { min: 1, max: 12 } as const;

/**
 * Largest distance, in seconds, between `hours * 3600` and a whole number
 * that still counts as whole. It absorbs binary floating-point error, such
 * as 1.1 * 3600 = 3960.0000000000005, and nothing a person would type.
 */
const WHOLE_SECONDS_TOLERANCE = 1e-6;

/**
 * Fragments that mark an ExternalId as a placeholder, compared after
 * lowercasing and removing `-`, `_` and `.`: so "replace-with-...",
 * "REPLACE_ME", "example", "change-me" and "placeholder" all match.
 */
export const PLACEHOLDER_EXTERNAL_ID_FRAGMENTS: readonly string[] = [
  "replacewith",
  "replaceme",
  "example",
  "changeme",
  "placeholder",
];

/** The inputs of {@link checkRoleOptions}, every field optional. */
export interface RoleOptionsInput {
  /** IAM role name. */
  readonly roleName?: string;
  /** IAM path of the role. */
  readonly path?: string;
  /** ARN of the IAM policy used as permissions boundary. */
  readonly permissionsBoundaryArn?: string;
  /** Maximum session duration in hours. */
  readonly maxSessionDurationHours?: number;
  /** Tags of the role. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** The inputs of {@link checkClusterAccess}: one cluster's EKS access. */
export interface ClusterAccessInput {
  /** Name of the EKS cluster. */
  readonly clusterName: string;
  /** AWS-managed EKS access policy name. */
  readonly accessPolicy?: string;
  /** Namespaces the association is limited to. */
  readonly namespaces?: readonly string[];
}

/** Options of {@link checkClusterAccess}. */
export interface ClusterAccessCheckOptions {
  /** Mode of the role, so that read-only rejects write access policies. @default no mode check */
  readonly mode?: AccessMode;
  /** Prefix of the prop names in findings, where "" gives bare field names. @default "cluster" */
  readonly prop?: string;
}

const EXTERNAL_ID_CHARACTERS = /^[\w+=,.@:/-]+$/;
const ACCOUNT_ID = /^\d{12}$/;
const PARTITION = /^aws(-[a-z]+)*$/;
const ROLE_NAME = /^[\w+=,.@-]+$/;
const ROLE_PATH = /^(\/|\/[\x21-\x7e]{1,510}\/)$/;
const ROLE_ARN =
  /^arn:aws(-[a-z]+)*:iam::\d{12}:role\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,64}$/;
const ROOT_ARN = /^arn:aws(-[a-z]+)*:iam::\d{12}:root$/;
const POLICY_ARN =
  /^arn:aws(-[a-z]+)*:iam::(\d{12}|aws):policy\/([\x21-\x7e]*\/)?[\w+=,.@-]{1,128}$/;
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{1,128}$/u;
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]{0,256}$/u;
const CLUSTER_NAME = /^[0-9A-Za-z][A-Za-z0-9_-]{0,99}$/;
const ACCESS_POLICY_NAME = /^[A-Za-z][A-Za-z0-9]{0,127}$/;
const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Masks an ExternalId for messages: its first 4 characters then `****`, or
 * only `****` when it is shorter than 12 characters.
 */
export function maskExternalId(value: unknown): string {
  if (typeof value !== "string" || value.length < 12) {
    return "****";
  }

  return `${value.slice(0, 4)}****`;
}

/**
 * Checks an ExternalId: required, 16 to 1224 characters of `[\w+=,.@:/-]`,
 * and not 12 digits, which reads as an account id.
 */
export function checkExternalId(
  value: unknown,
  prop = "externalId",
): Finding[] {
  if (isToken(value)) {
    return [];
  }

  const finding = (code: ErrorCode, message: string): Finding[] => [
    { code, prop, value: maskExternalId(value), message },
  ];

  if (value !== undefined && value !== null && typeof value !== "string") {
    return finding(
      "PROP_TYPE_INVALID",
      `${prop} must be a string, not ${typeName(value)}: give the ExternalId as a string, such as the output of \`openssl rand -hex 16\`.`,
    );
  }

  if (typeof value !== "string" || value.length === 0) {
    return finding(
      "EXTERNAL_ID_MISSING",
      `${prop} is missing: the role's trust policy requires an ExternalId. Generate a random one of at least ${EXTERNAL_ID_MIN_LENGTH} characters (for example with \`openssl rand -hex 16\`) and give the same value to Scoutflo.`,
    );
  }

  if (!EXTERNAL_ID_CHARACTERS.test(value)) {
    return finding(
      "EXTERNAL_ID_INVALID_CHARACTERS",
      `${prop} "${maskExternalId(value)}" contains characters STS does not accept: use only ASCII letters, digits and + = , . @ : / - _.`,
    );
  }

  if (ACCOUNT_ID.test(value)) {
    return finding(
      "EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID",
      `${prop} "${maskExternalId(value)}" is 12 digits, which reads as an AWS account id and is easy to guess: use a random value of at least ${EXTERNAL_ID_MIN_LENGTH} characters.`,
    );
  }

  if (value.length < EXTERNAL_ID_MIN_LENGTH) {
    return finding(
      "EXTERNAL_ID_TOO_SHORT",
      `${prop} "${maskExternalId(value)}" has ${value.length} characters, fewer than the ${EXTERNAL_ID_MIN_LENGTH} needed so it cannot be guessed: use a longer random value.`,
    );
  }

  if (value.length > EXTERNAL_ID_MAX_LENGTH) {
    return finding(
      "EXTERNAL_ID_TOO_LONG",
      `${prop} "${maskExternalId(value)}" has ${value.length} characters, more than the ${EXTERNAL_ID_MAX_LENGTH} STS accepts: use a shorter value.`,
    );
  }

  return [];
}

/**
 * Checks the Scoutflo principal: a 12-digit account id, an
 * `arn:<partition>:iam::<account>:root` ARN or an IAM role ARN.
 */
export function checkScoutfloPrincipal(
  value: unknown,
  prop = "scoutfloPrincipal",
): Finding[] {
  if (isToken(value)) {
    return [];
  }

  if (value !== undefined && value !== null && typeof value !== "string") {
    return [
      {
        code: "PROP_TYPE_INVALID",
        prop,
        value,
        message: `${prop} must be a string, not ${typeName(value)}: write the account id or role ARN that Scoutflo gave you as a string, such as "123456789012".`,
      },
    ];
  }

  if (typeof value !== "string" || value.length === 0) {
    return [
      {
        code: "SCOUTFLO_PRINCIPAL_MISSING",
        prop,
        value,
        message: `${prop} is missing: set it to the AWS account id or IAM role ARN that Scoutflo gave you; there is no default.`,
      },
    ];
  }

  if (ACCOUNT_ID.test(value) || ROOT_ARN.test(value) || ROLE_ARN.test(value)) {
    return [];
  }

  return [
    {
      code: "SCOUTFLO_PRINCIPAL_INVALID",
      prop,
      value,
      message: `${prop} "${value}" is neither a 12-digit account id, nor arn:<partition>:iam::<account>:root, nor an IAM role ARN such as arn:aws:iam::123456789012:role/ScoutfloCollector: copy the value Scoutflo gave you.`,
    },
  ];
}

/** Checks the IAM role options: name, path, boundary, session duration and tags. */
export function checkRoleOptions(options: RoleOptionsInput): Finding[] {
  return [
    ...checkRoleName(options.roleName),
    ...checkRolePath(options.path),
    ...checkPermissionsBoundary(options.permissionsBoundaryArn),
    ...checkMaxSessionDuration(options.maxSessionDurationHours),
    ...checkTags(options.tags),
  ];
}

/** Checks an IAM role name: 1-64 characters of `[\w+=,.@-]`. */
export function checkRoleName(value: unknown, prop = "roleName"): Finding[] {
  if (value === undefined || isToken(value)) {
    return [];
  }

  if (typeof value === "string" && value.length > ROLE_NAME_MAX_LENGTH) {
    return [
      {
        code: "ROLE_NAME_TOO_LONG",
        prop,
        value,
        message: `${prop} "${value}" has ${value.length} characters, more than the ${ROLE_NAME_MAX_LENGTH} IAM allows: shorten it.`,
      },
    ];
  }

  if (typeof value !== "string" || !ROLE_NAME.test(value)) {
    return [
      {
        code: "ROLE_NAME_INVALID",
        prop,
        value,
        message: `${prop} ${JSON.stringify(value)} is not a valid IAM role name: use 1-${ROLE_NAME_MAX_LENGTH} ASCII letters, digits and + = , . @ - _.`,
      },
    ];
  }

  return [];
}

/** Checks an IAM path: `/`, or `/` + printable ASCII + `/`, at most 512 characters. */
export function checkRolePath(value: unknown, prop = "path"): Finding[] {
  if (value === undefined || isToken(value)) {
    return [];
  }

  if (typeof value === "string" && ROLE_PATH.test(value)) {
    return [];
  }

  return [
    {
      code: "ROLE_PATH_INVALID",
      prop,
      value,
      message: `${prop} ${JSON.stringify(value)} is not a valid IAM path: use "/" or a path that starts and ends with "/" (such as "/scoutflo/"), of printable ASCII without spaces, at most 512 characters.`,
    },
  ];
}

/** Checks a permissions boundary: the ARN of an IAM managed policy. */
export function checkPermissionsBoundary(
  value: unknown,
  prop = "permissionsBoundaryArn",
): Finding[] {
  if (value === undefined || isToken(value)) {
    return [];
  }

  if (typeof value === "string" && POLICY_ARN.test(value)) {
    return [];
  }

  return [
    {
      code: "PERMISSIONS_BOUNDARY_INVALID",
      prop,
      value,
      message: `${prop} ${JSON.stringify(value)} is not an IAM policy ARN: use arn:<partition>:iam::<account id or "aws">:policy/<path/>name.`,
    },
  ];
}

/** Checks a maximum session duration: 1 to 12 hours, a whole number of seconds. */
export function checkMaxSessionDuration(
  value: unknown,
  prop = "maxSessionDurationHours",
): Finding[] {
  if (value === undefined || isToken(value)) {
    return [];
  }

  const { min, max } = MAX_SESSION_DURATION_HOURS;
  const finding = (code: ErrorCode, message: string): Finding[] => [
    { code, prop, value, message },
  ];
  if (typeof value !== "number") {
    return finding(
      "PROP_TYPE_INVALID",
      `${prop} must be a number of hours, not ${typeName(value)}: use a number from ${min} to ${max}, such as 2 or 1.5.`,
    );
  }

  if (!(value >= min && value <= max)) {
    return finding(
      "MAX_SESSION_DURATION_INVALID",
      `${prop} ${value} is outside the ${min}-${max} hours IAM allows for a role session: use a number of hours from ${min} to ${max}.`,
    );
  }

  if (sessionDurationSeconds(value) === undefined) {
    return finding(
      "MAX_SESSION_DURATION_NOT_WHOLE_SECONDS",
      `${prop} ${value} is ${value * 3600} seconds, but IAM takes a whole number of seconds: round it, for example to ${Math.round(value * 3600) / 3600} (${Math.round(value * 3600)} seconds).`,
    );
  }

  return [];
}

/**
 * Converts a session duration in hours to whole seconds, rounding away
 * floating-point error such as 1.1 * 3600 = 3960.0000000000005. Returns
 * undefined when the hours do not come to a whole number of seconds.
 */
export function sessionDurationSeconds(hours: number): number | undefined {
  const seconds = hours * 3600;
  const rounded = Math.round(seconds);

  return Math.abs(seconds - rounded) <= WHOLE_SECONDS_TOLERANCE
    ? rounded
    : undefined;
}

/** Checks role tags: at most 50, IAM's key and value character sets, no `aws:` keys. */
export function checkTags(value: unknown, prop = "tags"): Finding[] {
  if (value === undefined || isToken(value)) {
    return [];
  }

  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [
      {
        code: "PROP_TYPE_INVALID",
        prop,
        value,
        message: `${prop} must be an object of tag keys and string values, not ${typeName(value)}: use a value such as { team: "platform" }.`,
      },
    ];
  }

  const entries = Object.entries(value as Record<string, unknown>);
  const findings: Finding[] = [];
  if (entries.length > ROLE_TAGS_MAX) {
    findings.push({
      code: "TAGS_TOO_MANY",
      prop,
      value: entries.length,
      message: `${prop} has ${entries.length} tags, more than the ${ROLE_TAGS_MAX} IAM allows on a role: remove some.`,
    });
  }

  for (const [key, tagValue] of entries) {
    findings.push(...checkTag(key, tagValue, prop));
  }

  return findings;
}

function checkTag(key: string, value: unknown, prop: string): Finding[] {
  if (!TAG_KEY.test(key) || key.toLowerCase().startsWith("aws:")) {
    return [
      {
        code: "TAG_KEY_INVALID",
        prop: `${prop}.${key}`,
        value: key,
        message: `${prop} key ${JSON.stringify(key)} is not a valid IAM tag key: use 1-128 Unicode letters, digits, spaces and _ . : / = + - @, not starting with "aws:".`,
      },
    ];
  }

  if (isToken(value) || (typeof value === "string" && TAG_VALUE.test(value))) {
    return [];
  }

  return [
    {
      code: "TAG_VALUE_INVALID",
      prop: `${prop}.${key}`,
      value,
      message: `${prop} value ${JSON.stringify(value)} of key "${key}" is not a valid IAM tag value: use at most 256 Unicode letters, digits, spaces and _ . : / = + - @.`,
    },
  ];
}

/** Checks an access mode: one of {@link ACCESS_MODES}. */
export function checkMode(value: unknown, prop = "mode"): Finding[] {
  if (isAccessMode(value)) {
    return [];
  }

  return [
    {
      code: "MODE_INVALID",
      prop,
      value,
      message: `${prop} ${JSON.stringify(value)} is not an access mode: use one of ${ACCESS_MODES.map((mode) => `"${mode}"`).join(", ")}.`,
    },
  ];
}

/** Checks a Terraform output name prefix: ASCII letters, digits, _ and -, starting with a letter or _. */
export function checkOutputPrefix(
  value: unknown,
  prop = "outputPrefix",
): Finding[] {
  if (value === undefined || value === "") {
    return [];
  }

  if (typeof value === "string" && /^[A-Za-z_][A-Za-z0-9_-]*$/.test(value)) {
    return [];
  }

  return [
    {
      code: "OUTPUT_PREFIX_INVALID",
      prop,
      value,
      message: `${prop} ${JSON.stringify(value)} cannot start a Terraform output name: use ASCII letters, digits, _ and -, starting with a letter or _, such as "observe_prod_".`,
    },
  ];
}

/** Checks an AWS partition name such as `aws`, `aws-cn` or `aws-us-gov`. */
export function checkPartition(value: unknown, prop = "partition"): Finding[] {
  if (value === undefined || isToken(value)) {
    return [];
  }

  if (typeof value === "string" && PARTITION.test(value)) {
    return [];
  }

  return [
    {
      code: "PARTITION_INVALID",
      prop,
      value,
      message: `${prop} ${JSON.stringify(value)} is not an AWS partition: use "aws", "aws-cn", "aws-us-gov" or another name starting with "aws", or leave it unset to read it from the provider.`,
    },
  ];
}

/**
 * Checks one cluster's EKS access: the cluster name, the access policy
 * name (not a write policy in read-only mode) and the namespaces (a
 * non-empty list of distinct DNS-1123 labels).
 */
export function checkClusterAccess(
  cluster: ClusterAccessInput,
  options: ClusterAccessCheckOptions = {},
): Finding[] {
  const prefix = options.prop ?? "cluster";
  const propOf = (field: string): string =>
    prefix === "" ? field : `${prefix}.${field}`;

  return [
    ...checkClusterName(cluster.clusterName, propOf("clusterName")),
    ...checkAccessPolicy(
      cluster.accessPolicy,
      options.mode,
      propOf("accessPolicy"),
    ),
    ...checkNamespaces(cluster.namespaces, propOf("namespaces")),
  ];
}

/**
 * Checks a list of clusters: each with {@link checkClusterAccess}, and no
 * cluster name twice, because a principal has one access entry per cluster.
 */
export function checkClusters(
  clusters: readonly ClusterAccessInput[] | undefined,
  mode: AccessMode | undefined,
  prop = "clusters",
): Finding[] {
  if (clusters === undefined || isToken(clusters)) {
    return [];
  }

  if (!Array.isArray(clusters)) {
    return [
      {
        code: "PROP_TYPE_INVALID",
        prop,
        value: clusters,
        message: `${prop} must be an array of clusters, not ${typeName(clusters)}: use a value such as [{ clusterName: "prod" }].`,
      },
    ];
  }

  const findings = clusters.flatMap((cluster: unknown, index) =>
    isPlainObject(cluster)
      ? checkClusterAccess(cluster as unknown as ClusterAccessInput, {
          mode,
          prop: `${prop}[${index}]`,
        })
      : [clusterTypeFinding(cluster, `${prop}[${index}]`)],
  );
  const seen = new Set<string>();
  clusters.forEach((cluster: unknown, index) => {
    const name = isPlainObject(cluster) ? cluster.clusterName : undefined;
    if (typeof name !== "string" || isToken(name)) {
      return;
    }

    if (seen.has(name)) {
      findings.push({
        code: "CLUSTER_DUPLICATE",
        prop: `${prop}[${index}].clusterName`,
        value: name,
        message: `${prop}[${index}].clusterName "${name}" appears more than once: a role has one access entry per cluster, so list each cluster once.`,
      });
    }

    seen.add(name);
  });

  return findings;
}

function clusterTypeFinding(value: unknown, prop: string): Finding {
  return {
    code: "PROP_TYPE_INVALID",
    prop,
    value,
    message: `${prop} must be an object with a clusterName, not ${typeName(value)}: use a value such as { clusterName: "prod" }.`,
  };
}

function checkClusterName(value: unknown, prop: string): Finding[] {
  if (isToken(value)) {
    return [];
  }

  if (typeof value === "string" && CLUSTER_NAME.test(value)) {
    return [];
  }

  return [
    {
      code: "CLUSTER_NAME_INVALID",
      prop,
      value,
      message: `${prop} ${JSON.stringify(value)} is not a valid EKS cluster name: use 1-100 ASCII letters, digits, - and _, starting with a letter or digit.`,
    },
  ];
}

function checkAccessPolicy(
  value: unknown,
  mode: AccessMode | undefined,
  prop: string,
): Finding[] {
  if (value === undefined || isToken(value)) {
    return [];
  }

  const problem = accessPolicyNameProblem(value, prop);
  if (problem !== undefined) {
    return [{ code: problem.code, prop, value, message: problem.message }];
  }

  if (mode === "read-only" && !isReadOnlyEksPolicy(value as string)) {
    return [readOnlyAccessPolicyFinding(value as string, prop)];
  }

  return [];
}

/** Describes what is wrong with the form of an access policy name, or returns undefined when it is well formed. */
function accessPolicyNameProblem(
  value: unknown,
  prop: string,
): { code: ErrorCode; message: string } | undefined {
  const example = `such as "${EKS_READ_ONLY_POLICY_NAMES[0]}"`;
  if (typeof value !== "string") {
    return {
      code: "PROP_TYPE_INVALID",
      message: `${prop} must be a string, not ${typeName(value)}: give the name of an AWS-managed EKS access policy, ${example}.`,
    };
  }

  const invalid = (reason: string) => ({
    code: "ACCESS_POLICY_INVALID" as const,
    message: `${prop} ${JSON.stringify(value)} ${reason}`,
  });
  if (value.trim() === "") {
    return invalid(
      `is empty: give the name of an AWS-managed EKS access policy, ${example}, or leave ${prop} unset to use the mode's default.`,
    );
  }

  if (value.trim() !== value) {
    return invalid(
      `has leading or trailing whitespace: remove it, so the name reads ${JSON.stringify(value.trim())}.`,
    );
  }

  if (value.startsWith("arn:") || value.includes("/")) {
    const name = value.slice(value.lastIndexOf("/") + 1);
    return invalid(
      `is an ARN or a path, but the name alone is needed: use ${JSON.stringify(name)}.`,
    );
  }

  if (!ACCESS_POLICY_NAME.test(value)) {
    return invalid(
      `is not an EKS access policy name: use 1-128 ASCII letters and digits starting with a letter, ${example}.`,
    );
  }

  return undefined;
}

/** Explains why read-only mode rejects an access policy that is not in its allowlist. */
function readOnlyAccessPolicyFinding(value: string, prop: string): Finding {
  const allowed = EKS_READ_ONLY_POLICY_NAMES.map((name) => `"${name}"`).join(
    " or ",
  );
  if (EKS_WRITE_POLICY_NAMES.includes(value)) {
    return {
      code: "ACCESS_POLICY_WRITE_IN_READ_ONLY",
      prop,
      value,
      message: `${prop} "${value}" lets the principal change the cluster, which read-only mode forbids: use ${allowed}, or switch the connection to read-write.`,
    };
  }

  const suggestion = closestMatch(value, EKS_READ_ONLY_POLICY_NAMES);
  const hint = suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`;

  return {
    code: "ACCESS_POLICY_NOT_READ_ONLY",
    prop,
    value,
    message: `${prop} "${value}" is not an access policy read-only mode allows: use ${allowed}, or switch the connection to read-write.${hint}`,
  };
}

function checkNamespaces(value: unknown, prop: string): Finding[] {
  if (value === undefined || isToken(value)) {
    return [];
  }

  if (!Array.isArray(value)) {
    return [
      {
        code: "PROP_TYPE_INVALID",
        prop,
        value,
        message: `${prop} must be an array of namespace names, not ${typeName(value)}: use a value such as ["default"], or leave namespaces unset to give access to the whole cluster.`,
      },
    ];
  }

  if (value.length === 0) {
    return [
      {
        code: "NAMESPACES_EMPTY",
        prop,
        value,
        message: `${prop} is empty: list at least one namespace, or leave namespaces unset to give access to the whole cluster.`,
      },
    ];
  }

  return value.flatMap((namespace, index) =>
    checkNamespace(
      namespace,
      value.indexOf(namespace) !== index,
      `${prop}[${index}]`,
    ),
  );
}

function checkNamespace(
  value: unknown,
  duplicate: boolean,
  prop: string,
): Finding[] {
  if (isToken(value)) {
    return [];
  }

  if (typeof value !== "string" || !DNS_1123_LABEL.test(value)) {
    return [
      {
        code: "NAMESPACE_INVALID",
        prop,
        value,
        message: `${prop} ${JSON.stringify(value)} is not a Kubernetes namespace name: use a DNS-1123 label, 1-63 lowercase ASCII letters, digits and -, starting and ending with a letter or digit.`,
      },
    ];
  }

  if (duplicate) {
    return [
      {
        code: "NAMESPACE_DUPLICATE",
        prop,
        value,
        message: `${prop} "${value}" appears more than once: list each namespace once.`,
      },
    ];
  }

  return [];
}

/**
 * Checks that read-only statements grant no write-only action: no action
 * that matches a write-only action and no pattern that covers one.
 */
export function checkStatementsForMode(
  statements: readonly CatalogStatement[],
  mode: AccessMode,
  prop = "statements",
): Finding[] {
  if (mode !== "read-only") {
    return [];
  }

  const writeActions = writeOnlyActions();
  const findings: Finding[] = [];
  statements.forEach((statement, index) => {
    for (const action of statement.actions) {
      const write = writeActions.find(
        (writeAction) =>
          actionMatches(action, writeAction) ||
          actionMatches(writeAction, action),
      );
      if (write !== undefined) {
        findings.push({
          code: "STATEMENT_WRITE_IN_READ_ONLY",
          prop: `${prop}[${index}].actions`,
          value: action,
          message: `${prop}[${index}] (${statement.sid}) action "${action}" grants the write-only action "${write}", which read-only mode forbids: remove it or use read-write mode.`,
        });
      }
    }
  });

  return findings;
}

/** Throws the first finding as a {@link ScoutfloError}, and returns when there is none. */
export function assertValid(findings: readonly Finding[]): void {
  if (findings.length > 0) {
    throw new ScoutfloError(findings[0]);
  }
}

/**
 * Returns true when `value` is an unresolved cdktf token. Only values that
 * can hold a token reach cdktf, which is loaded on first use, so the config
 * loader and the preflight command do not load cdktf for plain JSON values.
 */
function isToken(value: unknown): boolean {
  if (!mayHoldToken(value)) {
    return false;
  }

  const { Token } = require("cdktf") as typeof import("cdktf");
  return Token.isUnresolved(value);
}

/**
 * Returns false for values that cannot be a cdktf token: strings without a
 * token marker, and numbers outside the range where cdktf encodes number
 * tokens (around -1e298 in cdktf 0.21).
 */
function mayHoldToken(value: unknown): boolean {
  if (typeof value === "string") {
    return value.includes("TfToken[");
  }

  if (typeof value === "number") {
    return !(Math.abs(value) < 1e200);
  }

  return typeof value === "object" && value !== null;
}

/**
 * Returns true when `value` reads as a placeholder ExternalId, such as the
 * example config's "replace-with-the-external-id-from-scoutflo": it
 * contains one of {@link PLACEHOLDER_EXTERNAL_ID_FRAGMENTS} once lowercased
 * and stripped of `-`, `_` and `.`.
 */
export function isPlaceholderExternalId(value: unknown): boolean {
  if (typeof value !== "string" || isToken(value)) {
    return false;
  }

  const normalized = value.toLowerCase().replace(/[-_.]/g, "");

  return PLACEHOLDER_EXTERNAL_ID_FRAGMENTS.some((fragment) =>
    normalized.includes(fragment),
  );
}

/** Returns "a string", "an array", "null" and so on, for type messages. */
function typeName(value: unknown): string {
  if (value === null) {
    return "null";
  }

  if (Array.isArray(value)) {
    return "an array";
  }

  const type = typeof value;

  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Returns the role name a mode uses when no name is given. */
export function defaultRoleName(mode: AccessMode): string {
  return mode === "read-only" ? "ScoutfloReadOnly" : "ScoutfloReadWrite";
}
