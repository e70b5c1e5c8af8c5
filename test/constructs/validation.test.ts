import { TerraformStack, TerraformVariable, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  ScoutfloError,
  assertValid,
  checkClusterAccess,
  checkClusters,
  checkExternalId,
  checkRoleOptions,
  checkScoutfloPrincipal,
  isScoutfloError,
  isPlaceholderExternalId,
  maskExternalId,
  sessionDurationSeconds,
} from "../../constructs";
import type { ErrorCode, Finding } from "../../constructs";

const VALID_EXTERNAL_ID = "Abc123+=,.@:/-_xyz";

describe("checkExternalId", () => {
  const cases: [string, unknown, ErrorCode][] = [
    ["external id missing", undefined, "EXTERNAL_ID_MISSING"],
    ["external id empty", "", "EXTERNAL_ID_MISSING"],
    ["external id null", null, "EXTERNAL_ID_MISSING"],
    ["external id a number", 1234567890123456, "PROP_TYPE_INVALID"],
    ["external id an object", { value: "x" }, "PROP_TYPE_INVALID"],
    ["external id too short", "abcdefghijklmno", "EXTERNAL_ID_TOO_SHORT"],
    ["external id too long", "a".repeat(1225), "EXTERNAL_ID_TOO_LONG"],
    [
      "external id with space",
      "abcdefgh ijklmnopq",
      "EXTERNAL_ID_INVALID_CHARACTERS",
    ],
    [
      "external id with quote",
      'abcdefghijklmnop"',
      "EXTERNAL_ID_INVALID_CHARACTERS",
    ],
    [
      "external id account id",
      "123456789012",
      "EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID",
    ],
  ];

  it.each(cases)("%s", (_name, value, code) => {
    const findings = checkExternalId(value);

    expect(findings.map((finding) => finding.code)).toEqual([code]);
    expect(findings[0].prop).toBe("externalId");
  });

  it.each([
    ["external id 16 characters", "a".repeat(16)],
    ["external id 1224 characters", "a".repeat(1224)],
    ["external id every allowed character", VALID_EXTERNAL_ID],
    ["external id 16 digits", "1234567890123456"],
  ])("%s is accepted", (_name, value) => {
    expect(checkExternalId(value)).toEqual([]);
  });

  it("masks the value in findings", () => {
    const secret = "abcdefgh ijklmnopqrstuvwxyz";
    const [finding] = checkExternalId(secret);

    expect(finding.value).toBe("abcd****");
    expect(finding.message).not.toContain(secret);
    expect(finding.message).toContain("abcd****");
  });

  it("masks a short value completely", () => {
    expect(maskExternalId("abcdefgh")).toBe("****");
  });

  it("skips an unresolved token", () => {
    const app = Testing.app();
    const stack = new TerraformStack(app, "tokens");
    const variable = new TerraformVariable(stack, "external_id", {
      type: "string",
      sensitive: true,
    });

    expect(checkExternalId(variable.stringValue)).toEqual([]);
  });
});

describe("checkScoutfloPrincipal", () => {
  it.each([
    ["principal account id", "123456789012"],
    ["principal root arn", "arn:aws:iam::123456789012:root"],
    ["principal role arn", "arn:aws:iam::123456789012:role/ScoutfloCollector"],
    [
      "principal role arn with path",
      "arn:aws:iam::123456789012:role/scoutflo/Collector",
    ],
    [
      "principal china partition",
      "arn:aws-cn:iam::123456789012:role/Collector",
    ],
  ])("%s is accepted", (_name, value) => {
    expect(checkScoutfloPrincipal(value)).toEqual([]);
  });

  const cases: [string, unknown, ErrorCode][] = [
    ["principal missing", undefined, "SCOUTFLO_PRINCIPAL_MISSING"],
    ["principal empty", "", "SCOUTFLO_PRINCIPAL_MISSING"],
    ["principal 11 digits", "12345678901", "SCOUTFLO_PRINCIPAL_INVALID"],
    [
      "principal user arn",
      "arn:aws:iam::123456789012:user/alice",
      "SCOUTFLO_PRINCIPAL_INVALID",
    ],
    [
      "principal wrong service",
      "arn:aws:sts::123456789012:assumed-role/a/b",
      "SCOUTFLO_PRINCIPAL_INVALID",
    ],
    ["principal wildcard", "*", "SCOUTFLO_PRINCIPAL_INVALID"],
  ];

  it.each(cases)("%s", (_name, value, code) => {
    expect(
      checkScoutfloPrincipal(value).map((finding) => finding.code),
    ).toEqual([code]);
  });
});

