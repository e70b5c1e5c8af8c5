import { describe, expect, it } from "vitest";
import { statementsForMode } from "../../policies";
import {
  expandActions,
  isEksClusterAction,
} from "../../validator/action-expansion";
import { classifyAwsError } from "../../validator/aws-errors";
import {
  catalogServices,
  isWriteLevel,
  writeLevelActions,
} from "../../validator/excess-actions";
import { chunkActions, toResourceDecisions } from "../../validator/simulation";
import {
  backoffDelayMs,
  resolveRetryOptions,
  withRetry,
} from "../../validator/retry";
import { parseRoleReference } from "../../validator/role-reference";
import {
  callerPrincipalMatcher,
  checkTrustPolicy,
  expectedPrincipalMatcher,
  parseTrustPolicy,
} from "../../validator/trust-policy";

describe("action expansion", () => {
  it("wildcard expands to concrete names", async () => {
    const expansion = await expandActions(["ec2:Describe*"]);

    expect(expansion.actions).toContain("ec2:DescribeInstances");
    expect(expansion.actions.every((a) => a.startsWith("ec2:Describe"))).toBe(
      true,
    );
    expect(expansion.actions.some((a) => a.includes("*"))).toBe(false);
  });

  it("concrete name keeps IAM casing", async () => {
    const expansion = await expandActions(["eks:describecluster"]);

    expect(expansion.actions).toEqual(["eks:DescribeCluster"]);
    expect(expansion.unknownActions).toEqual([]);
  });

  it("unknown names are reported", async () => {
    const expansion = await expandActions(["nosuch:Get*", "eks:NoSuchThing"]);

    expect(expansion.emptyPatterns).toEqual(["nosuch:Get*"]);
    expect(expansion.unknownActions).toEqual(["eks:NoSuchThing"]);
    expect(expansion.actions).toEqual(["eks:NoSuchThing"]);
  });

  it("read-write catalog has over 500 actions", async () => {
    const patterns = statementsForMode("read-write").flatMap((s) => s.actions);
    const expansion = await expandActions(patterns);

    expect(expansion.actions.length).toBeGreaterThan(500);
    expect(new Set(expansion.actions).size).toBe(expansion.actions.length);
    expect(expansion.emptyPatterns).toEqual([]);
  });

  it("second expansion comes from the cache", async () => {
    const first = await expandActions(["s3:Get*"]);
    const second = await expandActions(["s3:Get*"]);

    expect(second.actions).toEqual(first.actions);
  });

  const clusterCases = [
    { action: "eks:DescribeCluster", expected: true },
    { action: "eks:AccessKubernetesApi", expected: true },
    { action: "eks:ListClusters", expected: false },
    { action: "eks:DescribeNodegroup", expected: false },
    { action: "eks:ListTagsForResource", expected: false },
    { action: "ec2:DescribeInstances", expected: false },
  ];

  for (const { action, expected } of clusterCases) {
    it(`${action} cluster resource is ${expected}`, async () => {
      expect(await isEksClusterAction(action)).toBe(expected);
    });
  }
});

describe("read-only excess set", () => {
  it("services come from the catalog", () => {
    expect(catalogServices()).toEqual([
      "cloudwatch",
      "ec2",
      "ecr",
      "eks",
      "iam",
      "logs",
      "route53",
      "s3",
      "secretsmanager",
    ]);
  });

  const levelCases = [
    { level: "Write", expected: true },
    { level: "Permissions management", expected: true },
    { level: "Tagging", expected: true },
    { level: "Permissions management, Write", expected: true },
    { level: "Read", expected: false },
    { level: "List", expected: false },
  ];

  for (const { level, expected } of levelCases) {
    it(`access level "${level}" writes: ${expected}`, () => {
      expect(isWriteLevel(level)).toBe(expected);
    });
  }

  it("lists write, permissions and tagging actions", async () => {
    const actions = await writeLevelActions();

    expect(actions).toContain("s3:PutObject");
    expect(actions).toContain("s3:PutBucketPolicy");
    expect(actions).toContain("ec2:CreateTags");
    expect(actions).toContain("iam:PassRole");
    expect(actions).not.toContain("ec2:DescribeInstances");
    expect(actions).not.toContain("s3:ListAllMyBuckets");
    expect(actions.some((a) => a.startsWith("sqs:"))).toBe(false);
  });
});

