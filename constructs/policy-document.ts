/**
 * Rendering of catalog statements into IAM policy documents, their size as
 * IAM counts it, and the deterministic split of a document that exceeds
 * the managed-policy limit. Everything here is pure: no construct, no I/O.
 */
import type { CatalogStatement } from "../policies";
import { ScoutfloError } from "./errors";

/** IAM's maximum size of a managed policy document, whitespace not counted. */
export const MANAGED_POLICY_MAX_CHARS = 6144;

/** The IAM policy language version every document uses. */
export const POLICY_VERSION = "2012-10-17";

/** One rendered IAM policy statement. */
export interface PolicyStatement {
  /** Statement id, letters and digits only. */
  readonly Sid: string;
  /** Always `Allow`: the catalog grants and never denies. */
  readonly Effect: "Allow";
  /** Action names or patterns. */
  readonly Action: readonly string[];
  /** `*` or one ARN. */
  readonly Resource: string;
}

/** One rendered IAM policy document. */
export interface PolicyDocument {
  /** The policy language version. */
  readonly Version: typeof POLICY_VERSION;
  /** The statements, in catalog order. */
  readonly Statement: readonly PolicyStatement[];
}

/** Options of {@link policySize} and {@link splitStatements}. */
export interface PolicySizeOptions {
  /**
   * Strings in the document whose resolved value is not known yet, such as
   * a Terraform reference to the role's ARN, mapped to the maximum length
   * they resolve to. Each occurrence counts at that length.
   * @default no placeholders
   */
  readonly placeholders?: Readonly<Record<string, number>>;
  /** Maximum size of one document. @default MANAGED_POLICY_MAX_CHARS */
  readonly maxChars?: number;
}

/** One policy document of a split, with its JSON text and counted size. */
export interface RenderedPolicy {
  /** The document. */
  readonly document: PolicyDocument;
  /** The document as compact JSON, the text IAM receives. */
  readonly json: string;
  /** The size IAM counts, with placeholders at their maximum length. */
  readonly size: number;
}

/**
 * Renders catalog statements as IAM statements: `all-resources` becomes
 * `"*"` and `own-role` becomes `ownRoleArn`.
 */
export function renderStatements(
  statements: readonly CatalogStatement[],
  ownRoleArn: string,
): PolicyStatement[] {
  return statements.map((statement) => ({
    Sid: statement.sid,
    Effect: "Allow",
    Action: [...statement.actions],
    Resource: statement.scope === "own-role" ? ownRoleArn : "*",
  }));
}

/** Renders a policy document as compact JSON. */
export function renderPolicyDocument(
  statements: readonly PolicyStatement[],
): string {
  const document: PolicyDocument = {
    Version: POLICY_VERSION,
    Statement: statements,
  };

  return JSON.stringify(document);
}

/**
 * Returns the size IAM counts for a policy text: every character except
 * whitespace, with each placeholder counted at its maximum resolved length.
 */
export function policySize(
  json: string,
  options: PolicySizeOptions = {},
): number {
  let size = json.replace(/\s/g, "").length;
  for (const [placeholder, maxLength] of Object.entries(
    options.placeholders ?? {},
  )) {
    const occurrences = json.split(placeholder).length - 1;
    const placeholderSize = placeholder.replace(/\s/g, "").length;
    size += occurrences * (maxLength - placeholderSize);
  }

  return size;
}

/**
 * Splits statements into as few documents as a greedy pass allows, each
 * within the size limit. Statements keep their order and fill the current
 * document while they fit. A statement too large for an empty document is
 * cut into runs of consecutive actions with Sids `<Sid>Part1`, `<Sid>Part2`
 * and so on. The same input always gives the same documents, and the union
 * of their actions per resource equals the input's.
 * Throws a ScoutfloError `POLICY_ACTION_TOO_LARGE` when one action alone
 * does not fit in a document.
 */
export function splitStatements(
  statements: readonly PolicyStatement[],
  options: PolicySizeOptions = {},
): PolicyStatement[][] {
  const fits = (part: readonly PolicyStatement[]): boolean =>
    sizeOf(part, options) <= maxCharsOf(options);
  const parts: PolicyStatement[][] = [[]];

  for (const statement of statements) {
    const pieces = fits([statement])
      ? [statement]
      : cutStatement(statement, fits, maxCharsOf(options));
    for (const piece of pieces) {
      const current = parts[parts.length - 1];
      if (current.length === 0 || fits([...current, piece])) {
        current.push(piece);
      } else {
        parts.push([piece]);
      }
    }
  }

  return parts.filter((part) => part.length > 0);
}

/** Splits statements with {@link splitStatements} and renders each part. */
export function renderPolicies(
  statements: readonly PolicyStatement[],
  options: PolicySizeOptions = {},
): RenderedPolicy[] {
  return splitStatements(statements, options).map((part) => {
    const json = renderPolicyDocument(part);

    return {
      document: { Version: POLICY_VERSION, Statement: part },
      json,
      size: policySize(json, options),
    };
  });
}

function cutStatement(
  statement: PolicyStatement,
  fits: (part: readonly PolicyStatement[]) => boolean,
  maxChars: number,
): PolicyStatement[] {
  const pieces: PolicyStatement[] = [];
  let actions: string[] = [];
  const piece = (pieceActions: readonly string[]): PolicyStatement => ({
    ...statement,
    Sid: `${statement.Sid}Part${pieces.length + 1}`,
    Action: pieceActions,
  });

  for (const action of statement.Action) {
    if (!fits([piece([action])])) {
      throw actionTooLarge(statement, action, maxChars);
    }

    if (actions.length > 0 && !fits([piece([...actions, action])])) {
      pieces.push(piece(actions));
      actions = [];
    }

    actions.push(action);
  }

  pieces.push(piece(actions));

  return pieces;
}

function sizeOf(
  statements: readonly PolicyStatement[],
  options: PolicySizeOptions,
): number {
  return policySize(renderPolicyDocument(statements), options);
}

function maxCharsOf(options: PolicySizeOptions): number {
  return options.maxChars ?? MANAGED_POLICY_MAX_CHARS;
}

function actionTooLarge(
  statement: PolicyStatement,
  action: string,
  maxChars: number,
): ScoutfloError {
  return new ScoutfloError({
    code: "POLICY_ACTION_TOO_LARGE",
    prop: "statements",
    value: action,
    message: `action "${action}" of statement ${statement.Sid} does not fit in one policy document of at most ${maxChars} characters, the IAM managed-policy limit: shorten the action pattern.`,
  });
}
