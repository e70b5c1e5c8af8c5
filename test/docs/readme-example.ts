import { readFileSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

/** The marker line in README.md that precedes the example's code block. */
export const EXAMPLE_MARKER = "<!-- example: examples/custom-stack.ts -->";

/** Returns the TypeScript block of README.md that follows `EXAMPLE_MARKER`. */
export function readmeExample(): string {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf(EXAMPLE_MARKER);
  if (start < 0) {
    throw new Error(`README.md has no line ${EXAMPLE_MARKER}`);
  }

  const match = /```ts\n([\s\S]*?)```/.exec(readme.slice(start));
  if (match === null) {
    throw new Error(`README.md has no ts block after ${EXAMPLE_MARKER}`);
  }

  return match[1];
}

/**
 * Returns `examples/custom-stack.ts` as a consumer writes it: without its
 * file comment and the note on the in-repository import, and importing the
 * package by name.
 */
export function exampleAsConsumerCode(): string {
  const source = readFileSync(join(ROOT, "examples/custom-stack.ts"), "utf8");
  const withoutHeader = source.replace(/^\/\*\*[\s\S]*?\*\/\n/, "");
  const withoutNote = withoutHeader.replace(/^\/\/ .*\n/gm, "");

  return withoutNote.replace(
    'from "../constructs"',
    'from "@scoutflo/cluster-connect"',
  );
}
