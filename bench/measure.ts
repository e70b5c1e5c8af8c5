/**
 * Runs commands as child processes and records wall time and peak memory.
 * Peak memory is the child's `process.resourceUsage().maxRSS`, written by
 * the `report-usage.cjs` preload.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One measured run of a command. */
export interface Sample {
  readonly wallMs: number;
  readonly peakMiB: number;
}

/** Summary of several runs of one command. */
export interface Measurement {
  readonly label: string;
  readonly samples: readonly Sample[];
  readonly medianWallMs: number;
  readonly medianPeakMiB: number;
}

const PRELOAD = join(__dirname, "report-usage.cjs");

/** Runs `node --require report-usage --import tsx script` once and measures it. */
export function runOnce(
  script: string,
  env: Readonly<Record<string, string>>,
): Sample {
  const scratch = mkdtempSync(join(tmpdir(), "scoutflo-bench-"));
  const usageFile = join(scratch, "usage");

  try {
    const started = process.hrtime.bigint();
    const result = spawnSync(
      process.execPath,
      ["--require", PRELOAD, "--import", "tsx", script],
      {
        env: { ...process.env, ...env, BENCH_USAGE_FILE: usageFile },
        encoding: "utf8",
      },
    );
    const wallMs = Number(process.hrtime.bigint() - started) / 1e6;

    if (result.status !== 0) {
      throw new Error(
        `${script} exited with ${result.status}: ${result.stderr}`,
      );
    }

    const peakKiB = Number(readFileSync(usageFile, "utf8").trim());
    return { wallMs, peakMiB: peakKiB / 1024 };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Returns the median of `values`. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);

  if (sorted.length % 2 === 1) {
    return sorted[middle];
  }

  return (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Summarizes the samples of one command. */
export function summarize(
  label: string,
  samples: readonly Sample[],
): Measurement {
  return {
    label,
    samples,
    medianWallMs: median(samples.map((sample) => sample.wallMs)),
    medianPeakMiB: median(samples.map((sample) => sample.peakMiB)),
  };
}
