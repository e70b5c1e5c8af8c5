import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { exampleAsConsumerCode, readmeExample } from "./readme-example";

const ROOT = join(__dirname, "../..");
const readme = readFileSync(join(ROOT, "README.md"), "utf8");

function quickStartCommands(): string[] {
  const section = readme.split("## Quick start")[1];
  const block = /```sh\n([\s\S]*?)```/.exec(section);

  return (block?.[1] ?? "").trim().split("\n");
}

describe("README", () => {
  it("example equals examples/custom-stack.ts", () => {
    expect(readmeExample()).toBe(exampleAsConsumerCode());
  });

  it("quick start has two commands", () => {
    expect(quickStartCommands()).toEqual([
      "npm ci && npm run synth",
      "npm test",
    ]);
  });

  it("CI runs the quick start test command", () => {
    const ci = readFileSync(join(ROOT, ".ci/run"), "utf8");
    const commands = ci.split("\n").filter((line) => /^npm /.test(line));

    expect(commands).toEqual(["npm ci", quickStartCommands()[1]]);
  });

  it("npm scripts named in the README exist", () => {
    const scripts = JSON.parse(
      readFileSync(join(ROOT, "package.json"), "utf8"),
    ).scripts;
    const named = [...readme.matchAll(/npm run (?:-s )?([a-z][a-z:-]*)/g)].map(
      (m) => m[1],
    );

    expect(named.length).toBeGreaterThan(3);
    for (const name of named) {
      expect(scripts).toHaveProperty(name);
    }
  });

  it("links only to files that exist", () => {
    const links = [...readme.matchAll(/\]\(([^)#]+)\)/g)].map((m) => m[1]);
    const missing = links.filter((link) => !existsSync(join(ROOT, link)));

    expect(links.length).toBeGreaterThan(2);
    expect(missing).toEqual([]);
  });
});
