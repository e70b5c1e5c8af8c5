/**
 * The config file of the cdktf app: its types, and the loader that checks
 * a file against `config.schema.json` and the construct rules, reporting
 * every problem at once.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AccessMode } from "../policies";
import { sortProblems } from "./config-problem";
import type { ConfigProblem, ConfigProblemCode } from "./config-problem";
import { checkConfigRules } from "./config-rules-check";
import { checkConfigSchema } from "./config-schema-check";
import { findDuplicateKeys } from "./json-duplicate-keys";

export { describeValue, jsonPointer, pointerSegments } from "./config-problem";
export type {
  ConfigErrorCode,
  ConfigProblem,
  ConfigProblemCode,
} from "./config-problem";

/** Name of the environment variable with the path of the config file. */
export const CONFIG_PATH_ENV = "SCOUTFLO_CONFIG";

/** Path of the example config shipped beside this module. */
export const DEFAULT_CONFIG_PATH: string = join(
  __dirname,
  "example.config.json",
);

/** Options of the IAM role of one connection. Every field is optional. */
export interface RoleConfig {
  /** IAM role name. @default "ScoutfloReadOnly" or "ScoutfloReadWrite", after the mode */
  readonly name?: string;
  /** IAM path of the role. @default "/" */
  readonly path?: string;
  /** ARN of the IAM managed policy set as permissions boundary. @default no boundary */
  readonly permissionsBoundaryArn?: string;
  /** Maximum session duration in hours, 1 to 12. @default 1 */
  readonly maxSessionDurationHours?: number;
  /** Tags of the role and its policies. @default no tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/** One EKS cluster of a connection. */
export interface ClusterConfig {
  /** Name of the EKS cluster. */
  readonly name: string;
  /** AWS-managed EKS access policy name. @default the mode's default from policies/eks-access.json */
  readonly accessPolicy?: string;
  /** Namespaces the access is limited to. @default the whole cluster */
  readonly namespaces?: readonly string[];
}

/** The Scoutflo role in one account and the clusters of one region: one stack. */
export interface ConnectionConfig {
  /** Stack name, unique in the file. */
  readonly name: string;
  /** The 12-digit id of the account the role is created in. */
  readonly accountId: string;
  /** AWS region of the clusters. */
  readonly region: string;
  /** Access mode of the role. */
  readonly mode: AccessMode;
  /** ExternalId Scoutflo must pass when it assumes the role. */
  readonly externalId: string;
  /** Options of the IAM role. @default every option at its default */
  readonly role?: RoleConfig;
  /** The clusters Scoutflo gets access to, possibly none. */
  readonly clusters: readonly ClusterConfig[];
}

/** A whole config file, checked. */
export interface ConnectConfig {
  /** Scoutflo's account id or role ARN, the principal every role trusts. */
  readonly scoutfloPrincipal: string;
  /** The connections, one stack each. */
  readonly connections: readonly ConnectionConfig[];
}

/** A checked config, or every problem found in it. */
export type ConfigResult =
  | { readonly ok: true; readonly config: ConnectConfig }
  | { readonly ok: false; readonly problems: ConfigProblem[] };

/** Codes of the schema problems about a missing key or a wrong type. */
const STRUCTURAL_CODES: readonly ConfigProblemCode[] = [
  "CONFIG_KEY_MISSING",
  "CONFIG_TYPE_INVALID",
];

/**
 * Checks a parsed config against the JSON Schema and the construct rules,
 * and returns the typed config or every problem in file order.
 */
export function parseConfig(raw: unknown): ConfigResult {
  const problems = mergeProblems(checkConfigSchema(raw), checkConfigRules(raw));
  if (problems.length > 0) {
    return { ok: false, problems: sortProblems(raw, problems) };
  }

  const { $schema: _schema, ...config } = raw as ConnectConfig & {
    $schema?: string;
  };

  return { ok: true, config };
}

/**
 * Reads, parses and checks a config file. A missing or unreadable file and
 * invalid JSON are problems too, at the path `""`, and a key written twice
 * in one object is a problem at its JSON pointer.
 */
export function loadConfigFile(path: string): ConfigResult {
  const text = readConfigText(path);
  if (typeof text !== "string") {
    return { ok: false, problems: [text] };
  }

  // Editors on Windows may save a byte order mark, which JSON.parse rejects.
  const source = text.replace(/^\uFEFF/, "");
  const parsed = parseJson(path, source);
  if ("problem" in parsed) {
    return { ok: false, problems: [parsed.problem] };
  }

  const duplicates = duplicateKeyProblems(source);
  const result = parseConfig(parsed.value);
  if (duplicates.length === 0) {
    return result;
  }

  const problems = result.ok ? [] : result.problems;

  return {
    ok: false,
    problems: sortProblems(parsed.value, [...duplicates, ...problems]),
  };
}

function duplicateKeyProblems(source: string): ConfigProblem[] {
  return findDuplicateKeys(source).map((duplicate) => ({
    path: duplicate.pointer,
    code: "CONFIG_KEY_DUPLICATE",
    message: `key "${duplicate.key}" appears ${duplicateLines(duplicate)} of the same object, and JSON keeps only the last value: remove one of them.`,
  }));
}

/**
 * Keeps one problem per place. A missing key or wrong type from the
 * schema hides every other problem at and below it, such as the schema's
 * enum problem about the same value, which would only repeat it. A rule
 * problem hides the schema's generic problem about the same value,
 * because the rule's message is more precise and has a code.
 */
function mergeProblems(
  schemaProblems: readonly ConfigProblem[],
  ruleProblems: readonly ConfigProblem[],
): ConfigProblem[] {
  const structural = schemaProblems.filter((problem) =>
    STRUCTURAL_CODES.includes(problem.code),
  );
  const structuralPaths = structural.map((problem) => problem.path);
  const isHidden = (problem: ConfigProblem): boolean =>
    structuralPaths.some(
      (path) => problem.path === path || problem.path.startsWith(`${path}/`),
    );
  const rules = ruleProblems.filter((problem) => !isHidden(problem));
  const rulePaths = new Set(rules.map((problem) => problem.path));
  const schema = schemaProblems.filter(
    (problem) => !isHidden(problem) && !rulePaths.has(problem.path),
  );

  return [...structural, ...schema, ...rules];
}

function readConfigText(path: string): string | ConfigProblem {
  try {
    return readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") {
      return {
        path: "",
        code: "CONFIG_FILE_NOT_FOUND",
        message: `config file "${path}" not found: check the path, or set ${CONFIG_PATH_ENV} to the path of your config file.`,
      };
    }

    return {
      path: "",
      code: "CONFIG_FILE_UNREADABLE",
      message: `config file "${path}" could not be read (${code ?? String(error)}): check that it is a readable file.`,
    };
  }
}

