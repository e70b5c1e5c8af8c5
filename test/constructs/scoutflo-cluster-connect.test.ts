import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  EKS_WRITE_POLICY_NAMES,
  ERROR_CODES,
  EksAccess,
  ScoutfloClusterConnect,
  ScoutfloPolicies,
  actionMatches,
  isScoutfloError,
  statementsForMode,
  writeOnlyActions,
} from "../../constructs";
import type {
  AccessMode,
  ErrorCode,
  ScoutfloClusterConnectProps,
} from "../../constructs";
import {
  BASE_PROPS,
  EXTERNAL_ID,
  grantedActions,
  policyDocuments,
  resourcesOf,
  synthConnect,
  synthStack,
} from "./synth-helpers";

const MODES: AccessMode[] = ["read-only", "read-write"];

/** Codes that the role, policies and splitter tests cover. */
const CODES_TESTED_ELSEWHERE: ErrorCode[] = [
  "OUTPUT_PREFIX_DUPLICATE",
  "ROLE_NAME_DUPLICATE",
  "PARTITION_INVALID",
  "STATEMENT_WRITE_IN_READ_ONLY",
  "POLICY_ACTION_TOO_LARGE",
];

function errorOf(props: Partial<ScoutfloClusterConnectProps>): unknown {
  try {
    synthConnect(props);
  } catch (error) {
    return error;
  }

  return undefined;
}

describe("ScoutfloClusterConnect permissions", () => {
  it.each(MODES)("%s grants exactly the catalog actions", (mode) => {
    const expected = statementsForMode(mode).flatMap(
      (statement) => statement.actions,
    );

    expect(grantedActions(synthConnect({ mode }))).toEqual(expected);
  });

  it.each(MODES)("%s renders each catalog statement once", (mode) => {
    const sids = policyDocuments(synthConnect({ mode })).flatMap((document) =>
      document.Statement.map((statement) => statement.Sid),
    );

    expect(sids).toEqual(
      statementsForMode(mode).map((statement) => statement.sid),
    );
  });

  it("read-only grants no write-only action", () => {
    const granted = grantedActions(synthConnect({ mode: "read-only" }));

    for (const writeAction of writeOnlyActions()) {
      const covering = granted.filter((action) =>
        actionMatches(writeAction, action),
      );
      expect(covering, writeAction).toEqual([]);
    }
  });

  it("read-only output names no write access", () => {
    const { text } = synthConnect({
      mode: "read-only",
      clusters: [
        { clusterName: "prod" },
        { clusterName: "dev", namespaces: ["apps"] },
      ],
    });

    for (const name of [...writeOnlyActions(), ...EKS_WRITE_POLICY_NAMES]) {
      expect(text, name).not.toContain(name);
    }
  });

  it("read-write grants the write actions", () => {
    const granted = grantedActions(synthConnect({ mode: "read-write" }));

    expect(granted).toEqual(expect.arrayContaining([...writeOnlyActions()]));
  });

  it("scopes the self-preflight statement to the role arn", () => {
    const output = synthConnect();
    const roleName = Object.keys(output.json.resource?.aws_iam_role ?? {})[0];
    const preflight = policyDocuments(output)
      .flatMap((document) => document.Statement)
      .find((statement) => statement.Sid === "ScoutfloSelfPreflight");

    expect(preflight?.Resource).toBe(`\${aws_iam_role.${roleName}.arn}`);
  });

  it("attaches each policy with its own attachment", () => {
    const output = synthConnect();
    const policies = Object.keys(output.json.resource?.aws_iam_policy ?? {});
    const attachments = resourcesOf(output, "aws_iam_role_policy_attachment");

    expect(attachments.map((attachment) => attachment.policy_arn)).toEqual(
      policies.map((name) => `\${aws_iam_policy.${name}.arn}`),
    );
  });

  it("stores each document as a literal JSON string", () => {
    for (const policy of resourcesOf(synthConnect(), "aws_iam_policy")) {
      expect(typeof policy.policy).toBe("string");
      expect(String(policy.policy)).not.toContain("jsonencode");
    }
  });

  it("uses no policy document data source", () => {
    expect(synthConnect().json.data?.aws_iam_policy_document).toBeUndefined();
  });
});

