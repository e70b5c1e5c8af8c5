import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  DEFAULT_CONFIG_PATH,
  loadConfigFile,
  parseConfig,
} from "../../stacks/config";
import type {
  ConfigProblem,
  ConfigProblemCode,
  ConfigResult,
  ConnectConfig,
} from "../../stacks/config";

const EXTERNAL_ID = "scoutflo-test-7f3c9a1e5b2d4c60";

type Json = Record<string, any>;

/** Returns a valid config with one read-only connection of one cluster. */
function validConfig(): Json {
  return {
    $schema: "./stacks/config.schema.json",
    scoutfloPrincipal: "arn:aws:iam::123456789012:role/ScoutfloCollector",
    connections: [
      {
        name: "observe-prod",
        accountId: "111122223333",
        region: "us-east-1",
        mode: "read-only",
        externalId: EXTERNAL_ID,
        role: { name: "ScoutfloObserve", tags: { team: "platform" } },
        clusters: [{ name: "prod-east" }],
      },
    ],
  };
}

/** Returns a second connection in another account, valid on its own. */
function secondConnection(overrides: Json = {}): Json {
  return {
    name: "operate-staging",
    accountId: "444455556666",
    region: "eu-west-1",
    mode: "read-write",
    externalId: EXTERNAL_ID,
    clusters: [{ name: "staging-west" }],
    ...overrides,
  };
}

function problemsOf(raw: unknown): ConfigProblem[] {
  const result = parseConfig(raw);
  if (result.ok) {
    throw new Error("expected the config to have problems");
  }

  return result.problems;
}

/** Returns the problems of a result that must be invalid. */
function problemsIn(result: ConfigResult): readonly ConfigProblem[] {
  if (result.ok) {
    throw new Error("expected config problems, but the config is valid");
  }

  return result.problems;
}

/** Returns the config of a result that must be valid. */
function configIn(result: ConfigResult): ConnectConfig {
  if (!result.ok) {
    throw new Error(
      `expected a valid config: ${JSON.stringify(result.problems)}`,
    );
  }

  return result.config;
}

function problemsOrNone(raw: unknown): ConfigProblem[] {
  const result = parseConfig(raw);

  return result.ok ? [] : result.problems;
}

interface ErrorCase {
  readonly name: string;
  readonly change: (config: Json) => void;
  /** Builds the value to parse from the changed config. @default the config */
  readonly raw?: (config: Json) => unknown;
  readonly path: string;
  readonly code: ConfigProblemCode;
  readonly message: string;
}

const connection = (config: Json): Json => config.connections[0];

