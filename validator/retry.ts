/**
 * Bounded retry with exponential backoff and full jitter: before retry `n`
 * the caller waits a random time between 0 and
 * `min(maxDelayMs, baseDelayMs * 2^(n-1))`.
 */
import type { RetryOptions } from "./options";

/** Retry settings with every default filled in. */
export type ResolvedRetryOptions = Required<RetryOptions>;

/** The retry defaults: 6 attempts, 100 ms base, 5 s cap. */
export const DEFAULT_RETRY: ResolvedRetryOptions = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 5000,
};

const THROTTLING_CODES = new Set([
  "Throttling",
  "ThrottlingException",
  "ThrottledException",
  "TooManyRequestsException",
  "RequestLimitExceeded",
  "RequestThrottled",
  "RequestThrottledException",
  "SlowDown",
]);

const TRANSIENT_NETWORK_CODES = new Set(["ECONNRESET", "EPIPE", "ETIMEDOUT"]);

/** Fills in the defaults of {@link RetryOptions}; values below 1 attempt count as 1. */
export function resolveRetryOptions(
  options: RetryOptions = {},
): ResolvedRetryOptions {
  return {
    maxAttempts: Math.max(1, options.maxAttempts ?? DEFAULT_RETRY.maxAttempts),
    baseDelayMs: Math.max(0, options.baseDelayMs ?? DEFAULT_RETRY.baseDelayMs),
    maxDelayMs: Math.max(0, options.maxDelayMs ?? DEFAULT_RETRY.maxDelayMs),
  };
}

/** Returns true when an AWS SDK error is a throttling error. */
export function isThrottlingError(error: unknown): boolean {
  const candidate = error as {
    name?: string;
    $metadata?: { httpStatusCode?: number };
    $retryable?: { throttling?: boolean };
  };

  return (
    THROTTLING_CODES.has(candidate?.name ?? "") ||
    candidate?.$metadata?.httpStatusCode === 429 ||
    candidate?.$retryable?.throttling === true
  );
}

/**
 * Returns true when a retry may succeed: throttling, a server error, a
 * dropped connection or a timeout. No call the preflight makes changes
 * the account, so repeating one after a timeout is safe.
 */
export function isRetryableError(error: unknown): boolean {
  const candidate = error as {
    $fault?: string;
    $metadata?: { httpStatusCode?: number };
    code?: string;
    name?: string;
  };
  const status = candidate?.$metadata?.httpStatusCode ?? 0;

  return (
    isThrottlingError(error) ||
    candidate?.$fault === "server" ||
    status >= 500 ||
    TRANSIENT_NETWORK_CODES.has(candidate?.code ?? "") ||
    candidate?.name === "TimeoutError"
  );
}

/** Returns the full-jitter delay before retry `retry` (1 for the first retry), in milliseconds. */
export function backoffDelayMs(
  retry: number,
  options: ResolvedRetryOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(
    options.maxDelayMs,
    options.baseDelayMs * 2 ** (retry - 1),
  );

  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it succeeds, fails with an error that is not
 * retryable, or has run `maxAttempts` times; then rethrows the last error.
 * `onAttempt` is called before every attempt, with 1 for the first.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  options: ResolvedRetryOptions,
  onAttempt: (attemptNumber: number) => void,
): Promise<T> {
  for (let attemptNumber = 1; ; attemptNumber++) {
    onAttempt(attemptNumber);
    try {
      return await attempt();
    } catch (error) {
      if (attemptNumber >= options.maxAttempts || !isRetryableError(error)) {
        throw error;
      }

      await sleep(backoffDelayMs(attemptNumber, options));
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
