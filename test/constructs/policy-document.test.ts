import { describe, expect, it } from "vitest";
import {
  MANAGED_POLICY_MAX_CHARS,
  isScoutfloError,
  policySize,
  renderPolicies,
  renderPolicyDocument,
  renderStatements,
  splitStatements,
  statementsForMode,
} from "../../constructs";
import type { PolicyStatement } from "../../constructs";
import { paddedCatalog } from "./padded-catalog";

const ROLE_ARN = "arn:aws:iam::111122223333:role/ScoutfloReadOnly";

/** Returns `resource -> base Sid -> actions` in order, with `PartN` suffixes removed. */
function actionsBySid(
  statements: readonly PolicyStatement[],
): Map<string, string[]> {
  const bySid = new Map<string, string[]>();
  for (const statement of statements) {
    const key = `${statement.Resource} ${statement.Sid.replace(/Part\d+$/, "")}`;
    bySid.set(key, [...(bySid.get(key) ?? []), ...statement.Action]);
  }

  return bySid;
}

describe("renderStatements", () => {
  it("renders every catalog statement of the mode", () => {
    const catalog = statementsForMode("read-write");
    const statements = renderStatements(catalog, ROLE_ARN);

    expect(statements.map((statement) => statement.Sid)).toEqual(
      catalog.map((statement) => statement.sid),
    );
    expect(statements.flatMap((statement) => statement.Action)).toEqual(
      catalog.flatMap((statement) => statement.actions),
    );
  });

  it("scopes own-role statements to the role arn", () => {
    const statements = renderStatements(
      statementsForMode("read-only"),
      ROLE_ARN,
    );
    const preflight = statements.find(
      (statement) => statement.Sid === "ScoutfloSelfPreflight",
    );
    const others = statements.filter(
      (statement) => statement.Sid !== "ScoutfloSelfPreflight",
    );

    expect(preflight?.Resource).toBe(ROLE_ARN);
    expect(new Set(others.map((statement) => statement.Resource))).toEqual(
      new Set(["*"]),
    );
  });
});

describe("policySize", () => {
  it("does not count whitespace", () => {
    expect(policySize('{ "a" : [ "b c" ] }\n')).toBe('{"a":["bc"]}'.length);
  });

  it("counts a placeholder at its maximum length", () => {
    const json = renderPolicyDocument([
      {
        Sid: "S",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: "${REF}",
      },
    ]);
    const resolved = json.replace("${REF}", "x".repeat(100));

    expect(policySize(json, { placeholders: { "${REF}": 100 } })).toBe(
      resolved.length,
    );
  });
});

describe("splitStatements", () => {
  it("keeps the real catalog in one document", () => {
    for (const mode of ["read-only", "read-write"] as const) {
      const parts = splitStatements(
        renderStatements(statementsForMode(mode), ROLE_ARN),
      );

      expect(parts).toHaveLength(1);
    }
  });

  it("splits a padded catalog under the limit", () => {
    const statements = renderStatements(
      paddedCatalog("read-only", 500),
      ROLE_ARN,
    );
    const options = { placeholders: { [ROLE_ARN]: 700 } };
    const parts = splitStatements(statements, options);

    expect(
      policySize(renderPolicyDocument(statements), options),
    ).toBeGreaterThan(MANAGED_POLICY_MAX_CHARS);
    expect(parts.length).toBeGreaterThan(1);
    for (const part of parts) {
      expect(
        policySize(renderPolicyDocument(part), options),
      ).toBeLessThanOrEqual(MANAGED_POLICY_MAX_CHARS);
    }
  });

  it("keeps the union of actions per statement", () => {
    const statements = renderStatements(
      paddedCatalog("read-write", 500, 400),
      ROLE_ARN,
    );
    const parts = splitStatements(statements);

    expect(actionsBySid(parts.flat())).toEqual(actionsBySid(statements));
  });

  it("keeps the statement order", () => {
    const statements = renderStatements(
      paddedCatalog("read-write", 500, 400),
      ROLE_ARN,
    );
    const parts = splitStatements(statements);
    const baseSids = parts
      .flat()
      .map((statement) => statement.Sid.replace(/Part\d+$/, ""));

    expect([...new Set(baseSids)]).toEqual(
      statements.map((statement) => statement.Sid),
    );
  });

  it("cuts an oversized statement into numbered parts", () => {
    const statements = renderStatements(
      paddedCatalog("read-only", 0, 400),
      ROLE_ARN,
    );
    const sids = splitStatements(statements)
      .flat()
      .map((statement) => statement.Sid)
      .filter((sid) => sid.startsWith("ScoutfloOversized"));

    expect(sids.length).toBeGreaterThan(1);
    expect(sids).toEqual(
      sids.map((_, index) => `ScoutfloOversizedPart${index + 1}`),
    );
  });

  it("gives unique Sids within each document", () => {
    const parts = splitStatements(
      renderStatements(paddedCatalog("read-write", 500, 400), ROLE_ARN),
    );

    for (const part of parts) {
      const sids = part.map((statement) => statement.Sid);
      expect(new Set(sids).size).toBe(sids.length);
    }
  });

  it("splits the same input the same way", () => {
    const first = renderPolicies(
      renderStatements(paddedCatalog("read-write", 500, 400), ROLE_ARN),
    );
    const second = renderPolicies(
      renderStatements(paddedCatalog("read-write", 500, 400), ROLE_ARN),
    );

    expect(second.map((policy) => policy.json)).toEqual(
      first.map((policy) => policy.json),
    );
  });

  it("does not modify its input", () => {
    const statements = renderStatements(
      paddedCatalog("read-only", 500, 400),
      ROLE_ARN,
    );
    const copy = JSON.parse(JSON.stringify(statements));
    splitStatements(statements);

    expect(statements).toEqual(copy);
  });

  it("rejects an action larger than a document", () => {
    const statements: PolicyStatement[] = [
      {
        Sid: "Huge",
        Effect: "Allow",
        Action: [`s3:${"G".repeat(7000)}`],
        Resource: "*",
      },
    ];
    let error: unknown;
    try {
      splitStatements(statements);
    } catch (caught) {
      error = caught;
    }

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe("POLICY_ACTION_TOO_LARGE");
  });
});

describe("renderPolicies", () => {
  it("reports each document's size", () => {
    const options = { placeholders: { [ROLE_ARN]: 700 } };
    const policies = renderPolicies(
      renderStatements(paddedCatalog("read-only", 500), ROLE_ARN),
      options,
    );

    for (const policy of policies) {
      expect(policy.size).toBe(policySize(policy.json, options));
      expect(JSON.parse(policy.json)).toEqual(policy.document);
    }
  });
});
