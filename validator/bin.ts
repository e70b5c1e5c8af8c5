#!/usr/bin/env node
/** Entry point of the scoutflo-preflight command. */
import { EXIT_CODES, main } from "./cli";

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `scoutflo-preflight: internal error, please report it:\n${String((error as Error)?.stack ?? error)}\n`,
    );
    process.exitCode = EXIT_CODES.internalError;
  },
);
