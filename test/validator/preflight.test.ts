import { describe, expect, it } from "vitest";
import {
  capabilitiesForMode,
  eksAccessPolicyArn,
  statementsForMode,
  CATALOG_STATEMENTS,
} from "../../policies";
import type { AccessMode } from "../../policies";
import { runPreflight } from "../../validator";
import { formatReportText } from "../../validator/report-text";
import type { RecordedCall } from "../aws-endpoint";
import {
  allow,
  deny,
  policy,
  roleArn,
  startAwsEndpoint,
  trustPolicy,
} from "../aws-endpoint";
import {
  actionResult,
  errorCode,
  preflight,
  problemCodes,
  startStalledServer,
} from "./harness";
import {
  account,
  admin,
  catalogPolicy,
  cluster,
  CLUSTER,
  COLLECTOR_ROLE_ARN,
  collector,
  CUSTOMER_ACCOUNT,
  defaultAccessEntry,
  EXTERNAL_ID,
  OTHER_EXTERNAL_ID,
  reader,
  roleName,
  scoutfloRole,
  scoutfloRoleArn,
  withRole,
} from "./model";

const MODES: readonly AccessMode[] = ["read-only", "read-write"];

/** Write actions outside the catalog's write statements that a read-only role must be denied. */
const TESTER_WRITE_ACTIONS = [
  "s3:PutObject",
  "s3:DeleteBucket",
  "ec2:TerminateInstances",
  "eks:DeleteCluster",
  "iam:PassRole",
  "iam:CreateAccessKey",
];

function simulatorCalls(calls: readonly RecordedCall[]) {
  return calls.filter((call) => call.operation === "SimulatePrincipalPolicy");
}

describe("preflight on a correct role", () => {
  for (const mode of MODES) {
    it(`${mode} role is ready`, async () => {
      const { report, calls } = await preflight(account(), {
        role: roleName(mode),
        mode,
        clusters: [CLUSTER],
        scoutfloPrincipal: COLLECTOR_ROLE_ARN,
        externalId: EXTERNAL_ID,
      });

      expect(report.problems).toEqual([]);
      expect(report.status).toBe("ready");
      expect(report.caller?.arn).toBe(admin.arn);
      expect(report.role.arn).toBe(scoutfloRoleArn(mode));
      expect(report.trust).toMatchObject({ status: "checked", ok: true });
      expect(report.capabilities.map((c) => c.name)).toEqual(
        capabilitiesForMode(mode).map((c) => c.name),
      );
      expect(report.capabilities.every((c) => c.status === "ready")).toBe(true);
      expect(report.excess).toEqual([]);
      expect(report.clusters).toHaveLength(1);
      expect(report.clusters[0].ok).toBe(true);
      expect(simulatorCalls(calls).length).toBeLessThanOrEqual(3 * 3);
    });
  }

  it("read-write expands to over 500 concrete actions", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-write"),
      mode: "read-write",
    });

    const required = report.actions.filter((a) => a.purpose === "required");
    expect(required.length).toBeGreaterThan(500);
    expect(required.some((a) => a.action.includes("*"))).toBe(false);
  });

  it("batches actions by resource set", async () => {
    const { report, calls } = await preflight(account(), {
      role: roleName("read-write"),
      mode: "read-write",
      clusters: [CLUSTER],
    });

    const simulations = simulatorCalls(calls);
    const resourceSets = simulations.map((call) =>
      JSON.stringify(call.params.ResourceArns),
    );
    expect(new Set(resourceSets).size).toBe(3);
    expect(simulations).toHaveLength(3);
    expect(report.apiCalls.byOperation["iam:SimulatePrincipalPolicy"]).toBe(3);

    const simulateSelf = actionResult(report, "iam:SimulatePrincipalPolicy");
    expect(simulateSelf?.resources.map((r) => r.resource)).toEqual([
      scoutfloRoleArn("read-write"),
    ]);
    const describe = actionResult(report, "eks:DescribeCluster");
    expect(describe?.resources[0].resource).toMatch(/:cluster\/prod$/);
    const listClusters = actionResult(report, "eks:ListClusters");
    expect(listClusters?.resources[0].resource).toBe("*");
  });

  it("read-only simulates every write action as excess", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
    });

    const excess = report.actions.filter((a) => a.purpose === "excess");
    const names = excess.map((a) => a.action);
    expect(names).toContain("eks:UpdateClusterConfig");
    expect(names).toEqual(expect.arrayContaining(TESTER_WRITE_ACTIONS));
    expect(names).toContain("ec2:CreateTags");
    expect(names).toContain("s3:PutBucketPolicy");
    expect(excess.length).toBeGreaterThan(1000);
    expect(excess.every((a) => a.decision === "implicitDeny")).toBe(true);
    expect(formatReportText(report)).toContain(
      `Write actions: all ${excess.length} denied`,
    );
  });

  it("read-only calls fit one page each", async () => {
    const { report, calls } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
    });

    const simulations = simulatorCalls(calls);
    const sizes = simulations.map(
      (call) => (call.params.ActionNames as string[]).length,
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(1000);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(
      report.actions.length,
    );
    expect(report.apiCalls.byOperation["iam:SimulatePrincipalPolicy"]).toBe(
      simulations.length,
    );
  });

  it("read-write simulates no excess", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-write"),
      mode: "read-write",
    });

    expect(report.actions.filter((a) => a.purpose === "excess")).toEqual([]);
  });
});

