/**
 * Example: the Scoutflo constructs inside your own cdktf stack. The stack
 * connects two EKS clusters of one account in read-only mode and reads
 * the ExternalId from a sensitive Terraform variable, so the synthesized
 * JSON never contains it.
 *
 * Run with `npx tsx examples/custom-stack.ts`, which writes `cdktf.out/`.
 */
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import { App, TerraformStack, TerraformVariable } from "cdktf";
import { Construct } from "constructs";
// NOTE: inside this repository the example imports the sources. Code
// outside it imports the installed package, "@scoutflo/cluster-connect".
import { ScoutfloClusterConnect } from "../constructs";

/** A customer stack that gives Scoutflo read-only access to two clusters. */
export class ObservabilityStack extends TerraformStack {
  /** The Scoutflo role, policies and EKS access of this stack. */
  readonly scoutflo: ScoutfloClusterConnect;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    new AwsProvider(this, "aws", {
      region: "us-east-1",
      allowedAccountIds: ["111122223333"],
    });
    const externalId = new TerraformVariable(this, "scoutflo_external_id", {
      type: "string",
      sensitive: true,
      description: "ExternalId shared with Scoutflo, at least 16 characters.",
    });

    this.scoutflo = new ScoutfloClusterConnect(this, "scoutflo", {
      mode: "read-only",
      scoutfloPrincipal: "arn:aws:iam::123456789012:role/ScoutfloCollector",
      externalId: externalId.stringValue,
      path: "/scoutflo/",
      tags: { team: "platform" },
      clusters: [
        { clusterName: "prod-east" },
        { clusterName: "staging-east", namespaces: ["apps", "monitoring"] },
      ],
    });
  }
}

if (require.main === module) {
  const app = new App();
  new ObservabilityStack(app, "scoutflo-observe");
  app.synth();
}
