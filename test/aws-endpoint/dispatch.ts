/**
 * Routing and error handling of one request. Requests are routed by the
 * service in the SigV4 credential scope, and the signature itself is not
 * checked.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { AccountModel } from "./account";
import { AwsServiceError, missingAuthenticationToken } from "./aws-error";
import { EKS_OPERATIONS, routeEksRequest } from "./eks";
import { IAM_NAMESPACE, IAM_OPERATIONS, IAM_VERSION } from "./iam";
import type { IdentityStore } from "./identity";
import { parseQueryBody, type QueryParams } from "./query-protocol";
import type { RequestContext } from "./request-context";
import { STS_NAMESPACE, STS_OPERATIONS, STS_VERSION } from "./sts";
import { queryErrorResponse, queryResponse, type XmlValue } from "./xml";

/** A service the endpoint serves. */
export type AwsService = "iam" | "sts" | "eks";

/** One request the endpoint received, and the status it returned. */
export interface RecordedCall {
  readonly service: AwsService;
  /** API operation name, such as `SimulatePrincipalPolicy`. */
  readonly operation: string;
  /** Request parameters: parsed query parameters, or EKS path and query parameters. */
  readonly params: Record<string, unknown>;
  /** HTTP status of the response. */
  readonly status: number;
  /** Error code of a failed request, such as `Throttling`. */
  readonly errorCode?: string;
  /** ARN of the authenticated caller, when authentication succeeded. */
  readonly caller?: string;
}

/** The mutable state of one endpoint. */
export interface EndpointState {
  readonly account: AccountModel;
  readonly identities: IdentityStore;
  readonly region: string;
  readonly calls: RecordedCall[];
  readonly throttles: Map<string, number>;
  pageSize: number;
  latencyMs: number;
}

/** An HTTP response to send. */
export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** The parts of a SigV4 `Authorization` header the endpoint uses. */
interface Credential {
  readonly accessKeyId: string;
  readonly region: string;
  readonly service: string;
}

function parseAuthorization(
  header: string | undefined,
): Credential | undefined {
  const match =
    /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/.exec(
      header ?? "",
    );
  if (match === null) {
    return undefined;
  }

  return { accessKeyId: match[1], region: match[2], service: match[3] };
}

/** Handles one request and returns the response and the call to record. */
export async function handle(
  state: EndpointState,
  request: IncomingMessage,
  body: string,
): Promise<{ reply: Reply; call: RecordedCall }> {
  const credential = parseAuthorization(request.headers.authorization);
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const service = credential?.service ?? guessService(url, body);
  if (service === "eks") {
    return handleEks(state, request, url, credential);
  }
  if (service === "iam" || service === "sts") {
    return handleQuery(state, service, request, body, credential);
  }

  const error = new AwsServiceError(
    "UnknownService",
    `The endpoint serves iam, sts and eks, not ${service}.`,
    400,
  );
  const reply = {
    status: 400,
    headers: { "content-type": "text/plain" },
    body: error.message,
  };
  return {
    reply,
    call: {
      service: "iam",
      operation: "Unknown",
      params: {},
      status: 400,
      errorCode: error.code,
    },
  };
}

/** Infers the service of an unsigned request from its path or query API version. */
function guessService(url: URL, body: string): string {
  if (url.pathname.startsWith("/clusters")) {
    return "eks";
  }

  const version = new URLSearchParams(body).get("Version");
  return version === STS_VERSION
    ? "sts"
    : version === IAM_VERSION
      ? "iam"
      : "unknown";
}

const QUERY_SERVICES = {
  iam: {
    namespace: IAM_NAMESPACE,
    version: IAM_VERSION,
    operations: IAM_OPERATIONS,
  },
  sts: {
    namespace: STS_NAMESPACE,
    version: STS_VERSION,
    operations: STS_OPERATIONS,
  },
} as const;

async function handleQuery(
  state: EndpointState,
  service: "iam" | "sts",
  request: IncomingMessage,
  body: string,
  credential: Credential | undefined,
): Promise<{ reply: Reply; call: RecordedCall }> {
  const { namespace, version, operations } = QUERY_SERVICES[service];
  const { Action: action, Version: _version, ...params } = parseQueryBody(body);
  const operation = typeof action === "string" ? action : "Unknown";
  const requestId = randomUUID();
  const call = { service, operation, params };
  try {
    const handler = operations[operation];
    const context = authenticate(state, operation, request, credential);
    if (handler === undefined) {
      throw new AwsServiceError(
        "InvalidAction",
        `Could not find operation ${operation} for version ${version}`,
        400,
      );
    }

    const result: XmlValue = await handler(context, params as QueryParams);
    const reply = xmlReply(
      200,
      queryResponse(operation, namespace, result, requestId),
      requestId,
    );
    return {
      reply,
      call: { ...call, status: 200, caller: context.caller.arn },
    };
  } catch (error) {
    const failure = asServiceError(error, "InternalFailure");
    const reply = xmlReply(
      failure.status,
      queryErrorResponse(failure, namespace, requestId),
      requestId,
    );
    return {
      reply,
      call: { ...call, status: failure.status, errorCode: failure.code },
    };
  }
}