describe("simulator batching", () => {
  it("chunks fit one page per call", () => {
    const actions = Array.from({ length: 1200 }, (_, i) => `eks:Action${i}`);

    expect(
      chunkActions({ resources: ["*"], actions }).map((c) => c.length),
    ).toEqual([1000, 200]);
    expect(
      chunkActions({ resources: ["a", "b", "c"], actions }).map(
        (c) => c.length,
      ),
    ).toEqual([333, 333, 333, 201]);
  });

  const layerCases = [
    {
      name: "scp denial",
      result: {
        EvalActionName: "s3:GetObject",
        EvalDecision: "explicitDeny" as const,
        OrganizationsDecisionDetail: { AllowedByOrganizations: false },
        PermissionsBoundaryDecisionDetail: {
          AllowedByPermissionsBoundary: false,
        },
      },
      layer: "scp",
    },
    {
      name: "boundary denial",
      result: {
        EvalActionName: "s3:GetObject",
        EvalDecision: "implicitDeny" as const,
        OrganizationsDecisionDetail: { AllowedByOrganizations: true },
        PermissionsBoundaryDecisionDetail: {
          AllowedByPermissionsBoundary: false,
        },
      },
      layer: "permissions-boundary",
    },
    {
      name: "identity denial",
      result: {
        EvalActionName: "s3:GetObject",
        EvalDecision: "implicitDeny" as const,
      },
      layer: "identity-policy",
    },
  ];

  for (const { name, result, layer } of layerCases) {
    it(`${name} names its layer`, () => {
      expect(toResourceDecisions(result)[0].decidedBy).toBe(layer);
    });
  }

  it("resource-specific results win", () => {
    const decisions = toResourceDecisions({
      EvalActionName: "eks:DescribeCluster",
      EvalResourceName: "arn:aws:eks:*:*:cluster/*",
      EvalDecision: "implicitDeny",
      ResourceSpecificResults: [
        { EvalResourceName: "arn:a", EvalResourceDecision: "allowed" },
        { EvalResourceName: "arn:b", EvalResourceDecision: "implicitDeny" },
      ],
    });

    expect(decisions.map((d) => [d.resource, d.decision])).toEqual([
      ["arn:a", "allowed"],
      ["arn:b", "implicitDeny"],
    ]);
  });
});

describe("retry", () => {
  it("full jitter stays under the capped ceiling", () => {
    const options = resolveRetryOptions({ baseDelayMs: 100, maxDelayMs: 1000 });

    expect(backoffDelayMs(1, options, () => 0.999)).toBe(99);
    expect(backoffDelayMs(3, options, () => 0.999)).toBe(399);
    expect(backoffDelayMs(10, options, () => 0.999)).toBe(999);
    expect(backoffDelayMs(10, options, () => 0)).toBe(0);
  });

  it("stops after the attempt limit", async () => {
    const options = resolveRetryOptions({ maxAttempts: 4, baseDelayMs: 0 });
    const attempts: number[] = [];
    const throttling = Object.assign(new Error("slow down"), {
      name: "Throttling",
    });

    await expect(
      withRetry(
        () => Promise.reject(throttling),
        options,
        (n) => attempts.push(n),
      ),
    ).rejects.toBe(throttling);
    expect(attempts).toEqual([1, 2, 3, 4]);
  });

  it("retries a timeout", async () => {
    const options = resolveRetryOptions({ maxAttempts: 3, baseDelayMs: 0 });
    const attempts: number[] = [];
    const timeout = Object.assign(new Error("no connection"), {
      name: "TimeoutError",
    });

    await expect(
      withRetry(
        () => Promise.reject(timeout),
        options,
        (n) => attempts.push(n),
      ),
    ).rejects.toBe(timeout);
    expect(attempts).toEqual([1, 2, 3]);
  });

  it("does not retry access denied", async () => {
    const options = resolveRetryOptions({ baseDelayMs: 0 });
    const attempts: number[] = [];
    const denied = Object.assign(new Error("no"), { name: "AccessDenied" });

    await expect(
      withRetry(
        () => Promise.reject(denied),
        options,
        (n) => attempts.push(n),
      ),
    ).rejects.toBe(denied);
    expect(attempts).toEqual([1]);
  });
});

