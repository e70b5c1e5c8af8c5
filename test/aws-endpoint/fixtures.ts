/** The account model the endpoint's own tests run against. */
import {
  adminCaller,
  allow,
  collectorCaller,
  deny,
  policy,
  roleArn,
  trustPolicy,
  type AccountModel,
  type CallerModel,
  type PolicyDocument,
} from "./account";

export const CUSTOMER_ACCOUNT = "111122223333";
export const SCOUTFLO_ACCOUNT = "123456789012";
export const EXTERNAL_ID = "scoutflo-test-external-id-7f3a";

export const READ_ONLY_ARN = roleArn(
  CUSTOMER_ACCOUNT,
  "ScoutfloReadOnly",
  "/scoutflo/",
);
export const BOUNDED_ARN = roleArn(CUSTOMER_ACCOUNT, "Bounded");
export const REGIONAL_ARN = roleArn(CUSTOMER_ACCOUNT, "Regional");
export const CLUSTER_ADMIN_ARN = roleArn(CUSTOMER_ACCOUNT, "PlatformAdmin");
export const VIEW_POLICY_ARN =
  "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy";
export const CLUSTER_ADMIN_POLICY_ARN =
  "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy";

export const admin = adminCaller(CUSTOMER_ACCOUNT);
export const collector = collectorCaller(SCOUTFLO_ACCOUNT);

/** An IAM user that may list clusters and nothing else. */
export const auditor: CallerModel = {
  ...adminCaller(CUSTOMER_ACCOUNT, "auditor"),
  policies: [policy(allow("eks:ListClusters"))],
};

/** The collector's role ARN, which is the `aws:PrincipalArn` of its sessions. */
export const COLLECTOR_ROLE_ARN = roleArn(
  SCOUTFLO_ACCOUNT,
  "ScoutfloCollector",
);

function named(id: string, document: PolicyDocument): PolicyDocument {
  return { ...document, Id: id };
}

/** Builds the customer account: Scoutflo's role, roles for decision cases, and EKS clusters. */
export function customerAccount(
  overrides: Partial<AccountModel> = {},
): AccountModel {
  return {
    accountId: CUSTOMER_ACCOUNT,
    roles: [
      {
        name: "ScoutfloReadOnly",
        path: "/scoutflo/",
        trustPolicy: trustPolicy(COLLECTOR_ROLE_ARN, EXTERNAL_ID),
        policies: [
          named(
            "ScoutfloRead",
            policy(
              allow(["eks:Describe*", "eks:List*", "iam:Get*", "iam:List*"]),
            ),
          ),
          named(
            "ScoutfloSelfPreflight",
            policy(
              allow(
                [
                  "iam:SimulatePrincipalPolicy",
                  "iam:GetContextKeysForPrincipalPolicy",
                ],
                READ_ONLY_ARN,
              ),
            ),
          ),
        ],
        tags: { team: "platform" },
      },
      {
        name: "Bounded",
        trustPolicy: trustPolicy(admin.arn),
        policies: [named("EksFull", policy(allow("eks:*")))],
        permissionsBoundary: named(
          "EksReadBoundary",
          policy(
            allow(["eks:Describe*", "eks:List*"]),
            deny("eks:DeleteCluster"),
          ),
        ),
        permissionsBoundaryArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:policy/EksReadBoundary`,
        maxSessionDuration: 7200,
      },
      {
        name: "Regional",
        trustPolicy: trustPolicy(admin.arn),
        policies: [
          named(
            "UsEastOnly",
            policy({
              Effect: "Allow",
              Action: "eks:DescribeCluster",
              Resource: "*",
              Condition: {
                StringEquals: { "aws:RequestedRegion": "us-east-1" },
              },
            }),
          ),
        ],
      },
      {
        name: "PlatformAdmin",
        trustPolicy: trustPolicy(admin.arn),
        policies: [named("AdministratorAccess", policy(allow("*")))],
      },
    ],
    clusters: [
      {
        name: "prod",
        authenticationMode: "API_AND_CONFIG_MAP",
        version: "1.30",
        accessEntries: [
          {
            principalArn: READ_ONLY_ARN,
            associations: [
              {
                policyArn: VIEW_POLICY_ARN,
                accessScope: {
                  type: "namespace",
                  namespaces: ["default", "monitoring"],
                },
              },
            ],
          },
          {
            principalArn: CLUSTER_ADMIN_ARN,
            kubernetesGroups: ["platform"],
            associations: [
              {
                policyArn: CLUSTER_ADMIN_POLICY_ARN,
                accessScope: { type: "cluster" },
              },
            ],
          },
        ],
      },
      { name: "legacy", authenticationMode: "CONFIG_MAP", accessEntries: [] },
      {
        name: "eu-prod",
        region: "eu-west-1",
        authenticationMode: "API",
        accessEntries: [],
      },
    ],
    callers: [admin, collector, auditor],
    ...overrides,
  };
}