async function handleEks(
  state: EndpointState,
  request: IncomingMessage,
  url: URL,
  credential: Credential | undefined,
): Promise<{ reply: Reply; call: RecordedCall }> {
  const route = routeEksRequest(request.method ?? "GET", url);
  const operation = route?.operation ?? "Unknown";
  const params = route?.params ?? { path: url.pathname };
  const requestId = randomUUID();
  const call = { service: "eks" as const, operation, params };
  try {
    const context = authenticate(state, operation, request, credential);
    const handler = route ? EKS_OPERATIONS[route.operation] : undefined;
    if (handler === undefined) {
      throw new AwsServiceError(
        "UnknownOperationException",
        `No EKS operation serves ${request.method} ${url.pathname}.`,
        404,
      );
    }

    const result = await handler(context, params);
    const reply = jsonReply(200, result, requestId);
    return {
      reply,
      call: { ...call, status: 200, caller: context.caller.arn },
    };
  } catch (error) {
    const failure = restJsonError(asServiceError(error, "ServerException"));
    const reply = jsonReply(
      failure.status,
      { message: failure.message },
      requestId,
      failure.code,
    );
    return {
      reply,
      call: { ...call, status: failure.status, errorCode: failure.code },
    };
  }
}

/**
 * Applies a pending throttle, then returns the request context of the
 * signing principal. A throttled call fails before authentication.
 */
function authenticate(
  state: EndpointState,
  operation: string,
  request: IncomingMessage,
  credential: Credential | undefined,
): RequestContext {
  const service = credential?.service ?? "";
  consumeThrottle(state, operation, service === "eks");
  if (credential === undefined) {
    throw missingAuthenticationToken();
  }

  const token = request.headers["x-amz-security-token"];
  const caller = state.identities.authenticate(
    credential.accessKeyId,
    typeof token === "string" ? token : undefined,
  );
  return {
    account: state.account,
    identities: state.identities,
    caller,
    region: credential.region,
    defaultRegion: state.region,
    pageSize: state.pageSize,
  };
}

function consumeThrottle(
  state: EndpointState,
  operation: string,
  restJson: boolean,
): void {
  const remaining = state.throttles.get(operation) ?? 0;
  if (remaining <= 0) {
    return;
  }

  state.throttles.set(operation, remaining - 1);
  throw restJson
    ? new AwsServiceError("ThrottlingException", "Rate exceeded", 429)
    : new AwsServiceError("Throttling", "Rate exceeded", 400);
}

/** Renames the query-protocol authentication error to the one restJson1 services return. */
function restJsonError(error: AwsServiceError): AwsServiceError {
  if (error.code !== "InvalidClientTokenId") {
    return error;
  }

  return new AwsServiceError(
    "UnrecognizedClientException",
    error.message,
    error.status,
  );
}

/**
 * Passes service errors through. Any other error is a bug, returned as a
 * 500 fault and logged to stderr.
 */
function asServiceError(error: unknown, faultCode: string): AwsServiceError {
  if (error instanceof AwsServiceError) {
    return error;
  }

  const message = error instanceof Error ? error.message : String(error);
  const detail = error instanceof Error ? error.stack : message;
  process.stderr.write(`aws-endpoint: ${faultCode}: ${detail}\n`);
  return new AwsServiceError(
    faultCode,
    `The test endpoint failed: ${message}`,
    500,
  );
}

function xmlReply(status: number, body: string, requestId: string): Reply {
  return {
    status,
    headers: { "content-type": "text/xml", "x-amzn-requestid": requestId },
    body,
  };
}

function jsonReply(
  status: number,
  value: object,
  requestId: string,
  errorType?: string,
): Reply {
  const headers: Record<string, string> = {
    "content-type": "application/json",
    "x-amzn-requestid": requestId,
  };
  if (errorType !== undefined) {
    headers["x-amzn-errortype"] = errorType;
  }

  return { status, headers, body: JSON.stringify(value) };
}