describe("ScoutfloClusterConnect EKS access", () => {
  const clusters = [{ clusterName: "prod" }, { clusterName: "staging" }];

  it("creates one entry and one association per cluster", () => {
    const output = synthConnect({ clusters });
    const entries = resourcesOf(output, "aws_eks_access_entry");
    const associations = resourcesOf(
      output,
      "aws_eks_access_policy_association",
    );

    expect(entries.map((entry) => entry.cluster_name).sort()).toEqual([
      "prod",
      "staging",
    ]);
    expect(associations).toHaveLength(2);
  });

  it("makes each entry a STANDARD entry for the role", () => {
    const output = synthConnect({ clusters });
    const roleName = Object.keys(output.json.resource?.aws_iam_role ?? {})[0];

    for (const entry of resourcesOf(output, "aws_eks_access_entry")) {
      expect(entry.type).toBe("STANDARD");
      expect(entry.principal_arn).toBe(`\${aws_iam_role.${roleName}.arn}`);
    }
  });

  it("makes each association depend on its cluster's entry", () => {
    const output = synthConnect({ clusters });
    const entries = output.json.resource?.aws_eks_access_entry ?? {};
    const associations =
      output.json.resource?.aws_eks_access_policy_association ?? {};

    for (const association of Object.values(associations)) {
      const [dependency] = association.depends_on as string[];
      const entryName = dependency.replace("aws_eks_access_entry.", "");

      expect(association.depends_on).toHaveLength(1);
      expect(entries[entryName]).toBeDefined();
      expect(association.cluster_name).toBe(
        `\${aws_eks_access_entry.${entryName}.cluster_name}`,
      );
      expect(association.principal_arn).toBe(
        `\${aws_eks_access_entry.${entryName}.principal_arn}`,
      );
    }
  });

  it.each([
    ["read-only", "AmazonEKSAdminViewPolicy"],
    ["read-write", "AmazonEKSClusterAdminPolicy"],
  ] as const)("%s associates %s cluster-wide", (mode, policyName) => {
    const output = synthConnect({ mode, clusters });
    const partition = Object.keys(output.json.data?.aws_partition ?? {})[0];

    for (const association of resourcesOf(
      output,
      "aws_eks_access_policy_association",
    )) {
      expect(association.policy_arn).toBe(
        `arn:\${data.aws_partition.${partition}.partition}:eks::aws:cluster-access-policy/${policyName}`,
      );
      expect(association.access_scope).toEqual({ type: "cluster" });
    }
  });

  it("limits an association to namespaces", () => {
    const output = synthConnect({
      clusters: [{ clusterName: "prod", namespaces: ["apps", "monitoring"] }],
    });
    const [association] = resourcesOf(
      output,
      "aws_eks_access_policy_association",
    );

    expect(association.access_scope).toEqual({
      type: "namespace",
      namespaces: ["apps", "monitoring"],
    });
  });

  it("overrides the access policy per cluster", () => {
    const output = synthConnect({
      partition: "aws",
      clusters: [
        { clusterName: "prod", accessPolicy: "AmazonEKSViewPolicy" },
        { clusterName: "dev" },
      ],
    });
    const arns = resourcesOf(output, "aws_eks_access_policy_association").map(
      (association) => association.policy_arn,
    );

    expect(arns.sort()).toEqual([
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
    ]);
  });

  it("creates no EKS resource without clusters", () => {
    const output = synthConnect();

    expect(output.json.resource?.aws_eks_access_entry).toBeUndefined();
    expect(
      output.json.resource?.aws_eks_access_policy_association,
    ).toBeUndefined();
  });
});

