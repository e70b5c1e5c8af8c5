import { execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { statementsForMode } from "../../policies";
import { roleArn, startAwsEndpoint, trustPolicy } from "../aws-endpoint";
import type { AwsEndpoint } from "../aws-endpoint";
import { expectValidReport, startStalledServer } from "./harness";
import {
  account,
  catalogPolicy,
  CLUSTER,
  COLLECTOR_ROLE_ARN,
  collector,
  CUSTOMER_ACCOUNT,
  EXTERNAL_ID,
  OTHER_EXTERNAL_ID,
  reader,
  roleName,
  scoutfloRole,
  scoutfloRoleArn,
} from "./model";

const REPO = resolve(__dirname, "../..");
const BIN = join(REPO, "validator/bin.ts");
const BROKEN_ROLE = "ScoutfloNoLogsQuery";
const TRUST_MISMATCH_ROLE = "ScoutfloOtherExternalId";

interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

let endpoint: AwsEndpoint;
let scratch: string;

/** Builds a read-only role whose policy lacks logs:StartQuery. */
function brokenRole() {
  const arn = roleArn(CUSTOMER_ACCOUNT, BROKEN_ROLE);
  const statements = statementsForMode("read-only").map((statement) => ({
    ...statement,
    actions: statement.actions.filter((action) => action !== "logs:StartQuery"),
  }));
  return {
    ...scoutfloRole("read-only"),
    name: BROKEN_ROLE,
    path: "/",
    policies: [catalogPolicy(statements, arn)],
  };
}

function trustMismatchRole() {
  return {
    ...scoutfloRole("read-only"),
    name: TRUST_MISMATCH_ROLE,
    path: "/",
    trustPolicy: trustPolicy(COLLECTOR_ROLE_ARN, OTHER_EXTERNAL_ID),
  };
}

/** Environment of the child: the endpoint's variables and no real AWS configuration. */
function childEnv(
  caller?: string,
  extra: Record<string, string> = {},
): NodeJS.ProcessEnv {
  const awsEnv = Object.fromEntries(
    Object.entries(endpoint.env(caller)).filter(([, value]) => value !== ""),
  );
  return {
    PATH: process.env.PATH,
    HOME: scratch,
    AWS_CONFIG_FILE: join(scratch, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...awsEnv,
    ...extra,
  };
}

/** Runs the command in a child process and checks that no ExternalId leaks. */
async function runCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv = childEnv(),
): Promise<CliResult> {
  const result = await spawnCli(args, env);
  for (const secret of [EXTERNAL_ID, OTHER_EXTERNAL_ID]) {
    expect(result.stdout).not.toContain(secret);
    expect(result.stderr).not.toContain(secret);
  }

  return result;
}

function spawnCli(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<CliResult> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ["--import", "tsx", BIN, ...args],
      { cwd: REPO, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        done({ code: exitCodeOf(error), stdout, stderr });
      },
    );
  });
}

/** Returns the child's exit code, or -1 when it was killed or never started. */
function exitCodeOf(error: { code?: unknown } | null): number {
  if (error === null) {
    return 0;
  }

  return typeof error.code === "number" ? error.code : -1;
}

function writeConfig(name: string, config: unknown): string {
  const path = join(scratch, name);
  writeFileSync(path, JSON.stringify(config));
  return path;
}

function connection(name: string, overrides: Record<string, unknown> = {}) {
  return {
    name,
    accountId: CUSTOMER_ACCOUNT,
    region: "us-east-1",
    mode: "read-only",
    externalId: EXTERNAL_ID,
    role: { path: "/scoutflo/" },
    clusters: [{ name: CLUSTER }],
    ...overrides,
  };
}

beforeAll(async () => {
  scratch = mkdtempSync(join(tmpdir(), "scoutflo-preflight-"));
  const model = account();
  endpoint = await startAwsEndpoint({
    ...model,
    roles: [...model.roles, brokenRole(), trustMismatchRole()],
  });
});

afterAll(async () => {
  await endpoint.close();
  rmSync(scratch, { recursive: true, force: true });
});

