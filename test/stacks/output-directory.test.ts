import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App } from "cdktf";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  removeCreatedDirectories,
  snapshotOutdir,
} from "../../stacks/output-directory";

describe("removeCreatedDirectories", () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "scoutflo-outdir-"));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("removes an outdir the App created", () => {
    const outdir = join(dir, "cdktf.out");
    const snapshot = snapshotOutdir(outdir);
    new App({ outdir });
    expect(readdirSync(outdir)).toEqual(["stacks"]);

    removeCreatedDirectories(snapshot);

    expect(existsSync(outdir)).toBe(false);
  });

  it("removes only the stacks folder of an existing outdir", () => {
    const outdir = join(dir, "cdktf.out");
    mkdirSync(outdir);
    writeFileSync(join(outdir, "keep.txt"), "x");
    const snapshot = snapshotOutdir(outdir);
    new App({ outdir });

    removeCreatedDirectories(snapshot);

    expect(readdirSync(outdir)).toEqual(["keep.txt"]);
  });

  it("leaves an existing stacks folder alone", () => {
    const outdir = join(dir, "cdktf.out");
    mkdirSync(join(outdir, "stacks", "old-stack"), { recursive: true });
    const snapshot = snapshotOutdir(outdir);
    new App({ outdir });

    removeCreatedDirectories(snapshot);

    expect(readdirSync(join(outdir, "stacks"))).toEqual(["old-stack"]);
  });
});