describe("preflight on missing and denied actions", () => {
  const readOnlyArn = scoutfloRoleArn("read-only");
  const withoutStartQuery = statementsForMode("read-only").map((statement) => ({
    ...statement,
    actions: statement.actions.filter((action) => action !== "logs:StartQuery"),
  }));

  const cases = [
    {
      name: "required action missing",
      role: scoutfloRole("read-only", {
        policies: [catalogPolicy(withoutStartQuery, readOnlyArn)],
      }),
      scps: undefined,
      action: "logs:StartQuery",
      capability: "monitoring",
      decision: "implicitDeny",
      layer: "identity-policy",
    },
    {
      name: "explicit deny in identity policy",
      role: scoutfloRole("read-only", {
        extraPolicies: [policy(deny("s3:GetObject"))],
      }),
      scps: undefined,
      action: "s3:GetObject",
      capability: "reporting",
      decision: "explicitDeny",
      layer: "identity-policy",
    },
    {
      name: "permissions boundary deny",
      role: scoutfloRole("read-only", {
        permissionsBoundary: policy(allow("*"), deny("ec2:DescribeInstances")),
      }),
      scps: undefined,
      action: "ec2:DescribeInstances",
      capability: "diagnostics",
      decision: "explicitDeny",
      layer: "permissions-boundary",
    },
    {
      name: "service control policy deny",
      role: scoutfloRole("read-only"),
      scps: [policy(deny("secretsmanager:GetSecretValue"))],
      action: "secretsmanager:GetSecretValue",
      capability: "diagnostics",
      decision: "explicitDeny",
      layer: "scp",
    },
  ] as const;

  for (const testCase of cases) {
    it(`${testCase.name} blocks its capability`, async () => {
      const model = withRole("read-only", testCase.role, {
        scps: testCase.scps,
      });
      const { report } = await preflight(model, {
        role: roleName("read-only"),
        mode: "read-only",
      });

      expect(report.status).toBe("blocked");
      const result = actionResult(report, testCase.action);
      expect(result?.decision).toBe(testCase.decision);
      expect(result?.decidedBy).toBe(testCase.layer);
      expect(result?.ok).toBe(false);

      const capability = report.capabilities.find(
        (c) => c.name === testCase.capability,
      );
      expect(capability?.status).toBe("blocked");
      expect(
        capability?.status === "blocked" ? capability.missing : [],
      ).toEqual([
        {
          action: testCase.action,
          decision: testCase.decision,
          decidedBy: testCase.layer,
        },
      ]);

      const denied = report.problems.filter(
        (p) => p.code === "REQUIRED_ACTION_DENIED",
      );
      expect(denied.map((p) => p.subject)).toEqual([testCase.action]);
    });
  }

  it("explicit deny names the matched statement", async () => {
    const denyPolicy = { ...policy(deny("s3:GetObject")), Id: "DenyS3" };
    const model = withRole(
      "read-only",
      scoutfloRole("read-only", { extraPolicies: [denyPolicy] }),
    );
    const { report } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
    });

    const result = actionResult(report, "s3:GetObject");
    const matched = result?.resources[0].matchedStatements ?? [];
    expect(matched.map((s) => s.sourcePolicyId)).toContain("DenyS3");
  });

  it("read-only role that can write is blocked", async () => {
    const writeStatements = CATALOG_STATEMENTS.filter(
      (statement) => !statement.modes.includes("read-only"),
    );
    const model = withRole(
      "read-only",
      scoutfloRole("read-only", {
        extraPolicies: [catalogPolicy(writeStatements, readOnlyArn)],
      }),
    );
    const { report } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
      clusters: [CLUSTER],
    });

    expect(report.status).toBe("blocked");
    expect(report.excess).toContain("eks:UpdateClusterConfig");
    expect(report.excess).toContain("iam:DeleteRole");
    expect(problemCodes(report)).toContain("WRITE_ACTION_ALLOWED");
    expect(report.capabilities.every((c) => c.status === "ready")).toBe(true);
  });

  it("read-only role with extra write actions is blocked", async () => {
    const model = withRole(
      "read-only",
      scoutfloRole("read-only", {
        extraPolicies: [policy(allow(TESTER_WRITE_ACTIONS))],
      }),
    );
    const { report } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
      clusters: [CLUSTER],
    });

    expect(report.status).toBe("blocked");
    expect([...report.excess].sort()).toEqual([...TESTER_WRITE_ACTIONS].sort());
    const allowed = report.problems.filter(
      (p) => p.code === "WRITE_ACTION_ALLOWED",
    );
    expect(allowed.map((p) => p.subject).sort()).toEqual(
      [...TESTER_WRITE_ACTIONS].sort(),
    );
    expect(
      problemCodes(report).every((c) => c === "WRITE_ACTION_ALLOWED"),
    ).toBe(true);
    expect(allowed[0].message).toContain("Read-only role ScoutfloReadOnly");
    const total = report.actions.filter((a) => a.purpose === "excess").length;
    expect(formatReportText(report)).toContain(
      `Write actions: 6 of ${total} ALLOWED`,
    );
  });

  it("missing context values become a warning", async () => {
    const conditional = policy({
      Effect: "Allow",
      Action: "ec2:DescribeInstances",
      Resource: "*",
      Condition: { StringEquals: { "aws:ResourceTag/team": "platform" } },
    });
    const trimmed = statementsForMode("read-only").map((statement) => ({
      ...statement,
      actions: statement.actions.filter((action) => action !== "ec2:Describe*"),
    }));
    const model = withRole(
      "read-only",
      scoutfloRole("read-only", {
        policies: [catalogPolicy(trimmed, readOnlyArn), conditional],
      }),
    );
    const { report } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
    });

    const result = actionResult(report, "ec2:DescribeInstances");
    expect(result?.resources[0].missingContextValues).toContain(
      "aws:ResourceTag/team",
    );
    expect(report.warnings.map((w) => w.code)).toContain(
      "MISSING_CONTEXT_VALUES",
    );
  });
});

