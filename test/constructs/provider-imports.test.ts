import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(__dirname, "..", "..");
const CONSTRUCTS = join(ROOT, "constructs");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return sourceFiles(path);
    }

    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

/** Returns the module specifiers of `@cdktf/provider-aws` imports in `text`. */
function providerImports(text: string): string[] {
  const pattern =
    /(?:from|require\(|import\()\s*["'](@cdktf\/provider-aws[^"']*)["']/g;

  return [...text.matchAll(pattern)].map((match) => match[1]);
}

describe("provider imports", () => {
  const files = sourceFiles(CONSTRUCTS);

  it("finds the construct sources", () => {
    expect(files.map((file) => relative(CONSTRUCTS, file))).toContain(
      join("private", "aws-provider.ts"),
    );
  });

  it("never imports the provider index", () => {
    for (const file of files) {
      const imports = providerImports(readFileSync(file, "utf8"));
      const indexImports = imports.filter(
        (specifier) => !specifier.startsWith("@cdktf/provider-aws/lib/"),
      );

      expect(indexImports, relative(ROOT, file)).toEqual([]);
    }
  });

  it("imports the provider only in private/aws-provider.ts", () => {
    const importing = files
      .filter((file) => providerImports(readFileSync(file, "utf8")).length > 0)
      .map((file) => relative(CONSTRUCTS, file));

    expect(importing).toEqual([join("private", "aws-provider.ts")]);
  });

  it("does not load the provider index at runtime", () => {
    const script = [
      'require("./constructs");',
      "const loaded = Object.keys(require.cache).filter((file) => /provider-aws[\\\\/]lib[\\\\/]index\\.js$/.test(file));",
      "process.stdout.write(JSON.stringify(loaded));",
    ].join("\n");
    const tsx = join(ROOT, "node_modules", ".bin", "tsx");
    const output = execFileSync(tsx, ["-e", script], {
      cwd: ROOT,
      encoding: "utf8",
    });

    expect(JSON.parse(output)).toEqual([]);
  });
});
