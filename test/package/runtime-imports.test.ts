import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "../..");

/**
 * Loads `modules` in a fresh Node process and returns the files it loaded
 * from cdktf and the AWS provider.
 */
function cdktfFilesLoadedBy(modules: readonly string[]): string[] {
  const requires = modules
    .map((module) => `require(${JSON.stringify(join(ROOT, module))});`)
    .join("\n");
  const script = `${requires}
const loaded = Object.keys(require.cache).filter((file) =>
  /node_modules[\\\\/](cdktf|@cdktf)[\\\\/]/.test(file),
);
process.stdout.write(JSON.stringify(loaded));`;

  const output = execFileSync(
    process.execPath,
    ["--require", "tsx/cjs", "-e", script],
    { cwd: ROOT, encoding: "utf8" },
  );
  return JSON.parse(output);
}

describe("runtime imports", () => {
  it("validator loads no cdktf module", () => {
    expect(cdktfFilesLoadedBy(["validator/index.ts"])).toEqual([]);
  });

  it("config loader loads no cdktf module", () => {
    expect(cdktfFilesLoadedBy(["stacks/config.ts"])).toEqual([]);
  });

  it("constructs entry loads cdktf", () => {
    const loaded = cdktfFilesLoadedBy(["constructs/index.ts"]);

    expect(loaded.some((file) => file.includes("cdktf/lib/index.js"))).toBe(
      true,
    );
  });
});
