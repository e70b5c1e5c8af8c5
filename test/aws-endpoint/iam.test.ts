import {
  GetContextKeysForPrincipalPolicyCommand,
  GetRoleCommand,
  IAMClient,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from "@aws-sdk/client-iam";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deny, policy, startAwsEndpoint, type AwsEndpoint } from "./index";
import {
  admin,
  auditor,
  BOUNDED_ARN,
  collector,
  CUSTOMER_ACCOUNT,
  customerAccount,
  EXTERNAL_ID,
  READ_ONLY_ARN,
  REGIONAL_ARN,
} from "./fixtures";

process.env.AWS_EC2_METADATA_DISABLED = "true";

let endpoint: AwsEndpoint;
let iam: IAMClient;

beforeAll(async () => {
  endpoint = await startAwsEndpoint(customerAccount());
  iam = new IAMClient(endpoint.clientConfig(admin.accessKeyId));
});

afterAll(async () => {
  await endpoint.close();
});

async function simulateOne(
  client: IAMClient,
  policySourceArn: string,
  action: string,
  resourceArns?: string[],
): Promise<EvaluationResult> {
  const response = await client.send(
    new SimulatePrincipalPolicyCommand({
      PolicySourceArn: policySourceArn,
      ActionNames: [action],
      ResourceArns: resourceArns,
    }),
  );
  expect(response.EvaluationResults).toHaveLength(1);
  const [result] = response.EvaluationResults ?? [];
  if (result === undefined) {
    throw new Error(`SimulatePrincipalPolicy returned no result for ${action}`);
  }

  return result;
}

async function readOnlySession(): Promise<IAMClient> {
  const sts = new STSClient(endpoint.clientConfig(collector.accessKeyId));
  const response = await sts.send(
    new AssumeRoleCommand({
      RoleArn: READ_ONLY_ARN,
      RoleSessionName: "preflight",
      ExternalId: EXTERNAL_ID,
    }),
  );
  return new IAMClient(
    endpoint.clientConfig(response.Credentials?.AccessKeyId),
  );
}

