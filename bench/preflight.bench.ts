/**
 * Preflight benchmark: the full read-write preflight against the loopback
 * AWS endpoint with 50 ms added to every response, against the same
 * simulation done one action per SimulatePrincipalPolicy call, in one run.
 *
 * Usage: npm run bench:preflight -- [runs]
 *
 * The preflight and the command run 5 times by default. The baseline runs
 * 3 times, because each of its runs makes several hundred calls.
 */
import { IAMClient, SimulatePrincipalPolicyCommand } from "@aws-sdk/client-iam";
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { promisify } from "node:util";
import { join } from "node:path";
import { startAwsEndpoint } from "../test/aws-endpoint";
import type { AwsEndpoint } from "../test/aws-endpoint";
import { account, CLUSTER, scoutfloRoleArn } from "../test/validator/model";
import { runPreflight } from "../validator";
import { planSimulation } from "../validator/permission-plan";
import { median } from "./measure";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";

const LATENCY_MS = 50;
const BASELINE_RUNS = 3;
const ROLE_ARN = scoutfloRoleArn("read-write");

interface Run {
  readonly wallMs: number;
  readonly simulatorCalls: number;
  readonly callsPerResourceSet: ReadonlyMap<string, number>;
  readonly actions: number;
}

function simulatorCalls(endpoint: AwsEndpoint) {
  return endpoint.calls.filter(
    (call) => call.operation === "SimulatePrincipalPolicy",
  );
}

function countByResourceSet(endpoint: AwsEndpoint): Map<string, number> {
  const counts = new Map<string, number>();

  for (const call of simulatorCalls(endpoint)) {
    const resources = call.params.ResourceArns;
    const key = Array.isArray(resources) ? resources.join(",") : "*";
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }

  return counts;
}

async function runBatched(endpoint: AwsEndpoint): Promise<Run> {
  endpoint.resetCalls();

  const started = performance.now();
  const report = await runPreflight({
    role: ROLE_ARN,
    mode: "read-write",
    clusters: [CLUSTER],
    clientConfig: endpoint.clientConfig(),
  });
  const wallMs = performance.now() - started;

  if (report.status !== "ready") {
    throw new Error(`the preflight returned ${report.status}, not ready`);
  }

  return {
    wallMs,
    simulatorCalls: simulatorCalls(endpoint).length,
    callsPerResourceSet: countByResourceSet(endpoint),
    actions: report.actions.length,
  };
}

/**
 * Runs the compiled command in a new Node process, so the figure includes
 * loading Node, the SDK and the action list, like a run of
 * `scoutflo-preflight` from a shell.
 */
async function runCommand(endpoint: AwsEndpoint): Promise<Run> {
  endpoint.resetCalls();
  const bin = join(__dirname, "../dist/validator/bin.js");
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: run npm run build first`);
  }

  const args = ["--role", ROLE_ARN, "--mode", "read-write"];

  const started = performance.now();
  // The endpoint runs in this process, so the command must not block it.
  const result = await promisify(execFile)(
    process.execPath,
    [bin, ...args, "--cluster", CLUSTER, "--output", "json"],
    { env: { ...process.env, ...endpoint.env() }, encoding: "utf8" },
  );
  const wallMs = performance.now() - started;

  return {
    wallMs,
    simulatorCalls: simulatorCalls(endpoint).length,
    callsPerResourceSet: countByResourceSet(endpoint),
    actions: JSON.parse(result.stdout).actions.length,
  };
}

/** Simulates every planned action in its own call, one call at a time. */
async function runOneActionPerCall(endpoint: AwsEndpoint): Promise<Run> {
  const clusterArn = `arn:aws:eks:us-east-1:111122223333:cluster/${CLUSTER}`;
  const plan = await planSimulation("read-write", {
    roleArn: ROLE_ARN,
    clusterArns: [clusterArn],
  });
  const client = new IAMClient({ ...endpoint.clientConfig(), maxAttempts: 1 });
  endpoint.resetCalls();

  const started = performance.now();
  let actions = 0;
  for (const batch of plan.batches) {
    for (const action of batch.actions) {
      const resourceArns = batch.resources.filter((arn) => arn !== "*");
      await client.send(
        new SimulatePrincipalPolicyCommand({
          PolicySourceArn: ROLE_ARN,
          ActionNames: [action],
          ResourceArns: resourceArns.length > 0 ? resourceArns : undefined,
        }),
      );
      actions++;
    }
  }
  const wallMs = performance.now() - started;
  client.destroy();

  return {
    wallMs,
    simulatorCalls: simulatorCalls(endpoint).length,
    callsPerResourceSet: countByResourceSet(endpoint),
    actions,
  };
}

function describeRuns(label: string, runs: readonly Run[]): string {
  const walls = runs.map((run) => run.wallMs.toFixed(0)).join(" ");
  const last = runs[runs.length - 1];
  const perSet = [...last.callsPerResourceSet.values()].join("/");

  return [
    label.padEnd(22),
    `${median(runs.map((run) => run.wallMs)).toFixed(0)} ms`.padStart(9),
    `${last.simulatorCalls} simulator calls (${perSet} per resource set)`,
    `${last.actions} actions`,
    `runs: ${walls}`,
  ].join("  ");
}

async function main(): Promise<void> {
  const runs = Number(process.argv[2] ?? "5");
  const endpoint = await startAwsEndpoint(account());
  endpoint.setLatency(LATENCY_MS);

  try {
    const batched: Run[] = [];
    const command: Run[] = [];
    const baseline: Run[] = [];
    for (let run = 0; run < Math.max(runs, BASELINE_RUNS); run++) {
      if (run < runs) batched.push(await runBatched(endpoint));
      if (run < runs) command.push(await runCommand(endpoint));
      if (run < BASELINE_RUNS)
        baseline.push(await runOneActionPerCall(endpoint));
    }

    console.log(`${LATENCY_MS} ms added to every response; median wall time`);
    console.log(describeRuns("preflight (batched)", batched));
    console.log(describeRuns("command, new process", command));
    console.log(describeRuns("one action per call", baseline));
  } finally {
    await endpoint.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
