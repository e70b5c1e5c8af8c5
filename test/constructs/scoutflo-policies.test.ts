import { describe, expect, it } from "vitest";
import {
  MANAGED_POLICY_MAX_CHARS,
  ScoutfloPolicies,
  ScoutfloRole,
  isScoutfloError,
  policySize,
  renderPolicyDocument,
  renderStatements,
  statementsForMode,
} from "../../constructs";
import type { CatalogStatement, ScoutfloRoleProps } from "../../constructs";
import { paddedCatalog } from "./padded-catalog";
import {
  EXTERNAL_ID,
  policyDocuments,
  resourcesOf,
  synthStack,
} from "./synth-helpers";
import type { SynthOutput } from "./synth-helpers";

const ROLE_PROPS: ScoutfloRoleProps = {
  mode: "read-only",
  scoutfloPrincipal: "123456789012",
  externalId: EXTERNAL_ID,
};

/** Longest ARN a role of the default name and path can have with an unknown partition. */
const MAX_ROLE_ARN = `arn:${"p".repeat(16)}:iam::123456789012:role/ScoutfloReadOnly`;

function synthPolicies(
  statements: readonly CatalogStatement[],
  roleProps: Partial<ScoutfloRoleProps> = {},
): SynthOutput {
  return synthStack((stack) => {
    const role = new ScoutfloRole(stack, "role", {
      ...ROLE_PROPS,
      ...roleProps,
    });
    new ScoutfloPolicies(stack, "policies", {
      mode: role.mode,
      role,
      statements,
    });
  });
}

/** Returns each base Sid (without `PartN`) with its actions in order. */
function actionsBySid(output: SynthOutput): Map<string, string[]> {
  const bySid = new Map<string, string[]>();
  for (const statement of policyDocuments(output).flatMap(
    (document) => document.Statement,
  )) {
    const sid = statement.Sid.replace(/Part\d+$/, "");
    bySid.set(sid, [...(bySid.get(sid) ?? []), ...statement.Action]);
  }

  return bySid;
}

describe("ScoutfloPolicies split", () => {
  const padded = paddedCatalog("read-only", 500, 400);

  it("splits a padded catalog into several policies", () => {
    const output = synthPolicies(padded);

    expect(resourcesOf(output, "aws_iam_policy").length).toBeGreaterThan(2);
  });

  it("keeps every policy under the limit", () => {
    const output = synthPolicies(padded);
    const roleName = Object.keys(output.json.resource?.aws_iam_role ?? {})[0];
    const reference = `\${aws_iam_role.${roleName}.arn}`;

    for (const policy of resourcesOf(output, "aws_iam_policy")) {
      const resolved = String(policy.policy)
        .split(reference)
        .join(MAX_ROLE_ARN);
      expect(policySize(resolved)).toBeLessThanOrEqual(
        MANAGED_POLICY_MAX_CHARS,
      );
    }
  });

  it("grants the union of the original actions", () => {
    const expected = new Map(
      padded.map((statement) => [statement.sid, [...statement.actions]]),
    );

    expect(actionsBySid(synthPolicies(padded))).toEqual(expected);
  });

  it("names and attaches the parts in order", () => {
    const output = synthPolicies(padded);
    const policies = output.json.resource?.aws_iam_policy ?? {};
    const names = Object.values(policies).map((policy) => policy.name);
    const attached = resourcesOf(output, "aws_iam_role_policy_attachment").map(
      (attachment) => attachment.policy_arn,
    );

    expect(names).toEqual(
      names.map((_, index) => `ScoutfloReadOnly-permissions-${index + 1}`),
    );
    expect(attached.sort()).toEqual(
      Object.keys(policies)
        .map((id) => `\${aws_iam_policy.${id}.arn}`)
        .sort(),
    );
  });

  it("synthesizes the same split twice", () => {
    expect(synthPolicies(padded).text).toBe(synthPolicies(padded).text);
  });

  it("counts a known arn at its length", () => {
    const construct: { value?: ScoutfloPolicies } = {};
    synthStack((stack) => {
      const role = new ScoutfloRole(stack, "role", {
        ...ROLE_PROPS,
        partition: "aws",
      });
      construct.value = new ScoutfloPolicies(stack, "policies", {
        mode: "read-only",
        role,
      });
    });
    const [document] = construct.value?.documents ?? [];
    const resolvedArn = "arn:aws:iam::123456789012:role/ScoutfloReadOnly";
    const literal = document.json.replace(/\$\{[^}]+\}/, resolvedArn);

    expect(document.size).toBe(policySize(literal));
  });
});

describe("ScoutfloPolicies size check", () => {
  it("splits when only the resolved arn passes the limit", () => {
    const base = statementsForMode("read-only");
    const filler = (length: number): CatalogStatement => ({
      ...base[0],
      sid: "Filler",
      actions: [`cloudwatch:Get${"X".repeat(length)}`],
    });
    const output = synthStack((stack) => {
      const role = new ScoutfloRole(stack, "role", ROLE_PROPS);
      const reference = `\${aws_iam_role.${stack.getLogicalId(role.resource)}.arn}`;
      const sizeWith = (length: number): number =>
        policySize(
          renderPolicyDocument(
            renderStatements([...base, filler(length)], reference),
          ),
        );
      const length = MANAGED_POLICY_MAX_CHARS - sizeWith(0);

      expect(sizeWith(length)).toBe(MANAGED_POLICY_MAX_CHARS);
      new ScoutfloPolicies(stack, "policies", {
        mode: "read-only",
        role,
        statements: [...base, filler(length)],
      });
    });

    expect(resourcesOf(output, "aws_iam_policy")).toHaveLength(2);
  });

  it("counts an unknown partition at its maximum length", () => {
    const construct: { value?: ScoutfloPolicies } = {};
    synthStack((stack) => {
      const role = new ScoutfloRole(stack, "role", ROLE_PROPS);
      construct.value = new ScoutfloPolicies(stack, "policies", {
        mode: "read-only",
        role,
      });
    });
    const [document] = construct.value?.documents ?? [];
    const literal = document.json.replace(/\$\{[^}]+\}/, MAX_ROLE_ARN);

    expect(document.size).toBe(policySize(literal));
  });
});

describe("ScoutfloPolicies catalog guard", () => {
  it("rejects a write action in read-only", () => {
    const statements: CatalogStatement[] = [
      ...statementsForMode("read-only"),
      {
        ...statementsForMode("read-only")[0],
        sid: "Extra",
        actions: ["eks:UpdateClusterConfig"],
      },
    ];
    let error: unknown;
    try {
      synthPolicies(statements);
    } catch (caught) {
      error = caught;
    }

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(
      "STATEMENT_WRITE_IN_READ_ONLY",
    );
  });

  it("rejects a pattern covering a write action in read-only", () => {
    const statements: CatalogStatement[] = [
      {
        ...statementsForMode("read-only")[0],
        sid: "Wide",
        actions: ["route53:Change*"],
      },
    ];
    let error: unknown;
    try {
      synthPolicies(statements);
    } catch (caught) {
      error = caught;
    }

    expect((error as { code: string }).code).toBe(
      "STATEMENT_WRITE_IN_READ_ONLY",
    );
  });

  it("accepts write actions in read-write", () => {
    const output = synthPolicies(statementsForMode("read-write"), {
      mode: "read-write",
    });

    expect(
      policyDocuments(output).flatMap((document) =>
        document.Statement.map((statement) => statement.Sid),
      ),
    ).toContain("ScoutfloWrite");
  });
});