describe("preflight simulator paging and throttling", () => {
  it("follows three or more pages", async () => {
    const { report, calls } = await preflight(
      account(),
      { role: roleName("read-write"), mode: "read-write" },
      { setup: (endpoint) => endpoint.setPageSize(200) },
    );

    expect(report.status).toBe("ready");
    const pages = simulatorCalls(calls);
    expect(pages.length).toBeGreaterThanOrEqual(4);
    expect(
      pages.filter((call) => call.params.Marker !== undefined).length,
    ).toBe(pages.length - 2);
    expect(report.actions.every((a) => a.resources.length === 1)).toBe(true);
  });

  it("retries two throttling answers", async () => {
    const baseline = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
    });
    const throttled = await preflight(
      account(),
      { role: roleName("read-only"), mode: "read-only" },
      { setup: (endpoint) => endpoint.throttle("SimulatePrincipalPolicy", 2) },
    );

    expect(throttled.report.status).toBe("ready");
    const before = simulatorCalls(baseline.calls).length;
    const after = simulatorCalls(throttled.calls);
    expect(after).toHaveLength(before + 2);
    expect(after.filter((call) => call.status !== 200)).toHaveLength(2);
    expect(throttled.report.apiCalls.retries).toBe(2);
    expect(throttled.report.actions.map((a) => [a.action, a.decision])).toEqual(
      baseline.report.actions.map((a) => [a.action, a.decision]),
    );
  });

  it("gives up after the attempt limit", async () => {
    const { report, calls } = await preflight(
      account(),
      {
        role: roleName("read-only"),
        mode: "read-only",
        retry: { maxAttempts: 3, baseDelayMs: 1 },
      },
      { setup: (endpoint) => endpoint.throttle("SimulatePrincipalPolicy", 10) },
    );

    const attemptsPerCall = new Map<string, number>();
    for (const call of simulatorCalls(calls)) {
      const actions = call.params.ActionNames as string[];
      const key = JSON.stringify([call.params.ResourceArns, actions[0]]);
      attemptsPerCall.set(key, (attemptsPerCall.get(key) ?? 0) + 1);
    }

    expect(report.status).toBe("error");
    expect(errorCode(report)).toBe("THROTTLED");
    expect(Math.max(...attemptsPerCall.values())).toBe(3);
    expect(simulatorCalls(calls).length).toBeLessThanOrEqual(
      3 * attemptsPerCall.size,
    );
  });
});

