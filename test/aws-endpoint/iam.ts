/** IAM operations: GetRole, SimulatePrincipalPolicy and GetContextKeysForPrincipalPolicy. */
import type { PolicyDocument, RoleModel } from "./account";
import { accessDenied, noSuchRole, validationError } from "./aws-error";
import { roleArnOf, roleIdOf } from "./identity";
import { authorizePolicySource } from "./policy-source";
import { readList, requireString, type QueryParams } from "./query-protocol";
import {
  callerContextKeys,
  callerPolicies,
  type RequestContext,
} from "./request-context";
import { isAllowed } from "./simulate";
import { simulatePrincipalPolicy } from "./simulate-principal-policy";
import type { XmlValue } from "./xml";

/** XML namespace of IAM responses. */
export const IAM_NAMESPACE = "https://iam.amazonaws.com/doc/2010-05-08/";

/** Query API version of IAM. */
export const IAM_VERSION = "2010-05-08";

type IamHandler = (
  context: RequestContext,
  params: QueryParams,
) => Promise<XmlValue>;

/** IAM operations by name. */
export const IAM_OPERATIONS: Readonly<Record<string, IamHandler>> = {
  GetRole: getRole,
  SimulatePrincipalPolicy: simulatePrincipalPolicy,
  GetContextKeysForPrincipalPolicy: getContextKeysForPrincipalPolicy,
};

/** CreateDate that GetRole reports for every role of the model. */
const ROLE_CREATE_DATE = new Date("2024-01-15T09:30:00Z");

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;

/** Returns the role, after checking that the caller may run `iam:GetRole` on it. */
async function getRole(
  context: RequestContext,
  params: QueryParams,
): Promise<XmlValue> {
  const roleName = requireString(params, "RoleName");
  if (!ROLE_NAME.test(roleName)) {
    throw validationError(
      "roleName",
      roleName,
      "Member must satisfy regular expression pattern: [\\w+=,.@-]+",
    );
  }

  const role = context.account.roles.find(
    (candidate) => candidate.name === roleName,
  );
  const arn = role
    ? roleArnOf(context.account, role)
    : `arn:aws:iam::${context.account.accountId}:role/${roleName}`;
  const allowed = await isAllowed({
    ...callerPolicies(context),
    action: "iam:GetRole",
    resource: arn,
    context: callerContextKeys(context),
  });
  if (!allowed) {
    throw accessDenied(context.caller.arn, "iam:GetRole", arn);
  }
  if (role === undefined) {
    throw noSuchRole(roleName);
  }

  return { Role: roleXml(context, role) };
}

/**
 * Renders a role as GetRole returns it. IAM returns the trust policy
 * URL-encoded (RFC 3986), so a caller must decode it before parsing.
 */
function roleXml(context: RequestContext, role: RoleModel): XmlValue {
  const { account } = context;
  return {
    Path: role.path ?? "/",
    RoleName: role.name,
    RoleId: roleIdOf(account, role),
    Arn: roleArnOf(account, role),
    CreateDate: ROLE_CREATE_DATE,
    AssumeRolePolicyDocument: encodeRfc3986(JSON.stringify(role.trustPolicy)),
    MaxSessionDuration: role.maxSessionDuration ?? 3600,
    PermissionsBoundary: role.permissionsBoundary
      ? {
          PermissionsBoundaryType: "Policy",
          PermissionsBoundaryArn:
            role.permissionsBoundaryArn ??
            `arn:aws:iam::${account.accountId}:policy/${role.name}Boundary`,
        }
      : undefined,
    Tags: role.tags
      ? Object.entries(role.tags).map(([Key, Value]) => ({ Key, Value }))
      : undefined,
    RoleLastUsed: {},
  };
}

function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (character) => `%${character.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Lists the condition keys in the principal's identity policies. */
async function getContextKeysForPrincipalPolicy(
  context: RequestContext,
  params: QueryParams,
): Promise<XmlValue> {
  const sourceArn = requireString(params, "PolicySourceArn");
  if (readList(params, "PolicyInputList").length > 0) {
    throw validationError(
      "policyInputList",
      "[...]",
      "PolicyInputList is not supported by the test endpoint",
    );
  }

  const source = await authorizePolicySource(
    context,
    sourceArn,
    "iam:GetContextKeysForPrincipalPolicy",
  );
  const documents = source.identityPolicies.map((named) => named.document);
  return { ContextKeyNames: conditionKeysOf(documents) };
}

function conditionKeysOf(documents: readonly PolicyDocument[]): string[] {
  const keys = new Map<string, string>();
  for (const document of documents) {
    for (const statement of document.Statement) {
      for (const byKey of Object.values(statement.Condition ?? {})) {
        for (const key of Object.keys(byKey)) {
          keys.set(key.toLowerCase(), keys.get(key.toLowerCase()) ?? key);
        }
      }
    }
  }

  return [...keys.values()];
}
