import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readmeExample } from "../docs/readme-example";

/**
 * Builds the package, packs it with `npm pack`, installs the tarball into
 * a scratch project and synthesizes a stack that imports the package by
 * its name. The peers (cdktf, constructs and the AWS provider, which
 * alone is about 390 MB) are symlinked from this repository's
 * node_modules, and the runtime dependencies come from the npm cache
 * (`--offline`) at the versions package-lock.json pins, so the test
 * downloads nothing.
 */

const ROOT = join(__dirname, "../..");
const PACKAGE_NAME = "@scoutflo/cluster-connect";
/** The peers, and the Node types the scratch project compiles against. */
const LINKED_PACKAGES = [
  "cdktf",
  "constructs",
  "@cdktf/provider-aws",
  "@types/node",
];
const EXTERNAL_ID = "consumer-test-0123456789abcdef";

interface PackedFile {
  readonly path: string;
}

interface PackResult {
  readonly filename: string;
  readonly files: readonly PackedFile[];
}

function run(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  if (result.status !== 0) {
    const reason = result.error?.message ?? `status ${result.status}`;
    throw new Error(
      `${command} ${args.join(" ")} failed (${reason}):\n${result.stderr}\n${result.stdout}`,
    );
  }

  return result.stdout;
}

const CONSUMER_SOURCE = `import { App, TerraformStack } from "cdktf";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { ScoutfloClusterConnect, isScoutfloError } from "${PACKAGE_NAME}";
import type { ScoutfloClusterConnectProps } from "${PACKAGE_NAME}";
import { parseConfig } from "${PACKAGE_NAME}/config";
import * as validator from "${PACKAGE_NAME}/validator";

const props: ScoutfloClusterConnectProps = {
  mode: "read-only",
  scoutfloPrincipal: "123456789012",
  externalId: "${EXTERNAL_ID}",
  clusters: [{ clusterName: "prod-east" }, { clusterName: "prod-west" }],
};

const app = new App({ outdir: process.argv[2] });
const stack = new TerraformStack(app, "consumer");
new AwsProvider(stack, "aws", { region: "us-east-1" });
new ScoutfloClusterConnect(stack, "scoutflo", props);
app.synth();

let rejected = false;
try {
  new ScoutfloClusterConnect(stack, "bad", { ...props, externalId: "short" });
} catch (error) {
  rejected = isScoutfloError(error);
}

console.log(
  JSON.stringify({
    rejected,
    configOk: parseConfig({}).ok,
    validatorExports: Object.keys(validator).length,
    schema: require.resolve("${PACKAGE_NAME}/config.schema.json"),
  }),
);
`;

const CONSUMER_TSCONFIG = {
  compilerOptions: {
    target: "ES2022",
    module: "nodenext",
    moduleResolution: "nodenext",
    strict: true,
    skipLibCheck: true,
    types: ["node"],
    outDir: "out-js",
  },
  files: ["main.ts", "readme-example.ts"],
};

type LockEntry = Record<string, unknown> & {
  readonly version: string;
  readonly name?: string;
  readonly dev?: boolean;
};

/**
 * Builds a lockfile for the scratch project from this repository's: the
 * tarball plus every runtime dependency at the version and integrity the
 * repository pins. With it `npm ci --offline` reads the tarballs from the
 * npm cache by integrity and needs no registry metadata.
 */
function consumerLockfile(
  manifest: { readonly name: string; readonly dependencies: object },
  tarball: string,
): object {
  const repoLock = JSON.parse(
    readFileSync(join(ROOT, "package-lock.json"), "utf8"),
  ) as { packages: Record<string, LockEntry> };
  const repoManifest = JSON.parse(
    readFileSync(join(ROOT, "package.json"), "utf8"),
  );
  const registry = run("npm", ["config", "get", "registry"], ROOT)
    .trim()
    .replace(/\/?$/, "/");
  const runtime = Object.entries(repoLock.packages).filter(
    ([path, entry]) => path.startsWith("node_modules/") && entry.dev !== true,
  );

  return {
    name: manifest.name,
    lockfileVersion: 3,
    requires: true,
    packages: {
      "": { name: manifest.name, dependencies: manifest.dependencies },
      [`node_modules/${PACKAGE_NAME}`]: {
        version: repoManifest.version,
        resolved: `file:${tarball}`,
        license: repoManifest.license,
        dependencies: repoManifest.dependencies,
        peerDependencies: repoManifest.peerDependencies,
        bin: repoManifest.bin,
      },
      ...Object.fromEntries(
        runtime.map(([path, entry]) => [
          path,
          withResolved(path, entry, registry),
        ]),
      ),
    },
  };
}