describe("GetRole", () => {
  it("returns the role with its path", async () => {
    const { Role: role } = await iam.send(
      new GetRoleCommand({ RoleName: "ScoutfloReadOnly" }),
    );

    expect(role?.Path).toBe("/scoutflo/");
    expect(role?.Arn).toBe(READ_ONLY_ARN);
    expect(role?.RoleId).toMatch(/^AROA[0-9A-F]{17}$/);
    expect(role?.MaxSessionDuration).toBe(3600);
    expect(role?.CreateDate).toBeInstanceOf(Date);
    expect(role?.Tags).toEqual([{ Key: "team", Value: "platform" }]);
    expect(role?.PermissionsBoundary).toBeUndefined();
  });

  it("returns the trust policy URL-encoded", async () => {
    const { Role: role } = await iam.send(
      new GetRoleCommand({ RoleName: "ScoutfloReadOnly" }),
    );
    const encoded = role?.AssumeRolePolicyDocument ?? "";

    expect(encoded.startsWith("%7B%22Version%22")).toBe(true);
    const trust = JSON.parse(decodeURIComponent(encoded));
    expect(trust.Statement[0].Principal.AWS).toBe(
      "arn:aws:iam::123456789012:role/ScoutfloCollector",
    );
    expect(trust.Statement[0].Condition.StringEquals["sts:ExternalId"]).toBe(
      EXTERNAL_ID,
    );
  });

  it("returns the permissions boundary", async () => {
    const { Role: role } = await iam.send(
      new GetRoleCommand({ RoleName: "Bounded" }),
    );

    expect(role?.PermissionsBoundary).toEqual({
      PermissionsBoundaryType: "Policy",
      PermissionsBoundaryArn: `arn:aws:iam::${CUSTOMER_ACCOUNT}:policy/EksReadBoundary`,
    });
    expect(role?.MaxSessionDuration).toBe(7200);
  });

  it("reports a missing role as NoSuchEntity", async () => {
    await expect(
      iam.send(new GetRoleCommand({ RoleName: "Missing" })),
    ).rejects.toMatchObject({
      name: "NoSuchEntityException",
      Code: "NoSuchEntity",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("denies a caller without iam:GetRole", async () => {
    const client = new IAMClient(endpoint.clientConfig(auditor.accessKeyId));

    await expect(
      client.send(new GetRoleCommand({ RoleName: "Bounded" })),
    ).rejects.toMatchObject({
      Code: "AccessDenied",
      message: `User: ${auditor.arn} is not authorized to perform: iam:GetRole on resource: ${BOUNDED_ARN}`,
    });
  });
});

describe("SimulatePrincipalPolicy decisions", () => {
  const cases = [
    {
      name: "identity allow",
      action: "eks:DescribeCluster",
      decision: "allowed",
      boundary: true,
      statement: "EksFull",
    },
    {
      name: "boundary explicit deny",
      action: "eks:DeleteCluster",
      decision: "explicitDeny",
      boundary: false,
      statement: "EksReadBoundary",
    },
    {
      name: "boundary implicit deny",
      action: "eks:CreateCluster",
      decision: "implicitDeny",
      boundary: false,
      statement: undefined,
    },
    {
      name: "identity implicit deny",
      action: "s3:GetObject",
      decision: "implicitDeny",
      boundary: false,
      statement: undefined,
    },
  ];
  for (const { name, action, decision, boundary, statement } of cases) {
    it(`reports ${name}`, async () => {
      const result = await simulateOne(iam, BOUNDED_ARN, action);

      expect(result.EvalActionName).toBe(action);
      expect(result.EvalResourceName).toBe("*");
      expect(result.EvalDecision).toBe(decision);
      expect(
        result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary,
      ).toBe(boundary);
      expect(result.OrganizationsDecisionDetail).toBeUndefined();
      expect(
        result.MatchedStatements?.map((matched) => matched.SourcePolicyId),
      ).toEqual(statement ? [statement] : []);
    });
  }

  it("names identity and boundary policy types", async () => {
    const allowed = await simulateOne(iam, BOUNDED_ARN, "eks:DescribeCluster");
    const denied = await simulateOne(iam, BOUNDED_ARN, "eks:DeleteCluster");

    expect(allowed.MatchedStatements?.[0]?.SourcePolicyType).toBe("role");
    expect(denied.MatchedStatements?.[0]?.SourcePolicyType).toBe(
      "user-managed",
    );
  });

  it("omits the boundary detail without a boundary", async () => {
    const result = await simulateOne(iam, READ_ONLY_ARN, "eks:ListClusters");

    expect(result.EvalDecision).toBe("allowed");
    expect(result.PermissionsBoundaryDecisionDetail).toBeUndefined();
  });

  it("lists missing context values", async () => {
    const result = await simulateOne(iam, REGIONAL_ARN, "eks:DescribeCluster");

    expect(result.EvalDecision).toBe("implicitDeny");
    expect(result.MissingContextValues).toEqual(["aws:RequestedRegion"]);
  });

  it("uses supplied context entries", async () => {
    const response = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: REGIONAL_ARN,
        ActionNames: ["eks:DescribeCluster"],
        ContextEntries: [
          {
            ContextKeyName: "aws:RequestedRegion",
            ContextKeyType: "string",
            ContextKeyValues: ["us-east-1"],
          },
        ],
      }),
    );
    const result = response.EvaluationResults?.[0];

    expect(result?.EvalDecision).toBe("allowed");
    expect(result?.MissingContextValues).toEqual([]);
  });

  it("fills resource specific results", async () => {
    const prod = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/prod`;
    const result = await simulateOne(
      iam,
      READ_ONLY_ARN,
      "iam:SimulatePrincipalPolicy",
      [READ_ONLY_ARN, prod],
    );

    expect(result.EvalDecision).toBe("implicitDeny");
    expect(result.EvalResourceName).not.toBe(READ_ONLY_ARN);
    expect(
      result.ResourceSpecificResults?.map(
        (specific) => specific.EvalResourceName,
      ),
    ).toEqual([READ_ONLY_ARN, prod]);
    expect(
      result.ResourceSpecificResults?.map(
        (specific) => specific.EvalResourceDecision,
      ),
    ).toEqual(["allowed", "implicitDeny"]);
    expect(
      result.ResourceSpecificResults?.[0]?.MatchedStatements?.[0]
        ?.SourcePolicyId,
    ).toBe("ScoutfloSelfPreflight");
  });

  it("names the single resource at top level", async () => {
    const result = await simulateOne(
      iam,
      READ_ONLY_ARN,
      "iam:SimulatePrincipalPolicy",
      [READ_ONLY_ARN],
    );

    expect(result.EvalResourceName).toBe(READ_ONLY_ARN);
    expect(result.EvalDecision).toBe("allowed");
    expect(result.ResourceSpecificResults).toHaveLength(1);
  });
});

describe("SimulatePrincipalPolicy with SCPs", () => {
  let scpEndpoint: AwsEndpoint;
  let client: IAMClient;

  beforeAll(async () => {
    const scp = {
      ...policy(deny(["eks:DeleteNodegroup", "eks:DescribeCluster"])),
      Id: "DenyEksCalls",
    };
    scpEndpoint = await startAwsEndpoint(customerAccount({ scps: [scp] }));
    client = new IAMClient(scpEndpoint.clientConfig(admin.accessKeyId));
  });

  afterAll(async () => {
    await scpEndpoint.close();
  });

  it("reports a deny by an SCP", async () => {
    const result = await simulateOne(
      client,
      BOUNDED_ARN,
      "eks:DeleteNodegroup",
    );

    expect(result.EvalDecision).toBe("explicitDeny");
    expect(result.OrganizationsDecisionDetail?.AllowedByOrganizations).toBe(
      false,
    );
    expect(
      result.PermissionsBoundaryDecisionDetail?.AllowedByPermissionsBoundary,
    ).toBe(false);
  });

  it("reports SCP allow for other actions", async () => {
    const result = await simulateOne(client, BOUNDED_ARN, "eks:ListClusters");

    expect(result.EvalDecision).toBe("allowed");
    expect(result.OrganizationsDecisionDetail?.AllowedByOrganizations).toBe(
      true,
    );
  });

  it("applies SCPs to the admin caller", async () => {
    const eks = new EKSClient(scpEndpoint.clientConfig(admin.accessKeyId));

    await expect(
      eks.send(new DescribeClusterCommand({ name: "prod" })),
    ).rejects.toMatchObject({
      name: "AccessDeniedException",
      $metadata: { httpStatusCode: 403 },
    });
  });
});

describe("SimulatePrincipalPolicy authorization", () => {
  it("lets a role session simulate itself", async () => {
    const session = await readOnlySession();

    const result = await simulateOne(
      session,
      READ_ONLY_ARN,
      "eks:DescribeCluster",
    );

    expect(result.EvalDecision).toBe("allowed");
    expect(result.MatchedStatements?.[0]?.SourcePolicyId).toBe("ScoutfloRead");
  });

  it("denies a role session simulating another role", async () => {
    const session = await readOnlySession();
    const request = new SimulatePrincipalPolicyCommand({
      PolicySourceArn: BOUNDED_ARN,
      ActionNames: ["eks:DescribeCluster"],
    });

    await expect(session.send(request)).rejects.toMatchObject({
      Code: "AccessDenied",
      message: expect.stringMatching(
        /^User: arn:aws:sts::111122223333:assumed-role\/ScoutfloReadOnly\/preflight is not authorized to perform: iam:SimulatePrincipalPolicy on resource: arn:aws:iam::111122223333:role\/Bounded$/,
      ),
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("denies a caller without the permission", async () => {
    const client = new IAMClient(endpoint.clientConfig(auditor.accessKeyId));
    const request = new SimulatePrincipalPolicyCommand({
      PolicySourceArn: READ_ONLY_ARN,
      ActionNames: ["eks:ListClusters"],
    });

    await expect(client.send(request)).rejects.toMatchObject({
      Code: "AccessDenied",
    });
  });

  it("rejects a malformed source ARN", async () => {
    const request = new SimulatePrincipalPolicyCommand({
      PolicySourceArn: "ScoutfloReadOnly",
      ActionNames: ["eks:ListClusters"],
    });

    await expect(iam.send(request)).rejects.toMatchObject({
      name: "InvalidInputException",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("reports an unknown role as NoSuchEntity", async () => {
    const missing = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/Missing`;
    const request = new SimulatePrincipalPolicyCommand({
      PolicySourceArn: missing,
      ActionNames: ["eks:ListClusters"],
    });

    await expect(iam.send(request)).rejects.toMatchObject({
      name: "NoSuchEntityException",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("simulates a user of the account", async () => {
    const result = await simulateOne(iam, auditor.arn, "eks:ListClusters");

    expect(result.EvalDecision).toBe("allowed");
    expect(result.MatchedStatements?.[0]?.SourcePolicyType).toBe("user");
  });
});

describe("GetContextKeysForPrincipalPolicy", () => {
  it("lists the condition keys of the role", async () => {
    const response = await iam.send(
      new GetContextKeysForPrincipalPolicyCommand({
        PolicySourceArn: REGIONAL_ARN,
      }),
    );

    expect(response.ContextKeyNames).toEqual(["aws:RequestedRegion"]);
  });
});
