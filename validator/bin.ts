#!/usr/bin/env node
/** Entry point of the scoutflo-preflight command. */
import { main } from "./cli";

/** Exit code of an unexpected failure, which is a bug (EX_SOFTWARE of sysexits.h). */
const INTERNAL_ERROR = 70;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `scoutflo-preflight: internal error, please report it:\n${String((error as Error)?.stack ?? error)}\n`,
    );
    process.exitCode = INTERNAL_ERROR;
  },
);