describe("preflight on AWS errors", () => {
  it("caller that cannot simulate gets the permission it needs", async () => {
    const { report } = await preflight(
      account(),
      { role: roleName("read-only"), mode: "read-only", clusters: [CLUSTER] },
      { caller: reader.arn },
    );

    expect(report.status).toBe("error");
    if (report.status !== "error") return;
    expect(report.error.code).toBe("SIMULATOR_ACCESS_DENIED");
    expect(report.error.requiredPermission).toEqual({
      action: "iam:SimulatePrincipalPolicy",
      resource: scoutfloRoleArn("read-only"),
    });
    expect(report.error.message).toContain("iam:SimulatePrincipalPolicy");
  });

  it("unknown access key is a credentials error", async () => {
    const endpoint = await startAwsEndpoint(account());
    try {
      const report = await runPreflight({
        role: roleName("read-only"),
        mode: "read-only",
        clientConfig: {
          endpoint: endpoint.url,
          region: "us-east-1",
          credentials: {
            accessKeyId: "AKIAUNKNOWN000000000",
            secretAccessKey: "unknown-secret",
          },
        },
      });

      expect(report.status).toBe("error");
      expect(errorCode(report)).toBe("CREDENTIALS");
    } finally {
      await endpoint.close();
    }
  });

  it("closed endpoint is a network error", async () => {
    const endpoint = await startAwsEndpoint(account());
    const config = endpoint.clientConfig();
    await endpoint.close();

    const report = await runPreflight({
      role: roleName("read-only"),
      mode: "read-only",
      clientConfig: config,
    });

    expect(report.status).toBe("error");
    expect(errorCode(report)).toBe("NETWORK");
    expect(report.apiCalls.byOperation["sts:GetCallerIdentity"]).toBe(1);
    const message = report.status === "error" ? report.error.message : "";
    expect(message).toContain(config.endpoint);
  });

  it("stalled endpoint times out", async () => {
    const stalled = await startStalledServer();
    try {
      const report = await runPreflight({
        role: roleName("read-only"),
        mode: "read-only",
        clientConfig: {
          endpoint: stalled.url,
          region: "us-east-1",
          credentials: {
            accessKeyId: admin.accessKeyId,
            secretAccessKey: admin.secretAccessKey,
          },
        },
        timeouts: { requestMs: 300 },
        retry: { maxAttempts: 2, baseDelayMs: 1 },
      });

      expect(report.status).toBe("error");
      if (report.status !== "error") return;
      expect(report.error.code).toBe("TIMEOUT");
      expect(report.error.operation).toBe("sts:GetCallerIdentity");
      expect(report.error.message).toContain(stalled.url);
      expect(report.error.message).toContain("--request-timeout");
      expect(report.apiCalls.byOperation["sts:GetCallerIdentity"]).toBe(2);
      expect(report.apiCalls.retries).toBe(1);
      expect(stalled.connections()).toBe(2);
    } finally {
      await stalled.close();
    }
  });

  const invalidOptionCases = [
    {
      name: "zero request timeout",
      options: { timeouts: { requestMs: 0 } },
      expected: "timeouts.requestMs 0 is not a whole number",
    },
    {
      name: "fractional connection timeout",
      options: { timeouts: { connectionMs: 1.5 } },
      expected: "timeouts.connectionMs 1.5 is not a whole number",
    },
    {
      name: "assume-role without ExternalId",
      options: { assumeRole: true },
      expected: "set externalId to the value configured on the role",
    },
  ];

  for (const testCase of invalidOptionCases) {
    it(`${testCase.name} is invalid options`, async () => {
      const report = await runPreflight({
        role: roleName("read-only"),
        mode: "read-only",
        ...testCase.options,
      });

      expect(errorCode(report)).toBe("INVALID_OPTIONS");
      const message = report.status === "error" ? report.error.message : "";
      expect(message).toContain(testCase.expected);
      expect(message).not.toContain("Generate");
    });
  }

  it("invalid options make no AWS call", async () => {
    const { report, calls } = await preflight(account(), {
      role: "not a role!",
      mode: "read-only",
      externalId: "123456789012",
    });

    expect(report.status).toBe("error");
    expect(errorCode(report)).toBe("INVALID_OPTIONS");
    expect(calls).toEqual([]);
  });

  it("weak ExternalId is only a warning", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
      externalId: "123456789012",
    });

    expect(report.status).toBe("blocked");
    expect(report.warnings.map((w) => w.code)).toContain("EXTERNAL_ID_WEAK");
    expect(problemCodes(report)).toEqual(["EXTERNAL_ID_MISMATCH"]);
  });

  it("role of another account is a wrong-account error", async () => {
    const { report } = await preflight(account(), {
      role: roleArn("444455556666", "ScoutfloReadOnly"),
      mode: "read-only",
    });

    expect(errorCode(report)).toBe("WRONG_ACCOUNT");
  });
});

