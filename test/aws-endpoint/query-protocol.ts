/**
 * Request parameters of the AWS query protocol: a form-encoded body such as
 * `Action=GetRole&Version=2010-05-08&RoleName=x`, where a list member is
 * `Name.member.N` (N from 1) and a structure member is `Name.Field`.
 */
import { missingParameter, validationError } from "./aws-error";

/** Parsed request parameters: strings, lists and nested structures. */
export type QueryParams = { [name: string]: QueryValue };

/** One parsed parameter value. */
export type QueryValue = string | QueryValue[] | QueryParams;

const UNSAFE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * Parses a form-encoded query body into nested parameters. A key set to the
 * empty string with no members, as the SDK sends for an empty list, stays
 * an empty string, which {@link readList} reads as an empty list.
 */
export function parseQueryBody(body: string): QueryParams {
  const params: QueryParams = {};
  for (const [key, value] of new URLSearchParams(body)) {
    const path = key.split(".");
    if (path.some((segment) => UNSAFE_KEYS.has(segment))) {
      continue;
    }
    assignPath(params, path, value);
  }

  return params;
}

/** Reads an optional string parameter. */
export function readString(
  params: QueryParams,
  name: string,
): string | undefined {
  const value = params[name];
  return typeof value === "string" ? value : undefined;
}

/** Reads a required string parameter, or throws the ValidationError AWS returns. */
export function requireString(params: QueryParams, name: string): string {
  const value = readString(params, name);
  if (value === undefined) {
    throw missingParameter(lowerFirst(name));
  }

  return value;
}

/** Reads a list of strings, empty when the parameter is absent. */
export function readList(params: QueryParams, name: string): string[] {
  const value = params[name];
  if (!Array.isArray(value)) {
    return [];
  }

  return value.filter((item): item is string => typeof item === "string");
}

/** Reads a list of structures, empty when the parameter is absent. */
export function readStructList(
  params: QueryParams,
  name: string,
): QueryParams[] {
  const value = params[name];
  if (!Array.isArray(value)) {
    return [];
  }

  return value.filter(isStruct);
}

/** Reads an optional integer parameter within `[min, max]`. */
export function readInteger(
  params: QueryParams,
  name: string,
  min: number,
  max: number,
): number | undefined {
  const text = readString(params, name);
  if (text === undefined) {
    return undefined;
  }

  const value = Number(text);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw validationError(
      lowerFirst(name),
      text,
      `Member must have value between ${min} and ${max}`,
    );
  }

  return value;
}

function assignPath(
  target: QueryParams | QueryValue[],
  path: string[],
  value: string,
): void {
  const [head, ...rest] = path;
  const index = listIndex(target, head);
  if (rest.length === 0) {
    setChild(target, head, index, value);
    return;
  }

  const wantsList = rest[0] === "member";
  const childPath = wantsList ? rest.slice(1) : rest;
  const existing = getChild(target, head, index);
  const child = containerFor(existing, wantsList);
  setChild(target, head, index, child);
  if (childPath.length > 0) {
    assignPath(child, childPath, value);
  }
}

function containerFor(
  existing: QueryValue | undefined,
  wantsList: boolean,
): QueryParams | QueryValue[] {
  if (wantsList && Array.isArray(existing)) {
    return existing;
  }
  if (!wantsList && existing !== undefined && isStruct(existing)) {
    return existing;
  }

  return wantsList ? [] : {};
}

function listIndex(
  target: QueryParams | QueryValue[],
  segment: string,
): number {
  if (!Array.isArray(target)) {
    return -1;
  }

  return Number(segment) - 1;
}

function getChild(
  target: QueryParams | QueryValue[],
  name: string,
  index: number,
): QueryValue | undefined {
  return Array.isArray(target) ? target[index] : target[name];
}

function setChild(
  target: QueryParams | QueryValue[],
  name: string,
  index: number,
  value: QueryValue,
): void {
  if (!Array.isArray(target)) {
    target[name] = value;
    return;
  }
  if (Number.isInteger(index) && index >= 0 && index < 10_000) {
    target[index] = value;
  }
}

function isStruct(value: QueryValue): value is QueryParams {
  return typeof value === "object" && !Array.isArray(value);
}

function lowerFirst(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}