const ERROR_CASES: readonly ErrorCase[] = [
  {
    name: "unknown key at top level",
    change: (c) => (c.scoutfloPrincpal = "x"),
    path: "/scoutfloPrincpal",
    code: "CONFIG_KEY_UNKNOWN",
    message:
      'unknown key "scoutfloPrincpal": allowed keys here are $schema, scoutfloPrincipal, connections. Did you mean "scoutfloPrincipal"?',
  },
  {
    name: "unknown key in connection",
    change: (c) => (connection(c).rolee = {}),
    path: "/connections/0/rolee",
    code: "CONFIG_KEY_UNKNOWN",
    message:
      "allowed keys here are name, accountId, region, mode, externalId, role, clusters",
  },
  {
    name: "unknown key in role",
    change: (c) => (connection(c).role.boundary = "x"),
    path: "/connections/0/role/boundary",
    code: "CONFIG_KEY_UNKNOWN",
    message:
      "allowed keys here are name, path, permissionsBoundaryArn, maxSessionDurationHours, tags",
  },
  {
    name: "unknown key in cluster",
    change: (c) => (connection(c).clusters[0].namespace = ["apps"]),
    path: "/connections/0/clusters/0/namespace",
    code: "CONFIG_KEY_UNKNOWN",
    message: 'Did you mean "namespaces"?',
  },
  {
    name: "missing principal",
    change: (c) => delete c.scoutfloPrincipal,
    path: "/scoutfloPrincipal",
    code: "CONFIG_KEY_MISSING",
    message: 'required key "scoutfloPrincipal" is missing',
  },
  {
    name: "missing region",
    change: (c) => delete connection(c).region,
    path: "/connections/0/region",
    code: "CONFIG_KEY_MISSING",
    message: 'required key "region" is missing. The AWS region',
  },
  {
    name: "missing external id",
    change: (c) => delete connection(c).externalId,
    path: "/connections/0/externalId",
    code: "CONFIG_KEY_MISSING",
    message: 'required key "externalId" is missing',
  },
  {
    name: "missing clusters",
    change: (c) => delete connection(c).clusters,
    path: "/connections/0/clusters",
    code: "CONFIG_KEY_MISSING",
    message: 'required key "clusters" is missing',
  },
  {
    name: "missing cluster name",
    change: (c) =>
      (connection(c).clusters[0] = { accessPolicy: "AmazonEKSViewPolicy" }),
    path: "/connections/0/clusters/0/name",
    code: "CONFIG_KEY_MISSING",
    message: 'required key "name" is missing',
  },
  {
    name: "account id as number",
    change: (c) => (connection(c).accountId = 111122223333),
    path: "/connections/0/accountId",
    code: "CONFIG_TYPE_INVALID",
    message: "must be a string, not a number",
  },
  {
    name: "connections as object",
    change: (c) => (c.connections = { prod: connection(c) }),
    path: "/connections",
    code: "CONFIG_TYPE_INVALID",
    message: "must be an array, not an object",
  },
  {
    name: "external id as number",
    change: (c) => (connection(c).externalId = 1234567890123456),
    path: "/connections/0/externalId",
    code: "CONFIG_TYPE_INVALID",
    message: "must be a string, not a number",
  },
  {
    name: "cluster as string",
    change: (c) => (connection(c).clusters[0] = "prod-east"),
    path: "/connections/0/clusters/0",
    code: "CONFIG_TYPE_INVALID",
    message: "must be an object, not a string",
  },
  {
    name: "tag value as number",
    change: (c) => (connection(c).role.tags.cost = 42),
    path: "/connections/0/role/tags/cost",
    code: "CONFIG_TYPE_INVALID",
    message: "must be a string, not a number",
  },
  {
    name: "config as array",
    change: () => undefined,
    raw: (c) => [c],
    path: "",
    code: "CONFIG_TYPE_INVALID",
    message: "must be an object, not an array",
  },
  {
    name: "bad enum mode",
    change: (c) => (connection(c).mode = "readonly"),
    path: "/connections/0/mode",
    code: "MODE_INVALID",
    message: 'use one of "read-only", "read-write"',
  },
  {
    name: "account id of 11 digits",
    change: (c) => (connection(c).accountId = "11112222333"),
    path: "/connections/0/accountId",
    code: "CONFIG_VALUE_INVALID",
    message: '"11112222333" must be a 12-digit AWS account id',
  },
  {
    name: "region in capitals",
    change: (c) => (connection(c).region = "US-EAST-1"),
    path: "/connections/0/region",
    code: "CONFIG_VALUE_INVALID",
    message: "must be an AWS region code such as us-east-1",
  },
  {
    name: "connection name with digit first",
    change: (c) => (connection(c).name = "1prod"),
    path: "/connections/0/name",
    code: "CONFIG_VALUE_INVALID",
    message: "must start with an ASCII letter",
  },
  {
    name: "no connections",
    change: (c) => (c.connections = []),
    path: "/connections",
    code: "CONFIG_VALUE_INVALID",
    message: "list at least 1",
  },
  {
    name: "external id too short",
    change: (c) => (connection(c).externalId = "short-secret-15"),
    path: "/connections/0/externalId",
    code: "EXTERNAL_ID_TOO_SHORT",
    message: "fewer than the 16 needed",
  },
  {
    name: "external id of 12 digits",
    change: (c) => (connection(c).externalId = "987654321098"),
    path: "/connections/0/externalId",
    code: "EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID",
    message: "is 12 digits",
  },
  {
    name: "external id with bad characters",
    change: (c) => (connection(c).externalId = "secret value with spaces!"),
    path: "/connections/0/externalId",
    code: "EXTERNAL_ID_INVALID_CHARACTERS",
    message: "use only ASCII letters, digits and + = , . @ : / - _",
  },
  {
    name: "external id too long",
    change: (c) => (connection(c).externalId = "x".repeat(1225)),
    path: "/connections/0/externalId",
    code: "EXTERNAL_ID_TOO_LONG",
    message: "more than the 1224 STS accepts",
  },
  {
    name: "principal of 11 digits",
    change: (c) => (c.scoutfloPrincipal = "12345678901"),
    path: "/scoutfloPrincipal",
    code: "SCOUTFLO_PRINCIPAL_INVALID",
    message: "is neither a 12-digit account id",
  },
  {
    name: "principal as user ARN",
    change: (c) => (c.scoutfloPrincipal = "arn:aws:iam::123456789012:user/bob"),
    path: "/scoutfloPrincipal",
    code: "SCOUTFLO_PRINCIPAL_INVALID",
    message: "arn:aws:iam::123456789012:user/bob",
  },
  {
    name: "role name with space",
    change: (c) => (connection(c).role.name = "Scoutflo Role"),
    path: "/connections/0/role/name",
    code: "ROLE_NAME_INVALID",
    message: 'role.name "Scoutflo Role" is not a valid IAM role name',
  },
  {
    name: "role path without slash",
    change: (c) => (connection(c).role.path = "scoutflo"),
    path: "/connections/0/role/path",
    code: "ROLE_PATH_INVALID",
    message: 'role.path "scoutflo" is not a valid IAM path',
  },
  {
    name: "boundary not a policy ARN",
    change: (c) =>
      (connection(c).role.permissionsBoundaryArn =
        "arn:aws:iam::111122223333:role/Boundary"),
    path: "/connections/0/role/permissionsBoundaryArn",
    code: "PERMISSIONS_BOUNDARY_INVALID",
    message: "is not an IAM policy ARN",
  },
  {
    name: "session of 13 hours",
    change: (c) => (connection(c).role.maxSessionDurationHours = 13),
    path: "/connections/0/role/maxSessionDurationHours",
    code: "MAX_SESSION_DURATION_INVALID",
    message: "outside the 1-12 hours",
  },
  {
    name: "tag key with aws prefix",
    change: (c) => (connection(c).role.tags["aws:owner"] = "me"),
    path: "/connections/0/role/tags/aws:owner",
    code: "TAG_KEY_INVALID",
    message: 'not starting with "aws:"',
  },
  {
    name: "tag key with slash",
    change: (c) => (connection(c).role.tags["team/sub team!"] = "me"),
    path: "/connections/0/role/tags/team~1sub team!",
    code: "TAG_KEY_INVALID",
    message: "is not a valid IAM tag key",
  },
  {
    name: "too many tags",
    change: (c) =>
      (connection(c).role.tags = Object.fromEntries(
        Array.from({ length: 51 }, (_, i) => [`tag${i}`, "v"]),
      )),
    path: "/connections/0/role/tags",
    code: "TAGS_TOO_MANY",
    message: "more than the 50 IAM allows",
  },
  {
    name: "write access policy in read-only",
    change: (c) =>
      (connection(c).clusters[0].accessPolicy = "AmazonEKSClusterAdminPolicy"),
    path: "/connections/0/clusters/0/accessPolicy",
    code: "ACCESS_POLICY_WRITE_IN_READ_ONLY",
    message: "read-only mode forbids",
  },
  {
    name: "access policy as ARN",
    change: (c) =>
      (connection(c).clusters[0].accessPolicy =
        "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"),
    path: "/connections/0/clusters/0/accessPolicy",
    code: "ACCESS_POLICY_INVALID",
    message: 'the name alone is needed: use "AmazonEKSViewPolicy"',
  },
  {
    name: "access policy with trailing space",
    change: (c) =>
      (connection(c).clusters[0].accessPolicy = "AmazonEKSViewPolicy "),
    path: "/connections/0/clusters/0/accessPolicy",
    code: "ACCESS_POLICY_INVALID",
    message: "has leading or trailing whitespace",
  },
  {
    name: "access policy empty",
    change: (c) => (connection(c).clusters[0].accessPolicy = ""),
    path: "/connections/0/clusters/0/accessPolicy",
    code: "ACCESS_POLICY_INVALID",
    message: "is empty",
  },
  {
    name: "access policy outside read-only allowlist",
    change: (c) =>
      (connection(c).clusters[0].accessPolicy = "AmazonEMRJobPolicy"),
    path: "/connections/0/clusters/0/accessPolicy",
    code: "ACCESS_POLICY_NOT_READ_ONLY",
    message: '"AmazonEKSAdminViewPolicy" or "AmazonEKSViewPolicy"',
  },
  {
    name: "access policy misspelled in read-only",
    change: (c) =>
      (connection(c).clusters[0].accessPolicy = "AmazonEKSAdminVeiwPolicy"),
    path: "/connections/0/clusters/0/accessPolicy",
    code: "ACCESS_POLICY_NOT_READ_ONLY",
    message: 'Did you mean "AmazonEKSAdminViewPolicy"?',
  },
  {
    name: "session not whole seconds",
    change: (c) => (connection(c).role.maxSessionDurationHours = 1.0001),
    path: "/connections/0/role/maxSessionDurationHours",
    code: "MAX_SESSION_DURATION_NOT_WHOLE_SECONDS",
    message: "whole number of seconds",
  },
  {
    name: "mode not a string",
    change: (c) => (connection(c).mode = 7),
    path: "/connections/0/mode",
    code: "CONFIG_TYPE_INVALID",
    message: "must be a string, not a number",
  },
  {
    name: "mode null",
    change: (c) => (connection(c).mode = null),
    path: "/connections/0/mode",
    code: "CONFIG_TYPE_INVALID",
    message: "must be a string, not null",
  },
  {
    name: "empty namespaces",
    change: (c) => (connection(c).clusters[0].namespaces = []),
    path: "/connections/0/clusters/0/namespaces",
    code: "NAMESPACES_EMPTY",
    message: "list at least one namespace",
  },
  {
    name: "namespace in capitals",
    change: (c) => (connection(c).clusters[0].namespaces = ["Apps"]),
    path: "/connections/0/clusters/0/namespaces/0",
    code: "NAMESPACE_INVALID",
    message: "is not a Kubernetes namespace name",
  },
  {
    name: "namespace listed twice",
    change: (c) => (connection(c).clusters[0].namespaces = ["apps", "apps"]),
    path: "/connections/0/clusters/0/namespaces/1",
    code: "NAMESPACE_DUPLICATE",
    message: "appears more than once",
  },
  {
    name: "cluster name with dot",
    change: (c) => (connection(c).clusters[0].name = "prod.east"),
    path: "/connections/0/clusters/0/name",
    code: "CLUSTER_NAME_INVALID",
    message: 'clusters[0].name "prod.east" is not a valid EKS cluster name',
  },
  {
    name: "duplicate cluster name",
    change: (c) => connection(c).clusters.push({ name: "prod-east" }),
    path: "/connections/0/clusters/1/name",
    code: "CLUSTER_DUPLICATE",
    message: 'clusters[1].name "prod-east" appears more than once',
  },
  {
    name: "duplicate connection name",
    change: (c) =>
      c.connections.push(secondConnection({ name: "observe-prod" })),
    path: "/connections/1/name",
    code: "CONNECTION_NAME_DUPLICATE",
    message: 'connection name "observe-prod" is already used by /connections/0',
  },
  {
    name: "connection names differing in case",
    change: (c) =>
      c.connections.push(secondConnection({ name: "Observe-Prod" })),
    path: "/connections/1/name",
    code: "CONNECTION_NAME_DUPLICATE",
    message: "ignoring case",
  },
  {
    name: "duplicate role name in one account",
    change: (c) =>
      c.connections.push(
        secondConnection({
          accountId: "111122223333",
          role: { name: "scoutfloobserve" },
        }),
      ),
    path: "/connections/1/role/name",
    code: "ROLE_NAME_DUPLICATE",
    message:
      'role name "scoutfloobserve" is already used by /connections/0 in account 111122223333',
  },
  {
    name: "default role names in one account",
    change: (c) => {
      delete connection(c).role;
      c.connections.push(
        secondConnection({ accountId: "111122223333", mode: "read-only" }),
      );
    },
    path: "/connections/1/role/name",
    code: "ROLE_NAME_DUPLICATE",
    message: '"ScoutfloReadOnly" (the default for read-only mode)',
  },
];