describe("scoutflo-preflight exit 0", () => {
  it("ready role prints capabilities", async () => {
    const result = await runCli([
      "--role",
      roleName("read-only"),
      "--mode",
      "read-only",
      "--cluster",
      CLUSTER,
      "--principal",
      COLLECTOR_ROLE_ARN,
      "--external-id",
      EXTERNAL_ID,
    ]);

    expect(result.stderr).toContain("Simulating");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Scoutflo preflight: READY (read-only)");
    expect(result.stdout).toMatch(/ready +monitoring/);
    expect(result.stdout).toContain(
      `ExternalId ${EXTERNAL_ID.slice(0, 4)}****`,
    );
  });

  it("json output matches the schema", async () => {
    const result = await runCli([
      "--role",
      scoutfloRoleArn("read-write"),
      "--mode",
      "read-write",
      "--cluster",
      CLUSTER,
      "--output",
      "json",
    ]);

    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expectValidReport(report);
    expect(report.status).toBe("ready");
    expect(result.stderr).toContain("Simulator page");
    expect(result.stdout).not.toContain("Simulator page");
  });

  it("config file connection is ready", async () => {
    const path = writeConfig("one.json", {
      scoutfloPrincipal: COLLECTOR_ROLE_ARN,
      connections: [connection("observe-prod")],
    });

    const result = await runCli(["--config", path, "--quiet"]);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(scoutfloRoleArn("read-only"));
  });

  it("config from the environment variable", async () => {
    const path = writeConfig("env.json", {
      scoutfloPrincipal: COLLECTOR_ROLE_ARN,
      connections: [
        connection("a"),
        connection("b", {
          mode: "read-write",
          role: { path: "/scoutflo/", name: "ScoutfloReadWrite" },
        }),
      ],
    });

    const result = await runCli(
      ["--connection", "b", "--output", "json"],
      childEnv(undefined, { SCOUTFLO_CONFIG: path }),
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).mode).toBe("read-write");
  });

  it("connection name ignores case", async () => {
    const path = writeConfig("case.json", {
      scoutfloPrincipal: COLLECTOR_ROLE_ARN,
      connections: [
        connection("observe-a"),
        connection("Observe-B", {
          mode: "read-write",
          role: { path: "/scoutflo/", name: "ScoutfloReadWrite" },
        }),
      ],
    });

    const result = await runCli([
      "--config",
      path,
      "--connection",
      "OBSERVE-b",
      "--output",
      "json",
    ]);

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).mode).toBe("read-write");
  });

  it("assume-role as the collector is ready", async () => {
    const result = await runCli(
      [
        "--role",
        scoutfloRoleArn("read-only"),
        "--mode",
        "read-only",
        "--assume-role",
        "--output",
        "json",
      ],
      childEnv(collector.arn, { SCOUTFLO_EXTERNAL_ID: EXTERNAL_ID }),
    );

    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).assumeRole.status).toBe("assumed");
  });
});