describe("AWS error classification", () => {
  const cases = [
    {
      name: "InvalidClientTokenId",
      error: { name: "InvalidClientTokenId" },
      code: "CREDENTIALS",
    },
    {
      name: "CredentialsProviderError",
      error: { name: "CredentialsProviderError" },
      code: "CREDENTIALS",
    },
    {
      name: "connection refused",
      error: { name: "Error", code: "ECONNREFUSED" },
      code: "NETWORK",
    },
    {
      name: "missing region",
      error: new Error("Region is missing"),
      code: "CONFIGURATION",
    },
    {
      name: "connection timeout",
      error: {
        name: "TimeoutError",
        message: "did not establish a connection",
      },
      code: "TIMEOUT",
    },
    {
      name: "request timeout",
      error: { name: "TimeoutError", code: "ETIMEDOUT" },
      code: "TIMEOUT",
    },
    {
      name: "OS connect timeout",
      error: { name: "Error", code: "ETIMEDOUT" },
      code: "TIMEOUT",
    },
    { name: "throttling", error: { name: "Throttling" }, code: "THROTTLED" },
    { name: "other", error: { name: "ServiceFailure" }, code: "AWS_ERROR" },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} is ${testCase.code}`, () => {
      expect(classifyAwsError(testCase.error, "iam:GetRole").code).toBe(
        testCase.code,
      );
    });
  }

  it("denied simulation names the permission", () => {
    const outcome = classifyAwsError(
      { name: "AccessDenied", message: "not authorized" },
      "iam:SimulatePrincipalPolicy",
      "arn:aws:iam::111122223333:role/R",
    );

    expect(outcome.code).toBe("SIMULATOR_ACCESS_DENIED");
    expect(outcome.requiredPermission).toEqual({
      action: "iam:SimulatePrincipalPolicy",
      resource: "arn:aws:iam::111122223333:role/R",
    });
  });
});

describe("role reference", () => {
  const cases = [
    {
      input: "ScoutfloReadOnly",
      kind: "name",
      name: "ScoutfloReadOnly",
      path: undefined,
    },
    {
      input: "arn:aws:iam::111122223333:role/scoutflo/team/ScoutfloReadOnly",
      kind: "role-arn",
      name: "ScoutfloReadOnly",
      path: "/scoutflo/team/",
    },
    {
      input: "arn:aws:iam::111122223333:role/ScoutfloReadOnly",
      kind: "role-arn",
      name: "ScoutfloReadOnly",
      path: "/",
    },
    {
      input:
        "arn:aws:sts::111122223333:assumed-role/ScoutfloReadOnly/session-1",
      kind: "assumed-role-arn",
      name: "ScoutfloReadOnly",
      path: undefined,
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.kind} input parses`, () => {
      const reference = parseRoleReference(testCase.input);
      expect(reference?.kind).toBe(testCase.kind);
      expect(reference?.name).toBe(testCase.name);
      expect(reference?.path).toBe(testCase.path);
    });
  }

  it("garbage input is rejected", () => {
    expect(parseRoleReference("role with spaces")).toBeUndefined();
    expect(parseRoleReference("arn:aws:iam::1:role/x")).toBeUndefined();
  });
});

