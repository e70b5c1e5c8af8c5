/**
 * The preflight report: a plain, JSON-serializable value. The JSON Schema
 * `report.schema.json` beside this module describes the same shape.
 */
import type { AccessMode, CapabilityName } from "../policies";

/** Version of the report shape; changes when a field changes meaning. */
export const REPORT_VERSION = 1;

/** `ready`: every check passed; `blocked`: something required is missing or misconfigured; `error`: an AWS call failed. */
export type PreflightStatus = "ready" | "blocked" | "error";

/** An IAM simulator decision. */
export type ActionDecision = "allowed" | "implicitDeny" | "explicitDeny";

/** The policy layer that decided a simulator result. */
export type DecisionLayer = "identity-policy" | "permissions-boundary" | "scp";

/** Stable codes of the problems that block a role. */
export type ProblemCode =
  | "ROLE_NOT_FOUND"
  | "ROLE_ARN_MISMATCH"
  | "ASSUME_ROLE_DENIED"
  | "TRUST_POLICY_UNREADABLE"
  | "PRINCIPAL_NOT_TRUSTED"
  | "EXTERNAL_ID_NOT_REQUIRED"
  | "EXTERNAL_ID_WRONG_OPERATOR"
  | "EXTERNAL_ID_MISMATCH"
  | "REQUIRED_ACTION_DENIED"
  | "WRITE_ACTION_ALLOWED"
  | "CLUSTER_NOT_FOUND"
  | "AUTHENTICATION_MODE_CONFIG_MAP"
  | "ACCESS_ENTRY_MISSING"
  | "ACCESS_ENTRY_TYPE_WRONG"
  | "ACCESS_POLICY_NOT_ASSOCIATED"
  | "ACCESS_SCOPE_MISMATCH"
  | "WRITE_ACCESS_POLICY_ASSOCIATED";

/** Stable codes of notes that do not block the role. */
export type WarningCode =
  | "EXTERNAL_ID_WEAK"
  | "EXTERNAL_ID_NOT_CHECKED"
  | "PATTERN_MATCHES_NO_ACTION"
  | "ACTION_UNKNOWN"
  | "MISSING_CONTEXT_VALUES"
  | "PRINCIPAL_TRUSTED_VIA_ACCOUNT"
  | "EXTRA_ACCESS_POLICY";

/** Stable codes of AWS errors that stop the preflight. */
export type AwsErrorCode =
  | "INVALID_OPTIONS"
  | "CONFIGURATION"
  | "CREDENTIALS"
  | "NETWORK"
  | "TIMEOUT"
  | "ACCESS_DENIED"
  | "SIMULATOR_ACCESS_DENIED"
  | "WRONG_ACCOUNT"
  | "THROTTLED"
  | "AWS_ERROR";

/** One problem or warning, with the value it concerns. */
export interface ReportFinding<Code extends string = ProblemCode> {
  /** Stable code of the finding. */
  readonly code: Code;
  /** The action, cluster, statement or input the finding concerns. */
  readonly subject: string;
  /** Message that names the value, the problem and its fix; an ExternalId is masked. */
  readonly message: string;
}

/** The principal that made the AWS calls, from STS GetCallerIdentity. */
export interface CallerIdentity {
  /** ARN of the principal. */
  readonly arn: string;
  /** 12-digit account id. */
  readonly account: string;
  /** Unique id of the principal. */
  readonly userId: string;
}

/** The role as given and as IAM returned it. */
export interface RoleSummary {
  /** The role exactly as given in the options. */
  readonly input: string;
  /** Name of the role. */
  readonly name: string;
  /** ARN of the role, with its path, from IAM GetRole; absent when the role was not read. */
  readonly arn?: string;
  /** IAM path of the role, from IAM GetRole. */
  readonly path?: string;
}

/** Outcome of STS AssumeRole when the preflight runs as the role. */
export type AssumeRoleSummary =
  | { readonly status: "not-used" }
  | {
      readonly status: "assumed";
      /** ARN of the assumed role. */
      readonly roleArn: string;
      /** Identity of the session, from STS GetCallerIdentity. */
      readonly session: CallerIdentity;
    }
  | {
      readonly status: "denied";
      /** ARN the preflight tried to assume. */
      readonly roleArn: string;
      /** The AWS error code, such as `AccessDenied`. */
      readonly awsErrorCode: string;
      /** The likely reason; `diagnosed` is true when the trust policy confirmed it. */
      readonly likelyCause:
        | "principal-not-trusted"
        | "external-id-mismatch"
        | "caller-not-permitted"
        | "principal-not-trusted-or-external-id-mismatch";
      /** True when the base credentials could read the trust policy to tell the causes apart. */
      readonly diagnosed: boolean;
    };

/** Result of the trust policy checks. */
export type TrustSummary =
  | {
      readonly status: "skipped";
      /** Reason the trust policy was not checked. */
      readonly reason: string;
    }
  | {
      readonly status: "checked";
      /** The principal checked, when one was given. */
      readonly expectedPrincipal?: string;
      /** The masked ExternalId checked, when one was given. */
      readonly expectedExternalId?: string;
      /** True when no problem was found. */
      readonly ok: boolean;
    };

/** A statement of a policy that matched a simulated request. */
export interface MatchedStatement {
  /** Id of the source policy, such as the policy name. */
  readonly sourcePolicyId?: string;
  /** Kind of the source policy, such as `role` or `aws-managed`. */
  readonly sourcePolicyType?: string;
  /** Line and column where the statement starts in the policy. */
  readonly start?: { readonly line?: number; readonly column?: number };
}

