import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { createRequire } from "node:module";
import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");
const MAIN = join(ROOT, "stacks/main.ts");
const EXAMPLE = join(ROOT, "stacks/example.config.json");
const TSX_LOADER = pathToFileURL(
  createRequire(join(ROOT, "package.json")).resolve("tsx"),
).href;
const EXAMPLE_EXTERNAL_ID = JSON.parse(readFileSync(EXAMPLE, "utf8"))
  .connections[0].externalId as string;

interface AppRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the app in `cwd` with `env` added, and without the cdktf CLI's variables. */
function runApp(cwd: string, env: Record<string, string>): AppRun {
  const base = { ...process.env };
  delete base.CDKTF_OUTDIR;
  delete base.CDKTF_CONTEXT_JSON;
  delete base.SCOUTFLO_CONFIG;
  const result = spawnSync(process.execPath, ["--import", TSX_LOADER, MAIN], {
    cwd,
    env: { ...base, ...env },
    encoding: "utf8",
    timeout: 60_000,
  });

  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/** Path, size, mode, modification time and SHA-256 of everything under `dir`. */
function fingerprint(dir: string): string[] {
  const entries: string[] = [];
  const walk = (path: string): void => {
    const stat = statSync(path);
    const name = relative(dir, path) || ".";
    if (stat.isDirectory()) {
      entries.push(`${name}/ ${stat.mode} ${stat.mtimeMs}`);
      readdirSync(path)
        .sort()
        .forEach((child) => walk(join(path, child)));
      return;
    }

    const hash = createHash("sha256").update(readFileSync(path)).digest("hex");
    entries.push(`${name} ${stat.size} ${stat.mode} ${stat.mtimeMs} ${hash}`);
  };
  walk(dir);

  return entries;
}

type TerraformJson = Record<string, any>;

function readStack(outdir: string, name: string): TerraformJson {
  const path = join(outdir, "stacks", name, "cdk.tf.json");

  return JSON.parse(readFileSync(path, "utf8"));
}

describe("app with a bad config", () => {
  let dir: string;
  let outdir: string;
  let before: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scoutflo-main-bad-"));
    outdir = join(dir, "cdktf.out");
    mkdirSync(join(outdir, "stacks", "old-stack"), { recursive: true });
    writeFileSync(join(outdir, "manifest.json"), '{"stacks":{}}\n');
    writeFileSync(join(outdir, "stacks", "old-stack", "cdk.tf.json"), "{}\n");
    before = fingerprint(outdir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints every problem and leaves cdktf.out alone", () => {
    const config = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    config.connections[0].externalId = "123456789012";
    config.connections[1].mode = "admin";
    config.connections[1].clusters[0].nmae = "x";
    const configPath = join(dir, "bad.json");
    writeFileSync(configPath, JSON.stringify(config));

    const run = runApp(dir, { SCOUTFLO_CONFIG: configPath });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`Config file ${configPath} has 3 problems`);
    expect(run.stderr).toContain(
      '/connections/0/externalId: externalId "1234****" is 12 digits',
    );
    expect(run.stderr).toContain("[EXTERNAL_ID_LOOKS_LIKE_ACCOUNT_ID]");
    expect(run.stderr).toContain('/connections/1/mode: mode "admin"');
    expect(run.stderr).toContain(
      '/connections/1/clusters/0/nmae: unknown key "nmae"',
    );
    expect(run.stdout).toBe("");
    expect(fingerprint(outdir)).toEqual(before);
  });

  it("reports a missing file", () => {
    const run = runApp(dir, { SCOUTFLO_CONFIG: join(dir, "absent.json") });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain('absent.json" not found');
    expect(run.stderr).toContain("[CONFIG_FILE_NOT_FOUND]");
    expect(fingerprint(outdir)).toEqual(before);
  });

  it("reports invalid JSON", () => {
    const configPath = join(dir, "broken.json");
    writeFileSync(configPath, '{ "connections": [ }');

    const run = runApp(dir, { SCOUTFLO_CONFIG: configPath });

    expect(run.status).toBe(2);
    expect(run.stderr).toContain("is not valid JSON");
    expect(fingerprint(outdir)).toEqual(before);
  });

  it("creates no cdktf.out when there was none", () => {
    const emptyDir = mkdtempSync(join(dir, "fresh-"));
    const configPath = join(dir, "no-connections.json");
    writeFileSync(
      configPath,
      '{ "scoutfloPrincipal": "123456789012", "connections": [] }',
    );

    const run = runApp(emptyDir, { SCOUTFLO_CONFIG: configPath });

    expect(run.status).toBe(2);
    expect(readdirSync(emptyDir)).toEqual([]);
  });
});

