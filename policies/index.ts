/**
 * The permission catalog: the IAM statements each access mode grants, the
 * concrete actions each Scoutflo capability calls, and the EKS access
 * policies each mode associates. The data lives in the JSON files beside
 * this module, each with a JSON Schema that the tests validate it against.
 */
import capabilitiesFile from "./capabilities.json";
import eksAccessFile from "./eks-access.json";
import kubernetesApi from "./statements/kubernetes-api.json";
import logsRead from "./statements/logs-read.json";
import read from "./statements/read.json";
import selfPreflight from "./statements/self-preflight.json";
import write from "./statements/write.json";

export {
  actionMatches,
  actionMatchesAny,
  isWildcardPattern,
  parseAction,
} from "./action-pattern";

/** Access level Scoutflo has in the customer's account. */
export type AccessMode = "read-only" | "read-write";

/** Every access mode, in order of increasing access. */
export const ACCESS_MODES: readonly AccessMode[] = ["read-only", "read-write"];

/** Returns true when `value` is one of {@link ACCESS_MODES}. */
export function isAccessMode(value: unknown): value is AccessMode {
  return ACCESS_MODES.includes(value as AccessMode);
}

/**
 * Resource scope of a statement: `all-resources` is `"*"`, and `own-role`
 * is the ARN of the Scoutflo role itself.
 */
export type StatementScope = "all-resources" | "own-role";

/** One IAM policy statement of the catalog. */
export interface CatalogStatement {
  /** The statement id used in the rendered policy. */
  readonly sid: string;
  /** Source: `published` statements are Scoutflo's permission tables, and an `addition` fills a gap in them. */
  readonly origin: "published" | "addition";
  /** Summary of what the statement lets Scoutflo do. */
  readonly purpose: string;
  /** Reason an addition exists. Published statements have none. */
  readonly reason?: string;
  /** The modes whose role gets the statement. */
  readonly modes: readonly AccessMode[];
  /** The resources the statement applies to. */
  readonly scope: StatementScope;
  /** Action names or patterns with `*` wildcards. */
  readonly actions: readonly string[];
}

/** A Scoutflo feature and the concrete IAM actions its collectors call. */
export interface Capability {
  /** The capability name, such as `monitoring`. */
  readonly name: CapabilityName;
  /** The lowest mode that grants the capability. */
  readonly mode: AccessMode;
  /** Summary of what Scoutflo does with the capability. */
  readonly description: string;
  /** Concrete action names, without wildcards. */
  readonly actions: readonly string[];
}

/** The name of a capability in the catalog. */
export type CapabilityName =
  | "monitoring"
  | "diagnostics"
  | "reporting"
  | "remediation"
  | "deployment"
  | "automation"
  | "access-management";

/** The EKS access policy a mode associates by default, and its scope. */
export interface EksAccessDefault {
  /** Name of the AWS-managed access policy, such as `AmazonEKSAdminViewPolicy`. */
  readonly policyName: string;
  /** `cluster` for the whole cluster. */
  readonly accessScope: "cluster";
  /** Summary of the Kubernetes access the policy gives. */
  readonly exposes: string;
}

/** Every statement of the catalog, in rendering order. */
export const CATALOG_STATEMENTS: readonly CatalogStatement[] = [
  read,
  logsRead,
  kubernetesApi,
  selfPreflight,
  write,
] as CatalogStatement[];

/** Every capability of the catalog. */
export const CAPABILITIES: readonly Capability[] =
  capabilitiesFile.capabilities as Capability[];

/** Returns the statements the role of `mode` is granted. */
export function statementsForMode(
  mode: AccessMode,
): readonly CatalogStatement[] {
  return CATALOG_STATEMENTS.filter((statement) =>
    statement.modes.includes(mode),
  );
}

/** Returns the capabilities a role of `mode` has: read-write includes read-only's. */
export function capabilitiesForMode(mode: AccessMode): readonly Capability[] {
  if (mode === "read-write") {
    return CAPABILITIES;
  }

  return CAPABILITIES.filter((capability) => capability.mode === mode);
}

/** Returns the capability called `name`, or undefined. */
export function findCapability(name: string): Capability | undefined {
  return CAPABILITIES.find((capability) => capability.name === name);
}

/**
 * Returns the action names and patterns that only read-write grants. A
 * read-only role must be denied every one of them.
 */
export function writeOnlyActions(): readonly string[] {
  return CATALOG_STATEMENTS.filter(
    (statement) => !statement.modes.includes("read-only"),
  ).flatMap((statement) => statement.actions);
}

/** Returns the EKS access policy `mode` associates unless overridden. */
export function defaultEksAccess(mode: AccessMode): EksAccessDefault {
  return eksAccessFile.defaults[mode] as EksAccessDefault;
}

/**
 * Names of the only EKS access policies a read-only role may have. Read-only
 * mode rejects every other name, so a typo or an unknown policy with write
 * verbs fails at synthesis instead of at apply.
 */
export const EKS_READ_ONLY_POLICY_NAMES: readonly string[] =
  eksAccessFile.readOnlyPolicyNames;

/**
 * Names of the EKS access policies known to let a principal change the
 * cluster. Errors name these as write policies; read-only mode rejects them
 * because they are not in {@link EKS_READ_ONLY_POLICY_NAMES}.
 */
export const EKS_WRITE_POLICY_NAMES: readonly string[] =
  eksAccessFile.writePolicyNames;

/** Returns true when a read-only role may have the EKS access policy `policyName`. */
export function isReadOnlyEksPolicy(policyName: string): boolean {
  return EKS_READ_ONLY_POLICY_NAMES.includes(policyName);
}

/** Returns the ARN of an AWS-managed EKS access policy in `partition`. */
export function eksAccessPolicyArn(
  policyName: string,
  partition = "aws",
): string {
  return `arn:${partition}:eks::aws:cluster-access-policy/${policyName}`;
}