/** The simulator's decision for one action on one resource. */
export interface ResourceDecision {
  /** The resource ARN simulated, or `*`. */
  readonly resource: string;
  /** The decision. */
  readonly decision: ActionDecision;
  /** The layer that decided; for `allowed` the identity policy. */
  readonly decidedBy: DecisionLayer;
  /** Statements that matched the request. */
  readonly matchedStatements: readonly MatchedStatement[];
  /** Context keys the policies test that the simulation had no value for. */
  readonly missingContextValues: readonly string[];
}

/** Reason an action was simulated. */
export type ActionPurpose = "required" | "excess";

/** The simulator's verdict for one concrete action. */
export interface ActionResult {
  /** Concrete action name, such as `eks:DescribeCluster`. */
  readonly action: string;
  /** `required`: the mode needs it allowed; `excess`: a read-only role must be denied it. */
  readonly purpose: ActionPurpose;
  /** Allowed only when allowed on every resource simulated; otherwise the strongest denial. */
  readonly decision: ActionDecision;
  /** The layer that decided `decision`. */
  readonly decidedBy: DecisionLayer;
  /** True when the decision is what the mode needs. */
  readonly ok: boolean;
  /** The decision per resource simulated. */
  readonly resources: readonly ResourceDecision[];
}

/** An action that a capability needs and the role is denied. */
export interface MissingAction {
  /** Concrete action name. */
  readonly action: string;
  /** The decision, or `notSimulated` when the mode does not cover the action. */
  readonly decision: ActionDecision | "notSimulated";
  /** The layer that denied it; absent when not simulated. */
  readonly decidedBy?: DecisionLayer;
}

/** Readiness of one Scoutflo capability. */
export type CapabilityResult =
  | {
      readonly name: CapabilityName;
      readonly status: "ready";
    }
  | {
      readonly name: CapabilityName;
      readonly status: "blocked";
      /** The actions the capability needs that the role is denied. */
      readonly missing: readonly MissingAction[];
    };

/** The EKS access policy association found on an access entry. */
export interface AccessPolicyAssociation {
  /** ARN of the access policy. */
  readonly policyArn: string;
  /** Name of the access policy, the last part of its ARN. */
  readonly policyName: string;
  /** `cluster`, or `namespace` with the namespaces. */
  readonly accessScope: AccessScope;
}

/** Scope of an EKS access policy association. */
export type AccessScope =
  | { readonly type: "cluster" }
  | { readonly type: "namespace"; readonly namespaces: readonly string[] };

/** Result of the EKS checks of one cluster. */
export interface ClusterResult {
  /** Name of the cluster. */
  readonly name: string;
  /** ARN of the cluster, from DescribeCluster. */
  readonly arn?: string;
  /** `API`, `API_AND_CONFIG_MAP` or `CONFIG_MAP`, from DescribeCluster. */
  readonly authenticationMode?: string;
  /** The access policy and scope the role must have. */
  readonly expected: {
    readonly policyName: string;
    readonly accessScope: AccessScope;
  };
  /** True when the role has an access entry in the cluster. */
  readonly accessEntryFound: boolean;
  /** Type of the access entry, such as `STANDARD`. */
  readonly accessEntryType?: string;
  /** Access policies associated with the role's access entry. */
  readonly associations: readonly AccessPolicyAssociation[];
  /** True when no problem was found in this cluster. */
  readonly ok: boolean;
}

/** AWS calls made, every attempt counted. */
export interface ApiCallCounts {
  /** Every attempt of every call. */
  readonly total: number;
  /** Attempts that were retries after throttling or a server error. */
  readonly retries: number;
  /** Attempts per `service:Operation`. */
  readonly byOperation: Readonly<Record<string, number>>;
}

/** The AWS error that stopped the preflight. */
export interface AwsErrorOutcome {
  /** Stable code of the error. */
  readonly code: AwsErrorCode;
  /** The call that failed, such as `iam:SimulatePrincipalPolicy`. */
  readonly operation: string;
  /** Message that names the failure and the next step. */
  readonly message: string;
  /** The AWS error code, such as `AccessDenied`. */
  readonly awsErrorCode?: string;
  /** The permission the caller lacks, for access errors. */
  readonly requiredPermission?: {
    readonly action: string;
    readonly resource: string;
  };
}

/** The parts every report has, whatever its status. */
export interface ReportBody {
  /** Version of the report shape. */
  readonly version: typeof REPORT_VERSION;
  /** The mode checked. */
  readonly mode: AccessMode;
  /** The base credentials' identity. */
  readonly caller?: CallerIdentity;
  /** AssumeRole outcome. */
  readonly assumeRole: AssumeRoleSummary;
  /** The role checked. */
  readonly role: RoleSummary;
  /** Trust policy checks. */
  readonly trust: TrustSummary;
  /** Readiness per capability of the mode. */
  readonly capabilities: readonly CapabilityResult[];
  /** Simulator verdict per concrete action. */
  readonly actions: readonly ActionResult[];
  /** Write actions a read-only role is allowed; always empty in read-write mode. */
  readonly excess: readonly string[];
  /** EKS checks per cluster. */
  readonly clusters: readonly ClusterResult[];
  /** Everything that blocks the role. */
  readonly problems: readonly ReportFinding[];
  /** Notes that do not block the role. */
  readonly warnings: readonly ReportFinding<WarningCode>[];
  /** AWS calls made. */
  readonly apiCalls: ApiCallCounts;
}

/** The preflight result. */
export type PreflightReport =
  | (ReportBody & { readonly status: "ready" })
  | (ReportBody & { readonly status: "blocked" })
  | (ReportBody & {
      readonly status: "error";
      /** The AWS error that stopped the preflight; sections after it are empty. */
      readonly error: AwsErrorOutcome;
    });
