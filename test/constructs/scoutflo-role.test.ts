import {
  AnnotationMetadataEntryType,
  TerraformStack,
  TerraformVariable,
} from "cdktf";
import type { IConstruct } from "constructs";
import { describe, expect, it } from "vitest";
import {
  PLACEHOLDER_EXTERNAL_ID_WARNING_ID,
  ScoutfloRole,
  isScoutfloError,
} from "../../constructs";
import type { ScoutfloRoleProps } from "../../constructs";
import { EXTERNAL_ID, resourcesOf, synthStack } from "./synth-helpers";
import type { SynthOutput } from "./synth-helpers";

const ROLE_PROPS: ScoutfloRoleProps = {
  mode: "read-only",
  scoutfloPrincipal: "arn:aws:iam::123456789012:role/ScoutfloCollector",
  externalId: EXTERNAL_ID,
};

interface TrustStatement {
  Effect: string;
  Principal: { AWS: string };
  Action: string;
  Condition: { StringEquals: Record<string, string> };
}

function synthRole(props: Partial<ScoutfloRoleProps> = {}): SynthOutput {
  return synthStack((stack) => {
    new ScoutfloRole(stack, "role", { ...ROLE_PROPS, ...props });
  });
}

function roleOf(output: SynthOutput): Record<string, unknown> {
  const roles = resourcesOf(output, "aws_iam_role");
  expect(roles).toHaveLength(1);

  return roles[0];
}

function trustStatements(output: SynthOutput): TrustStatement[] {
  const trust = JSON.parse(String(roleOf(output).assume_role_policy));

  return trust.Statement as TrustStatement[];
}

function errorOf(build: () => void): unknown {
  try {
    build();
  } catch (error) {
    return error;
  }

  return undefined;
}

function warningsOf(construct: IConstruct): string[] {
  return construct.node.metadata
    .filter((entry) => entry.type === AnnotationMetadataEntryType.WARN)
    .map((entry) => String(entry.data));
}

describe("ScoutfloRole trust policy", () => {
  it("allows only sts:AssumeRole with the external id", () => {
    const statements = trustStatements(synthRole());

    expect(statements).toHaveLength(1);
    expect(statements[0].Effect).toBe("Allow");
    expect(statements[0].Action).toBe("sts:AssumeRole");
    expect(statements[0].Condition).toEqual({
      StringEquals: { "sts:ExternalId": EXTERNAL_ID },
    });
  });

  it("trusts a role arn as given", () => {
    const [statement] = trustStatements(synthRole());

    expect(statement.Principal).toEqual({
      AWS: "arn:aws:iam::123456789012:role/ScoutfloCollector",
    });
  });

  it("trusts an account id as its root in the partition", () => {
    const output = synthRole({ scoutfloPrincipal: "210987654321" });
    const [statement] = trustStatements(output);
    const partitions = Object.keys(output.json.data?.aws_partition ?? {});

    expect(partitions).toHaveLength(1);
    expect(statement.Principal.AWS).toBe(
      `arn:\${data.aws_partition.${partitions[0]}.partition}:iam::210987654321:root`,
    );
  });

  it("uses a given partition without a data source", () => {
    const output = synthRole({
      scoutfloPrincipal: "210987654321",
      partition: "aws-cn",
    });
    const [statement] = trustStatements(output);

    expect(statement.Principal.AWS).toBe("arn:aws-cn:iam::210987654321:root");
    expect(output.json.data?.aws_partition).toBeUndefined();
  });

  it("references an external id variable", () => {
    const output = synthStack((stack: TerraformStack) => {
      const externalId = new TerraformVariable(stack, "external_id", {
        type: "string",
        sensitive: true,
      });
      new ScoutfloRole(stack, "role", {
        ...ROLE_PROPS,
        externalId: externalId.stringValue,
      });
    });
    const [statement] = trustStatements(output);

    expect(statement.Condition.StringEquals["sts:ExternalId"]).toBe(
      "${var.external_id}",
    );
    expect(output.text).not.toContain(EXTERNAL_ID);
  });
});