describe("checkRoleOptions", () => {
  it("accepts valid options", () => {
    expect(
      checkRoleOptions({
        roleName: "Scoutflo+Role=,.@-_1",
        path: "/scoutflo/eks/",
        permissionsBoundaryArn:
          "arn:aws:iam::111122223333:policy/boundaries/Scoutflo",
        maxSessionDurationHours: 12,
        tags: { team: "platform", "cost center": "42", empty: "" },
      }),
    ).toEqual([]);
  });

  it("accepts an AWS-managed boundary", () => {
    expect(
      checkRoleOptions({
        permissionsBoundaryArn: "arn:aws:iam::aws:policy/ReadOnlyAccess",
      }),
    ).toEqual([]);
  });

  const cases: [
    string,
    Parameters<typeof checkRoleOptions>[0],
    ErrorCode,
    string,
  ][] = [
    [
      "role name too long",
      { roleName: "r".repeat(65) },
      "ROLE_NAME_TOO_LONG",
      "roleName",
    ],
    [
      "role name with slash",
      { roleName: "a/b" },
      "ROLE_NAME_INVALID",
      "roleName",
    ],
    ["role name empty", { roleName: "" }, "ROLE_NAME_INVALID", "roleName"],
    [
      "path without trailing slash",
      { path: "/scoutflo" },
      "ROLE_PATH_INVALID",
      "path",
    ],
    [
      "path without leading slash",
      { path: "scoutflo/" },
      "ROLE_PATH_INVALID",
      "path",
    ],
    ["path with space", { path: "/a b/" }, "ROLE_PATH_INVALID", "path"],
    [
      "path too long",
      { path: `/${"p".repeat(511)}/` },
      "ROLE_PATH_INVALID",
      "path",
    ],
    [
      "boundary role arn",
      { permissionsBoundaryArn: "arn:aws:iam::111122223333:role/x" },
      "PERMISSIONS_BOUNDARY_INVALID",
      "permissionsBoundaryArn",
    ],
    [
      "boundary name only",
      { permissionsBoundaryArn: "ReadOnlyAccess" },
      "PERMISSIONS_BOUNDARY_INVALID",
      "permissionsBoundaryArn",
    ],
    [
      "session zero hours",
      { maxSessionDurationHours: 0 },
      "MAX_SESSION_DURATION_INVALID",
      "maxSessionDurationHours",
    ],
    [
      "session 13 hours",
      { maxSessionDurationHours: 13 },
      "MAX_SESSION_DURATION_INVALID",
      "maxSessionDurationHours",
    ],
    [
      "session not a number",
      { maxSessionDurationHours: NaN },
      "MAX_SESSION_DURATION_INVALID",
      "maxSessionDurationHours",
    ],
    [
      "session fraction of a second",
      { maxSessionDurationHours: 1.0001 },
      "MAX_SESSION_DURATION_NOT_WHOLE_SECONDS",
      "maxSessionDurationHours",
    ],
    [
      "session a string",
      { maxSessionDurationHours: "2" as unknown as number },
      "PROP_TYPE_INVALID",
      "maxSessionDurationHours",
    ],
    [
      "tags a string",
      { tags: "team=platform" as unknown as Record<string, string> },
      "PROP_TYPE_INVALID",
      "tags",
    ],
    [
      "tags an array",
      { tags: [] as unknown as Record<string, string> },
      "PROP_TYPE_INVALID",
      "tags",
    ],
    [
      "tag key aws prefix",
      { tags: { "aws:owner": "x" } },
      "TAG_KEY_INVALID",
      "tags.aws:owner",
    ],
    [
      "tag key too long",
      { tags: { ["k".repeat(129)]: "x" } },
      "TAG_KEY_INVALID",
      `tags.${"k".repeat(129)}`,
    ],
    [
      "tag value bad character",
      { tags: { team: "a*b" } },
      "TAG_VALUE_INVALID",
      "tags.team",
    ],
    [
      "tag value too long",
      { tags: { team: "v".repeat(257) } },
      "TAG_VALUE_INVALID",
      "tags.team",
    ],
    [
      "tags more than 50",
      {
        tags: Object.fromEntries(
          Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"]),
        ),
      },
      "TAGS_TOO_MANY",
      "tags",
    ],
  ];

  it.each(cases)("%s", (_name, options, code, prop) => {
    const findings = checkRoleOptions(options);

    expect(findings.map((finding) => finding.code)).toEqual([code]);
    expect(findings[0].prop).toBe(prop);
  });

  it.each([1.5, 1.1, 2.2, 4.1, 8.2, 11.9, 12])("accepts %s hours", (hours) => {
    expect(checkRoleOptions({ maxSessionDurationHours: hours })).toEqual([]);
  });

  it("explains a session that is not whole seconds", () => {
    const [finding] = checkRoleOptions({ maxSessionDurationHours: 1.0001 });

    expect(finding.message).toContain("whole number of seconds");
    expect(finding.message).not.toContain("outside");
  });

  it.each([
    ["1.1 hours", 1.1, 3960],
    ["8.2 hours", 8.2, 29520],
    ["12 hours", 12, 43200],
    ["a third of a second over", 1 + 1 / 3 / 3600, undefined],
  ])("sessionDurationSeconds %s", (_name, hours, seconds) => {
    expect(sessionDurationSeconds(hours)).toBe(seconds);
  });

  it("reports every bad option at once", () => {
    const codes = checkRoleOptions({
      roleName: "a/b",
      path: "x",
      maxSessionDurationHours: 24,
    }).map((finding) => finding.code);

    expect(codes).toEqual([
      "ROLE_NAME_INVALID",
      "ROLE_PATH_INVALID",
      "MAX_SESSION_DURATION_INVALID",
    ]);
  });
});

