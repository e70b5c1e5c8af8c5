/**
 * The problem type the config loader reports, and the JSON pointer helpers
 * that place each problem in the file.
 */
import type { ErrorCode } from "../constructs/errors";
import { maskExternalId } from "../constructs/validation";

/** Codes of the problems only the config file has, beside {@link ErrorCode}. */
export type ConfigErrorCode =
  | "CONFIG_FILE_NOT_FOUND"
  | "CONFIG_FILE_UNREADABLE"
  | "CONFIG_JSON_INVALID"
  | "CONFIG_KEY_UNKNOWN"
  | "CONFIG_KEY_MISSING"
  | "CONFIG_TYPE_INVALID"
  | "CONFIG_VALUE_INVALID"
  | "CONFIG_KEY_DUPLICATE"
  | "CONNECTION_NAME_DUPLICATE";

/** Stable code of a config problem. */
export type ConfigProblemCode = ErrorCode | ConfigErrorCode;

/** One problem in a config file. */
export interface ConfigProblem {
  /** JSON pointer to the value, such as `/connections/0/externalId`, or `""` for the whole file. */
  readonly path: string;
  /** Description of the problem and of the allowed values, with any ExternalId masked. */
  readonly message: string;
  /** Stable code of the rule the value breaks. */
  readonly code: ConfigProblemCode;
}

/** Builds a JSON pointer (RFC 6901) from its segments. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments
    .map((segment) => String(segment).replace(/~/g, "~0").replace(/\//g, "~1"))
    .map((segment) => `/${segment}`)
    .join("");
}

/** Splits a JSON pointer into its unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  if (pointer === "") {
    return [];
  }

  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/**
 * Quotes a config value for a message, masking it when the pointer names an
 * ExternalId and cutting long values short.
 */
export function describeValue(pointer: string, value: unknown): string {
  if (pointer.endsWith("/externalId")) {
    return `"${maskExternalId(value)}"`;
  }

  const text = JSON.stringify(value) ?? String(value);
  if (text.length > 80) {
    return `${text.slice(0, 77)}...`;
  }

  return text;
}

/**
 * Sorts problems in the order their values appear in the file: keys in
 * the order they are written, array items by index, missing keys after
 * the keys that exist. Problems at the same place keep their order.
 */
export function sortProblems(
  raw: unknown,
  problems: readonly ConfigProblem[],
): ConfigProblem[] {
  const keyed = problems.map((problem) => ({
    problem,
    order: documentOrder(raw, pointerSegments(problem.path)),
  }));
  keyed.sort((a, b) => compareOrder(a.order, b.order));

  return keyed.map((entry) => entry.problem);
}

function documentOrder(raw: unknown, segments: readonly string[]): number[] {
  const order: number[] = [];
  let node = raw;
  for (const segment of segments) {
    const { index, child } = childAt(node, segment);
    order.push(index);
    node = child;
  }

  return order;
}

function childAt(
  node: unknown,
  segment: string,
): { index: number; child: unknown } {
  if (Array.isArray(node)) {
    const index = Number(segment);
    if (!Number.isInteger(index)) {
      return { index: node.length, child: undefined };
    }

    return { index, child: node[index] };
  }

  if (typeof node !== "object" || node === null) {
    return { index: 0, child: undefined };
  }

  const keys = Object.keys(node);
  const index = keys.indexOf(segment);
  if (index === -1) {
    return { index: keys.length, child: undefined };
  }

  return { index, child: (node as Record<string, unknown>)[segment] };
}

function compareOrder(a: readonly number[], b: readonly number[]): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    if (a[i] !== b[i]) {
      return a[i] - b[i];
    }
  }

  return a.length - b.length;
}
