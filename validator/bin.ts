#!/usr/bin/env node
/** Entry point of the scoutflo-preflight command. */
import { EXIT_CODES, main } from "./cli";

// A reader that closes the pipe early, such as `| head`, is not an error
// of the preflight: stop writing and keep the exit code.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") {
    throw error;
  }

  process.exit();
});

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