describe("parseConfig errors", () => {
  it.each(ERROR_CASES)("$name", ({ change, raw, path, code, message }) => {
    const config = validConfig();
    change(config);

    const problems = problemsOf(raw === undefined ? config : raw(config));

    expect(problems.map((problem) => problem.path)).toEqual([path]);
    expect(problems[0].code).toBe(code);
    expect(problems[0].message).toContain(message);
  });
});

describe("parseConfig ExternalId masking", () => {
  const secrets = [
    { name: "too short", secret: "short-secret-15" },
    { name: "12 digits", secret: "987654321098" },
    { name: "bad characters", secret: "secret value with spaces!" },
    { name: "too long", secret: `secret-${"y".repeat(1300)}` },
  ];

  it.each(secrets)("masks an ExternalId $name", ({ secret }) => {
    const config = validConfig();
    connection(config).externalId = secret;

    const text = JSON.stringify(problemsOf(config));

    expect(text).not.toContain(secret);
    expect(text).toContain("****");
  });
});

describe("parseConfig with several problems", () => {
  it("reports every problem in file order", () => {
    const config = validConfig();
    connection(config).externalId = "short";
    connection(config).clusters.push({ name: "prod-east", extra: 1 });
    config.connections.push(
      secondConnection({ name: "observe-prod", mode: "write" }),
    );
    config.scoutfloPrincipal = "scoutflo";

    const problems = problemsOf(config);

    expect(problems.map((problem) => [problem.path, problem.code])).toEqual([
      ["/scoutfloPrincipal", "SCOUTFLO_PRINCIPAL_INVALID"],
      ["/connections/0/externalId", "EXTERNAL_ID_TOO_SHORT"],
      ["/connections/0/clusters/1/name", "CLUSTER_DUPLICATE"],
      ["/connections/0/clusters/1/extra", "CONFIG_KEY_UNKNOWN"],
      ["/connections/1/name", "CONNECTION_NAME_DUPLICATE"],
      ["/connections/1/mode", "MODE_INVALID"],
    ]);
  });

  it("orders connection 10 after connection 2", () => {
    const config = validConfig();
    for (let i = 1; i <= 10; i++) {
      config.connections.push(
        secondConnection({ name: `c${i}`, accountId: `44445555${1000 + i}` }),
      );
    }
    config.connections[10].region = "nowhere";
    config.connections[2].region = "nowhere";

    const paths = problemsOf(config).map((problem) => problem.path);

    expect(paths).toEqual(["/connections/2/region", "/connections/10/region"]);
  });
});