describe("ScoutfloClusterConnect outputs", () => {
  it("outputs role_arn, role_name and mode", () => {
    const outputs = synthConnect({ mode: "read-write" }).json.output ?? {};

    expect(Object.keys(outputs).sort()).toEqual([
      "mode",
      "role_arn",
      "role_name",
    ]);
    expect(outputs.mode.value).toBe("read-write");
    expect(String(outputs.role_arn.value)).toMatch(
      /^\$\{aws_iam_role\..+\.arn\}$/,
    );
    expect(String(outputs.role_name.value)).toMatch(
      /^\$\{aws_iam_role\..+\.name\}$/,
    );
  });

  it("never outputs the external id", () => {
    const outputs = synthConnect().json.output ?? {};

    expect(JSON.stringify(outputs)).not.toContain(EXTERNAL_ID);
  });

  it("prefixes output names", () => {
    const outputs = synthConnect({ outputPrefix: "prod_" }).json.output ?? {};

    expect(Object.keys(outputs).sort()).toEqual([
      "prod_mode",
      "prod_role_arn",
      "prod_role_name",
    ]);
  });

  it("exposes its parts", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "parts");
    const connect = new ScoutfloClusterConnect(stack, "connect", {
      ...BASE_PROPS,
      clusters: [{ clusterName: "prod" }],
    });

    expect(ScoutfloClusterConnect.isScoutfloClusterConnect(connect)).toBe(true);
    expect(ScoutfloPolicies.isScoutfloPolicies(connect.policies)).toBe(true);
    expect(
      connect.eksAccess.map((access) => EksAccess.isEksAccess(access)),
    ).toEqual([true]);
    expect(connect.role.roleName).toBe("ScoutfloReadOnly");
  });
});

describe("ScoutfloClusterConnect twice in a stack", () => {
  function buildTwo(
    first: Partial<ScoutfloClusterConnectProps>,
    second: Partial<ScoutfloClusterConnectProps>,
  ): unknown {
    try {
      synthStack((stack) => {
        new ScoutfloClusterConnect(stack, "first", { ...BASE_PROPS, ...first });
        new ScoutfloClusterConnect(stack, "second", {
          ...BASE_PROPS,
          ...second,
        });
      });
    } catch (error) {
      return error;
    }

    return undefined;
  }

  it.each([
    ["no prefix on either", {}, { roleName: "Other" }],
    [
      "same prefix",
      { outputPrefix: "prod_" },
      { outputPrefix: "prod_", roleName: "Other" },
    ],
  ])("rejects %s", (_name, first, second) => {
    const error = buildTwo(first, second);

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe("OUTPUT_PREFIX_DUPLICATE");
    expect((error as { prop: string }).prop).toBe("outputPrefix");
    expect((error as Error).message).toContain("test/first");
  });

  it("rejects the same role name", () => {
    const error = buildTwo({ outputPrefix: "a_" }, { outputPrefix: "b_" });

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe("ROLE_NAME_DUPLICATE");
    expect((error as Error).message).toContain('"ScoutfloReadOnly"');
  });

  it("keeps both outputs with distinct prefixes and names", () => {
    const output = synthStack((stack) => {
      new ScoutfloClusterConnect(stack, "first", {
        ...BASE_PROPS,
        outputPrefix: "a_",
      });
      new ScoutfloClusterConnect(stack, "second", {
        ...BASE_PROPS,
        outputPrefix: "b_",
        roleName: "Other",
      });
    });

    expect(Object.keys(output.json.output ?? {}).sort()).toEqual([
      "a_mode",
      "a_role_arn",
      "a_role_name",
      "b_mode",
      "b_role_arn",
      "b_role_name",
    ]);
  });

  it("allows the same prefix in two stacks", () => {
    const first = synthConnect({ outputPrefix: "prod_" });
    const second = synthConnect({ outputPrefix: "prod_" });

    expect(Object.keys(first.json.output ?? {})).toEqual(
      Object.keys(second.json.output ?? {}),
    );
  });
});

describe("ScoutfloClusterConnect synthesis", () => {
  it("synthesizes the same output twice", () => {
    const props = {
      clusters: [{ clusterName: "prod" }],
      mode: "read-write",
    } as const;

    expect(synthConnect(props).text).toBe(synthConnect(props).text);
  });
});

