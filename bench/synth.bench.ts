/**
 * Synthesis benchmark: the example app (`stacks/main.ts` on the shipped
 * example config) against a plain cdktf app with the same resources
 * (`bench/bare-app.ts`), run alternately in one process tree.
 *
 * Usage: npm run bench:synth -- [runs]   (default 7 runs each)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runOnce, summarize } from "./measure";
import type { Measurement, Sample } from "./measure";

const EXAMPLE_APP = join(__dirname, "../stacks/main.ts");
const BARE_APP = join(__dirname, "bare-app.ts");

function measureAlternately(runs: number): [Measurement, Measurement] {
  const example: Sample[] = [];
  const bare: Sample[] = [];
  const outdir = mkdtempSync(join(tmpdir(), "scoutflo-synth-bench-"));
  const env = { CDKTF_OUTDIR: outdir };

  try {
    for (let run = 0; run < runs; run++) {
      example.push(runOnce(EXAMPLE_APP, env));
      bare.push(runOnce(BARE_APP, env));
    }
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }

  return [summarize("example app", example), summarize("bare cdktf app", bare)];
}

function formatRow(measurement: Measurement): string {
  const walls = measurement.samples.map((s) => s.wallMs.toFixed(0)).join(" ");

  return [
    measurement.label.padEnd(16),
    `${measurement.medianWallMs.toFixed(0)} ms`.padStart(9),
    `${measurement.medianPeakMiB.toFixed(1)} MiB`.padStart(11),
    `  runs: ${walls}`,
  ].join(" ");
}

function main(): void {
  const runs = Number(process.argv[2] ?? "7");
  const [example, bare] = measureAlternately(runs);

  console.log(`median of ${runs} runs each, wall time and peak RSS`);
  console.log(formatRow(example));
  console.log(formatRow(bare));
  console.log(
    `ratio (example / bare): wall ${(example.medianWallMs / bare.medianWallMs).toFixed(2)}x, ` +
      `memory ${(example.medianPeakMiB / bare.medianPeakMiB).toFixed(2)}x`,
  );
}

main();