describe("parseConfig valid configs", () => {
  it("returns the config without $schema", () => {
    const result = parseConfig(validConfig());

    expect(result.ok).toBe(true);
    expect("$schema" in configIn(result)).toBe(false);
    expect(configIn(result).connections[0].role?.name).toBe("ScoutfloObserve");
  });

  it("accepts every optional key", () => {
    const config = validConfig();
    connection(config).role = {
      name: "ScoutfloObserve",
      path: "/scoutflo/",
      permissionsBoundaryArn: "arn:aws:iam::111122223333:policy/Boundary",
      maxSessionDurationHours: 1.5,
      tags: { team: "platform" },
    };
    connection(config).clusters = [
      {
        name: "prod-east",
        accessPolicy: "AmazonEKSViewPolicy",
        namespaces: ["apps", "monitoring"],
      },
    ];

    expect(parseConfig(config).ok).toBe(true);
  });

  it("accepts one role name in two accounts", () => {
    const config = validConfig();
    config.connections.push(
      secondConnection({ role: { name: "ScoutfloObserve" } }),
    );

    expect(parseConfig(config).ok).toBe(true);
  });

  it.each([1.1, 2.2, 4.1, 8.2])("accepts a session of %s hours", (hours) => {
    const config = validConfig();
    connection(config).role.maxSessionDurationHours = hours;

    expect(parseConfig(config).ok).toBe(true);
  });

  it("accepts a view policy in read-only", () => {
    const config = validConfig();
    connection(config).clusters[0].accessPolicy = "AmazonEKSViewPolicy";

    expect(parseConfig(config).ok).toBe(true);
  });

  it("accepts an empty cluster list", () => {
    const config = validConfig();
    connection(config).clusters = [];

    expect(parseConfig(config).ok).toBe(true);
  });

  it("accepts the editor example of docs/config.md", () => {
    const docs = readFileSync(join(__dirname, "../../docs/config.md"), "utf8");
    const examples = [...docs.matchAll(/```json\n([\s\S]*?)```/g)].map(
      (match) => JSON.parse(match[1]),
    );

    expect(examples).toHaveLength(1);
    expect(problemsOrNone(examples[0])).toEqual([]);
  });

  it("loads the shipped example", () => {
    const result = loadConfigFile(DEFAULT_CONFIG_PATH);

    expect(result.ok).toBe(true);
    expect(configIn(result).connections.map((c) => c.mode)).toEqual([
      "read-only",
      "read-write",
    ]);
  });
});

