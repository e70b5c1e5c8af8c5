import { TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { AwsProvider } from "../constructs/private/aws-provider";
import { ScoutfloClusterConnect } from "../constructs/scoutflo-cluster-connect";
import type { ConnectionConfig } from "./config";

/** Props of {@link ConnectionStack}. */
export interface ConnectionStackProps {
  /** Scoutflo's account id or role ARN, the principal the role trusts. */
  readonly scoutfloPrincipal: string;
  /** The account, region, mode, ExternalId, role options and clusters of the stack. */
  readonly connection: ConnectionConfig;
}

/**
 * The Terraform stack of one connection: an AWS provider pinned to the
 * connection's region and account, and one {@link ScoutfloClusterConnect}.
 * Terraform stops before any change when its credentials belong to
 * another account, because the provider sets `allowed_account_ids`.
 */
export class ConnectionStack extends TerraformStack {
  /** The connection the stack was built from. */
  readonly connection: ConnectionConfig;
  /** The AWS provider of the stack. */
  readonly provider: AwsProvider;
  /** The role, policies and EKS access of the connection. */
  readonly connect: ScoutfloClusterConnect;

  constructor(scope: Construct, id: string, props: ConnectionStackProps) {
    super(scope, id);
    const { connection } = props;
    this.connection = connection;

    this.provider = new AwsProvider(this, "aws", {
      region: connection.region,
      allowedAccountIds: [connection.accountId],
    });

    this.connect = new ScoutfloClusterConnect(this, "scoutflo", {
      mode: connection.mode,
      scoutfloPrincipal: props.scoutfloPrincipal,
      externalId: connection.externalId,
      roleName: connection.role?.name,
      path: connection.role?.path,
      permissionsBoundaryArn: connection.role?.permissionsBoundaryArn,
      maxSessionDurationHours: connection.role?.maxSessionDurationHours,
      tags: connection.role?.tags,
      clusters: connection.clusters.map((cluster) => ({
        clusterName: cluster.name,
        accessPolicy: cluster.accessPolicy,
        namespaces: cluster.namespaces,
      })),
    });
  }
}