function parseJson(
  path: string,
  source: string,
): { value: unknown } | { problem: ConfigProblem } {
  try {
    return { value: JSON.parse(source) };
  } catch (error) {
    return {
      problem: {
        path: "",
        code: "CONFIG_JSON_INVALID",
        message: `config file "${path}" is not valid JSON${jsonErrorDetail((error as Error).message, source)}. Fix the syntax, such as a missing comma or quote or a trailing comma.`,
      },
    };
  }
}

/**
 * Returns the reason and place of a JSON.parse error, such as `: unexpected
 * token 's' at line 3, column 17`. V8 quotes a piece of the file in some
 * messages; that piece is left out, since it may contain the ExternalId.
 */
function jsonErrorDetail(message: string, source: string): string {
  const quoted = QUOTED_JSON_ERROR.exec(message);
  if (quoted !== null) {
    const [, token, leadingEllipsis, excerpt, trailingEllipsis] = quoted;
    const position = quotedErrorPosition(
      source,
      excerpt,
      leadingEllipsis !== undefined,
      trailingEllipsis !== undefined,
    );

    return `: unexpected token '${token}'${lineAndColumn(source, position)}`;
  }

  const positioned = /^(.*?) (?:in JSON )?at position (\d+)/s.exec(message);
  if (positioned !== null) {
    const [, reason, position] = positioned;

    return `: ${lowerFirst(reason)}${lineAndColumn(source, Number(position))}`;
  }

  if (message.startsWith("Unexpected end of JSON input")) {
    return ": the file ends before the JSON value is complete";
  }

  return "";
}

/** V8's JSON.parse message that quotes the file around the bad token. */
const QUOTED_JSON_ERROR =
  /^Unexpected token '(.+?)', (\.\.\.)?"(.*)"(\.\.\.)? is not valid JSON$/s;

/** Characters V8 quotes on each side of the bad token. */
const V8_CONTEXT_CHARACTERS = 10;

/**
 * Finds the position of the bad token from V8's excerpt: the excerpt
 * starts 10 characters before the token when V8 cut its start, and ends
 * 10 characters after it when V8 cut only its end. V8 quotes a file of at
 * most 21 characters whole, which leaves the position unknown.
 */
function quotedErrorPosition(
  source: string,
  excerpt: string,
  cutStart: boolean,
  cutEnd: boolean,
): number | undefined {
  const start = source.indexOf(excerpt);
  if (start === -1) {
    return undefined;
  }

  if (cutStart) {
    return start + V8_CONTEXT_CHARACTERS;
  }

  if (cutEnd) {
    return start + excerpt.length - V8_CONTEXT_CHARACTERS;
  }

  return undefined;
}

function lineAndColumn(source: string, position: number | undefined): string {
  if (position === undefined) {
    return "";
  }

  const before = source.slice(0, position).split("\n");
  const line = before.length;
  const column = before[before.length - 1].length + 1;

  return ` at line ${line}, column ${column}`;
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function duplicateLines(duplicate: {
  readonly firstLine: number;
  readonly line: number;
}): string {
  if (duplicate.firstLine === duplicate.line) {
    return `twice on line ${duplicate.line}`;
  }

  return `on line ${duplicate.firstLine} and again on line ${duplicate.line}`;
}