describe("loadConfigFile", () => {
  const dir = mkdtempSync(join(tmpdir(), "scoutflo-config-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function writeConfig(name: string, text: string): string {
    const path = join(dir, name);
    writeFileSync(path, text);

    return path;
  }

  it("reports a missing file", () => {
    const path = join(dir, "absent.json");

    const result = loadConfigFile(path);

    expect(result.ok).toBe(false);
    expect(problemsIn(result)).toEqual([
      {
        path: "",
        code: "CONFIG_FILE_NOT_FOUND",
        message: expect.stringContaining(`config file "${path}" not found`),
      },
    ]);
  });

  it("reports a directory", () => {
    const result = loadConfigFile(dir);

    expect(problemsIn(result)[0].code).toBe("CONFIG_FILE_UNREADABLE");
  });

  it("reports invalid JSON with its line", () => {
    const path = writeConfig(
      "trailing-comma.json",
      '{\n  "scoutfloPrincipal": "123456789012",\n}\n',
    );

    const result = loadConfigFile(path);

    expect(problemsIn(result)[0].code).toBe("CONFIG_JSON_INVALID");
    expect(problemsIn(result)[0].message).toContain("at line 3, column 1");
  });

  it("keeps the ExternalId out of JSON errors", () => {
    const secret = "unquoted-secret-value-0123456789";
    const path = writeConfig(
      "unquoted.json",
      `{\n  "connections": [{ "externalId": ${secret} }]\n}\n`,
    );

    const result = loadConfigFile(path);

    expect(problemsIn(result)[0].message).toContain(
      "unexpected token 'u' at line 2, column 35",
    );
    expect(JSON.stringify(result)).not.toContain("secret-value");
  });

  it("reads a file with a byte order mark", () => {
    const path = writeConfig(
      "bom.json",
      `\uFEFF${JSON.stringify(validConfig())}`,
    );

    expect(loadConfigFile(path).ok).toBe(true);
  });

  it("reports schema problems of a file", () => {
    const config = validConfig();
    connection(config).mode = "admin";
    const path = writeConfig("bad-mode.json", JSON.stringify(config));

    const result = loadConfigFile(path);

    expect(problemsIn(result).map((p) => p.path)).toEqual([
      "/connections/0/mode",
    ]);
  });

  it("reports a key written twice", () => {
    const path = writeConfig(
      "duplicate-mode.json",
      JSON.stringify(validConfig(), null, 2).replace(
        '"mode": "read-only",',
        '"mode": "read-only",\n      "mode": "read-write",',
      ),
    );

    const result = loadConfigFile(path);

    expect(result.ok).toBe(false);
    expect(problemsIn(result)).toEqual([
      {
        path: "/connections/0/mode",
        code: "CONFIG_KEY_DUPLICATE",
        message: expect.stringContaining("line 9 and again on line 10"),
      },
    ]);
  });

  it("reports duplicates beside other problems in file order", () => {
    const config = validConfig();
    connection(config).externalId = "123456789012";
    const text = JSON.stringify(config, null, 2)
      .replace('"name": "ScoutfloObserve",', '"name": "A",\n"name": "B",')
      .replace(
        '"scoutfloPrincipal":',
        '"scoutfloPrincipal": "123456789012",\n  "scoutfloPrincipal":',
      );
    const path = writeConfig("duplicates-and-problems.json", text);

    const result = loadConfigFile(path);

    expect(problemsIn(result).map((p) => [p.path, p.code])).toEqual([
      ["/scoutfloPrincipal", "CONFIG_KEY_DUPLICATE"],
      ["/connections/0/externalId", "EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID"],
      ["/connections/0/role/name", "CONFIG_KEY_DUPLICATE"],
    ]);
  });

  it("names one line for a duplicate on one line", () => {
    const path = writeConfig(
      "duplicate-one-line.json",
      '{ "scoutfloPrincipal": "123456789012", "scoutfloPrincipal": "123456789012", "connections": [] }',
    );

    const [problem] = problemsIn(loadConfigFile(path));

    expect(problem.code).toBe("CONFIG_KEY_DUPLICATE");
    expect(problem.message).toContain("appears twice on line 1");
  });

  it("accepts the same key in different objects", () => {
    const config = validConfig();
    config.connections.push(secondConnection());
    const path = writeConfig("same-keys.json", JSON.stringify(config));

    expect(loadConfigFile(path).ok).toBe(true);
  });
});
