/**
 * Command-line parsing of scoutflo-preflight: flags, or a connection of
 * the stacks' config file, turned into preflight options.
 */
import { parseArgs } from "node:util";
import { isAccessMode } from "../policies";
import { CONFIG_PATH_ENV, loadConfigFile } from "../stacks/config";
import type { ConnectConfig, ConnectionConfig } from "../stacks/config";
import type { PreflightOptions, TimeoutOptions } from "./options";
import { checkPreflightOptions } from "./options-check";
import type { OptionProblem } from "./options-check";

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
  "connect-timeout": { type: "string" },
  "request-timeout": { type: "string" },
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

/** Flags named in usage errors for the options they set; cluster props are matched by {@link flagOfProp}. */
const PROP_FLAGS: Readonly<Record<string, string>> = {
  role: "--role",
  mode: "--mode",
  accountId: "--account-id",
  scoutfloPrincipal: "--principal",
  externalId: "--external-id",
  "timeouts.connectionMs": "--connect-timeout",
  "timeouts.requestMs": "--request-timeout",
};

type Values = ReturnType<typeof parseFlags>["values"];

/** Parses `argv` (without the node and script paths) into a request. */
export function parseCommandLine(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): CliRequest {
  let parsed: ReturnType<typeof parseFlags>;
  try {
    parsed = parseFlags(argv);
  } catch (error) {
    return usageError((error as Error).message);
  }

  const values = parsed.values;
  if (values.help === true) {
    return { kind: "help" };
  }

  const repeated = repeatedFlags(parsed.tokens);
  if (repeated.length > 0) {
    return usageError(...repeated);
  }

  const output = values.output ?? "text";
  if (output !== "text" && output !== "json") {
    return usageError(
      `--output "${output}" is not a format: use text or json.`,
    );
  }

  const timeouts = timeoutsFromFlags(values);
  if ("messages" in timeouts) {
    return usageError(...timeouts.messages);
  }

  const configPath =
    values.config ??
    (values.role === undefined ? env[CONFIG_PATH_ENV] : undefined);
  const built =
    configPath === undefined
      ? optionsFromFlags(values, env)
      : optionsFromConfig(values, configPath, env);
  if ("messages" in built) {
    return usageError(...built.messages);
  }

  const options = { ...built, timeouts };
  const problems = checkPreflightOptions(options);
  if (problems.length > 0) {
    const message =
      configPath === undefined
        ? flagMessage
        : (problem: OptionProblem) => problem.message;
    return usageError(...problems.map(message));
  }

  return { kind: "run", options, output, quiet: values.quiet === true };
}

function parseFlags(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: OPTIONS,
    strict: true,
    allowPositionals: false,
    tokens: true,
  });
}

/** Returns a message for every flag that takes one value and is given more than once. */
function repeatedFlags(
  tokens: ReturnType<typeof parseFlags>["tokens"],
): string[] {
  const counts = new Map<string, number>();
  for (const token of tokens) {
    if (token.kind === "option" && takesOneValue(token.name)) {
      counts.set(token.name, (counts.get(token.name) ?? 0) + 1);
    }
  }

  return [...counts]
    .filter(([, count]) => count > 1)
    .map(
      ([name, count]) =>
        `--${name} is given ${count} times, but it takes one value: give it once.`,
    );
}

function takesOneValue(name: string): boolean {
  const option: { type: string; multiple?: boolean } | undefined =
    OPTIONS[name as keyof typeof OPTIONS];
  return option?.type === "string" && option.multiple !== true;
}

/** Reads --connect-timeout and --request-timeout, whole milliseconds above 0. */
function timeoutsFromFlags(
  values: Values,
): TimeoutOptions | { messages: string[] } {
  const flags = [
    ["connect-timeout", "connectionMs"],
    ["request-timeout", "requestMs"],
  ] as const;
  const timeouts: { connectionMs?: number; requestMs?: number } = {};
  const messages: string[] = [];
  for (const [flag, field] of flags) {
    const value = values[flag];
    if (value === undefined) {
      continue;
    }

    if (/^[1-9]\d*$/.test(value)) {
      timeouts[field] = Number(value);
    } else {
      messages.push(
        `--${flag} "${value}" is not a whole number of milliseconds above 0: give a value such as 5000.`,
      );
    }
  }

  return messages.length > 0 ? { messages } : timeouts;
}

/** Returns the message of an option problem with the flag in place of the option's name. */
function flagMessage(problem: OptionProblem): string {
  const flag = flagOfProp(problem.prop);
  if (flag === undefined) {
    return problem.message;
  }

  if (problem.code === "EXTERNAL_ID_MISSING") {
    return `--external-id is missing: --assume-role sends the ExternalId that the role's trust policy requires, so pass --external-id VALUE or set ${EXTERNAL_ID_ENV} to the value configured on the role.`;
  }

  return problem.message.startsWith(problem.prop)
    ? `${flag}${problem.message.slice(problem.prop.length)}`
    : `${flag}: ${problem.message}`;
}

function flagOfProp(prop: string): string | undefined {
  return /^clusters\[\d+\]\.clusterName$/.test(prop)
    ? "--cluster"
    : PROP_FLAGS[prop];
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
    return { messages: [conflictMessage(conflicting, values, env)] };
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

function conflictMessage(
  conflicting: readonly string[],
  values: Values,
  env: NodeJS.ProcessEnv,
): string {
  const flags = listFlags(conflicting.map((flag) => `--${flag}`));
  const pronoun = conflicting.length === 1 ? "it" : "them";
  const envSet = env[CONFIG_PATH_ENV] !== undefined;
  const dropConfig =
    values.config === undefined
      ? `unset ${CONFIG_PATH_ENV}`
      : `drop --config${envSet ? ` and unset ${CONFIG_PATH_ENV}` : ""}`;

  return `${flags} cannot be combined with a config file, because the file sets ${pronoun}: remove ${flags}, or ${dropConfig}.`;
}

/** Joins flags as "--a", "--a and --b" or "--a, --b and --c". */
function listFlags(flags: readonly string[]): string {
  return flags.length === 1
    ? flags[0]
    : `${flags.slice(0, -1).join(", ")} and ${flags[flags.length - 1]}`;
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
    (connection) => connection.name.toLowerCase() === name?.toLowerCase(),
  );
  if (found !== undefined) {
    return found;
  }

  const problem =
    name === undefined
      ? `${path} has ${names.length} connections: choose one with --connection NAME`
      : `--connection "${name}" is not in ${path}, even ignoring case: use one of its connections`;
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
