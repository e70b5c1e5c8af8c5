/**
 * Checks the rules of a config that a JSON Schema cannot express: the
 * construct checks of `constructs/validation.ts` on every connection, and
 * the uniqueness of connection and role names across connections. Works
 * on any value, so it also runs on a config that breaks the schema.
 */
import type { Finding } from "../constructs/errors";
import {
  defaultRoleName,
  checkClusters,
  checkExternalId,
  checkMode,
  checkRoleOptions,
  checkScoutfloPrincipal,
} from "../constructs/validation";
import type { ClusterAccessInput } from "../constructs/validation";
import { isAccessMode } from "../policies";
import type { AccessMode } from "../policies";
import { jsonPointer } from "./config-problem";
import type { ConfigProblem } from "./config-problem";

type JsonObject = Record<string, unknown>;

/** Config key of each role option the construct checks name differently. */
const ROLE_OPTION_KEYS: Readonly<Record<string, string>> = {
  roleName: "name",
  path: "path",
  permissionsBoundaryArn: "permissionsBoundaryArn",
  maxSessionDurationHours: "maxSessionDurationHours",
  tags: "tags",
};

/** Returns every rule problem in `raw`, each at its JSON pointer. */
export function checkConfigRules(raw: unknown): ConfigProblem[] {
  if (!isObject(raw)) {
    return [];
  }

  const connections = Array.isArray(raw.connections) ? raw.connections : [];
  const principal = raw.scoutfloPrincipal;

  return [
    ...(typeof principal === "string"
      ? findingProblems(checkScoutfloPrincipal(principal), [
          "scoutfloPrincipal",
        ])
      : []),
    ...connections.flatMap((connection, index) =>
      isObject(connection) ? connectionProblems(connection, index) : [],
    ),
    ...duplicateConnectionNames(connections),
    ...duplicateRoleNames(connections),
  ];
}

function connectionProblems(
  connection: JsonObject,
  index: number,
): ConfigProblem[] {
  const base = ["connections", String(index)];
  const mode = modeOrUndefined(connection.mode);

  return [
    ...(connection.mode === undefined
      ? []
      : findingProblems(checkMode(connection.mode), [...base, "mode"])),
    ...(connection.externalId === undefined
      ? []
      : findingProblems(checkExternalId(connection.externalId), [
          ...base,
          "externalId",
        ])),
    ...roleProblems(connection.role, base),
    ...clusterProblems(connection.clusters, mode, base),
  ];
}

function roleProblems(role: unknown, base: string[]): ConfigProblem[] {
  if (!isObject(role)) {
    return [];
  }

  const findings = checkRoleOptions({
    roleName: role.name as string | undefined,
    path: role.path as string | undefined,
    permissionsBoundaryArn: role.permissionsBoundaryArn as string | undefined,
    maxSessionDurationHours: role.maxSessionDurationHours as number | undefined,
    tags: isObject(role.tags)
      ? (role.tags as Record<string, string>)
      : undefined,
  });

  return findings.map((finding) => roleOptionProblem(finding, base));
}

/** Places a role option finding: `roleName` is `role/name`, `tags.KEY` is `role/tags/KEY`. */
function roleOptionProblem(finding: Finding, base: string[]): ConfigProblem {
  const [option] = finding.prop.split(".", 1);
  const key = ROLE_OPTION_KEYS[option] ?? option;
  const segments = [...base, "role", key];
  if (option === "tags" && finding.prop.length > "tags.".length) {
    segments.push(finding.prop.slice("tags.".length));
  }

  return {
    path: jsonPointer(segments),
    code: finding.code,
    message: relabel(finding.message, option, `role.${key}`),
  };
}

function clusterProblems(
  clusters: unknown,
  mode: AccessMode | undefined,
  base: string[],
): ConfigProblem[] {
  if (!Array.isArray(clusters)) {
    return [];
  }

  const inputs = clusters.map((cluster): ClusterAccessInput => {
    const fields = isObject(cluster) ? cluster : {};

    return {
      clusterName: fields.name as string,
      accessPolicy: fields.accessPolicy as string | undefined,
      namespaces: fields.namespaces as string[] | undefined,
    };
  });

  return checkClusters(inputs, mode, "clusters").map((finding) => {
    const configProp = finding.prop.replace(".clusterName", ".name");

    return {
      path: jsonPointer([...base, ...propSegments(configProp)]),
      code: finding.code,
      message: relabel(finding.message, finding.prop, configProp),
    };
  });
}

function modeOrUndefined(value: unknown): AccessMode | undefined {
  return isAccessMode(value) ? value : undefined;
}

function duplicateConnectionNames(connections: unknown[]): ConfigProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  connections.forEach((connection, index) => {
    if (!isObject(connection) || typeof connection.name !== "string") {
      return;
    }

    const key = connection.name.toLowerCase();
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }

    problems.push({
      path: jsonPointer(["connections", index, "name"]),
      code: "CONNECTION_NAME_DUPLICATE",
      message: `connection name "${connection.name}" is already used by /connections/${first}: each connection becomes a stack whose directory is named after it, so names must differ, ignoring case.`,
    });
  });

  return problems;
}

/** Reports a connection whose role name, explicit or default, another connection in the same account already uses. */
function duplicateRoleNames(connections: unknown[]): ConfigProblem[] {
  const firstIndex = new Map<string, number>();
  const problems: ConfigProblem[] = [];
  connections.forEach((connection, index) => {
    const role = effectiveRole(connection);
    if (role === undefined) {
      return;
    }

    const key = `${role.accountId}/${role.name.toLowerCase()}`;
    const first = firstIndex.get(key);
    if (first === undefined) {
      firstIndex.set(key, index);
      return;
    }

    const origin = role.isDefault ? ` (the default for ${role.mode} mode)` : "";
    problems.push({
      path: jsonPointer(["connections", index, "role", "name"]),
      code: "ROLE_NAME_DUPLICATE",
      message: `role name "${role.name}"${origin} is already used by /connections/${first} in account ${role.accountId}: IAM role names are unique in an account, ignoring case, so set role.name to a different name in one of the two connections.`,
    });
  });

  return problems;
}

function effectiveRole(connection: unknown) {
  if (!isObject(connection) || typeof connection.accountId !== "string") {
    return undefined;
  }

  const mode = modeOrUndefined(connection.mode);
  const explicit = isObject(connection.role) ? connection.role.name : undefined;
  if (typeof explicit === "string") {
    return {
      accountId: connection.accountId,
      name: explicit,
      isDefault: false,
      mode,
    };
  }

  if (explicit !== undefined || mode === undefined) {
    return undefined;
  }

  return {
    accountId: connection.accountId,
    name: defaultRoleName(mode),
    isDefault: true,
    mode,
  };
}

function findingProblems(
  findings: readonly Finding[],
  segments: readonly string[],
): ConfigProblem[] {
  return findings.map((finding) => ({
    path: jsonPointer(segments),
    code: finding.code,
    message: finding.message,
  }));
}

/** Splits a construct prop such as `clusters[1].namespaces[0]` into pointer segments. */
function propSegments(prop: string): string[] {
  return prop
    .split(/\.|\[(\d+)\]/)
    .filter(
      (segment): segment is string => segment !== undefined && segment !== "",
    );
}

/** Replaces the construct prop name that starts a finding message with the config key. */
function relabel(message: string, prop: string, label: string): string {
  return message.startsWith(prop)
    ? label + message.slice(prop.length)
    : message;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