describe("checkClusterAccess", () => {
  const cases: [
    string,
    Parameters<typeof checkClusterAccess>[0],
    ErrorCode,
    string,
  ][] = [
    [
      "cluster name empty",
      { clusterName: "" },
      "CLUSTER_NAME_INVALID",
      "cluster.clusterName",
    ],
    [
      "cluster name with dot",
      { clusterName: "prod.east" },
      "CLUSTER_NAME_INVALID",
      "cluster.clusterName",
    ],
    [
      "cluster name leading dash",
      { clusterName: "-prod" },
      "CLUSTER_NAME_INVALID",
      "cluster.clusterName",
    ],
    [
      "access policy arn",
      {
        clusterName: "prod",
        accessPolicy:
          "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
      },
      "ACCESS_POLICY_INVALID",
      "cluster.accessPolicy",
    ],
    [
      "access policy empty",
      { clusterName: "prod", accessPolicy: "" },
      "ACCESS_POLICY_INVALID",
      "cluster.accessPolicy",
    ],
    [
      "access policy a number",
      { clusterName: "prod", accessPolicy: 7 as unknown as string },
      "PROP_TYPE_INVALID",
      "cluster.accessPolicy",
    ],
    [
      "namespaces empty",
      { clusterName: "prod", namespaces: [] },
      "NAMESPACES_EMPTY",
      "cluster.namespaces",
    ],
    [
      "namespaces a string",
      { clusterName: "prod", namespaces: "apps" as unknown as string[] },
      "PROP_TYPE_INVALID",
      "cluster.namespaces",
    ],
    [
      "namespace uppercase",
      { clusterName: "prod", namespaces: ["Default"] },
      "NAMESPACE_INVALID",
      "cluster.namespaces[0]",
    ],
    [
      "namespace too long",
      { clusterName: "prod", namespaces: ["n".repeat(64)] },
      "NAMESPACE_INVALID",
      "cluster.namespaces[0]",
    ],
    [
      "namespace trailing dash",
      { clusterName: "prod", namespaces: ["a", "b-"] },
      "NAMESPACE_INVALID",
      "cluster.namespaces[1]",
    ],
    [
      "namespace duplicate",
      { clusterName: "prod", namespaces: ["a", "b", "a"] },
      "NAMESPACE_DUPLICATE",
      "cluster.namespaces[2]",
    ],
  ];

  it.each(cases)("%s", (_name, cluster, code, prop) => {
    const findings = checkClusterAccess(cluster);

    expect(findings.map((finding) => finding.code)).toEqual([code]);
    expect(findings[0].prop).toBe(prop);
  });

  it.each([
    "AmazonEKSAdminPolicy",
    "AmazonEKSClusterAdminPolicy",
    "AmazonEKSEditPolicy",
  ])("read-only rejects %s", (accessPolicy) => {
    const findings = checkClusterAccess(
      { clusterName: "prod", accessPolicy },
      { mode: "read-only" },
    );

    expect(findings.map((finding) => finding.code)).toEqual([
      "ACCESS_POLICY_WRITE_IN_READ_ONLY",
    ]);
  });

  it.each([
    ["EMR job policy", "AmazonEMRJobPolicy", undefined],
    [
      "misspelled admin view",
      "AmazonEKSAdminVeiwPolicy",
      "AmazonEKSAdminViewPolicy",
    ],
    ["misspelled view", "AmazonEKSVeiwPolicy", "AmazonEKSViewPolicy"],
  ])("read-only rejects %s", (_name, accessPolicy, suggestion) => {
    const findings = checkClusterAccess(
      { clusterName: "prod", accessPolicy },
      { mode: "read-only" },
    );

    expect(findings.map((finding) => finding.code)).toEqual([
      "ACCESS_POLICY_NOT_READ_ONLY",
    ]);
    expect(findings[0].message).toContain(`"${accessPolicy}"`);
    expect(findings[0].message).toContain('"AmazonEKSAdminViewPolicy"');
    expect(findings[0].message).toContain('"AmazonEKSViewPolicy"');
    if (suggestion === undefined) {
      expect(findings[0].message).not.toContain("Did you mean");
    } else {
      expect(findings[0].message).toContain(`Did you mean "${suggestion}"?`);
    }
  });

  it.each(["AmazonEKSAdminViewPolicy", "AmazonEKSViewPolicy"])(
    "read-only accepts %s",
    (accessPolicy) => {
      const findings = checkClusterAccess(
        { clusterName: "prod", accessPolicy },
        { mode: "read-only" },
      );

      expect(findings).toEqual([]);
    },
  );

  it("read-write accepts any well-formed name", () => {
    const findings = checkClusterAccess(
      { clusterName: "prod", accessPolicy: "AmazonEMRJobPolicy" },
      { mode: "read-write" },
    );

    expect(findings).toEqual([]);
  });

  it.each([
    ["empty", "", "is empty"],
    ["blank", "  ", "is empty"],
    ["trailing space", "AmazonEKSViewPolicy ", "whitespace"],
    ["leading space", " AmazonEKSViewPolicy", "whitespace"],
    [
      "arn",
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy",
      'use "AmazonEKSViewPolicy"',
    ],
    ["inner space", "AmazonEKS ViewPolicy", "ASCII letters and digits"],
    ["leading digit", "1AmazonEKSViewPolicy", "ASCII letters and digits"],
  ])("access policy %s says what is wrong", (_name, accessPolicy, reason) => {
    const [finding] = checkClusterAccess({ clusterName: "prod", accessPolicy });

    expect(finding.code).toBe("ACCESS_POLICY_INVALID");
    expect(finding.message).toContain(reason);
  });

  it.each(["", "  ", "AmazonEKSViewPolicy ", "AmazonEKS ViewPolicy"])(
    "access policy %j is not called an ARN",
    (accessPolicy) => {
      const [finding] = checkClusterAccess({
        clusterName: "prod",
        accessPolicy,
      });

      expect(finding.message).not.toContain("ARN");
    },
  );

  it("read-write accepts a write policy", () => {
    const findings = checkClusterAccess(
      { clusterName: "prod", accessPolicy: "AmazonEKSEditPolicy" },
      { mode: "read-write" },
    );

    expect(findings).toEqual([]);
  });

  it("accepts a 63-character namespace", () => {
    const findings = checkClusterAccess({
      clusterName: "prod",
      namespaces: ["n".repeat(63), "kube-system"],
    });

    expect(findings).toEqual([]);
  });

  it("uses bare prop names with an empty prefix", () => {
    const [finding] = checkClusterAccess({ clusterName: "a.b" }, { prop: "" });

    expect(finding.prop).toBe("clusterName");
  });
});

