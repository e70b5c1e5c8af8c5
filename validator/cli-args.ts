/**
 * Command-line parsing of scoutflo-preflight: flags, or a connection of
 * the stacks' config file, turned into preflight options.
 */
import { parseArgs } from "node:util";
import { isAccessMode } from "../policies";
import { CONFIG_PATH_ENV, loadConfigFile } from "../stacks/config";
import type { ConnectConfig, ConnectionConfig } from "../stacks/config";
import type { PreflightOptions } from "./options";
import { checkPreflightOptions } from "./options-check";

/** Environment variable read for the ExternalId when --external-id is not given. */
export const EXTERNAL_ID_ENV = "SCOUTFLO_EXTERNAL_ID";

/** Output formats of the command. */
export type OutputFormat = "text" | "json";

/** The request parsed from the command line. */
export type CliRequest =
  | { readonly kind: "help" }
  | { readonly kind: "usage-error"; readonly messages: readonly string[] }
  | {
      readonly kind: "run";
      readonly options: PreflightOptions;
      readonly output: OutputFormat;
      readonly quiet: boolean;
    };

const OPTIONS = {
  role: { type: "string" },
  mode: { type: "string" },
  cluster: { type: "string", multiple: true },
  principal: { type: "string" },
  "external-id": { type: "string" },
  "account-id": { type: "string" },
  "assume-role": { type: "boolean" },
  config: { type: "string" },
  connection: { type: "string" },
  output: { type: "string" },
  quiet: { type: "boolean", short: "q" },
  help: { type: "boolean", short: "h" },
} as const;

/** Flags that a config file replaces; giving both is a usage error. */
const CONFIG_FLAGS = [
  "role",
  "mode",
  "cluster",
  "principal",
  "external-id",
  "account-id",
] as const;

type Values = ReturnType<typeof parseFlags>["values"];

/** Parses `argv` (without the node and script paths) into a request. */
export function parseCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): CliRequest {
  let values: Values;
  try {
    values = parseFlags(argv).values;
  } catch (error) {
    return usageError((error as Error).message);
  }

  if (values.help === true) {
    return { kind: "help" };
  }

  const output = values.output ?? "text";
  if (output !== "text" && output !== "json") {
    return usageError(
      `--output "${output}" is not a format: use text or json.`,
    );
  }

  const configPath =
    values.config ??
    (values.role === undefined ? env[CONFIG_PATH_ENV] : undefined);
  const options =
    configPath === undefined
      ? optionsFromFlags(values, env)
      : optionsFromConfig(values, configPath, env);
  if ("messages" in options) {
    return usageError(...options.messages);
  }

  const problems = checkPreflightOptions(options);
  if (problems.length > 0) {
    return usageError(...problems.map((problem) => problem.message));
  }

  return { kind: "run", options, output, quiet: values.quiet === true };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: false,
  });
}

function optionsFromFlags(
  values: Values,
  env: NodeJS.ProcessEnv,
): PreflightOptions | { messages: string[] } {
  const messages: string[] = [];
  if (values.role === undefined) {
    messages.push(
      `--role is missing: give the role's name or ARN, or use --config FILE (or set ${CONFIG_PATH_ENV}).`,
    );
  }

  if (!isAccessMode(values.mode)) {
    messages.push(
      `--mode ${values.mode === undefined ? "is missing" : `"${values.mode}" is not a mode`}: use read-only or read-write.`,
    );
  }

  if (messages.length > 0) {
    return { messages };
  }

  return {
    role: values.role as string,
    mode: values.mode as PreflightOptions["mode"],
    accountId: values["account-id"],
    clusters: values.cluster ?? [],
    scoutfloPrincipal: values.principal,
    externalId: values["external-id"] ?? emptyToUndefined(env[EXTERNAL_ID_ENV]),
    assumeRole: values["assume-role"] === true,
  };
}

function optionsFromConfig(
  values: Values,
  path: string,
  env: NodeJS.ProcessEnv,
): PreflightOptions | { messages: string[] } {
  const conflicting = CONFIG_FLAGS.filter((flag) => values[flag] !== undefined);
  if (conflicting.length > 0) {
    return {
      messages: [
        `${conflicting.map((flag) => `--${flag}`).join(", ")} cannot be combined with a config file, which sets them: remove them, or drop --config${env[CONFIG_PATH_ENV] === undefined ? "" : ` and unset ${CONFIG_PATH_ENV}`}.`,
      ],
    };
  }

  const loaded = loadConfigFile(path);
  if (!loaded.ok) {
    return {
      messages: loaded.problems.map(
        (problem) =>
          `${path}${problem.path === "" ? "" : ` ${problem.path}`}: ${problem.message}`,
      ),
    };
  }

  const connection = pickConnection(loaded.config, values.connection, path);
  if ("messages" in connection) {
    return connection;
  }

  return connectionOptions(loaded.config, connection, values);
}

function pickConnection(
  config: ConnectConfig,
  name: string | undefined,
  path: string,
): ConnectionConfig | { messages: string[] } {
  const names = config.connections.map((connection) => connection.name);
  if (name === undefined && config.connections.length === 1) {
    return config.connections[0];
  }

  const found = config.connections.find(
    (connection) => connection.name === name,
  );
  if (found !== undefined) {
    return found;
  }

  const problem =
    name === undefined
      ? `${path} has ${names.length} connections: choose one with --connection NAME`
      : `--connection "${name}" is not in ${path}: use one of its connections`;
  return { messages: [`${problem} (${names.join(", ")}).`] };
}

/**
 * Builds the options of one connection: the role ARN from its account,
 * path and name, the region of its clusters, and its trust settings.
 */
function connectionOptions(
  config: ConnectConfig,
  connection: ConnectionConfig,
  values: Values,
): PreflightOptions {
  const roleName =
    connection.role?.name ??
    (connection.mode === "read-only"
      ? "ScoutfloReadOnly"
      : "ScoutfloReadWrite");
  const path = connection.role?.path ?? "/";
  const partition =
    /^arn:([^:]+):/.exec(config.scoutfloPrincipal)?.[1] ?? "aws";

  return {
    role: `arn:${partition}:iam::${connection.accountId}:role${path}${roleName}`,
    mode: connection.mode,
    clusters: connection.clusters.map((cluster) => ({
      name: cluster.name,
      accessPolicy: cluster.accessPolicy,
      namespaces: cluster.namespaces,
    })),
    scoutfloPrincipal: config.scoutfloPrincipal,
    externalId: connection.externalId,
    assumeRole: values["assume-role"] === true,
    clientConfig: { region: connection.region },
  };
}

function usageError(...messages: string[]): CliRequest {
  return { kind: "usage-error", messages };
}

function emptyToUndefined(value: string | undefined): string | undefined {
  return value === undefined || value === "" ? undefined : value;
}