describe("ScoutfloClusterConnect props errors", () => {
  const cases: [
    string,
    Partial<ScoutfloClusterConnectProps>,
    ErrorCode,
    string,
  ][] = [
    ["mode unknown", { mode: "admin" as AccessMode }, "MODE_INVALID", "mode"],
    [
      "external id missing",
      { externalId: "" },
      "EXTERNAL_ID_MISSING",
      "externalId",
    ],
    [
      "external id too short",
      { externalId: "short-id-123" },
      "EXTERNAL_ID_TOO_SHORT",
      "externalId",
    ],
    [
      "external id too long",
      { externalId: "x".repeat(1225) },
      "EXTERNAL_ID_TOO_LONG",
      "externalId",
    ],
    [
      "external id characters",
      { externalId: "scoutflo external id" },
      "EXTERNAL_ID_INVALID_CHARACTERS",
      "externalId",
    ],
    [
      "external id account id",
      { externalId: "123456789012" },
      "EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID",
      "externalId",
    ],
    [
      "principal missing",
      { scoutfloPrincipal: "" },
      "SCOUTFLO_PRINCIPAL_MISSING",
      "scoutfloPrincipal",
    ],
    [
      "principal invalid",
      { scoutfloPrincipal: "scoutflo" },
      "SCOUTFLO_PRINCIPAL_INVALID",
      "scoutfloPrincipal",
    ],
    [
      "role name invalid",
      { roleName: "Scoutflo Role" },
      "ROLE_NAME_INVALID",
      "roleName",
    ],
    [
      "role name too long",
      { roleName: "R".repeat(65) },
      "ROLE_NAME_TOO_LONG",
      "roleName",
    ],
    ["path invalid", { path: "scoutflo" }, "ROLE_PATH_INVALID", "path"],
    [
      "boundary invalid",
      { permissionsBoundaryArn: "arn:aws:s3:::bucket" },
      "PERMISSIONS_BOUNDARY_INVALID",
      "permissionsBoundaryArn",
    ],
    [
      "session too long",
      { maxSessionDurationHours: 24 },
      "MAX_SESSION_DURATION_INVALID",
      "maxSessionDurationHours",
    ],
    [
      "tags too many",
      {
        tags: Object.fromEntries(
          Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]),
        ),
      },
      "TAGS_TOO_MANY",
      "tags",
    ],
    [
      "tag key invalid",
      { tags: { "aws:team": "x" } },
      "TAG_KEY_INVALID",
      "tags.aws:team",
    ],
    [
      "tag value invalid",
      { tags: { team: "a|b" } },
      "TAG_VALUE_INVALID",
      "tags.team",
    ],
    [
      "cluster name invalid",
      { clusters: [{ clusterName: "prod east" }] },
      "CLUSTER_NAME_INVALID",
      "clusters[0].clusterName",
    ],
    [
      "cluster duplicate",
      { clusters: [{ clusterName: "prod" }, { clusterName: "prod" }] },
      "CLUSTER_DUPLICATE",
      "clusters[1].clusterName",
    ],
    [
      "access policy invalid",
      { clusters: [{ clusterName: "prod", accessPolicy: "eks:view" }] },
      "ACCESS_POLICY_INVALID",
      "clusters[0].accessPolicy",
    ],
    [
      "write policy in read-only",
      {
        clusters: [
          { clusterName: "prod", accessPolicy: "AmazonEKSClusterAdminPolicy" },
        ],
      },
      "ACCESS_POLICY_WRITE_IN_READ_ONLY",
      "clusters[0].accessPolicy",
    ],
    [
      "namespaces empty",
      { clusters: [{ clusterName: "prod", namespaces: [] }] },
      "NAMESPACES_EMPTY",
      "clusters[0].namespaces",
    ],
    [
      "namespace invalid",
      { clusters: [{ clusterName: "prod", namespaces: ["Apps"] }] },
      "NAMESPACE_INVALID",
      "clusters[0].namespaces[0]",
    ],
    [
      "namespace duplicate",
      { clusters: [{ clusterName: "prod", namespaces: ["apps", "apps"] }] },
      "NAMESPACE_DUPLICATE",
      "clusters[0].namespaces[1]",
    ],
    [
      "output prefix invalid",
      { outputPrefix: "1prod" },
      "OUTPUT_PREFIX_INVALID",
      "outputPrefix",
    ],
    [
      "session not whole seconds",
      { maxSessionDurationHours: 1.0001 },
      "MAX_SESSION_DURATION_NOT_WHOLE_SECONDS",
      "maxSessionDurationHours",
    ],
    [
      "access policy not read-only",
      {
        clusters: [{ clusterName: "prod", accessPolicy: "AmazonEMRJobPolicy" }],
      },
      "ACCESS_POLICY_NOT_READ_ONLY",
      "clusters[0].accessPolicy",
    ],
    [
      "external id a number",
      { externalId: 1234567890123456 as unknown as string },
      "PROP_TYPE_INVALID",
      "externalId",
    ],
    [
      "principal a number",
      { scoutfloPrincipal: 123456789012 as unknown as string },
      "PROP_TYPE_INVALID",
      "scoutfloPrincipal",
    ],
    [
      "clusters a string",
      { clusters: "prod" as unknown as [] },
      "PROP_TYPE_INVALID",
      "clusters",
    ],
    [
      "cluster null",
      { clusters: [null as unknown as { clusterName: string }] },
      "PROP_TYPE_INVALID",
      "clusters[0]",
    ],
    [
      "cluster a string",
      { clusters: ["prod" as unknown as { clusterName: string }] },
      "PROP_TYPE_INVALID",
      "clusters[0]",
    ],
    [
      "namespaces a string",
      {
        clusters: [
          { clusterName: "prod", namespaces: "apps" as unknown as string[] },
        ],
      },
      "PROP_TYPE_INVALID",
      "clusters[0].namespaces",
    ],
    [
      "tags a string",
      { tags: "team=platform" as unknown as Record<string, string> },
      "PROP_TYPE_INVALID",
      "tags",
    ],
    [
      "tags null",
      { tags: null as unknown as Record<string, string> },
      "PROP_TYPE_INVALID",
      "tags",
    ],
    [
      "session a string",
      { maxSessionDurationHours: "2" as unknown as number },
      "PROP_TYPE_INVALID",
      "maxSessionDurationHours",
    ],
  ];

  it.each(cases)("%s", (_name, props, code, prop) => {
    const error = errorOf(props);

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(code);
    expect((error as { prop: string }).prop).toBe(prop);
  });

  it("covers every error code", () => {
    const tested = new Set([
      ...cases.map(([, , code]) => code),
      ...CODES_TESTED_ELSEWHERE,
    ]);

    expect(ERROR_CODES.filter((code) => !tested.has(code))).toEqual([]);
  });

  it("rejects undefined props", () => {
    const stack = new TerraformStack(Testing.app(), "stack");
    let error: unknown;
    try {
      new ScoutfloClusterConnect(
        stack,
        "scoutflo",
        undefined as unknown as ScoutfloClusterConnectProps,
      );
    } catch (caught) {
      error = caught;
    }

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe("PROP_TYPE_INVALID");
    expect((error as { prop: string }).prop).toBe("props");
  });

  it("masks the external id in the error", () => {
    const secret = "scoutflo external id 0123456789";
    const error = errorOf({ externalId: secret }) as Error & { value: unknown };

    expect(error.message).not.toContain(secret);
    expect(error.value).not.toBe(secret);
    expect(error.message).toContain("scou****");
  });

  it("names the value and the fix in the message", () => {
    const error = errorOf({ path: "scoutflo" }) as Error;

    expect(error.message).toContain('"scoutflo"');
    expect(error.message).toContain('"/scoutflo/"');
  });

  it("allows a write policy in read-write", () => {
    const output = synthConnect({
      mode: "read-write",
      partition: "aws",
      clusters: [{ clusterName: "prod", accessPolicy: "AmazonEKSEditPolicy" }],
    });
    const [association] = resourcesOf(
      output,
      "aws_eks_access_policy_association",
    );

    expect(association.policy_arn).toBe(
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy",
    );
  });
});