describe("checkClusters", () => {
  it("rejects a duplicate cluster name", () => {
    const findings = checkClusters(
      [
        { clusterName: "prod" },
        { clusterName: "dev" },
        { clusterName: "prod" },
      ],
      "read-only",
    );

    expect(findings.map((finding) => finding.code)).toEqual([
      "CLUSTER_DUPLICATE",
    ]);
    expect(findings[0].prop).toBe("clusters[2].clusterName");
  });

  it.each([
    ["clusters a string", "prod", "clusters"],
    ["clusters an object", { clusterName: "prod" }, "clusters"],
    ["cluster null", [null], "clusters[0]"],
    ["cluster a string", ["prod"], "clusters[0]"],
    ["cluster an array", [[]], "clusters[0]"],
  ])("%s is a type error", (_name, clusters, prop) => {
    const findings = checkClusters(
      clusters as unknown as { clusterName: string }[],
      "read-only",
    );

    expect(findings.map((finding) => finding.code)).toEqual([
      "PROP_TYPE_INVALID",
    ]);
    expect(findings[0].prop).toBe(prop);
  });

  it("checks the objects beside a null cluster", () => {
    const findings = checkClusters(
      [
        null as unknown as { clusterName: string },
        { clusterName: "prod" },
        { clusterName: "prod" },
      ],
      "read-only",
    );

    expect(findings.map((finding) => finding.code)).toEqual([
      "PROP_TYPE_INVALID",
      "CLUSTER_DUPLICATE",
    ]);
  });

  it("prefixes findings with the cluster index", () => {
    const [finding] = checkClusters(
      [{ clusterName: "prod" }, { clusterName: "dev", namespaces: [] }],
      "read-only",
    );

    expect(finding.prop).toBe("clusters[1].namespaces");
  });
});

