import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import { defaultEksAccess, eksAccessPolicyArn } from "../policies";
import type { AccessMode } from "../policies";
import {
  DataAwsPartition,
  EksAccessEntry,
  EksAccessPolicyAssociation,
} from "./private/aws-provider";
import {
  assertValid,
  checkClusterAccess,
  checkMode,
  checkPartition,
} from "./validation";
import { hasMarker, setMarker } from "./private/type-marker";

/** Prefix of the ids of warnings this library adds to constructs. */
export const WARNING_ID_PREFIX = "@scoutflo/cluster-connect";

/** Id of the warning that a namespace scope cannot list nodes. */
export const NAMESPACE_SCOPE_WARNING_ID = `${WARNING_ID_PREFIX}:namespace-scope-cannot-list-nodes`;

const EKS_ACCESS_MARKER = Symbol.for("@scoutflo/cluster-connect.EksAccess");

/** Props of {@link EksAccess}. */
export interface EksAccessProps {
  /** Access mode of the role, which picks the default access policy. Read-only rejects write policies. */
  readonly mode: AccessMode;
  /** Name of the EKS cluster. */
  readonly clusterName: string;
  /** ARN of the IAM principal the access entry is for. */
  readonly principalArn: string;
  /** AWS-managed EKS access policy name. @default defaultEksAccess(mode).policyName */
  readonly accessPolicy?: string;
  /** Namespaces the association is limited to. @default the whole cluster */
  readonly namespaces?: readonly string[];
  /** AWS partition, used in the access policy ARN. @default read from an `aws_partition` data source */
  readonly partition?: string;
  /** Tags of the access entry. @default no tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The EKS access for one cluster: an access entry of type STANDARD for the
 * principal and the association of an AWS-managed access policy, created
 * after the entry. The cluster's authentication mode must be `API` or
 * `API_AND_CONFIG_MAP`, because access entries do not exist in
 * `CONFIG_MAP` mode.
 *
 * A namespace scope adds the warning {@link NAMESPACE_SCOPE_WARNING_ID}:
 * nodes are cluster-scoped, so a namespaced association cannot list them.
 */
export class EksAccess extends Construct {
  /** Returns true when `x` is an EksAccess, also from another copy of this library. */
  static isEksAccess(x: unknown): x is EksAccess {
    return hasMarker(x, EKS_ACCESS_MARKER);
  }

  /** Name of the EKS cluster. */
  readonly clusterName: string;
  /** Name of the associated access policy. */
  readonly accessPolicy: string;
  /** ARN of the associated access policy. */
  readonly accessPolicyArn: string;
  /** The `aws_eks_access_entry` resource. */
  readonly entry: EksAccessEntry;
  /** The `aws_eks_access_policy_association` resource. */
  readonly association: EksAccessPolicyAssociation;

  constructor(scope: Construct, id: string, props: EksAccessProps) {
    super(scope, id);
    setMarker(this, EKS_ACCESS_MARKER);
    validateEksAccessProps(props);

    this.clusterName = props.clusterName;
    this.accessPolicy =
      props.accessPolicy ?? defaultEksAccess(props.mode).policyName;
    const partition =
      props.partition ?? new DataAwsPartition(this, "partition").partition;
    this.accessPolicyArn = eksAccessPolicyArn(this.accessPolicy, partition);

    this.entry = new EksAccessEntry(this, "entry", {
      clusterName: props.clusterName,
      principalArn: props.principalArn,
      type: "STANDARD",
      tags: props.tags === undefined ? undefined : { ...props.tags },
    });
    this.association = this.createAssociation(props);
    this.warnOnNamespaceScope(props);
  }

  /**
   * Associates the access policy. The association depends on the entry
   * explicitly: created first, the association fails because EKS returns
   * 404 for a principal without an access entry.
   */
  private createAssociation(props: EksAccessProps): EksAccessPolicyAssociation {
    const accessScope =
      props.namespaces === undefined
        ? { type: "cluster" }
        : { type: "namespace", namespaces: [...props.namespaces] };

    return new EksAccessPolicyAssociation(this, "association", {
      clusterName: this.entry.clusterName,
      principalArn: this.entry.principalArn,
      policyArn: this.accessPolicyArn,
      accessScope,
      dependsOn: [this.entry],
    });
  }

  private warnOnNamespaceScope(props: EksAccessProps): void {
    if (props.namespaces === undefined) {
      return;
    }

    const namespaces = Token.isUnresolved(props.namespaces)
      ? "given at apply time"
      : props.namespaces.join(", ");
    Annotations.of(this).addWarning(
      `[${NAMESPACE_SCOPE_WARNING_ID}] The access to cluster "${props.clusterName}" is limited to namespaces ${namespaces}. Nodes are cluster-scoped, so Scoutflo cannot list nodes or read node health there. Leave namespaces unset for cluster-wide access if Scoutflo should see nodes.`,
    );
  }
}

function validateEksAccessProps(props: EksAccessProps): void {
  assertValid([
    ...checkMode(props.mode),
    ...checkClusterAccess(props, { mode: props.mode, prop: "" }),
    ...checkPartition(props.partition),
  ]);
}