describe("preflight role input", () => {
  it("role not found is blocked", async () => {
    const { report } = await preflight(account(), {
      role: "ScoutfloMissing",
      mode: "read-only",
    });

    expect(report.status).toBe("blocked");
    expect(problemCodes(report)).toEqual(["ROLE_NOT_FOUND"]);
    expect(report.actions).toEqual([]);
  });

  it("role ARN with its path is ready", async () => {
    const { report } = await preflight(account(), {
      role: scoutfloRoleArn("read-only"),
      mode: "read-only",
    });

    expect(report.status).toBe("ready");
    expect(report.role.path).toBe("/scoutflo/");
  });

  it("role ARN with a wrong path is a mismatch", async () => {
    const { report } = await preflight(account(), {
      role: roleArn(CUSTOMER_ACCOUNT, roleName("read-only")),
      mode: "read-only",
    });

    expect(problemCodes(report)).toEqual(["ROLE_ARN_MISMATCH"]);
    expect(report.role.arn).toBe(scoutfloRoleArn("read-only"));
  });

  it("assumed-role ARN resolves to the role ARN", async () => {
    const { report, calls } = await preflight(account(), {
      role: `arn:aws:sts::${CUSTOMER_ACCOUNT}:assumed-role/ScoutfloReadOnly/collector-1`,
      mode: "read-only",
    });

    expect(report.status).toBe("ready");
    expect(report.role.arn).toBe(scoutfloRoleArn("read-only"));
    const simulations = simulatorCalls(calls);
    expect(
      simulations.every(
        (call) => call.params.PolicySourceArn === scoutfloRoleArn("read-only"),
      ),
    ).toBe(true);
  });
});

