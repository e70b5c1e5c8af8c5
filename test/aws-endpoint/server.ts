/**
 * The loopback HTTP server that serves the AWS SDK's IAM, STS and EKS
 * clients, and the handle tests use to configure and inspect it.
 */
import {
  createServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as delay } from "node:timers/promises";
import type { AccountModel } from "./account";
import { handle, type EndpointState, type RecordedCall } from "./dispatch";
import { IdentityStore, type Identity } from "./identity";

export type { AwsService, RecordedCall } from "./dispatch";

/** Credentials and endpoint settings for an AWS SDK v3 client. */
export interface AwsClientConfig {
  readonly endpoint: string;
  readonly region: string;
  readonly credentials: {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
  };
}

/** A running test endpoint. */
export interface AwsEndpoint {
  /** Base URL, `http://127.0.0.1:<port>`. */
  readonly url: string;
  /**
   * Environment variables that point the AWS SDK at the endpoint as
   * `caller` (an access key id or ARN). @default the first caller of the model
   */
  env(caller?: string): Record<string, string>;
  /** Client configuration for `caller`, such as `new IAMClient(endpoint.clientConfig())`. */
  clientConfig(caller?: string): AwsClientConfig;
  /** Every request received since the start or the last {@link resetCalls}, oldest first. */
  readonly calls: readonly RecordedCall[];
  resetCalls(): void;
  /** Fails the next `times` calls of `operation` with a throttling error, replacing any pending count. */
  throttle(operation: string, times: number): void;
  /** Caps SimulatePrincipalPolicy pages at `n` results, below the request's MaxItems. */
  setPageSize(n: number): void;
  /** Delays every response by `ms` milliseconds. */
  setLatency(ms: number): void;
  close(): Promise<void>;
}

/** Options of {@link startAwsEndpoint}. */
export interface AwsEndpointOptions {
  /** Region of the client configuration, and of clusters that set none. @default "us-east-1" */
  readonly region?: string;
}

/** Starts the endpoint on 127.0.0.1 at a random free port. */
export async function startAwsEndpoint(
  account: AccountModel,
  options: AwsEndpointOptions = {},
): Promise<AwsEndpoint> {
  const state: EndpointState = {
    account,
    identities: new IdentityStore(account),
    region: options.region ?? "us-east-1",
    calls: [],
    throttles: new Map(),
    pageSize: Number.MAX_SAFE_INTEGER,
    latencyMs: 0,
  };
  const server = createServer((request, response) => {
    serve(state, request, response).catch((error: unknown) => {
      process.stderr.write(
        `aws-endpoint: dropped ${request.method} ${request.url}: ${String(error)}\n`,
      );
      response.destroy();
    });
  });
  await listen(server);

  const { port } = server.address() as AddressInfo;
  return endpointHandle(state, server, `http://127.0.0.1:${port}`);
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
}

function endpointHandle(
  state: EndpointState,
  server: Server,
  url: string,
): AwsEndpoint {
  const credentialsOf = (caller?: string) => findCaller(state, caller);
  return {
    url,
    env(caller) {
      const identity = credentialsOf(caller);
      return {
        AWS_ENDPOINT_URL: url,
        AWS_REGION: state.region,
        AWS_DEFAULT_REGION: state.region,
        AWS_ACCESS_KEY_ID: identity.accessKeyId,
        AWS_SECRET_ACCESS_KEY: identity.secretAccessKey,
        AWS_SESSION_TOKEN: identity.sessionToken ?? "",
        AWS_EC2_METADATA_DISABLED: "true",
      };
    },
    clientConfig(caller) {
      const identity = credentialsOf(caller);
      return {
        endpoint: url,
        region: state.region,
        credentials: {
          accessKeyId: identity.accessKeyId,
          secretAccessKey: identity.secretAccessKey,
          sessionToken: identity.sessionToken,
        },
      };
    },
    get calls() {
      return [...state.calls];
    },
    resetCalls() {
      state.calls.length = 0;
    },
    throttle(operation, times) {
      state.throttles.set(operation, times);
    },
    setPageSize(n) {
      if (!Number.isInteger(n) || n < 1) {
        throw new RangeError(
          `Page size ${n} is invalid: use an integer of at least 1.`,
        );
      }
      state.pageSize = n;
    },
    setLatency(ms) {
      state.latencyMs = ms;
    },
    close: () => closeServer(server),
  };
}

function findCaller(
  state: EndpointState,
  caller: string | undefined,
): Identity {
  const key = caller ?? state.account.callers[0]?.accessKeyId;
  const identity = key === undefined ? undefined : state.identities.find(key);
  if (identity === undefined) {
    throw new Error(
      `No caller ${key ?? "(none in the model)"}: name an access key id or ARN of the model's callers or of an issued session.`,
    );
  }

  return identity;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    server.closeAllConnections();
  });
}

async function serve(
  state: EndpointState,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const body = await readBody(request);
  const { reply, call } = await handle(state, request, body);
  state.calls.push(call);
  if (state.latencyMs > 0) {
    await delay(state.latencyMs);
  }

  response.writeHead(reply.status, {
    ...reply.headers,
    "content-length": Buffer.byteLength(reply.body),
  });
  response.end(reply.body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    request.on("error", reject);
  });
}
