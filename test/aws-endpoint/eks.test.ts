import {
  DescribeAccessEntryCommand,
  DescribeClusterCommand,
  EKSClient,
  ListAccessEntriesCommand,
  ListAssociatedAccessPoliciesCommand,
  ListClustersCommand,
} from "@aws-sdk/client-eks";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAwsEndpoint, type AwsEndpoint } from "./index";
import {
  admin,
  auditor,
  CLUSTER_ADMIN_ARN,
  CLUSTER_ADMIN_POLICY_ARN,
  collector,
  CUSTOMER_ACCOUNT,
  customerAccount,
  EXTERNAL_ID,
  READ_ONLY_ARN,
  VIEW_POLICY_ARN,
} from "./fixtures";

process.env.AWS_EC2_METADATA_DISABLED = "true";

let endpoint: AwsEndpoint;
let eks: EKSClient;

beforeAll(async () => {
  endpoint = await startAwsEndpoint(customerAccount());
  eks = new EKSClient(endpoint.clientConfig(admin.accessKeyId));
});

afterAll(async () => {
  await endpoint.close();
});

describe("DescribeCluster", () => {
  it("returns the cluster", async () => {
    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: "prod" }),
    );

    expect(cluster?.name).toBe("prod");
    expect(cluster?.arn).toBe(
      `arn:aws:eks:us-east-1:${CUSTOMER_ACCOUNT}:cluster/prod`,
    );
    expect(cluster?.status).toBe("ACTIVE");
    expect(cluster?.version).toBe("1.30");
    expect(cluster?.createdAt).toBeInstanceOf(Date);
    expect(cluster?.accessConfig?.authenticationMode).toBe(
      "API_AND_CONFIG_MAP",
    );
  });

  it("reports an unknown cluster", async () => {
    await expect(
      eks.send(new DescribeClusterCommand({ name: "missing" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
      message: "No cluster found for name: missing.",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("finds a cluster only in its region", async () => {
    const euClient = new EKSClient({
      ...endpoint.clientConfig(admin.accessKeyId),
      region: "eu-west-1",
    });

    const { cluster } = await euClient.send(
      new DescribeClusterCommand({ name: "eu-prod" }),
    );

    expect(cluster?.arn).toBe(
      `arn:aws:eks:eu-west-1:${CUSTOMER_ACCOUNT}:cluster/eu-prod`,
    );
    await expect(
      eks.send(new DescribeClusterCommand({ name: "eu-prod" })),
    ).rejects.toMatchObject({
      name: "ResourceNotFoundException",
    });
  });

  it("denies a caller without eks:DescribeCluster", async () => {
    const client = new EKSClient(endpoint.clientConfig(auditor.accessKeyId));

    await expect(
      client.send(new DescribeClusterCommand({ name: "prod" })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
      message: `User: ${auditor.arn} is not authorized to perform: eks:DescribeCluster on resource: arn:aws:eks:us-east-1:${CUSTOMER_ACCOUNT}:cluster/prod`,
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("rejects an unknown access key", async () => {
    const client = new EKSClient({
      ...endpoint.clientConfig(),
      credentials: {
        accessKeyId: "AKIAUNKNOWNKEY000000",
        secretAccessKey: "unused",
      },
    });

    await expect(
      client.send(new DescribeClusterCommand({ name: "prod" })),
    ).rejects.toMatchObject({
      name: "UnrecognizedClientException",
      $metadata: { httpStatusCode: 403 },
    });
  });
});

describe("ListClusters", () => {
  it("lists clusters of the region", async () => {
    const client = new EKSClient(endpoint.clientConfig(auditor.accessKeyId));

    const { clusters } = await client.send(new ListClustersCommand({}));

    expect(clusters).toEqual(["prod", "legacy"]);
  });
});

describe("access entries", () => {
  it("lists the cluster's entries", async () => {
    const { accessEntries } = await eks.send(
      new ListAccessEntriesCommand({ clusterName: "prod" }),
    );

    expect(accessEntries).toEqual([READ_ONLY_ARN, CLUSTER_ADMIN_ARN]);
  });

  it("filters entries by associated policy", async () => {
    const request = new ListAccessEntriesCommand({
      clusterName: "prod",
      associatedPolicyArn: CLUSTER_ADMIN_POLICY_ARN,
    });

    const { accessEntries } = await eks.send(request);

    expect(accessEntries).toEqual([CLUSTER_ADMIN_ARN]);
  });

  it("pages entries with nextToken", async () => {
    const first = await eks.send(
      new ListAccessEntriesCommand({ clusterName: "prod", maxResults: 1 }),
    );
    const second = await eks.send(
      new ListAccessEntriesCommand({
        clusterName: "prod",
        maxResults: 1,
        nextToken: first.nextToken,
      }),
    );

    expect(first.accessEntries).toEqual([READ_ONLY_ARN]);
    expect(first.nextToken).toBeTruthy();
    expect(second.accessEntries).toEqual([CLUSTER_ADMIN_ARN]);
    expect(second.nextToken).toBeUndefined();
  });

  it("describes an entry with a path in its ARN", async () => {
    const { accessEntry } = await eks.send(
      new DescribeAccessEntryCommand({
        clusterName: "prod",
        principalArn: READ_ONLY_ARN,
      }),
    );

    expect(accessEntry?.principalArn).toBe(READ_ONLY_ARN);
    expect(accessEntry?.clusterName).toBe("prod");
    expect(accessEntry?.type).toBe("STANDARD");
    expect(accessEntry?.username).toBe(
      `arn:aws:sts::${CUSTOMER_ACCOUNT}:assumed-role/ScoutfloReadOnly/{{SessionName}}`,
    );
    expect(accessEntry?.accessEntryArn).toMatch(
      new RegExp(
        `^arn:aws:eks:us-east-1:${CUSTOMER_ACCOUNT}:access-entry/prod/role/${CUSTOMER_ACCOUNT}/ScoutfloReadOnly/`,
      ),
    );
  });

  it("lists namespace-scoped access policies", async () => {
    const response = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: "prod",
        principalArn: READ_ONLY_ARN,
      }),
    );

    expect(response.principalArn).toBe(READ_ONLY_ARN);
    expect(response.associatedAccessPolicies).toHaveLength(1);
    const association = response.associatedAccessPolicies?.[0];
    expect(association?.policyArn).toBe(VIEW_POLICY_ARN);
    expect(association?.accessScope).toEqual({
      type: "namespace",
      namespaces: ["default", "monitoring"],
    });
    expect(association?.associatedAt).toBeInstanceOf(Date);
    expect(association?.modifiedAt).toBeInstanceOf(Date);
  });

  it("lists cluster-scoped access policies", async () => {
    const response = await eks.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: "prod",
        principalArn: CLUSTER_ADMIN_ARN,
      }),
    );

    expect(response.associatedAccessPolicies?.[0]?.accessScope).toEqual({
      type: "cluster",
      namespaces: [],
    });
  });

  const notFoundCases = [
    {
      name: "unknown principal",
      clusterName: "prod",
      principalArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/Missing`,
    },
    {
      name: "unknown cluster",
      clusterName: "missing",
      principalArn: READ_ONLY_ARN,
    },
  ];
  for (const { name, clusterName, principalArn } of notFoundCases) {
    it(`reports an ${name} as not found`, async () => {
      const describe = eks.send(
        new DescribeAccessEntryCommand({ clusterName, principalArn }),
      );
      const list = eks.send(
        new ListAssociatedAccessPoliciesCommand({ clusterName, principalArn }),
      );

      await expect(describe).rejects.toMatchObject({
        name: "ResourceNotFoundException",
        $metadata: { httpStatusCode: 404 },
      });
      await expect(list).rejects.toMatchObject({
        name: "ResourceNotFoundException",
      });
    });
  }

  it("rejects entries on a CONFIG_MAP cluster", async () => {
    await expect(
      eks.send(new ListAccessEntriesCommand({ clusterName: "legacy" })),
    ).rejects.toMatchObject({
      name: "InvalidRequestException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("lets the Scoutflo role read its own entry", async () => {
    const sts = new STSClient(endpoint.clientConfig(collector.accessKeyId));
    const session = await sts.send(
      new AssumeRoleCommand({
        RoleArn: READ_ONLY_ARN,
        RoleSessionName: "preflight",
        ExternalId: EXTERNAL_ID,
      }),
    );
    const client = new EKSClient(
      endpoint.clientConfig(session.Credentials?.AccessKeyId),
    );

    const response = await client.send(
      new ListAssociatedAccessPoliciesCommand({
        clusterName: "prod",
        principalArn: READ_ONLY_ARN,
      }),
    );

    expect(response.associatedAccessPolicies?.[0]?.policyArn).toBe(
      VIEW_POLICY_ARN,
    );
  });

  it("denies the collector outside the role", async () => {
    const client = new EKSClient(endpoint.clientConfig(collector.accessKeyId));

    await expect(
      client.send(new ListAccessEntriesCommand({ clusterName: "prod" })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
    });
  });
});
