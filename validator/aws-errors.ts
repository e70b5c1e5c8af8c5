/**
 * Classification of AWS SDK errors into the report's error outcomes, with
 * the next step for the person running the preflight.
 */
import type { AwsErrorCode, AwsErrorOutcome } from "./report";
import { isThrottlingError } from "./retry";

/**
 * An AWS error that stops the preflight. Steps throw it and `runPreflight`
 * turns it into an `error` report; it never leaves the library.
 */
export class PreflightAbort extends Error {
  constructor(readonly outcome: AwsErrorOutcome) {
    super(outcome.message);
    this.name = "PreflightAbort";
  }
}

const CREDENTIAL_ERRORS = new Set([
  "CredentialsProviderError",
  "InvalidClientTokenId",
  "InvalidAccessKeyId",
  "SignatureDoesNotMatch",
  "IncompleteSignature",
  "ExpiredToken",
  "ExpiredTokenException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "AuthFailure",
]);

const ACCESS_DENIED_ERRORS = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "UnauthorizedOperation",
  "UnauthorizedException",
]);

const NETWORK_ERRORS = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EPIPE",
]);

const MESSAGE_MAX_LENGTH = 300;

const requestUrls = new WeakMap<object, string>();

/** Records the endpoint URL of the request that failed with `error`. */
export function rememberRequestUrl(error: unknown, url: string): void {
  if (typeof error === "object" && error !== null) {
    requestUrls.set(error, url);
  }
}

/** Returns true when `error` is a connection, request or socket timeout of the SDK's HTTP handler, or an OS connect timeout. */
export function isTimeoutError(error: unknown): boolean {
  const candidate = error as { name?: string; code?: string };
  return candidate?.name === "TimeoutError" || candidate?.code === "ETIMEDOUT";
}

/** Returns the AWS error code of an SDK error, such as `NoSuchEntity`, or the error's name. */
export function awsErrorCode(error: unknown): string {
  const candidate = error as { name?: string; Code?: string };
  return candidate?.Code ?? candidate?.name ?? "Error";
}

/**
 * Classifies `error` from the call `operation` (`service:Operation`) on
 * `resource` into an outcome that names the next step.
 */
export function classifyAwsError(
  error: unknown,
  operation: string,
  resource = "*",
): AwsErrorOutcome {
  const awsCode = awsErrorCode(error);
  const detail = errorMessage(error);
  const code = classifyCode(error, awsCode, operation);
  const endpoint = requestUrlOf(error);
  const outcome = {
    code,
    operation,
    awsErrorCode: awsCode,
    message: `${operation} failed with ${awsCode}: ${detail} ${nextStep(code, operation, resource, endpoint)}`,
  };

  if (code === "ACCESS_DENIED" || code === "SIMULATOR_ACCESS_DENIED") {
    return { ...outcome, requiredPermission: { action: operation, resource } };
  }

  return outcome;
}

/** Throws a {@link PreflightAbort} for `error`. */
export function abortWith(
  error: unknown,
  operation: string,
  resource?: string,
): never {
  throw new PreflightAbort(classifyAwsError(error, operation, resource));
}

function classifyCode(
  error: unknown,
  awsCode: string,
  operation: string,
): AwsErrorCode {
  if (CREDENTIAL_ERRORS.has(awsCode)) {
    return "CREDENTIALS";
  }

  if (/region is missing/i.test(errorMessage(error))) {
    return "CONFIGURATION";
  }

  if (isTimeoutError(error)) {
    return "TIMEOUT";
  }

  if (isNetworkError(error)) {
    return "NETWORK";
  }

  if (ACCESS_DENIED_ERRORS.has(awsCode)) {
    return operation === "iam:SimulatePrincipalPolicy"
      ? "SIMULATOR_ACCESS_DENIED"
      : "ACCESS_DENIED";
  }

  return isThrottlingError(error) ? "THROTTLED" : "AWS_ERROR";
}

function nextStep(
  code: AwsErrorCode,
  operation: string,
  resource: string,
  endpoint: string,
): string {
  switch (code) {
    case "CREDENTIALS":
      return "Check the credentials the AWS SDK found: AWS_PROFILE, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the instance role; refresh expired session credentials.";
    case "CONFIGURATION":
      return "Set AWS_REGION (or a region in the active profile) to the region of the clusters.";
    case "NETWORK":
      return `Check the network path to ${endpoint} and any AWS_ENDPOINT_URL setting.`;
    case "TIMEOUT":
      return `The request to ${endpoint} timed out on every attempt: check the network path to it and any AWS_ENDPOINT_URL setting, or raise the timeouts (--connect-timeout and --request-timeout, or the timeouts option) when the endpoint is only slow.`;
    case "SIMULATOR_ACCESS_DENIED":
      return `The caller needs iam:SimulatePrincipalPolicy on ${resource}: run the preflight as an administrator of the account, or with --assume-role so that the role simulates itself.`;
    case "ACCESS_DENIED":
      return `The caller needs ${operation} on ${resource}.`;
    case "THROTTLED":
      return "AWS kept throttling the call after every retry: run the preflight again later.";
    default:
      return "Run the preflight again; if the error persists, check the AWS service health.";
  }
}

function isNetworkError(error: unknown): boolean {
  const candidate = error as {
    code?: string;
    cause?: { code?: string };
  };

  return (
    NETWORK_ERRORS.has(candidate?.code ?? "") ||
    NETWORK_ERRORS.has(candidate?.cause?.code ?? "")
  );
}

function requestUrlOf(error: unknown): string {
  const url =
    typeof error === "object" && error !== null
      ? requestUrls.get(error)
      : undefined;
  return url ?? "the AWS endpoint";
}

function errorMessage(error: unknown): string {
  const message =
    error instanceof Error ? error.message : String(error ?? "unknown error");
  const oneLine = message.replace(/\s+/g, " ").trim();
  const short =
    oneLine.length > MESSAGE_MAX_LENGTH
      ? `${oneLine.slice(0, MESSAGE_MAX_LENGTH)}...`
      : oneLine;

  return /[.!?]$/.test(short) ? short : `${short}.`;
}