describe("trust policy", () => {
  const externalId = "Sc0utfl0-test-external-id-4b9e2d";
  const collector = "arn:aws:iam::123456789012:role/ScoutfloCollector";
  const statement = (principal: unknown, condition?: unknown) => ({
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { AWS: principal },
        Action: "sts:AssumeRole",
        ...(condition === undefined ? {} : { Condition: condition }),
      },
    ],
  });
  const withId = { StringEquals: { "sts:ExternalId": externalId } };

  const cases = [
    {
      name: "role ARN trusted",
      doc: statement(collector, withId),
      principal: collector,
      codes: [],
    },
    {
      name: "account root for account id",
      doc: statement("arn:aws:iam::123456789012:root", withId),
      principal: "123456789012",
      codes: [],
    },
    {
      name: "bare account id",
      doc: statement("123456789012", withId),
      principal: "123456789012",
      codes: [],
    },
    {
      name: "other account",
      doc: statement("arn:aws:iam::999999999999:root", withId),
      principal: "123456789012",
      codes: ["PRINCIPAL_NOT_TRUSTED"],
    },
    {
      name: "no condition",
      doc: statement(collector),
      principal: collector,
      codes: ["EXTERNAL_ID_NOT_REQUIRED"],
    },
    {
      name: "StringLike operator",
      doc: statement(collector, { StringLike: { "sts:ExternalId": "Sc0u*" } }),
      principal: collector,
      codes: ["EXTERNAL_ID_WRONG_OPERATOR"],
    },
    {
      name: "other ExternalId",
      doc: statement(collector, {
        StringEquals: { "sts:externalid": "other-value-0123456789" },
      }),
      principal: collector,
      codes: ["EXTERNAL_ID_MISMATCH"],
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} gives ${testCase.codes.join(", ") || "no problem"}`, () => {
      const parsed = parseTrustPolicy(
        encodeURIComponent(JSON.stringify(testCase.doc)),
      );
      expect(parsed).toBeDefined();

      const result = checkTrustPolicy(parsed!, {
        roleName: "ScoutfloReadOnly",
        principal: expectedPrincipalMatcher(testCase.principal),
        principalLabel: testCase.principal,
        externalId,
      });
      expect(result.problems.map((p) => p.code)).toEqual(testCase.codes);
    });
  }

  it("account root trusting a role warns", () => {
    const parsed = parseTrustPolicy(
      JSON.stringify(statement("arn:aws:iam::123456789012:root", withId)),
    )!;

    const result = checkTrustPolicy(parsed, {
      roleName: "R",
      principal: expectedPrincipalMatcher(collector),
      principalLabel: collector,
      externalId,
    });
    expect(result.problems).toEqual([]);
    expect(result.warnings.map((w) => w.code)).toEqual([
      "PRINCIPAL_TRUSTED_VIA_ACCOUNT",
    ]);
  });

  it("assumed-role caller matches its role at any path", () => {
    const parsed = parseTrustPolicy(
      JSON.stringify(
        statement(
          "arn:aws:iam::123456789012:role/ops/ScoutfloCollector",
          withId,
        ),
      ),
    )!;

    const result = checkTrustPolicy(parsed, {
      roleName: "R",
      principal: callerPrincipalMatcher(
        "arn:aws:sts::123456789012:assumed-role/ScoutfloCollector/s1",
      ),
      externalId,
    });
    expect(result.problems).toEqual([]);
  });

  it("mismatch message masks both values", () => {
    const parsed = parseTrustPolicy(
      JSON.stringify(
        statement(collector, {
          StringEquals: { "sts:ExternalId": "other-value-0123456789" },
        }),
      ),
    )!;

    const [problem] = checkTrustPolicy(parsed, {
      roleName: "R",
      principal: expectedPrincipalMatcher(collector),
      externalId,
    }).problems;
    expect(problem.message).not.toContain(externalId);
    expect(problem.message).not.toContain("other-value-0123456789");
    expect(problem.message).toContain('"othe****"');
  });

  it("non-JSON document is unreadable", () => {
    expect(parseTrustPolicy("%7Bnot json")).toBeUndefined();
  });
});
