import { TerraformOutput, Token } from "cdktf";
import { Construct } from "constructs";
import { EksAccess } from "./eks-access";
import { ScoutfloError } from "./errors";
import { ScoutfloPolicies } from "./scoutflo-policies";
import { checkRoleProps, ScoutfloRole } from "./scoutflo-role";
import type { ScoutfloRoleProps } from "./scoutflo-role";
import { assertValid, checkClusters, checkOutputPrefix } from "./validation";
import { findOtherInStack } from "./private/stack-search";
import { hasMarker, setMarker } from "./private/type-marker";

const SCOUTFLO_CLUSTER_CONNECT_MARKER = Symbol.for(
  "@scoutflo/cluster-connect.ScoutfloClusterConnect",
);

/** The EKS access of one cluster. */
export interface ClusterAccessProps {
  /** Name of the EKS cluster. */
  readonly clusterName: string;
  /** AWS-managed EKS access policy name, such as "AmazonEKSAdminViewPolicy". @default the mode's default from policies/eks-access.json */
  readonly accessPolicy?: string;
  /** Namespaces the association is limited to. @default the whole cluster */
  readonly namespaces?: readonly string[];
}

/** Props of {@link ScoutfloClusterConnect}: the role's props, the clusters and the output names. */
export interface ScoutfloClusterConnectProps extends ScoutfloRoleProps {
  /** IAM path of the role and its policies. @default "/" */
  readonly path?: string;
  /** Tags of the role, its policies and the access entries. @default no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** The clusters Scoutflo gets access to, one access entry each. @default no cluster */
  readonly clusters?: readonly ClusterAccessProps[];
  /** Prefix of the output names, needed when a stack contains more than one ScoutfloClusterConnect. @default no prefix */
  readonly outputPrefix?: string;
}

/**
 * Everything that connects a customer's EKS clusters to Scoutflo: the role
 * Scoutflo assumes, the managed policies of the mode, and an EKS access
 * entry with an access policy association per cluster. It adds the
 * outputs `role_arn`, `role_name` and `mode`, but never the ExternalId. In read-only mode no write action and no write access policy
 * appears anywhere in the Terraform configuration.
 */
export class ScoutfloClusterConnect extends Construct {
  /** Returns true when `x` is a ScoutfloClusterConnect, also from another copy of this library. */
  static isScoutfloClusterConnect(x: unknown): x is ScoutfloClusterConnect {
    return hasMarker(x, SCOUTFLO_CLUSTER_CONNECT_MARKER);
  }

  /** The role Scoutflo assumes. */
  readonly role: ScoutfloRole;
  /** The managed policies attached to the role. */
  readonly policies: ScoutfloPolicies;
  /** The EKS access of each cluster, in the order of `clusters`. */
  readonly eksAccess: EksAccess[];
  /** Prefix of the output names, "" for none. */
  readonly outputPrefix: string;

  constructor(
    scope: Construct,
    id: string,
    props: ScoutfloClusterConnectProps,
  ) {
    super(scope, id);
    setMarker(this, SCOUTFLO_CLUSTER_CONNECT_MARKER);
    validateConnectProps(props);
    this.outputPrefix = props.outputPrefix ?? "";
    this.assertUniqueOutputPrefix();

    this.role = new ScoutfloRole(this, "role", props);
    this.policies = new ScoutfloPolicies(this, "policies", {
      mode: props.mode,
      role: this.role,
    });
    this.eksAccess = (props.clusters ?? []).map(
      (cluster, index) =>
        new EksAccess(this, eksAccessId(cluster, index), {
          ...cluster,
          mode: props.mode,
          principalArn: this.role.roleArn,
          partition: this.role.partition,
          tags: props.tags,
        }),
    );
    this.addOutputs(props);
  }

  /**
   * Rejects a second ScoutfloClusterConnect in the stack with the same
   * output prefix, whose outputs would replace the first one's.
   */
  private assertUniqueOutputPrefix(): void {
    const other = findOtherInStack(
      this,
      (construct): construct is ScoutfloClusterConnect =>
        ScoutfloClusterConnect.isScoutfloClusterConnect(construct) &&
        construct.outputPrefix === this.outputPrefix,
    );
    if (other === undefined) {
      return;
    }

    const prefix =
      this.outputPrefix === ""
        ? "no outputPrefix"
        : `outputPrefix "${this.outputPrefix}"`;
    throw new ScoutfloError({
      code: "OUTPUT_PREFIX_DUPLICATE",
      prop: "outputPrefix",
      value: this.outputPrefix,
      message: `${this.node.path} has ${prefix}, like ${other.node.path} in the same stack, so its outputs role_arn, role_name and mode would replace the other's: give each ScoutfloClusterConnect in a stack a distinct outputPrefix, such as "observe_prod_".`,
    });
  }

  private addOutputs(props: ScoutfloClusterConnectProps): void {
    const prefix = this.outputPrefix;
    const outputs: Record<string, { value: string; description: string }> = {
      role_arn: {
        value: this.role.roleArn,
        description: "ARN of the role Scoutflo assumes, to give to Scoutflo.",
      },
      role_name: {
        value: this.role.resource.name,
        description: "Name of the role Scoutflo assumes.",
      },
      mode: {
        value: props.mode,
        description: "Access mode of the role: read-only or read-write.",
      },
    };

    for (const [name, output] of Object.entries(outputs)) {
      new TerraformOutput(this, name, output).overrideLogicalId(
        `${prefix}${name}`,
      );
    }
  }
}

/**
 * Returns the construct id of a cluster's EKS access: the cluster name, so
 * that adding or reordering clusters leaves the other resources alone.
 */
function eksAccessId(cluster: ClusterAccessProps, index: number): string {
  const name = Token.isUnresolved(cluster.clusterName)
    ? `${index + 1}`
    : cluster.clusterName;

  return `eks-access-${name}`;
}

/** Checks every prop at once and throws the first problem. */
function validateConnectProps(props: ScoutfloClusterConnectProps): void {
  if (typeof props !== "object" || props === null) {
    assertValid([
      {
        code: "PROP_TYPE_INVALID",
        prop: "props",
        value: props,
        message: `props must be an object with at least mode, scoutfloPrincipal and externalId, not ${props === null ? "null" : typeof props}: pass the props of ScoutfloClusterConnect as the third argument.`,
      },
    ]);
  }

  assertValid([
    ...checkRoleProps(props),
    ...checkClusters(props.clusters, props.mode),
    ...checkOutputPrefix(props.outputPrefix),
  ]);
}
