/**
 * Test harness: runs the preflight library against a fresh loopback
 * endpoint and checks every report against the JSON Schema.
 */
import Ajv from "ajv";
import { createServer } from "node:net";
import type { AddressInfo, Socket } from "node:net";
import { expect } from "vitest";
import reportSchema from "../../validator/report.schema.json";
import { startAwsEndpoint } from "../aws-endpoint";
import type { AccountModel, AwsEndpoint } from "../aws-endpoint";
import { runPreflight } from "../../validator";
import type { PreflightOptions, PreflightReport } from "../../validator";

const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(reportSchema);

/** Asserts that `value` matches `validator/report.schema.json`. */
export function expectValidReport(value: unknown): void {
  const valid = validate(value);
  expect(validate.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

/** Options of {@link preflight}. */
export interface PreflightRun {
  /** Access key id or ARN of the caller. @default the model's first caller */
  readonly caller?: string;
  /** Changes the endpoint before the run, such as throttling or paging. */
  readonly setup?: (endpoint: AwsEndpoint) => void;
}

/** The report and the endpoint calls of one preflight run. */
export interface PreflightOutcome {
  readonly report: PreflightReport;
  readonly calls: AwsEndpoint["calls"];
}

/** Runs the preflight against a fresh endpoint serving `model`. */
export async function preflight(
  model: AccountModel,
  options: Omit<PreflightOptions, "clientConfig">,
  run: PreflightRun = {},
): Promise<PreflightOutcome> {
  const endpoint = await startAwsEndpoint(model);
  try {
    run.setup?.(endpoint);
    const report = await runPreflight({
      retry: { baseDelayMs: 5 },
      ...options,
      clientConfig: endpoint.clientConfig(run.caller),
    });
    expectValidReport(JSON.parse(JSON.stringify(report)));
    return { report, calls: endpoint.calls };
  } finally {
    await endpoint.close();
  }
}

/** Returns the codes of the report's problems. */
export function problemCodes(report: PreflightReport): string[] {
  return report.problems.map((problem) => problem.code);
}

/** Returns the verdict of one action in the report. */
export function actionResult(report: PreflightReport, action: string) {
  return report.actions.find((result) => result.action === action);
}

/** Returns the error code of an `error` report, or undefined for any other status. */
export function errorCode(report: PreflightReport): string | undefined {
  return report.status === "error" ? report.error.code : undefined;
}

/** A TCP server on 127.0.0.1 that accepts connections and never sends a byte. */
export interface StalledServer {
  /** `http://127.0.0.1:<port>`. */
  readonly url: string;
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Starts a {@link StalledServer} on a random port. */
export async function startStalledServer(): Promise<StalledServer> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
  });
  await new Promise<void>((listening) =>
    server.listen(0, "127.0.0.1", listening),
  );
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => sockets.length,
    close: () => {
      sockets.forEach((socket) => socket.destroy());
      return new Promise((closed) => server.close(() => closed()));
    },
  };
}
