/**
 * Baseline for the synthesis benchmark: a plain cdktf app that declares the
 * same stacks and resources as the example config, with literal values and
 * none of this package's constructs, catalog or checks.
 */
import { App, TerraformOutput, TerraformStack } from "cdktf";
import type { Construct } from "constructs";
import { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
import { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
import { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
import { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
import { IamRole } from "@cdktf/provider-aws/lib/iam-role";
import { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
import { AwsProvider } from "@cdktf/provider-aws/lib/provider";
import kubernetesApiStatement from "../policies/statements/kubernetes-api.json";
import logsReadStatement from "../policies/statements/logs-read.json";
import readStatement from "../policies/statements/read.json";
import writeStatement from "../policies/statements/write.json";

interface BareStackProps {
  readonly accountId: string;
  readonly region: string;
  readonly roleName: string;
  readonly rolePath: string;
  readonly maxSessionDuration: number;
  readonly actions: readonly string[];
  readonly clusterName: string;
  readonly accessPolicy: string;
}

// The action lists come straight from the catalog's JSON data, without the
// catalog module.
const READ_ACTIONS = [
  ...readStatement.actions,
  ...logsReadStatement.actions,
  ...kubernetesApiStatement.actions,
];
const WRITE_ACTIONS = writeStatement.actions;

class BareStack extends TerraformStack {
  constructor(scope: Construct, id: string, props: BareStackProps) {
    super(scope, id);

    new AwsProvider(this, "aws", {
      region: props.region,
      allowedAccountIds: [props.accountId],
    });
    const partition = new DataAwsPartition(this, "partition");

    const role = new IamRole(this, "role", {
      name: props.roleName,
      path: props.rolePath,
      maxSessionDuration: props.maxSessionDuration,
      assumeRolePolicy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: {
              AWS: "arn:aws:iam::123456789012:role/ScoutfloCollector",
            },
            Action: "sts:AssumeRole",
            Condition: {
              StringEquals: {
                "sts:ExternalId": "replace-with-the-external-id-from-scoutflo",
              },
            },
          },
        ],
      }),
    });

    const policy = new IamPolicy(this, "policy", {
      name: `${props.roleName}-permissions-1`,
      policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: props.actions, Resource: "*" },
          {
            Effect: "Allow",
            Action: [
              "iam:SimulatePrincipalPolicy",
              "iam:GetContextKeysForPrincipalPolicy",
            ],
            Resource: role.arn,
          },
        ],
      }),
    });
    new IamRolePolicyAttachment(this, "attachment", {
      role: role.name,
      policyArn: policy.arn,
    });

    const entry = new EksAccessEntry(this, "entry", {
      clusterName: props.clusterName,
      principalArn: role.arn,
      type: "STANDARD",
    });
    new EksAccessPolicyAssociation(this, "association", {
      clusterName: entry.clusterName,
      principalArn: entry.principalArn,
      policyArn: `arn:${partition.partition}:eks::aws:cluster-access-policy/${props.accessPolicy}`,
      accessScope: { type: "cluster" },
      dependsOn: [entry],
    });

    new TerraformOutput(this, "role_arn", { value: role.arn });
    new TerraformOutput(this, "role_name", { value: role.name });
    new TerraformOutput(this, "mode", { value: "read-only" });
  }
}

const app = new App({ outdir: process.env.CDKTF_OUTDIR || "cdktf.out" });
new BareStack(app, "observe-prod", {
  accountId: "111122223333",
  region: "us-east-1",
  roleName: "ScoutfloReadOnly",
  rolePath: "/scoutflo/",
  maxSessionDuration: 3600,
  actions: READ_ACTIONS,
  clusterName: "prod-east",
  accessPolicy: "AmazonEKSAdminViewPolicy",
});
new BareStack(app, "operate-staging", {
  accountId: "444455556666",
  region: "eu-west-1",
  roleName: "ScoutfloReadWrite",
  rolePath: "/",
  maxSessionDuration: 7200,
  actions: [...READ_ACTIONS, ...WRITE_ACTIONS],
  clusterName: "staging-west",
  accessPolicy: "AmazonEKSClusterAdminPolicy",
});
app.synth();