describe("scoutflo-preflight exit 1", () => {
  it("missing action names the capability", async () => {
    const result = await runCli(["--role", BROKEN_ROLE, "--mode", "read-only"]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Scoutflo preflight: BLOCKED");
    expect(result.stdout).toMatch(/blocked +monitoring/);
    expect(result.stdout).toContain("missing logs:StartQuery: implicitDeny");
  });

  it("blocked json matches the schema", async () => {
    const result = await runCli([
      "--role",
      BROKEN_ROLE,
      "--mode",
      "read-only",
      "--output",
      "json",
    ]);

    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expectValidReport(report);
    expect(report.status).toBe("blocked");
  });

  it("trust mismatch masks both ExternalIds", async () => {
    const result = await runCli([
      "--role",
      TRUST_MISMATCH_ROLE,
      "--mode",
      "read-only",
      "--external-id",
      EXTERNAL_ID,
    ]);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain("EXTERNAL_ID_MISMATCH");
    expect(result.stdout).toContain(`"${OTHER_EXTERNAL_ID.slice(0, 4)}****"`);
  });

  it("assume-role with a wrong ExternalId", async () => {
    const result = await runCli(
      [
        "--role",
        scoutfloRoleArn("read-only"),
        "--mode",
        "read-only",
        "--assume-role",
        `--external-id=${OTHER_EXTERNAL_ID}`,
      ],
      childEnv(collector.arn),
    );

    expect(result.code).toBe(1);
    expect(result.stdout).toContain("ASSUME_ROLE_DENIED");
  });
});

describe("scoutflo-preflight ExternalId masking", () => {
  /** Runs a read-only check with `externalId` and parses the JSON report. */
  async function readOnlyJsonReport(externalId: string) {
    const result = await runCli([
      "--role",
      roleName("read-only"),
      "--mode",
      "read-only",
      "--principal",
      COLLECTOR_ROLE_ARN,
      "--external-id",
      externalId,
      "--output",
      "json",
    ]);

    return { result, report: JSON.parse(result.stdout) };
  }

  it("short ExternalId leaves words intact", async () => {
    const { result, report } = await readOnlyJsonReport("ro");

    expectValidReport(report);
    expect(report.role.arn).toBe(scoutfloRoleArn("read-only"));
    expect(result.stdout).not.toMatch(/"ro"/);
  });

  it("account-id ExternalId keeps ARNs intact", async () => {
    const { report } = await readOnlyJsonReport(CUSTOMER_ACCOUNT);

    expectValidReport(report);
    expect(report.role.arn).toBe(scoutfloRoleArn("read-only"));
    expect(report.caller.account).toBe(CUSTOMER_ACCOUNT);
    expect(report.warnings.map((w: { code: string }) => w.code)).toContain(
      "EXTERNAL_ID_WEAK",
    );
  });

  it("every repeated ExternalId is masked", async () => {
    const result = await runCli([
      "--role",
      roleName("read-only"),
      "--mode",
      "read-only",
      "--external-id",
      "first-value-0123456789",
      "--external-id",
      "second-value-0123456789",
    ]);

    expect(result.code).toBe(2);
    expect(result.stderr).toContain("--external-id is given 2 times");
    expect(result.stderr).not.toContain("first-value-0123456789");
    expect(result.stderr).not.toContain("second-value-0123456789");
  });
});

describe("scoutflo-preflight closed stdout", () => {
  it("exits quietly when the reader closes early", async () => {
    const child = spawn(
      process.execPath,
      [
        "--import",
        "tsx",
        BIN,
        "--role",
        scoutfloRoleArn("read-write"),
        "--mode",
        "read-write",
        "--output",
        "json",
        "--quiet",
      ],
      { cwd: REPO, env: childEnv() },
    );
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.stdout.once("data", () => child.stdout.destroy());

    const code = await new Promise((done) => child.on("close", done));

    expect(stderr).not.toContain("EPIPE");
    expect(stderr).not.toContain("internal error");
    expect(code).toBe(0);
  });
});

describe("scoutflo-preflight exit 2", () => {
  const twoConnections = () =>
    writeConfig("two.json", {
      scoutfloPrincipal: COLLECTOR_ROLE_ARN,
      connections: [
        connection("a"),
        connection("b", { accountId: "444455556666" }),
      ],
    });
  const invalidConfig = () =>
    writeConfig("invalid.json", {
      scoutfloPrincipal: COLLECTOR_ROLE_ARN,
      connections: [connection("a", { externalId: "123456789012" })],
    });

  const cases = [
    { name: "no arguments", args: () => [], expected: "--role is missing" },
    {
      name: "bad mode",
      args: () => ["--role", "R", "--mode", "write"],
      expected: "--mode",
    },
    { name: "unknown flag", args: () => ["--rol", "R"], expected: "--rol" },
    {
      name: "bad output",
      args: () => ["--role", "R", "--mode", "read-only", "--output", "xml"],
      expected: "--output",
    },
    {
      name: "bad role",
      args: () => ["--role", "no such role", "--mode", "read-only"],
      expected: "role",
    },
    {
      name: "invalid ExternalId characters",
      args: () => [
        "--role",
        "R",
        "--mode",
        "read-only",
        "--external-id",
        "has spaces in the external id",
      ],
      expected: "contains characters",
    },
    {
      name: "missing config file",
      args: () => ["--config", join(scratch, "absent.json")],
      expected: "not found",
    },
    {
      name: "config with flags",
      args: () => ["--config", twoConnections(), "--role", "R"],
      expected:
        "--role cannot be combined with a config file, because the file sets it: remove --role, or drop --config.",
    },
    {
      name: "two connections",
      args: () => ["--config", twoConnections()],
      expected: "--connection",
    },
    {
      name: "unknown connection",
      args: () => ["--config", twoConnections(), "--connection", "c"],
      expected: '"c"',
    },
    {
      name: "invalid config",
      args: () => ["--config", invalidConfig()],
      expected: "/connections/0/externalId",
    },
    {
      name: "config with two flags",
      args: () => [
        "--config",
        twoConnections(),
        "--role",
        "R",
        "--mode",
        "read-only",
      ],
      expected:
        "--role and --mode cannot be combined with a config file, because the file sets them: remove --role and --mode, or drop --config.",
    },
    {
      name: "repeated role",
      args: () => ["--role", "A", "--role", "B", "--mode", "read-only"],
      expected: "--role is given 2 times, but it takes one value",
    },
    {
      name: "repeated external id",
      args: () => [
        "--role",
        "R",
        "--mode",
        "read-only",
        `--external-id=${EXTERNAL_ID}`,
        "--external-id",
        OTHER_EXTERNAL_ID,
      ],
      expected: "--external-id is given 2 times",
    },
    {
      name: "bad request timeout",
      args: () => [
        "--role",
        "R",
        "--mode",
        "read-only",
        "--request-timeout",
        "0",
      ],
      expected: '--request-timeout "0" is not a whole number of milliseconds',
    },
  ];

  for (const testCase of cases) {
    it(`${testCase.name} is a usage error`, async () => {
      endpoint.resetCalls();
      const result = await runCli(testCase.args());

      expect(result.code).toBe(2);
      expect(result.stdout).toBe("");
      expect(result.stderr).toContain(testCase.expected);
      expect(endpoint.calls).toEqual([]);
    });
  }

  const flagCases = [
    {
      name: "bad principal",
      args: ["--principal", "nope"],
      expected: '--principal "nope" is neither',
      prop: "scoutfloPrincipal",
    },
    {
      name: "bad account id",
      args: ["--account-id", "123"],
      expected: '--account-id "123" is not a 12-digit',
      prop: "accountId",
    },
    {
      name: "bad second cluster",
      args: ["--cluster", CLUSTER, "--cluster", "bad name!"],
      expected: '--cluster "bad name!" is not a valid EKS cluster name',
      prop: "clusters[1]",
    },
    {
      name: "duplicate cluster",
      args: ["--cluster", CLUSTER, "--cluster", CLUSTER],
      expected: `--cluster "${CLUSTER}" appears more than once`,
      prop: "clusterName",
    },
    {
      name: "assume-role without ExternalId",
      args: ["--assume-role"],
      expected:
        "--external-id is missing: --assume-role sends the ExternalId that the role's trust policy requires, so pass --external-id VALUE or set SCOUTFLO_EXTERNAL_ID",
      prop: "Generate",
    },
  ];

  for (const testCase of flagCases) {
    it(`${testCase.name} names the flag`, async () => {
      const result = await runCli([
        "--role",
        "R",
        "--mode",
        "read-only",
        ...testCase.args,
      ]);

      expect(result.code).toBe(2);
      expect(result.stderr).toContain(testCase.expected);
      expect(result.stderr).not.toContain(testCase.prop);
    });
  }

  it("help exits 0 with the options", async () => {
    const result = await runCli(["--help"]);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("--assume-role");
    expect(result.stdout).toContain("--request-timeout MS");
    expect(result.stdout).toContain("70 internal error");
  });
});

describe("scoutflo-preflight exit 3", () => {
  it("caller that cannot simulate", async () => {
    const result = await runCli(
      [
        "--role",
        roleName("read-only"),
        "--mode",
        "read-only",
        "--output",
        "json",
      ],
      childEnv(reader.arn),
    );

    expect(result.code).toBe(3);
    const report = JSON.parse(result.stdout);
    expectValidReport(report);
    expect(report.error.code).toBe("SIMULATOR_ACCESS_DENIED");
    expect(report.error.requiredPermission.action).toBe(
      "iam:SimulatePrincipalPolicy",
    );
  });

  it("unreachable endpoint", async () => {
    const closed = await startAwsEndpoint(account());
    const url = closed.url;
    await closed.close();

    const result = await runCli(
      ["--role", roleName("read-only"), "--mode", "read-only"],
      childEnv(undefined, { AWS_ENDPOINT_URL: url }),
    );

    expect(result.code).toBe(3);
    expect(result.stdout).toContain("[NETWORK]");
  });

  it("stalled endpoint times out", async () => {
    const stalled = await startStalledServer();
    try {
      const result = await runCli(
        [
          "--role",
          roleName("read-only"),
          "--mode",
          "read-only",
          "--request-timeout",
          "300",
          "--quiet",
        ],
        childEnv(undefined, { AWS_ENDPOINT_URL: stalled.url }),
      );

      expect(result.code).toBe(3);
      expect(result.stdout).toContain("[TIMEOUT]");
      expect(result.stdout).toContain(stalled.url);
    } finally {
      await stalled.close();
    }
  });

  it("no credentials at all", async () => {
    const env = childEnv();
    delete env.AWS_ACCESS_KEY_ID;
    delete env.AWS_SECRET_ACCESS_KEY;

    const result = await runCli(
      ["--role", roleName("read-only"), "--mode", "read-only", "--quiet"],
      env,
    );

    expect(result.code).toBe(3);
    expect(result.stdout).toContain("[CREDENTIALS]");
  });
});
