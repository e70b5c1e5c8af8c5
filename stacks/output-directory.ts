/**
 * Tracks the directories the cdktf App creates when it is constructed, so
 * that the app can remove them again when it stops before synthesis.
 */
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";

/**
 * The directories cdktf 0.21 creates in `new App({ outdir })`: the output
 * directory itself and its `stacks` folder, each only when missing.
 */
export interface OutdirSnapshot {
  /** The output directory. */
  readonly outdir: string;
  /** Whether the output directory existed before the App was constructed. */
  readonly outdirExisted: boolean;
  /** Whether `<outdir>/stacks` existed before the App was constructed. */
  readonly stacksExisted: boolean;
}

/** Records which of the App's directories exist; call it before `new App()`. */
export function snapshotOutdir(outdir: string): OutdirSnapshot {
  return {
    outdir,
    outdirExisted: existsSync(outdir),
    stacksExisted: existsSync(join(outdir, "stacks")),
  };
}

/**
 * Removes, with their content, the directories that did not exist at
 * {@link snapshotOutdir}, and leaves every directory that did exist alone.
 */
export function removeCreatedDirectories(snapshot: OutdirSnapshot): void {
  if (!snapshot.outdirExisted) {
    rmSync(snapshot.outdir, { recursive: true, force: true });
    return;
  }

  if (!snapshot.stacksExisted) {
    rmSync(join(snapshot.outdir, "stacks"), { recursive: true, force: true });
  }
}
