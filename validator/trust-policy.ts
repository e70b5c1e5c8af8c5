/**
 * Checks of a role's trust policy: does it let a principal call
 * sts:AssumeRole, and only with the expected ExternalId?
 *
 * NOTE: Deny statements, NotPrincipal and NotAction are not evaluated; a
 * trust policy that relies on them may pass here and still reject the
 * principal. AssumeRole itself is the final check.
 */
import { maskExternalId } from "../constructs/validation";
import { actionMatchesAny } from "../policies";
import type { ReportFinding, WarningCode } from "./report";

/** The principal a trust policy must trust. */
export type PrincipalMatcher =
  | { readonly kind: "account"; readonly accountId: string }
  | {
      readonly kind: "role";
      readonly accountId: string;
      readonly name: string;
      /** Full role ARN; without it any path matches. */
      readonly arn?: string;
    }
  | { readonly kind: "arn"; readonly accountId: string; readonly arn: string };

/** A trust policy statement, reduced to the fields the checks read. */
interface TrustStatement {
  readonly Effect?: string;
  readonly Action?: string | string[];
  readonly Principal?: string | Record<string, string | string[]>;
  readonly Condition?: Record<string, Record<string, string | string[]>>;
}

/** A parsed trust policy document. */
export interface TrustPolicy {
  readonly statements: readonly TrustStatement[];
}

/** Problems and warnings of a trust policy check. */
export interface TrustCheckResult {
  readonly problems: readonly ReportFinding[];
  readonly warnings: readonly ReportFinding<WarningCode>[];
}

/** Expectations a trust policy is checked against. */
export interface TrustExpectation {
  /** Name of the role, for messages. */
  readonly roleName: string;
  /** The principal that must be trusted; without it every principal the policy trusts is checked. */
  readonly principal?: PrincipalMatcher;
  /** How to name the principal in messages. */
  readonly principalLabel?: string;
  /** The ExternalId the policy must require. */
  readonly externalId?: string;
}

type ExternalIdCondition =
  | { readonly kind: "none" }
  | { readonly kind: "wrong-operator"; readonly operator: string }
  | { readonly kind: "values"; readonly values: readonly string[] };

const ROLE_ARN =
  /^arn:[a-z-]+:iam::(\d{12}):role\/(?:[\x21-\x7e]*\/)?([\w+=,.@-]+)$/;
const ASSUMED_ROLE_ARN =
  /^arn:[a-z-]+:sts::(\d{12}):assumed-role\/([\w+=,.@-]+)\/[^/]+$/;
const ROOT_ARN = /^arn:[a-z-]+:iam::(\d{12}):root$/;

/**
 * Parses the trust policy document IAM GetRole returns, which is
 * URL-encoded JSON; plain JSON is accepted too. Returns undefined when it
 * is not a policy document.
 */
export function parseTrustPolicy(document: string): TrustPolicy | undefined {
  const parsed = parseJson(safeDecode(document)) ?? parseJson(document);
  const statement = (parsed as { Statement?: unknown } | undefined)?.Statement;
  if (statement === undefined || statement === null) {
    return undefined;
  }

  const statements = Array.isArray(statement) ? statement : [statement];
  return { statements: statements as TrustStatement[] };
}

/** Builds the matcher of a configured Scoutflo principal: an account id, a root ARN or a role ARN. */
export function expectedPrincipalMatcher(value: string): PrincipalMatcher {
  if (/^\d{12}$/.test(value)) {
    return { kind: "account", accountId: value };
  }

  const root = ROOT_ARN.exec(value);
  if (root !== null) {
    return { kind: "account", accountId: root[1] };
  }

  const role = ROLE_ARN.exec(value);
  if (role !== null) {
    return { kind: "role", accountId: role[1], name: role[2], arn: value };
  }

  return { kind: "arn", accountId: value.split(":")[4] ?? "", arn: value };
}

/**
 * Builds the matcher of a caller from its GetCallerIdentity ARN: an
 * assumed-role session matches its role by account and name.
 */
export function callerPrincipalMatcher(callerArn: string): PrincipalMatcher {
  const session = ASSUMED_ROLE_ARN.exec(callerArn);
  if (session !== null) {
    return { kind: "role", accountId: session[1], name: session[2] };
  }

  return expectedPrincipalMatcher(callerArn);
}

/** Checks `policy` against `expectation` and returns every problem found. */
export function checkTrustPolicy(
  policy: TrustPolicy,
  expectation: TrustExpectation,
): TrustCheckResult {
  const label = expectation.principalLabel ?? "any principal";
  const trusting = trustingStatements(policy, expectation.principal);
  if (trusting.length === 0) {
    return {
      problems: [principalNotTrusted(expectation.roleName, label)],
      warnings: [],
    };
  }

  const warnings = trusting
    .filter((entry) => entry.viaAccount)
    .slice(0, 1)
    .map(() => trustedViaAccount(expectation.roleName, label));
  const problems = trusting.flatMap((entry) =>
    checkExternalIdCondition(entry.statement, expectation),
  );

  return { problems: distinctFindings(problems), warnings };
}

function trustingStatements(
  policy: TrustPolicy,
  principal: PrincipalMatcher | undefined,
): { statement: TrustStatement; viaAccount: boolean }[] {
  return policy.statements.flatMap((statement) => {
    if (statement.Effect !== "Allow" || !allowsAssumeRole(statement)) {
      return [];
    }

    const match = matchPrincipal(awsPrincipals(statement), principal);
    return match === "none"
      ? []
      : [{ statement, viaAccount: match === "account" }];
  });
}

