/** Errors the endpoint returns, with the codes and HTTP statuses AWS uses. */

/** An error response of an AWS API: code, message and HTTP status. */
export class AwsServiceError extends Error {
  /** Error code, such as `NoSuchEntity`, sent as `<Code>` or `x-amzn-errortype`. */
  readonly code: string;
  /** HTTP status of the response. */
  readonly status: number;
  /** `Sender` for a client error, `Receiver` for a service fault. */
  readonly type: "Sender" | "Receiver";

  constructor(code: string, message: string, status: number) {
    super(message);
    this.name = "AwsServiceError";
    this.code = code;
    this.status = status;
    this.type = status >= 500 ? "Receiver" : "Sender";
  }
}

/** Creates the AccessDenied error of IAM and STS, in AWS's message shape. */
export function accessDenied(
  callerArn: string,
  action: string,
  resource: string,
): AwsServiceError {
  return new AwsServiceError(
    "AccessDenied",
    `User: ${callerArn} is not authorized to perform: ${action} on resource: ${resource}`,
    403,
  );
}

/** Creates the error for an access key that no caller or session owns. */
export function invalidClientToken(): AwsServiceError {
  return new AwsServiceError(
    "InvalidClientTokenId",
    "The security token included in the request is invalid.",
    403,
  );
}

/** Creates the error for a request without an `Authorization` header. */
export function missingAuthenticationToken(): AwsServiceError {
  return new AwsServiceError(
    "MissingAuthenticationToken",
    "Request is missing Authentication Token",
    403,
  );
}

/** Creates the error for session credentials used after their expiration. */
export function expiredToken(): AwsServiceError {
  return new AwsServiceError(
    "ExpiredToken",
    "The security token included in the request is expired",
    400,
  );
}

/** Creates the query-protocol ValidationError for one parameter that breaks a constraint. */
export function validationError(
  parameter: string,
  value: unknown,
  constraint: string,
): AwsServiceError {
  const quotedValue = value === undefined ? "null" : `'${String(value)}'`;
  return new AwsServiceError(
    "ValidationError",
    `1 validation error detected: Value ${quotedValue} at '${parameter}' failed to satisfy constraint: ${constraint}`,
    400,
  );
}

/** Creates the ValidationError for a missing required parameter. */
export function missingParameter(parameter: string): AwsServiceError {
  return validationError(parameter, undefined, "Member must not be null");
}

/** Creates the IAM InvalidInput error. */
export function invalidInput(message: string): AwsServiceError {
  return new AwsServiceError("InvalidInput", message, 400);
}

/** Creates the IAM NoSuchEntity error for a role that does not exist. */
export function noSuchRole(roleName: string): AwsServiceError {
  return new AwsServiceError(
    "NoSuchEntity",
    `The role with name ${roleName} cannot be found.`,
    404,
  );
}
