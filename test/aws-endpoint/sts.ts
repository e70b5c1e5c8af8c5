/** STS operations: GetCallerIdentity and AssumeRole. */
import { accessDenied, AwsServiceError, validationError } from "./aws-error";
import { roleArnOf } from "./identity";
import {
  readInteger,
  readString,
  requireString,
  type QueryParams,
} from "./query-protocol";
import {
  callerContextKeys,
  callerPolicies,
  type RequestContext,
} from "./request-context";
import { isAllowed } from "./simulate";
import type { XmlValue } from "./xml";

/** XML namespace of STS responses. */
export const STS_NAMESPACE = "https://sts.amazonaws.com/doc/2011-06-15/";

/** Query API version of STS. */
export const STS_VERSION = "2011-06-15";

type StsHandler = (
  context: RequestContext,
  params: QueryParams,
) => Promise<XmlValue>;

/** STS operations by name. */
export const STS_OPERATIONS: Readonly<Record<string, StsHandler>> = {
  GetCallerIdentity: getCallerIdentity,
  AssumeRole: assumeRole,
};

const SESSION_NAME = /^[\w+=,.@-]{2,64}$/;
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/;
const ROLE_ARN =
  /^arn:aws:iam::(\d{12}):role(\/(?:[^/]+\/)*)([\w+=,.@-]{1,64})$/;

async function getCallerIdentity(context: RequestContext): Promise<XmlValue> {
  const { caller } = context;
  return { UserId: caller.userId, Account: caller.accountId, Arn: caller.arn };
}

/**
 * Issues a session of the role when its trust policy, evaluated with the
 * caller's identity policies, allows the caller `sts:AssumeRole` with the
 * request's ExternalId. A role that does not exist is reported as
 * AccessDenied, as STS does.
 */
async function assumeRole(
  context: RequestContext,
  params: QueryParams,
): Promise<XmlValue> {
  const request = readAssumeRoleRequest(params);
  const denied = accessDenied(
    context.caller.arn,
    "sts:AssumeRole",
    request.roleArn,
  );
  const role = findRole(context, request.roleArn);
  if (role === undefined) {
    throw denied;
  }

  const allowed = await isAllowed({
    ...callerPolicies(context),
    resourcePolicy: role.trustPolicy,
    action: "sts:AssumeRole",
    resource: request.roleArn,
    context: assumeRoleContextKeys(context, request),
  });
  if (!allowed) {
    throw denied;
  }

  const maxDuration = role.maxSessionDuration ?? 3600;
  if (request.durationSeconds > maxDuration) {
    throw new AwsServiceError(
      "ValidationError",
      "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
      400,
    );
  }

  const session = context.identities.startSession(
    role,
    request.sessionName,
    request.durationSeconds,
  );
  return {
    Credentials: {
      AccessKeyId: session.accessKeyId,
      SecretAccessKey: session.secretAccessKey,
      SessionToken: session.sessionToken,
      Expiration: session.expiration,
    },
    AssumedRoleUser: { AssumedRoleId: session.userId, Arn: session.arn },
  };
}

interface AssumeRoleRequest {
  readonly roleArn: string;
  readonly sessionName: string;
  readonly externalId?: string;
  readonly durationSeconds: number;
}

function readAssumeRoleRequest(params: QueryParams): AssumeRoleRequest {
  const roleArn = requireString(params, "RoleArn");
  const sessionName = requireString(params, "RoleSessionName");
  const externalId = readString(params, "ExternalId");
  if (!ROLE_ARN.test(roleArn)) {
    throw validationError(
      "roleArn",
      roleArn,
      "Member must be a valid IAM role ARN",
    );
  }
  if (!SESSION_NAME.test(sessionName)) {
    throw validationError(
      "roleSessionName",
      sessionName,
      `Member must satisfy regular expression pattern: [\\w+=,.@-]* and have length between 2 and 64`,
    );
  }
  if (externalId !== undefined && !EXTERNAL_ID.test(externalId)) {
    throw validationError(
      "externalId",
      "***",
      `Member must satisfy regular expression pattern: [\\w+=,.@:\\/-]* and have length between 2 and 1224`,
    );
  }

  const durationSeconds =
    readInteger(params, "DurationSeconds", 900, 43200) ?? 3600;
  return { roleArn, sessionName, externalId, durationSeconds };
}

function findRole(context: RequestContext, arn: string) {
  return context.account.roles.find(
    (role) => roleArnOf(context.account, role) === arn,
  );
}

function assumeRoleContextKeys(
  context: RequestContext,
  request: AssumeRoleRequest,
): Record<string, string> {
  const keys: Record<string, string> = {
    ...callerContextKeys(context),
    "sts:RoleSessionName": request.sessionName,
  };
  if (request.externalId !== undefined) {
    keys["sts:ExternalId"] = request.externalId;
  }

  return keys;
}
