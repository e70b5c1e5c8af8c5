/**
 * Checks a config value against `config.schema.json` with ajv and turns
 * every schema error into a {@link ConfigProblem} whose message names what
 * is allowed at that place.
 */
import Ajv from "ajv";
import type { ErrorObject, ValidateFunction } from "ajv";
import { closestMatch } from "../constructs/private/closest-match";
import configSchema from "./config.schema.json";
import { describeValue, jsonPointer, pointerSegments } from "./config-problem";
import type { ConfigProblem } from "./config-problem";

type SchemaNode = {
  readonly description?: string;
  readonly properties?: Record<string, SchemaNode>;
  readonly patternErrorMessage?: string;
  readonly minimum?: number;
  readonly maximum?: number;
};

let validator: ValidateFunction | undefined;

/** Returns one problem per schema error in `raw`, or none when it matches. */
export function checkConfigSchema(raw: unknown): ConfigProblem[] {
  const validate = compiledSchema();
  if (validate(raw)) {
    return [];
  }

  return (validate.errors ?? [])
    .filter((error) => error.keyword !== "propertyNames")
    .map((error) => problemFromError(error));
}

function compiledSchema(): ValidateFunction {
  if (validator === undefined) {
    const ajv = new Ajv({ allErrors: true, verbose: true, strict: true });
    // `patternErrorMessage` is the message VS Code shows when a pattern
    // fails; here it becomes the message of the problem.
    ajv.addKeyword({ keyword: "patternErrorMessage", schemaType: "string" });
    validator = ajv.compile(configSchema);
  }

  return validator;
}

function problemFromError(error: ErrorObject): ConfigProblem {
  const parent = (error.parentSchema ?? {}) as SchemaNode;

  switch (error.keyword) {
    case "additionalProperties":
      return unknownKey(error, parent);
    case "required":
      return missingKey(error, parent);
    case "type":
      return wrongType(error);
    default:
      return invalidValue(error, parent);
  }
}

function unknownKey(error: ErrorObject, parent: SchemaNode): ConfigProblem {
  const key = String(error.params.additionalProperty);
  const allowed = Object.keys(parent.properties ?? {});
  const suggestion = closestMatch(key, allowed);
  const hint = suggestion === undefined ? "" : ` Did you mean "${suggestion}"?`;

  return {
    path: childPointer(error.instancePath, key),
    code: "CONFIG_KEY_UNKNOWN",
    message: `unknown key "${key}": allowed keys here are ${allowed.join(", ")}.${hint}`,
  };
}

function missingKey(error: ErrorObject, parent: SchemaNode): ConfigProblem {
  const key = String(error.params.missingProperty);
  const description = parent.properties?.[key]?.description;
  const detail = description === undefined ? "" : ` ${description}`;

  return {
    path: childPointer(error.instancePath, key),
    code: "CONFIG_KEY_MISSING",
    message: `required key "${key}" is missing.${detail}`,
  };
}

function wrongType(error: ErrorObject): ConfigProblem {
  return {
    path: error.instancePath,
    code: "CONFIG_TYPE_INVALID",
    message: `must be ${withArticle(String(error.params.type))}, not ${withArticle(typeName(error.data))}.`,
  };
}

function invalidValue(error: ErrorObject, parent: SchemaNode): ConfigProblem {
  const propertyName = (error as { propertyName?: string }).propertyName;
  if (propertyName !== undefined) {
    return invalidKey(error, propertyName, parent);
  }

  return {
    path: valuePointer(error),
    code: "CONFIG_VALUE_INVALID",
    message: `${describeValue(error.instancePath, error.data)} ${ruleText(error, parent)}.`,
  };
}

function invalidKey(
  error: ErrorObject,
  key: string,
  parent: SchemaNode,
): ConfigProblem {
  return {
    path: childPointer(error.instancePath, key),
    code: "CONFIG_KEY_UNKNOWN",
    message: `key "${key}" is invalid: it ${ruleText(error, parent)}.`,
  };
}

function valuePointer(error: ErrorObject): string {
  if (error.keyword !== "uniqueItems") {
    return error.instancePath;
  }

  const later = Math.max(Number(error.params.i), Number(error.params.j));

  return childPointer(error.instancePath, String(later));
}

/** Describes the rule an ajv keyword enforces, as the end of a sentence. */
function ruleText(error: ErrorObject, parent: SchemaNode): string {
  const params = error.params as Record<string, unknown>;

  switch (error.keyword) {
    case "enum":
      return `is not allowed: use one of ${(params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(", ")}`;
    case "pattern":
      return parent.patternErrorMessage ?? `must match ${params.pattern}`;
    case "minLength":
      return `is too short: use at least ${params.limit} characters`;
    case "maxLength":
      return `is too long: use at most ${params.limit} characters`;
    case "minimum":
    case "maximum":
      return `is out of range: use a number from ${parent.minimum} to ${parent.maximum}`;
    case "minItems":
      return `has too few items: list at least ${params.limit}`;
    case "maxProperties":
      return `has too many keys: use at most ${params.limit}`;
    case "uniqueItems":
      return `appears more than once: list each value once`;
    default:
      return `is invalid: it ${error.message ?? "breaks the schema"}`;
  }
}

function childPointer(parent: string, key: string): string {
  return jsonPointer([...pointerSegments(parent), key]);
}

function typeName(value: unknown): string {
  if (value === null) {
    return "null";
  }

  if (Array.isArray(value)) {
    return "array";
  }

  return typeof value;
}

function withArticle(type: string): string {
  if (type === "null") {
    return "null";
  }

  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}