describe("ScoutfloRole options", () => {
  it("uses the mode's default name, path and one hour", () => {
    const role = roleOf(synthRole());

    expect(role.name).toBe("ScoutfloReadOnly");
    expect(role.path).toBe("/");
    expect(role.max_session_duration).toBe(3600);
    expect(role.permissions_boundary).toBeUndefined();
    expect(role.managed_policy_arns).toBeUndefined();
    expect(role.inline_policy).toBeUndefined();
  });

  it("names a read-write role ScoutfloReadWrite", () => {
    expect(roleOf(synthRole({ mode: "read-write" })).name).toBe(
      "ScoutfloReadWrite",
    );
  });

  it("sets every option", () => {
    const role = roleOf(
      synthRole({
        roleName: "CustomScoutflo",
        path: "/scoutflo/",
        permissionsBoundaryArn: "arn:aws:iam::111122223333:policy/Boundary",
        maxSessionDurationHours: 12,
        tags: { team: "platform" },
      }),
    );

    expect(role.name).toBe("CustomScoutflo");
    expect(role.path).toBe("/scoutflo/");
    expect(role.permissions_boundary).toBe(
      "arn:aws:iam::111122223333:policy/Boundary",
    );
    expect(role.max_session_duration).toBe(43200);
    expect(role.tags).toEqual({ team: "platform" });
  });

  it("counts the maximum arn length", () => {
    synthStack((stack) => {
      const role = new ScoutfloRole(stack, "role", {
        ...ROLE_PROPS,
        partition: "aws",
        path: "/scoutflo/",
      });
      const arn = "arn:aws:iam::111122223333:role/scoutflo/ScoutfloReadOnly";

      expect(role.maxRoleArnLength()).toBe(arn.length);
    });
  });

  it("is recognized by its type guard", () => {
    synthStack((stack) => {
      const role = new ScoutfloRole(stack, "role", ROLE_PROPS);

      expect(ScoutfloRole.isScoutfloRole(role)).toBe(true);
      expect(ScoutfloRole.isScoutfloRole(stack)).toBe(false);
    });
  });

  it("rejects an invalid partition", () => {
    let error: unknown;
    try {
      synthRole({ partition: "gov" });
    } catch (caught) {
      error = caught;
    }

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe("PARTITION_INVALID");
  });
});

describe("ScoutfloRole session duration", () => {
  it.each([
    ["1.1 hours", 1.1, 3960],
    ["2.2 hours", 2.2, 7920],
    ["4.1 hours", 4.1, 14760],
    ["8.2 hours", 8.2, 29520],
    ["1.5 hours", 1.5, 5400],
  ])("%s is whole seconds", (_name, hours, seconds) => {
    const role = roleOf(synthRole({ maxSessionDurationHours: hours }));

    expect(role.max_session_duration).toBe(seconds);
  });
});

describe("ScoutfloRole placeholder external id", () => {
  const placeholders = [
    ["example value", "replace-with-the-external-id-from-scoutflo"],
    ["upper case", "REPLACE_WITH_YOUR_EXTERNAL_ID"],
    ["example", "my-example-external-id-0001"],
    ["changeme", "changeme-changeme-changeme"],
    ["change-me", "Change-Me-Before-Deploy-0001"],
  ];

  it.each(placeholders)("warns on %s", (_name, externalId) => {
    synthStack((stack) => {
      const role = new ScoutfloRole(stack, "role", {
        ...ROLE_PROPS,
        externalId,
      });
      const warnings = warningsOf(role);

      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toContain(`[${PLACEHOLDER_EXTERNAL_ID_WARNING_ID}]`);
      expect(warnings[0]).toContain("cdktf deploy");
      expect(warnings[0]).not.toContain(externalId);
    });
  });

  it("does not warn on a random value", () => {
    synthStack((stack) => {
      const role = new ScoutfloRole(stack, "role", ROLE_PROPS);

      expect(warningsOf(role)).toEqual([]);
    });
  });

  it("does not warn on a variable", () => {
    synthStack((stack) => {
      const variable = new TerraformVariable(stack, "external_id", {
        type: "string",
        sensitive: true,
      });
      const role = new ScoutfloRole(stack, "role", {
        ...ROLE_PROPS,
        externalId: variable.stringValue,
      });

      expect(warningsOf(role)).toEqual([]);
    });
  });
});

describe("ScoutfloRole name in a stack", () => {
  it.each([
    ["both default", {}, {}],
    ["same explicit name", { roleName: "Scoutflo" }, { roleName: "Scoutflo" }],
    [
      "name differs in case",
      { roleName: "Scoutflo" },
      { roleName: "SCOUTFLO" },
    ],
  ])("rejects a second role with %s", (_name, first, second) => {
    const error = errorOf(() =>
      synthStack((stack) => {
        new ScoutfloRole(stack, "first", { ...ROLE_PROPS, ...first });
        new ScoutfloRole(stack, "second", { ...ROLE_PROPS, ...second });
      }),
    );

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe("ROLE_NAME_DUPLICATE");
    expect((error as { prop: string }).prop).toBe("roleName");
    expect((error as Error).message).toContain("test/first");
  });

  it("accepts distinct names", () => {
    const output = synthStack((stack) => {
      new ScoutfloRole(stack, "first", ROLE_PROPS);
      new ScoutfloRole(stack, "second", { ...ROLE_PROPS, roleName: "Other" });
    });

    expect(resourcesOf(output, "aws_iam_role")).toHaveLength(2);
  });

  it("accepts the same name in two stacks", () => {
    const first = synthRole();
    const second = synthRole();

    expect(roleOf(first).name).toBe(roleOf(second).name);
  });
});
