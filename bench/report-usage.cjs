// Preloaded with `node --require` into each measured process: at exit it
// appends the process's peak resident set size to $BENCH_USAGE_FILE.
const { appendFileSync } = require("node:fs");

const usageFile = process.env.BENCH_USAGE_FILE;

process.on("exit", () => {
  if (usageFile) {
    const peakKiB = process.resourceUsage().maxRSS;
    appendFileSync(usageFile, `${peakKiB}\n`);
  }
});