describe("assertValid", () => {
  const finding: Finding = {
    code: "ROLE_PATH_INVALID",
    prop: "path",
    value: "x",
    message: 'path "x" is not a valid IAM path.',
  };

  it("returns without findings", () => {
    expect(() => assertValid([])).not.toThrow();
  });

  it("throws the first finding", () => {
    let error: unknown;
    try {
      assertValid([finding, { ...finding, code: "ROLE_NAME_INVALID" }]);
    } catch (caught) {
      error = caught;
    }

    expect(isScoutfloError(error)).toBe(true);
    expect((error as ScoutfloError).code).toBe("ROLE_PATH_INVALID");
    expect((error as ScoutfloError).prop).toBe("path");
    expect((error as ScoutfloError).value).toBe("x");
  });
});

describe("isScoutfloError", () => {
  it("recognizes an error of this copy", () => {
    expect(
      isScoutfloError(
        new ScoutfloError({
          code: "MODE_INVALID",
          prop: "mode",
          value: 1,
          message: "m",
        }),
      ),
    ).toBe(true);
  });

  it("recognizes the marker of another copy", () => {
    const foreign = Object.assign(new Error("other copy"), {
      [Symbol.for("@scoutflo/cluster-connect.ScoutfloError")]: true,
    });

    expect(isScoutfloError(foreign)).toBe(true);
  });

  it.each([
    ["plain error", new Error("x")],
    ["null", null],
    ["string", "ScoutfloError"],
  ])("rejects %s", (_name, value) => {
    expect(isScoutfloError(value)).toBe(false);
  });
});

describe("isPlaceholderExternalId", () => {
  it.each([
    [
      "example config value",
      "replace-with-the-external-id-from-scoutflo",
      true,
    ],
    ["upper case underscores", "REPLACE_WITH_EXTERNAL_ID", true],
    ["replace me", "replace.me.0123456789abcdef", true],
    ["example", "Example-External-Id-0001", true],
    ["changeme", "changeme0123456789", true],
    ["change me", "change_me_0123456789", true],
    ["placeholder", "placeholder-0123456789", true],
    ["random hex", "7f3c9a1e5b2d4c60a1b2c3d4e5f60718", false],
    ["replace alone", "replaced-0123456789abcdef", false],
    ["not a string", 1234567890123456, false],
  ])("%s", (_name, value, expected) => {
    expect(isPlaceholderExternalId(value)).toBe(expected);
  });
});