/**
 * Adds the registry tarball URL to a lockfile entry. The lockfile here has
 * no `resolved` URLs (npm's `omit-lockfile-registry-resolved` setting), and
 * without them npm fetches package metadata to find each tarball.
 */
function withResolved(
  path: string,
  entry: LockEntry,
  registry: string,
): LockEntry {
  if (entry.resolved !== undefined) {
    return entry;
  }

  const marker = "node_modules/";
  const name =
    entry.name ?? path.slice(path.lastIndexOf(marker) + marker.length);
  const basename = name.split("/").pop();

  return {
    ...entry,
    resolved: `${registry}${name}/-/${basename}-${entry.version}.tgz`,
  };
}

describe("packed package", () => {
  let dir: string;
  let packed: PackResult;
  let consumer: string;
  let outdir: string;
  let consumerOutput: Record<string, unknown>;
  let installedByNpm: string[];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "scoutflo-pack-"));
    consumer = join(dir, "consumer");
    outdir = join(dir, "out");

    run("npm", ["run", "build"], ROOT);
    const packJson = run(
      "npm",
      ["pack", "--json", "--pack-destination", dir],
      ROOT,
    );
    packed = (JSON.parse(packJson) as PackResult[])[0];

    installConsumer(join(dir, packed.filename));
    run(process.execPath, [tscPath()], consumer);
    const output = run(
      process.execPath,
      [join("out-js", "main.js"), outdir],
      consumer,
    );
    consumerOutput = JSON.parse(output);
    run(process.execPath, [join("out-js", "readme-example.js")], consumer);
  });

  afterAll(() => {
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  function installConsumer(tarball: string): void {
    mkdirSync(consumer);
    const manifest = {
      name: "scoutflo-pack-consumer",
      private: true,
      type: "commonjs",
      dependencies: { [PACKAGE_NAME]: `file:${tarball}` },
    };
    writeFileSync(join(consumer, "package.json"), JSON.stringify(manifest));
    writeFileSync(
      join(consumer, "package-lock.json"),
      JSON.stringify(consumerLockfile(manifest, tarball)),
    );

    // --legacy-peer-deps keeps npm from installing the peers, which are
    // linked below instead.
    run(
      "npm",
      [
        "ci",
        "--offline",
        "--legacy-peer-deps",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
      ],
      consumer,
    );
    installedByNpm = LINKED_PACKAGES.filter((name) =>
      existsSync(join(consumer, "node_modules", name)),
    );
    linkPeers();

    writeFileSync(join(consumer, "main.ts"), CONSUMER_SOURCE);
    writeFileSync(join(consumer, "readme-example.ts"), readmeExample());
    writeFileSync(
      join(consumer, "tsconfig.json"),
      JSON.stringify(CONSUMER_TSCONFIG),
    );
  }

  function linkPeers(): void {
    mkdirSync(join(consumer, "node_modules", "@cdktf"), { recursive: true });
    mkdirSync(join(consumer, "node_modules", "@types"), { recursive: true });
    for (const peer of LINKED_PACKAGES) {
      symlinkSync(
        join(ROOT, "node_modules", peer),
        join(consumer, "node_modules", peer),
        "dir",
      );
    }
  }

  function tscPath(): string {
    return join(ROOT, "node_modules", "typescript", "bin", "tsc");
  }

  function packedPaths(): string[] {
    return packed.files.map((file) => file.path);
  }

  it("leaves tests, benchmarks and CI out of the tarball", () => {
    const unwanted = packedPaths().filter(
      (path) =>
        /^(test|bench|\.ci)\//.test(path) ||
        /^dist\/(test|bench)\//.test(path) ||
        /\.test\./.test(path),
    );

    expect(packedPaths().length).toBeGreaterThan(20);
    expect(unwanted).toEqual([]);
  });

  it("ships compiled code only", () => {
    const sources = packedPaths().filter(
      (path) => path.endsWith(".ts") && !path.endsWith(".d.ts"),
    );

    expect(sources).toEqual([]);
  });

  it("ships every exports target", () => {
    const manifest = JSON.parse(
      readFileSync(join(ROOT, "package.json"), "utf8"),
    );
    const targets = Object.values(manifest.exports).flatMap((target) =>
      typeof target === "string"
        ? [target]
        : Object.values(target as Record<string, string>),
    );
    const missing = [...targets, `./${manifest.main}`, `./${manifest.types}`]
      .map((target) => target.replace(/^\.\//, ""))
      .filter((target) => !packedPaths().includes(target));

    expect(targets.length).toBeGreaterThan(5);
    expect(missing).toEqual([]);
  });

  it("ships the catalog and config JSON", () => {
    expect(packedPaths()).toEqual(
      expect.arrayContaining([
        "dist/policies/eks-access.json",
        "dist/policies/capabilities.json",
        "dist/policies/statements/read.json",
        "dist/stacks/config.schema.json",
        "dist/stacks/example.config.json",
        "LICENSE",
      ]),
    );
  });

  it("installs without the peers", () => {
    expect(installedByNpm).toEqual([]);
  });

  it("synthesizes the role and the access entries", () => {
    const stack = JSON.parse(
      readFileSync(join(outdir, "stacks", "consumer", "cdk.tf.json"), "utf8"),
    );
    const roles = Object.values(stack.resource.aws_iam_role) as {
      name: string;
    }[];
    const entries = Object.values(stack.resource.aws_eks_access_entry) as {
      cluster_name: string;
    }[];
    const associations = Object.values(
      stack.resource.aws_eks_access_policy_association,
    );

    expect(roles.map((role) => role.name)).toEqual(["ScoutfloReadOnly"]);
    expect(entries.map((entry) => entry.cluster_name).sort()).toEqual([
      "prod-east",
      "prod-west",
    ]);
    expect(associations).toHaveLength(2);
    expect(
      Object.keys(stack.resource.aws_iam_role_policy_attachment).length,
    ).toBeGreaterThan(0);
  });

  it("resolves every entry point by package name", () => {
    expect(consumerOutput.rejected).toBe(true);
    expect(consumerOutput.configOk).toBe(false);
    expect(consumerOutput.validatorExports).toBeGreaterThan(0);
    expect(consumerOutput.schema).toBe(
      join(
        consumer,
        "node_modules",
        PACKAGE_NAME,
        "dist",
        "stacks",
        "config.schema.json",
      ),
    );
  });

  it("synthesizes the README example", () => {
    const stack = JSON.parse(
      readFileSync(
        join(
          consumer,
          "cdktf.out",
          "stacks",
          "scoutflo-observe",
          "cdk.tf.json",
        ),
        "utf8",
      ),
    );
    const entries = Object.values(stack.resource.aws_eks_access_entry) as {
      cluster_name: string;
    }[];

    expect(Object.keys(stack.variable)).toEqual(["scoutflo_external_id"]);
    expect(entries.map((entry) => entry.cluster_name).sort()).toEqual([
      "prod-east",
      "staging-east",
    ]);
  });

  it("installs the scoutflo-preflight command", () => {
    const bin = join(consumer, "node_modules", ".bin", "scoutflo-preflight");
    const help = spawnSync(bin, ["--help"], { encoding: "utf8" });
    const badUsage = spawnSync(bin, ["--mode", "everything"], {
      encoding: "utf8",
    });

    expect(help.status).toBe(0);
    expect(help.stdout).toContain("scoutflo-preflight --role NAME|ARN");
    expect(badUsage.status).toBe(2);
  });
});
