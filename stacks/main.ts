/**
 * The cdktf app: reads the config file named by `SCOUTFLO_CONFIG` (the
 * shipped example by default) and synthesizes one stack per connection
 * into `CDKTF_OUTDIR` (default `cdktf.out`).
 *
 * Exit codes: 0 when the stacks are written, 2 when the config has
 * problems. Then every problem is printed to stderr and the output
 * directory is not touched.
 */
import { AnnotationMetadataEntryType, App, CONTEXT_ENV } from "cdktf";
import { isScoutfloError } from "../constructs/errors";
import { CONFIG_PATH_ENV, DEFAULT_CONFIG_PATH, loadConfigFile } from "./config";
import type { ConfigProblem, ConnectConfig } from "./config";
import { ConnectionStack } from "./connection-stack";
import { removeCreatedDirectories, snapshotOutdir } from "./output-directory";

/** Exit code of a config with problems. */
const EXIT_CONFIG_INVALID = 2;

function main(): number {
  const configPath = process.env[CONFIG_PATH_ENV] || DEFAULT_CONFIG_PATH;
  const result = loadConfigFile(configPath);
  if (!result.ok) {
    printProblems(configPath, result.problems);
    return EXIT_CONFIG_INVALID;
  }

  return synthesize(configPath, result.config);
}

function synthesize(configPath: string, config: ConnectConfig): number {
  const outdir = process.env.CDKTF_OUTDIR || "cdktf.out";
  const outdirBefore = snapshotOutdir(outdir);
  const app = new App({ outdir });

  let stacks: ConnectionStack[];
  try {
    stacks = config.connections.map(
      (connection) =>
        new ConnectionStack(app, connection.name, {
          scoutfloPrincipal: config.scoutfloPrincipal,
          connection,
        }),
    );
  } catch (error) {
    // The config checks run the same rules as the constructs, so this
    // only happens when a construct adds a rule the checks lack.
    if (!isScoutfloError(error)) {
      throw error;
    }

    // The App has already created the output directory and its stacks
    // folder when they were missing, and nothing else yet.
    removeCreatedDirectories(outdirBefore);

    printProblems(configPath, [
      { path: "", code: error.code, message: error.message },
    ]);
    return EXIT_CONFIG_INVALID;
  }

  app.synth();
  stacks.forEach((stack) => console.log(stackSummary(stack)));
  console.log(`Synthesized ${countOf(stacks.length, "stack")} into ${outdir}.`);
  printWarnings(app);

  return 0;
}

function printProblems(
  configPath: string,
  problems: readonly ConfigProblem[],
): void {
  console.error(
    `Config file ${configPath} has ${countOf(problems.length, "problem")}, so nothing was synthesized:`,
  );
  for (const problem of problems) {
    console.error(
      `  ${problem.path || "/"}: ${problem.message} [${problem.code}]`,
    );
  }
}

/**
 * Prints the warnings the constructs added. The cdktf CLI, which sets
 * `CDKTF_CONTEXT_JSON` for the app, prints them itself.
 */
function printWarnings(app: App): void {
  if (process.env[CONTEXT_ENV] !== undefined) {
    return;
  }

  for (const construct of app.node.findAll()) {
    for (const entry of construct.node.metadata) {
      if (entry.type === AnnotationMetadataEntryType.WARN) {
        console.error(`Warning: ${construct.node.path}: ${entry.data}`);
      }
    }
  }
}

/** Returns one line about a stack; the ExternalId is never part of it. */
function stackSummary(stack: ConnectionStack): string {
  const { connection, connect } = stack;

  return [
    `stack ${stack.node.id}`,
    `mode ${connection.mode}`,
    `account ${connection.accountId}`,
    `region ${connection.region}`,
    countOf(connection.clusters.length, "cluster"),
    `role ${connect.role.roleName}`,
  ].join(", ");
}

function countOf(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

process.exitCode = main();
