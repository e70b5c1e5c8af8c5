/**
 * The AWS SDK clients of one preflight, with a shared call counter, the
 * retry layer and the timeouts.
 *
 * The clients get `maxAttempts: 1`, so the SDK itself never retries and
 * this module's retry (see `retry.ts`) is the only layer: a call makes at
 * most `RetryOptions.maxAttempts` attempts. Every attempt has a connection
 * and a request timeout (`TimeoutOptions`), because the SDK's Node HTTP
 * handler has none by default and a stalled endpoint would hang the
 * preflight. Everything else (credentials, region, AWS_PROFILE,
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>) comes from the SDK's
 * standard configuration unless overridden.
 */
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import { rememberRequestUrl } from "./aws-errors";
import type { AwsClientOverrides, TimeoutOptions } from "./options";
import type { ApiCallCounts } from "./report";
import { withRetry } from "./retry";
import type { ResolvedRetryOptions } from "./retry";

/** Timeouts with every default filled in. */
export type ResolvedTimeoutOptions = Required<TimeoutOptions>;

/** The timeout defaults: 5 s to connect, 30 s per request. */
export const DEFAULT_TIMEOUTS: ResolvedTimeoutOptions = {
  connectionMs: 5000,
  requestMs: 30000,
};

/** Fills in the defaults of {@link TimeoutOptions}. */
export function resolveTimeoutOptions(
  options: TimeoutOptions = {},
): ResolvedTimeoutOptions {
  return {
    connectionMs: options.connectionMs ?? DEFAULT_TIMEOUTS.connectionMs,
    requestMs: options.requestMs ?? DEFAULT_TIMEOUTS.requestMs,
  };
}

/** Counts every attempt of every AWS call of one preflight. */
export class CallCounter {
  private total = 0;
  private retries = 0;
  private readonly byOperation = new Map<string, number>();

  /** Records one attempt of `operation`; attempts after the first are retries. */
  record(operation: string, attemptNumber: number): void {
    this.total++;
    if (attemptNumber > 1) {
      this.retries++;
    }

    this.byOperation.set(operation, (this.byOperation.get(operation) ?? 0) + 1);
  }

  /** Returns the counts as a report section. */
  snapshot(): ApiCallCounts {
    return {
      total: this.total,
      retries: this.retries,
      byOperation: Object.fromEntries([...this.byOperation].sort()),
    };
  }
}

/** Temporary credentials of an assumed-role session. */
export interface SessionCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** STS, IAM and EKS clients that share one configuration, counter, retry policy and timeouts. */
export class AwsSession {
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly eks: EKSClient;

  constructor(
    private readonly overrides: AwsClientOverrides,
    private readonly counter: CallCounter,
    private readonly retry: ResolvedRetryOptions,
    private readonly timeouts: ResolvedTimeoutOptions = DEFAULT_TIMEOUTS,
  ) {
    const config = {
      ...definedOnly(overrides),
      maxAttempts: 1,
      requestHandler: {
        connectionTimeout: timeouts.connectionMs,
        requestTimeout: timeouts.requestMs,
        throwOnRequestTimeout: true,
        socketTimeout: timeouts.requestMs,
      },
    };
    this.sts = new STSClient(config);
    this.iam = new IAMClient(config);
    this.eks = new EKSClient(config);
    this.sts.middlewareStack.add(recordRequestUrl, REQUEST_URL_MIDDLEWARE);
    this.iam.middlewareStack.add(recordRequestUrl, REQUEST_URL_MIDDLEWARE);
    this.eks.middlewareStack.add(recordRequestUrl, REQUEST_URL_MIDDLEWARE);
  }

  /** Returns a session with the same endpoint, region and timeouts that signs with `credentials`. */
  withCredentials(credentials: SessionCredentials): AwsSession {
    return new AwsSession(
      { ...this.overrides, credentials },
      this.counter,
      this.retry,
      this.timeouts,
    );
  }

  /** Runs one AWS call, named `service:Operation`, with retry and counting. */
  call<T>(operation: string, send: () => Promise<T>): Promise<T> {
    return withRetry(send, this.retry, (attemptNumber) =>
      this.counter.record(operation, attemptNumber),
    );
  }

  /** Closes the clients' connections. */
  destroy(): void {
    this.sts.destroy();
    this.iam.destroy();
    this.eks.destroy();
  }
}

interface SignedRequest {
  readonly protocol?: string;
  readonly hostname?: string;
  readonly port?: number;
}

const REQUEST_URL_MIDDLEWARE = {
  step: "finalizeRequest",
  name: "scoutfloRequestUrl",
} as const;

/**
 * Middleware that records the URL of the request an error came from, so
 * that network and timeout errors can name the endpoint.
 */
function recordRequestUrl<Args extends { request: unknown }, Output>(
  next: (args: Args) => Promise<Output>,
): (args: Args) => Promise<Output> {
  return async (args) => {
    try {
      return await next(args);
    } catch (error) {
      const request = args.request as SignedRequest | undefined;
      if (request?.hostname !== undefined) {
        rememberRequestUrl(error, requestOrigin(request));
      }

      throw error;
    }
  };
}

function requestOrigin(request: SignedRequest): string {
  const port = request.port === undefined ? "" : `:${request.port}`;
  return `${request.protocol ?? "https:"}//${request.hostname}${port}`;
}

function definedOnly(overrides: AwsClientOverrides): AwsClientOverrides {
  return Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  );
}