describe("app with the example config", () => {
  let dir: string;
  let outdir: string;
  let run: AppRun;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scoutflo-main-example-"));
    outdir = join(dir, "out");
    run = runApp(dir, { CDKTF_OUTDIR: outdir });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("exits 0 with one summary line per stack", () => {
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split("\n")).toEqual([
      "stack observe-prod, mode read-only, account 111122223333, region us-east-1, 1 cluster, role ScoutfloReadOnly",
      "stack operate-staging, mode read-write, account 444455556666, region eu-west-1, 1 cluster, role ScoutfloReadWrite",
      `Synthesized 2 stacks into ${outdir}.`,
    ]);
  });

  it("warns once per placeholder ExternalId", () => {
    const warnings = run.stderr
      .split("\n")
      .filter((line) => line.includes("placeholder-external-id"));

    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^Warning: observe-prod\//);
    expect(warnings[1]).toMatch(/^Warning: operate-staging\//);
    expect(warnings[0]).toContain("before `cdktf deploy`");
  });

  it("never prints the ExternalId", () => {
    expect(run.stdout + run.stderr).not.toContain(EXAMPLE_EXTERNAL_ID);
  });

  it("writes one stack per connection", () => {
    const manifest = JSON.parse(
      readFileSync(join(outdir, "manifest.json"), "utf8"),
    );

    expect(Object.keys(manifest.stacks)).toEqual([
      "observe-prod",
      "operate-staging",
    ]);
    expect(readdirSync(join(outdir, "stacks")).sort()).toEqual([
      "observe-prod",
      "operate-staging",
    ]);
    expect(readdirSync(dir)).toEqual(["out"]);
  });

  it("pins the provider to region and account", () => {
    const prod = readStack(outdir, "observe-prod");
    const staging = readStack(outdir, "operate-staging");

    expect(prod.provider.aws).toEqual([
      { region: "us-east-1", allowed_account_ids: ["111122223333"] },
    ]);
    expect(staging.provider.aws).toEqual([
      { region: "eu-west-1", allowed_account_ids: ["444455556666"] },
    ]);
  });

  it("creates the role and access of the read-only stack", () => {
    const prod = readStack(outdir, "observe-prod");
    const [role] = Object.values(prod.resource.aws_iam_role) as TerraformJson[];
    const roleId = Object.keys(prod.resource.aws_iam_role)[0];
    const entries = Object.values(
      prod.resource.aws_eks_access_entry,
    ) as TerraformJson[];
    const [association] = Object.values(
      prod.resource.aws_eks_access_policy_association,
    ) as TerraformJson[];

    expect(role.name).toBe("ScoutfloReadOnly");
    expect(role.path).toBe("/scoutflo/");
    expect(role.tags).toEqual({ team: "platform" });
    expect(entries).toHaveLength(1);
    expect(entries[0].cluster_name).toBe("prod-east");
    expect(entries[0].principal_arn).toBe(`\${aws_iam_role.${roleId}.arn}`);
    expect(association.policy_arn).toContain(
      "cluster-access-policy/AmazonEKSAdminViewPolicy",
    );
    expect(Object.keys(prod.output).sort()).toEqual([
      "mode",
      "role_arn",
      "role_name",
    ]);
  });

  it("creates the role and access of the read-write stack", () => {
    const staging = readStack(outdir, "operate-staging");
    const [role] = Object.values(
      staging.resource.aws_iam_role,
    ) as TerraformJson[];
    const [entry] = Object.values(
      staging.resource.aws_eks_access_entry,
    ) as TerraformJson[];
    const [association] = Object.values(
      staging.resource.aws_eks_access_policy_association,
    ) as TerraformJson[];

    expect(role.name).toBe("ScoutfloReadWrite");
    expect(role.max_session_duration).toBe(7200);
    expect(entry.cluster_name).toBe("staging-west");
    expect(association.policy_arn).toContain(
      "cluster-access-policy/AmazonEKSClusterAdminPolicy",
    );
  });
});

describe("app with real ExternalIds", () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scoutflo-main-real-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints no placeholder warning for a real ExternalId", () => {
    const config = JSON.parse(readFileSync(EXAMPLE, "utf8"));
    for (const connection of config.connections) {
      connection.externalId = "7f3c9a1e5b2d4c60a1b2c3d4e5f60718";
    }
    const configPath = join(dir, "real-external-id.json");
    writeFileSync(configPath, JSON.stringify(config));

    const run = runApp(dir, {
      SCOUTFLO_CONFIG: configPath,
      CDKTF_OUTDIR: join(dir, "out"),
    });

    expect(run.status).toBe(0);
    expect(run.stderr).not.toContain("placeholder-external-id");
  });
});