describe("preflight trust policy", () => {
  it("principal without ExternalId warns", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
      scoutfloPrincipal: COLLECTOR_ROLE_ARN,
    });

    const codes = report.warnings.map((warning) => warning.code);
    expect(report.status).toBe("ready");
    expect(codes).toContain("EXTERNAL_ID_NOT_CHECKED");
  });

  it("principal with ExternalId does not warn", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
      scoutfloPrincipal: COLLECTOR_ROLE_ARN,
      externalId: EXTERNAL_ID,
    });

    const codes = report.warnings.map((warning) => warning.code);
    expect(report.status).toBe("ready");
    expect(codes).not.toContain("EXTERNAL_ID_NOT_CHECKED");
  });

  const cases = [
    {
      name: "different ExternalId",
      trust: trustPolicy(COLLECTOR_ROLE_ARN, OTHER_EXTERNAL_ID),
      principal: COLLECTOR_ROLE_ARN,
      codes: ["EXTERNAL_ID_MISMATCH"],
    },
    {
      name: "no ExternalId condition",
      trust: trustPolicy(COLLECTOR_ROLE_ARN),
      principal: COLLECTOR_ROLE_ARN,
      codes: ["EXTERNAL_ID_NOT_REQUIRED"],
    },
    {
      name: "other principal trusted",
      trust: trustPolicy(admin.arn, EXTERNAL_ID),
      principal: COLLECTOR_ROLE_ARN,
      codes: ["PRINCIPAL_NOT_TRUSTED"],
    },
    {
      name: "account id principal",
      trust: trustPolicy("arn:aws:iam::123456789012:root", EXTERNAL_ID),
      principal: "123456789012",
      codes: [],
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} gives ${testCase.codes.join(", ") || "no problem"}`, async () => {
      const model = withRole(
        "read-only",
        scoutfloRole("read-only", { trustPolicy: testCase.trust }),
      );
      const { report } = await preflight(model, {
        role: roleName("read-only"),
        mode: "read-only",
        scoutfloPrincipal: testCase.principal,
        externalId: EXTERNAL_ID,
      });

      expect(problemCodes(report)).toEqual(testCase.codes);
      expect(report.trust).toMatchObject({
        status: "checked",
        ok: testCase.codes.length === 0,
      });
    });
  }

  it("ExternalId mismatch is masked", async () => {
    const model = withRole(
      "read-only",
      scoutfloRole("read-only", {
        trustPolicy: trustPolicy(COLLECTOR_ROLE_ARN, OTHER_EXTERNAL_ID),
      }),
    );
    const { report } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
      externalId: EXTERNAL_ID,
    });

    const text = JSON.stringify(report);
    expect(text).not.toContain(EXTERNAL_ID);
    expect(text).not.toContain(OTHER_EXTERNAL_ID);
    const message = report.problems[0].message;
    expect(message).toContain(`"${EXTERNAL_ID.slice(0, 4)}****"`);
    expect(message).toContain(`"${OTHER_EXTERNAL_ID.slice(0, 4)}****"`);
  });
});

describe("preflight with assume-role", () => {
  const roleArnReadOnly = scoutfloRoleArn("read-only");

  it("right ExternalId runs every check as the role", async () => {
    const { report, calls } = await preflight(
      account(),
      {
        role: roleArnReadOnly,
        mode: "read-only",
        assumeRole: true,
        externalId: EXTERNAL_ID,
        clusters: [CLUSTER],
      },
      { caller: collector.arn },
    );

    expect(report.status).toBe("ready");
    expect(report.caller?.arn).toBe(collector.arn);
    expect(report.assumeRole.status).toBe("assumed");
    const sessionArn = `arn:aws:sts::${CUSTOMER_ACCOUNT}:assumed-role/ScoutfloReadOnly/scoutflo-preflight`;
    expect(
      report.assumeRole.status === "assumed" && report.assumeRole.session.arn,
    ).toBe(sessionArn);
    const checks = calls.filter(
      (call) =>
        call.operation !== "AssumeRole" && call.caller !== collector.arn,
    );
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((call) => call.caller === sessionArn)).toBe(true);
    expect(
      simulatorCalls(calls).every((call) => call.caller === sessionArn),
    ).toBe(true);
  });

  it("wrong ExternalId across accounts is undiagnosed", async () => {
    const { report } = await preflight(
      account(),
      {
        role: roleArnReadOnly,
        mode: "read-only",
        assumeRole: true,
        externalId: OTHER_EXTERNAL_ID,
      },
      { caller: collector.arn },
    );

    expect(report.status).toBe("blocked");
    expect(problemCodes(report)).toEqual(["ASSUME_ROLE_DENIED"]);
    expect(report.assumeRole).toMatchObject({
      status: "denied",
      awsErrorCode: "AccessDenied",
      likelyCause: "principal-not-trusted-or-external-id-mismatch",
      diagnosed: false,
    });
  });

  it("role name in another account hints at the path", async () => {
    const { report } = await preflight(
      account(),
      {
        role: roleName("read-only"),
        accountId: CUSTOMER_ACCOUNT,
        mode: "read-only",
        assumeRole: true,
        externalId: EXTERNAL_ID,
      },
      { caller: collector.arn },
    );

    const guessedArn = roleArn(CUSTOMER_ACCOUNT, roleName("read-only"));
    expect(report.status).toBe("blocked");
    expect(report.assumeRole).toMatchObject({
      status: "denied",
      roleArn: guessedArn,
    });
    const message = report.problems[0].message;
    expect(message).toContain("given without its path");
    expect(message).toContain(
      `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/scoutflo/ScoutfloReadOnly`,
    );
  });

  it("role ARN denial gives no path hint", async () => {
    const { report } = await preflight(
      account(),
      {
        role: roleArnReadOnly,
        mode: "read-only",
        assumeRole: true,
        externalId: OTHER_EXTERNAL_ID,
      },
      { caller: collector.arn },
    );

    expect(problemCodes(report)).toEqual(["ASSUME_ROLE_DENIED"]);
    expect(report.problems[0].message).not.toContain("without its path");
  });

  const diagnosed = [
    {
      name: "wrong ExternalId",
      trust: trustPolicy(admin.arn, EXTERNAL_ID),
      cause: "external-id-mismatch",
      codes: ["ASSUME_ROLE_DENIED", "EXTERNAL_ID_MISMATCH"],
    },
    {
      name: "untrusted caller",
      trust: trustPolicy(COLLECTOR_ROLE_ARN, OTHER_EXTERNAL_ID),
      cause: "principal-not-trusted",
      codes: ["ASSUME_ROLE_DENIED", "PRINCIPAL_NOT_TRUSTED"],
    },
  ];

  for (const testCase of diagnosed) {
    it(`${testCase.name} in the same account is diagnosed`, async () => {
      const model = withRole(
        "read-only",
        scoutfloRole("read-only", { trustPolicy: testCase.trust }),
      );
      const { report } = await preflight(model, {
        role: roleName("read-only"),
        mode: "read-only",
        assumeRole: true,
        externalId: OTHER_EXTERNAL_ID,
      });

      expect(report.status).toBe("blocked");
      expect(problemCodes(report)).toEqual(testCase.codes);
      expect(report.assumeRole).toMatchObject({
        status: "denied",
        likelyCause: testCase.cause,
        diagnosed: true,
      });
      expect(JSON.stringify(report)).not.toContain(OTHER_EXTERNAL_ID);
    });
  }
});

/** Builds a cluster whose read-only role entry has two cluster-scoped policies. */
function readOnlyClusterWith(first: string, second: string) {
  const associations = [first, second].map((policyArn) => ({
    policyArn,
    accessScope: { type: "cluster" as const },
  }));

  return cluster({
    accessEntries: [
      { principalArn: scoutfloRoleArn("read-only"), associations },
    ],
  });
}

describe("preflight EKS access", () => {
  const readOnlyArn = scoutfloRoleArn("read-only");
  const view = eksAccessPolicyArn("AmazonEKSViewPolicy");
  const adminView = eksAccessPolicyArn("AmazonEKSAdminViewPolicy");
  const clusterAdmin = eksAccessPolicyArn("AmazonEKSClusterAdminPolicy");
  const emrJob = eksAccessPolicyArn("AmazonEMRJobPolicy");

  const cases = [
    {
      name: "CONFIG_MAP cluster",
      cluster: cluster({ authenticationMode: "CONFIG_MAP", accessEntries: [] }),
      codes: ["AUTHENTICATION_MODE_CONFIG_MAP"],
    },
    {
      name: "no access entry",
      cluster: cluster({ accessEntries: [defaultAccessEntry("read-write")] }),
      codes: ["ACCESS_ENTRY_MISSING"],
    },
    {
      name: "wrong access policy",
      cluster: cluster({
        accessEntries: [
          {
            principalArn: readOnlyArn,
            associations: [
              { policyArn: view, accessScope: { type: "cluster" } },
            ],
          },
        ],
      }),
      codes: ["ACCESS_POLICY_NOT_ASSOCIATED"],
    },
    {
      name: "namespace scope",
      cluster: cluster({
        accessEntries: [
          {
            principalArn: readOnlyArn,
            associations: [
              {
                policyArn: adminView,
                accessScope: { type: "namespace", namespaces: ["default"] },
              },
            ],
          },
        ],
      }),
      codes: ["ACCESS_SCOPE_MISMATCH"],
    },
    {
      name: "write policy in read-only",
      cluster: readOnlyClusterWith(adminView, clusterAdmin),
      codes: ["WRITE_ACCESS_POLICY_ASSOCIATED"],
    },
    {
      name: "policy outside allowlist in read-only",
      cluster: readOnlyClusterWith(adminView, emrJob),
      codes: ["WRITE_ACCESS_POLICY_ASSOCIATED"],
    },
    {
      name: "view beside admin view in read-only",
      cluster: readOnlyClusterWith(adminView, view),
      codes: [],
    },
    {
      name: "API mode",
      cluster: cluster({ authenticationMode: "API" }),
      codes: [],
    },
  ] as const;

  for (const testCase of cases) {
    it(`${testCase.name} gives ${testCase.codes.join(", ") || "no problem"}`, async () => {
      const model = account({ clusters: [testCase.cluster] });
      const { report } = await preflight(model, {
        role: roleName("read-only"),
        mode: "read-only",
        clusters: [CLUSTER],
      });

      expect(problemCodes(report)).toEqual(testCase.codes);
      expect(report.status).toBe(
        testCase.codes.length > 0 ? "blocked" : "ready",
      );
      expect(report.clusters[0].ok).toBe(testCase.codes.length === 0);
    });
  }

  /** Runs a read-only preflight where the role's entry has two cluster-scoped policies. */
  async function readOnlyPreflightWith(first: string, second: string) {
    const model = account({ clusters: [readOnlyClusterWith(first, second)] });

    const { report } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
      clusters: [CLUSTER],
    });
    return report;
  }

  it("names the read-only policies for a policy outside them", async () => {
    const report = await readOnlyPreflightWith(adminView, emrJob);

    const [problem] = report.problems;
    expect(problem.subject).toBe(`${CLUSTER}/AmazonEMRJobPolicy`);
    expect(problem.message).toContain("AmazonEKSAdminViewPolicy");
    expect(problem.message).toContain("AmazonEKSViewPolicy");
    expect(report.warnings.map((warning) => warning.code)).not.toContain(
      "EXTRA_ACCESS_POLICY",
    );
  });

  it("warns on an allowed extra policy in read-only", async () => {
    const report = await readOnlyPreflightWith(adminView, view);

    expect(
      report.warnings
        .filter((warning) => warning.code === "EXTRA_ACCESS_POLICY")
        .map((warning) => warning.subject),
    ).toEqual([`${CLUSTER}/AmazonEKSViewPolicy`]);
  });

  it("CONFIG_MAP explains the one-way change", async () => {
    const model = account({
      clusters: [
        cluster({ authenticationMode: "CONFIG_MAP", accessEntries: [] }),
      ],
    });
    const { report, calls } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
      clusters: [CLUSTER],
    });

    const message = report.problems[0].message;
    expect(message).toContain("API_AND_CONFIG_MAP");
    expect(message).toContain("one-way");
    expect(calls.map((call) => call.operation)).not.toContain(
      "UpdateClusterConfig",
    );
  });

  it("expected override and namespaces pass", async () => {
    const model = account({
      clusters: [
        cluster({
          accessEntries: [
            {
              principalArn: readOnlyArn,
              associations: [
                {
                  policyArn: view,
                  accessScope: { type: "namespace", namespaces: ["b", "a"] },
                },
              ],
            },
          ],
        }),
      ],
    });
    const { report } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
      clusters: [
        {
          name: CLUSTER,
          accessPolicy: "AmazonEKSViewPolicy",
          namespaces: ["a", "b"],
        },
      ],
    });

    expect(report.problems).toEqual([]);
    expect(report.clusters[0].expected.policyName).toBe("AmazonEKSViewPolicy");
  });

  it("missing cluster is not found", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
      clusters: ["staging"],
    });

    expect(problemCodes(report)).toEqual(["CLUSTER_NOT_FOUND"]);
  });
});
