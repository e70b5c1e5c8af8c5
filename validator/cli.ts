/**
 * The scoutflo-preflight command: runs the preflight for one role and
 * prints the report on stdout, progress on stderr.
 *
 * Exit codes: 0 ready, 1 blocked (something required is missing or
 * misconfigured), 2 bad usage or config, 3 AWS error, 70 internal error.
 */
import { maskExternalId } from "../constructs/validation";
import { CONFIG_PATH_ENV } from "../stacks/config";
import { EXTERNAL_ID_ENV, parseCommandLine } from "./cli-args";
import type { PreflightOptions, ProgressEvent } from "./options";
import { runPreflight } from "./preflight";
import type { PreflightReport } from "./report";
import { formatReportText } from "./report-text";

/** Exit codes of the command. */
export const EXIT_CODES = {
  ready: 0,
  blocked: 1,
  usage: 2,
  awsError: 3,
  /** An unexpected failure, which is a bug (EX_SOFTWARE of sysexits.h). */
  internalError: 70,
} as const;

/** Output streams and environment of the command. */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
}

const PROGRAM = "scoutflo-preflight";

const USAGE = `Usage:
  ${PROGRAM} --role NAME|ARN --mode read-only|read-write [options]
  ${PROGRAM} --config FILE [--connection NAME] [options]

Checks against the live AWS account that the Scoutflo IAM role allows every
action its access mode requires, is trusted correctly and has the EKS access
the mode needs. AWS credentials, region and endpoints come from the AWS SDK's
standard configuration (AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL, ...).

Role and checks:
  --role NAME|ARN       role name, role ARN, or assumed-role ARN
  --mode MODE           read-only or read-write
  --cluster NAME        EKS cluster to check; repeat for more clusters
  --principal VALUE     Scoutflo principal the trust policy must trust:
                        12-digit account id or IAM role ARN
  --external-id VALUE   ExternalId the trust policy must require
                        (default: the ${EXTERNAL_ID_ENV} variable)
  --account-id ID       account of the role when --role is a name
                        (default: the caller's account)
  --assume-role         assume the role with the ExternalId first and run
                        every check as the role, as Scoutflo's collectors do

Config file:
  --config FILE         read role, mode, clusters, principal and ExternalId
                        from a Scoutflo config file (default: the
                        ${CONFIG_PATH_ENV} variable when --role is not given)
  --connection NAME     the connection of the file to check; required when
                        the file has more than one

Timeouts of every AWS call attempt (a timed-out attempt is retried):
  --connect-timeout MS  time to open the connection, in milliseconds
                        (default: 5000)
  --request-timeout MS  time until the response starts, and the longest
                        pause while it arrives, in milliseconds
                        (default: 30000)

Output:
  --output FORMAT       text (default) or json
  -q, --quiet           no progress on stderr
  -h, --help            show this help

Exit codes: 0 ready, 1 something required is missing or misconfigured,
2 bad usage or config, 3 AWS error (credentials, network, timeout, the
caller cannot simulate), 70 internal error (a bug: the command prints the
stack).
`;

/** Runs the command with `argv` (without the node and script paths) and returns the exit code. */
export async function main(
  argv: readonly string[],
  io: CliIo = processIo(),
): Promise<number> {
  const request = parseCommandLine(argv, io.env);
  if (request.kind === "help") {
    io.stdout(USAGE);
    return EXIT_CODES.ready;
  }

  if (request.kind === "usage-error") {
    const redact = redactor(undefined, argv);
    request.messages.forEach((message) =>
      io.stderr(redact(`${PROGRAM}: ${message}\n`)),
    );
    io.stderr(`Run ${PROGRAM} --help for the options.\n`);
    return EXIT_CODES.usage;
  }

  const redact = redactor(request.options.externalId, argv);
  const stderr = (text: string) => io.stderr(redact(text));
  const report = await runPreflight({
    ...request.options,
    onProgress: request.quiet ? undefined : progressWriter(stderr),
  });

  io.stdout(redact(formatReport(report, request.output)));
  return exitCode(report);
}

/** Returns the exit code for a report. */
export function exitCode(report: PreflightReport): number {
  switch (report.status) {
    case "ready":
      return EXIT_CODES.ready;
    case "blocked":
      return EXIT_CODES.blocked;
    case "error":
      return report.error.code === "INVALID_OPTIONS"
        ? EXIT_CODES.usage
        : EXIT_CODES.awsError;
  }
}

function formatReport(
  report: PreflightReport,
  output: "text" | "json",
): string {
  return output === "json"
    ? `${JSON.stringify(report, null, 2)}\n`
    : formatReportText(report);
}

function progressWriter(
  stderr: (text: string) => void,
): PreflightOptions["onProgress"] {
  return (event: ProgressEvent) => {
    const count =
      event.total === undefined ? "" : ` (${event.done ?? 0}/${event.total})`;
    stderr(`${PROGRAM}: ${event.message}${count}\n`);
  };
}

/**
 * Characters an ExternalId may contain. The redactor compares whole runs of
 * them, so a short ExternalId such as "ro" is masked where it is a whole value
 * but not inside "role", and one equal to the account id is not masked
 * inside an ARN.
 */
const EXTERNAL_ID_RUN = /[\w+=,.@:/-]+/g;

/**
 * Returns a function that replaces every ExternalId given to the command,
 * where it appears in output as a whole run of ExternalId characters, by
 * its masked form. The report never contains one; this also covers AWS
 * error messages that might echo it.
 */
function redactor(
  externalId: string | undefined,
  argv: readonly string[],
): (text: string) => string {
  // A 12-digit ExternalId reads as an account id, which the report shows
  // in its own right, so it is not masked. The preflight warns about it.
  const secrets = new Set(
    [externalId, ...externalIdFlags(argv)].filter(
      (value): value is string =>
        value !== undefined && value.length > 0 && !/^\d{12}$/.test(value),
    ),
  );

  return (text) =>
    text.replace(EXTERNAL_ID_RUN, (run) =>
      secrets.has(run) ? maskExternalId(run) : run,
    );
}

/** Returns the values of every `--external-id` flag in `argv`. */
function externalIdFlags(argv: readonly string[]): string[] {
  const values: string[] = [];

  argv.forEach((arg, index) => {
    if (arg === "--external-id" && index + 1 < argv.length) {
      values.push(argv[index + 1]);
    } else if (arg.startsWith("--external-id=")) {
      values.push(arg.slice("--external-id=".length));
    }
  });

  return values;
}

function processIo(): CliIo {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
  };
}
