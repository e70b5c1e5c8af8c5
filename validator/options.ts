/**
 * Inputs of the preflight: which role to check, in which mode, against
 * which clusters, and how to reach AWS.
 */
import type { IAMClientConfig } from "@aws-sdk/client-iam";
import type { AccessMode } from "../policies";

/** One EKS cluster the role must reach, with the access it must have there. */
export interface ClusterExpectation {
  /** Name of the EKS cluster, in the region of the SDK configuration. */
  readonly name: string;
  /** AWS-managed EKS access policy name the role must have. @default the mode's default from `defaultEksAccess` */
  readonly accessPolicy?: string;
  /** Namespaces the association must be limited to. @default the whole cluster */
  readonly namespaces?: readonly string[];
}

/** Overrides of the AWS SDK client configuration; unset fields come from the SDK's standard configuration. */
export interface AwsClientOverrides {
  /** Endpoint URL of every client, such as a local test endpoint. @default from AWS_ENDPOINT_URL(_<SERVICE>) or the service's public endpoint */
  readonly endpoint?: string;
  /** AWS region. @default from AWS_REGION or the active profile */
  readonly region?: string;
  /** Credentials. @default the SDK's default credential chain */
  readonly credentials?: IAMClientConfig["credentials"];
}

/** Retry of throttled, failed (HTTP 5xx) and timed-out AWS calls: exponential backoff with full jitter. */
export interface RetryOptions {
  /** Attempts per call, the first included. @default 6 */
  readonly maxAttempts?: number;
  /** Upper bound of the first retry's delay, in milliseconds; doubles on every retry. @default 100 */
  readonly baseDelayMs?: number;
  /** Upper bound of any one delay, in milliseconds. @default 5000 */
  readonly maxDelayMs?: number;
}

/** Timeouts of every AWS call attempt; a call that times out is retried like a dropped connection. */
export interface TimeoutOptions {
  /** Time allowed to open the TCP (and TLS) connection, in milliseconds. @default 5000 */
  readonly connectionMs?: number;
  /** Time allowed until the response headers arrive, and the longest pause while the body arrives, in milliseconds. @default 30000 */
  readonly requestMs?: number;
}

/** The steps of a preflight, in the order they run. */
export type PreflightStep =
  | "caller-identity"
  | "assume-role"
  | "role"
  | "trust-policy"
  | "clusters"
  | "expand-actions"
  | "simulate"
  | "eks-access";

/** A progress event: the step that starts, with counts for the long ones. */
export interface ProgressEvent {
  /** The step that runs. */
  readonly step: PreflightStep;
  /** One line for a person, such as "Simulating 537 actions". */
  readonly message: string;
  /** Units finished so far, such as simulator calls. */
  readonly done?: number;
  /** Units planned, when known. */
  readonly total?: number;
}

/** Options of {@link runPreflight}. */
export interface PreflightOptions {
  /**
   * The Scoutflo role: a name, a role ARN (with or without a path) or an
   * assumed-role ARN `arn:aws:sts::<account>:assumed-role/NAME/SESSION`.
   */
  readonly role: string;
  /** The access mode the role must grant. */
  readonly mode: AccessMode;
  /** Account of the role when `role` is a name. @default the caller's account */
  readonly accountId?: string;
  /** EKS clusters the role must reach, by name or with the expected access. @default none */
  readonly clusters?: readonly (string | ClusterExpectation)[];
  /** Principal the trust policy must trust: a 12-digit account id or an IAM role ARN. @default not checked */
  readonly scoutfloPrincipal?: string;
  /** ExternalId the trust policy must require; also sent on AssumeRole. @default not checked */
  readonly externalId?: string;
  /** Assume the role with `externalId` first and run every check with the session, as Scoutflo's collectors do. @default false */
  readonly assumeRole?: boolean;
  /** Session name used on AssumeRole. @default "scoutflo-preflight" */
  readonly sessionName?: string;
  /** AWS SDK client configuration overrides. @default the SDK's standard configuration */
  readonly clientConfig?: AwsClientOverrides;
  /** Retry of throttled calls. @default 6 attempts, 100 ms base, 5 s cap */
  readonly retry?: RetryOptions;
  /** Connection and request timeouts of every AWS call. @default 5 s to connect, 30 s per request */
  readonly timeouts?: TimeoutOptions;
  /** Called when a step starts and as simulator pages arrive. @default none */
  readonly onProgress?: (event: ProgressEvent) => void;
}
