/**
 * The AWS SDK clients of one preflight, with a shared call counter and the
 * retry layer.
 *
 * The clients get `maxAttempts: 1`, so the SDK itself never retries and
 * this module's retry (see `retry.ts`) is the only layer: a call makes at
 * most `RetryOptions.maxAttempts` attempts. Everything else (credentials,
 * region, AWS_PROFILE, AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>)
 * comes from the SDK's standard configuration unless overridden.
 */
import { EKSClient } from "@aws-sdk/client-eks";
import { IAMClient } from "@aws-sdk/client-iam";
import { STSClient } from "@aws-sdk/client-sts";
import type { AwsClientOverrides } from "./options";
import type { ApiCallCounts } from "./report";
import { withRetry } from "./retry";
import type { ResolvedRetryOptions } from "./retry";

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

/** STS, IAM and EKS clients that share one configuration, counter and retry policy. */
export class AwsSession {
  readonly sts: STSClient;
  readonly iam: IAMClient;
  readonly eks: EKSClient;

  constructor(
    private readonly overrides: AwsClientOverrides,
    private readonly counter: CallCounter,
    private readonly retry: ResolvedRetryOptions,
  ) {
    const config = { ...definedOnly(overrides), maxAttempts: 1 };
    this.sts = new STSClient(config);
    this.iam = new IAMClient(config);
    this.eks = new EKSClient(config);
  }

  /** Returns a session with the same endpoint and region that signs with `credentials`. */
  withCredentials(credentials: SessionCredentials): AwsSession {
    return new AwsSession(
      { ...this.overrides, credentials },
      this.counter,
      this.retry,
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

function definedOnly(overrides: AwsClientOverrides): AwsClientOverrides {
  return Object.fromEntries(
    Object.entries(overrides).filter(([, value]) => value !== undefined),
  );
}