function allowsAssumeRole(statement: TrustStatement): boolean {
  const actions = toList(statement.Action);
  return actionMatchesAny("sts:AssumeRole", actions);
}

function awsPrincipals(statement: TrustStatement): string[] {
  const principal = statement.Principal;
  if (principal === "*") {
    return ["*"];
  }

  if (typeof principal !== "object" || principal === null) {
    return [];
  }

  return toList(principal.AWS);
}

function matchPrincipal(
  entries: readonly string[],
  principal: PrincipalMatcher | undefined,
): "direct" | "account" | "none" {
  if (entries.length === 0) {
    return "none";
  }

  if (principal === undefined || entries.includes("*")) {
    return "direct";
  }

  if (entries.some((entry) => matchesDirectly(entry, principal))) {
    return "direct";
  }

  const account = principal.accountId;
  const trustsAccount = entries.some(
    (entry) => entry === account || ROOT_ARN.exec(entry)?.[1] === account,
  );
  return trustsAccount ? "account" : "none";
}

function matchesDirectly(entry: string, principal: PrincipalMatcher): boolean {
  switch (principal.kind) {
    case "account":
      return false;
    case "role": {
      if (principal.arn !== undefined) {
        return entry === principal.arn;
      }

      const role = ROLE_ARN.exec(entry);
      return role?.[1] === principal.accountId && role[2] === principal.name;
    }
    case "arn":
      return entry === principal.arn;
  }
}

function checkExternalIdCondition(
  statement: TrustStatement,
  expectation: TrustExpectation,
): ReportFinding[] {
  const condition = externalIdCondition(statement);
  const roleName = expectation.roleName;
  if (condition.kind === "none") {
    return [externalIdNotRequired(roleName)];
  }

  if (condition.kind === "wrong-operator") {
    return [externalIdWrongOperator(roleName, condition.operator)];
  }

  const expected = expectation.externalId;
  if (expected !== undefined && !condition.values.includes(expected)) {
    return [externalIdMismatch(roleName, condition.values, expected)];
  }

  return [];
}

function externalIdCondition(statement: TrustStatement): ExternalIdCondition {
  const operators = Object.entries(statement.Condition ?? {});
  let otherOperator: string | undefined;
  for (const [operator, keys] of operators) {
    const entry = Object.entries(keys ?? {}).find(
      ([key]) => key.toLowerCase() === "sts:externalid",
    );
    if (entry === undefined) {
      continue;
    }

    if (operator === "StringEquals") {
      return { kind: "values", values: toList(entry[1]) };
    }

    otherOperator = operator;
  }

  return otherOperator === undefined
    ? { kind: "none" }
    : { kind: "wrong-operator", operator: otherOperator };
}

function principalNotTrusted(roleName: string, label: string): ReportFinding {
  return {
    code: "PRINCIPAL_NOT_TRUSTED",
    subject: "trust-policy",
    message: `The trust policy of role ${roleName} does not allow ${label} to call sts:AssumeRole: add a statement with Effect "Allow", Principal {"AWS": "${label}"}, Action "sts:AssumeRole" and a StringEquals condition on sts:ExternalId.`,
  };
}

function trustedViaAccount(
  roleName: string,
  label: string,
): ReportFinding<WarningCode> {
  return {
    code: "PRINCIPAL_TRUSTED_VIA_ACCOUNT",
    subject: "trust-policy",
    message: `The trust policy of role ${roleName} trusts the whole account of ${label}, not ${label} alone: any principal of that account whose own policies allow sts:AssumeRole can assume the role with the ExternalId. Name ${label} in the Principal to narrow it.`,
  };
}

function externalIdNotRequired(roleName: string): ReportFinding {
  return {
    code: "EXTERNAL_ID_NOT_REQUIRED",
    subject: "trust-policy",
    message: `The trust policy of role ${roleName} lets the principal assume the role without an ExternalId: add the condition {"StringEquals": {"sts:ExternalId": "<ExternalId>"}} to every statement that allows sts:AssumeRole.`,
  };
}

function externalIdWrongOperator(
  roleName: string,
  operator: string,
): ReportFinding {
  return {
    code: "EXTERNAL_ID_WRONG_OPERATOR",
    subject: "trust-policy",
    message: `The trust policy of role ${roleName} tests sts:ExternalId with ${operator}, which can match values other than the ExternalId: use StringEquals.`,
  };
}

function externalIdMismatch(
  roleName: string,
  actual: readonly string[],
  expected: string,
): ReportFinding {
  const masked = actual.map((value) => `"${maskExternalId(value)}"`).join(", ");
  return {
    code: "EXTERNAL_ID_MISMATCH",
    subject: "trust-policy",
    message: `The trust policy of role ${roleName} requires the ExternalId ${masked}, which differs from the expected "${maskExternalId(expected)}" (values masked): set the StringEquals sts:ExternalId condition to the ExternalId Scoutflo gave you.`,
  };
}

function distinctFindings(findings: readonly ReportFinding[]): ReportFinding[] {
  const seen = new Set<string>();
  return findings.filter((finding) => {
    const key = `${finding.code}:${finding.message}`;
    if (seen.has(key)) {
      return false;
    }

    seen.add(key);
    return true;
  });
}

function toList(value: string | string[] | undefined): string[] {
  if (value === undefined) {
    return [];
  }

  return Array.isArray(value) ? value : [value];
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

function parseJson(value: string): unknown {
  try {
    return JSON.parse(value);
  } catch {
    return undefined;
  }
}
