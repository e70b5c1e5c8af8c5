import {
  GetRoleCommand,
  IAMClient,
  paginateSimulatePrincipalPolicy,
  SimulatePrincipalPolicyCommand,
  type EvaluationResult,
} from "@aws-sdk/client-iam";
import { DescribeClusterCommand, EKSClient } from "@aws-sdk/client-eks";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DEFAULT_MAX_ITEMS, startAwsEndpoint, type AwsEndpoint } from "./index";
import { admin, collector, customerAccount, READ_ONLY_ARN } from "./fixtures";

process.env.AWS_EC2_METADATA_DISABLED = "true";

/** Seven actions, in the order the results must come back. */
const ACTIONS = [
  "eks:DescribeCluster",
  "eks:ListClusters",
  "eks:DescribeAccessEntry",
  "eks:ListAccessEntries",
  "eks:DeleteCluster",
  "iam:GetRole",
  "iam:ListRoles",
];

let endpoint: AwsEndpoint;
let iam: IAMClient;

beforeAll(async () => {
  endpoint = await startAwsEndpoint(customerAccount());
  iam = new IAMClient(endpoint.clientConfig(admin.accessKeyId));
});

afterAll(async () => {
  await endpoint.close();
});

beforeEach(() => {
  endpoint.resetCalls();
  endpoint.setPageSize(Number.MAX_SAFE_INTEGER);
});

async function collectPages(maxItems?: number): Promise<EvaluationResult[][]> {
  const pages: EvaluationResult[][] = [];
  const paginator = paginateSimulatePrincipalPolicy(
    { client: iam, pageSize: maxItems },
    { PolicySourceArn: READ_ONLY_ARN, ActionNames: ACTIONS },
  );
  for await (const page of paginator) {
    pages.push(page.EvaluationResults ?? []);
  }

  return pages;
}

describe("SimulatePrincipalPolicy pagination", () => {
  it("pages by MaxItems", async () => {
    const pages = await collectPages(2);

    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((result) => result.EvalActionName)).toEqual(
      ACTIONS,
    );
    expect(endpoint.calls.map((call) => call.params.MaxItems)).toEqual([
      "2",
      "2",
      "2",
      "2",
    ]);
  });

  it("pages by the endpoint page size", async () => {
    endpoint.setPageSize(3);

    const pages = await collectPages();

    expect(pages.map((page) => page.length)).toEqual([3, 3, 1]);
    expect(pages.flat().map((result) => result.EvalActionName)).toEqual(
      ACTIONS,
    );
  });

  it("uses the smaller of both limits", async () => {
    endpoint.setPageSize(2);

    const pages = await collectPages(3);

    expect(pages.map((page) => page.length)).toEqual([2, 2, 2, 1]);
    expect(pages.flat().map((result) => result.EvalActionName)).toEqual(
      ACTIONS,
    );
  });

  it("marks truncation and the last page", async () => {
    const first = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: READ_ONLY_ARN,
        ActionNames: ACTIONS,
        MaxItems: 4,
      }),
    );
    const last = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: READ_ONLY_ARN,
        ActionNames: ACTIONS,
        MaxItems: 4,
        Marker: first.Marker,
      }),
    );

    expect(first.IsTruncated).toBe(true);
    expect(first.Marker).toBeTruthy();
    expect(last.IsTruncated).toBe(false);
    expect(last.Marker).toBeUndefined();
    expect(
      last.EvaluationResults?.map((result) => result.EvalActionName),
    ).toEqual(ACTIONS.slice(4));
  });

  it("returns one page by default", async () => {
    const actions = Array.from(
      { length: DEFAULT_MAX_ITEMS + 1 },
      () => "eks:DescribeCluster",
    );

    const response = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: READ_ONLY_ARN,
        ActionNames: actions,
      }),
    );

    expect(response.EvaluationResults).toHaveLength(DEFAULT_MAX_ITEMS);
    expect(response.IsTruncated).toBe(true);
  });

  const invalidCases = [
    { name: "marker", input: { Marker: "not-a-marker" }, code: "InvalidInput" },
    { name: "max items", input: { MaxItems: 1001 }, code: "ValidationError" },
  ];
  for (const { name, input, code } of invalidCases) {
    it(`rejects an invalid ${name}`, async () => {
      const request = new SimulatePrincipalPolicyCommand({
        PolicySourceArn: READ_ONLY_ARN,
        ActionNames: ACTIONS,
        ...input,
      });

      await expect(iam.send(request)).rejects.toMatchObject({
        Code: code,
        $metadata: { httpStatusCode: 400 },
      });
    });
  }
});

describe("throttling", () => {
  it("lets the SDK retry twice then succeed", async () => {
    endpoint.throttle("SimulatePrincipalPolicy", 2);

    const response = await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: READ_ONLY_ARN,
        ActionNames: ["eks:ListClusters"],
      }),
    );

    expect(response.EvaluationResults?.[0]?.EvalDecision).toBe("allowed");
    expect(response.$metadata.attempts).toBe(3);
    expect(endpoint.calls.map((call) => call.status)).toEqual([400, 400, 200]);
    expect(endpoint.calls.map((call) => call.errorCode)).toEqual([
      "Throttling",
      "Throttling",
      undefined,
    ]);
  });

  it("fails after the SDK's three attempts", async () => {
    endpoint.throttle("GetRole", 3);

    await expect(
      iam.send(new GetRoleCommand({ RoleName: "Bounded" })),
    ).rejects.toMatchObject({
      Code: "Throttling",
      message: "Rate exceeded",
      $metadata: { httpStatusCode: 400, attempts: 3 },
    });
    expect(endpoint.calls).toHaveLength(3);
  });

  it("throttles EKS with status 429", async () => {
    endpoint.throttle("DescribeCluster", 1);
    const eks = new EKSClient(endpoint.clientConfig(admin.accessKeyId));

    const { cluster } = await eks.send(
      new DescribeClusterCommand({ name: "prod" }),
    );

    expect(cluster?.name).toBe("prod");
    expect(endpoint.calls.map((call) => [call.status, call.errorCode])).toEqual(
      [
        [429, "ThrottlingException"],
        [200, undefined],
      ],
    );
  });

  it("throttles only the named operation", async () => {
    endpoint.throttle("GetRole", 1);
    const sts = new STSClient(endpoint.clientConfig(admin.accessKeyId));

    await sts.send(new GetCallerIdentityCommand({}));
    await iam.send(new GetRoleCommand({ RoleName: "Bounded" }));

    expect(
      endpoint.calls.map((call) => `${call.operation} ${call.status}`),
    ).toEqual(["GetCallerIdentity 200", "GetRole 400", "GetRole 200"]);
  });
});

describe("recorded calls", () => {
  it("records parsed query parameters", async () => {
    await iam.send(
      new SimulatePrincipalPolicyCommand({
        PolicySourceArn: READ_ONLY_ARN,
        ActionNames: ["eks:ListClusters", "iam:GetRole"],
        ContextEntries: [
          {
            ContextKeyName: "aws:RequestedRegion",
            ContextKeyType: "string",
            ContextKeyValues: ["us-east-1"],
          },
        ],
      }),
    );

    const [call] = endpoint.calls;
    expect(call.service).toBe("iam");
    expect(call.operation).toBe("SimulatePrincipalPolicy");
    expect(call.status).toBe(200);
    expect(call.caller).toBe(admin.arn);
    expect(call.params.PolicySourceArn).toBe(READ_ONLY_ARN);
    expect(call.params.ActionNames).toEqual([
      "eks:ListClusters",
      "iam:GetRole",
    ]);
    expect(call.params.ContextEntries).toEqual([
      {
        ContextKeyName: "aws:RequestedRegion",
        ContextKeyType: "string",
        ContextKeyValues: ["us-east-1"],
      },
    ]);
  });

  it("records EKS path parameters", async () => {
    const eks = new EKSClient(endpoint.clientConfig(admin.accessKeyId));

    await eks.send(new DescribeClusterCommand({ name: "prod" }));

    expect(endpoint.calls).toEqual([
      {
        service: "eks",
        operation: "DescribeCluster",
        params: { name: "prod" },
        status: 200,
        caller: admin.arn,
      },
    ]);
  });

  it("clears on resetCalls", async () => {
    await iam.send(new GetRoleCommand({ RoleName: "Bounded" }));

    endpoint.resetCalls();

    expect(endpoint.calls).toEqual([]);
  });
});

describe("client settings", () => {
  it("env points the SDK at the endpoint", () => {
    const env = endpoint.env();

    expect(env.AWS_ENDPOINT_URL).toBe(endpoint.url);
    expect(env.AWS_ENDPOINT_URL).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(env.AWS_REGION).toBe("us-east-1");
    expect(env.AWS_ACCESS_KEY_ID).toBe(admin.accessKeyId);
    expect(env.AWS_SECRET_ACCESS_KEY).toBe(admin.secretAccessKey);
    expect(env.AWS_SESSION_TOKEN).toBe("");
  });

  it("env carries a session token", () => {
    const env = endpoint.env(collector.arn);

    expect(env.AWS_ACCESS_KEY_ID).toBe(collector.accessKeyId);
    expect(env.AWS_SESSION_TOKEN).toBe(collector.sessionToken);
  });

  it("rejects an unknown caller", () => {
    expect(() => endpoint.clientConfig("AKIAUNKNOWN")).toThrow(
      /No caller AKIAUNKNOWN/,
    );
  });
});

describe("wire format", () => {
  async function post(
    body: string,
    authorization?: string,
  ): Promise<{ status: number; text: string }> {
    const headers: Record<string, string> = {
      "content-type": "application/x-www-form-urlencoded",
    };
    if (authorization !== undefined) {
      headers.authorization = authorization;
    }
    const response = await fetch(`${endpoint.url}/`, {
      method: "POST",
      headers,
      body,
    });
    return { status: response.status, text: await response.text() };
  }

  const signed = (service: string) =>
    `AWS4-HMAC-SHA256 Credential=${admin.accessKeyId}/20250101/us-east-1/${service}/aws4_request, SignedHeaders=host, Signature=00`;

  it("answers in the STS namespace", async () => {
    const { status, text } = await post(
      "Action=GetCallerIdentity&Version=2011-06-15",
      signed("sts"),
    );

    expect(status).toBe(200);
    expect(text).toContain(
      '<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">',
    );
    expect(text).toMatch(
      /<ResponseMetadata><RequestId>[0-9a-f-]{36}<\/RequestId><\/ResponseMetadata>/,
    );
  });

  it("answers errors as ErrorResponse", async () => {
    const { status, text } = await post(
      "Action=GetRole&Version=2010-05-08&RoleName=Missing",
      signed("iam"),
    );

    expect(status).toBe(404);
    expect(text).toContain(
      '<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">',
    );
    expect(text).toContain(
      "<Error><Type>Sender</Type><Code>NoSuchEntity</Code>",
    );
  });

  it("rejects an unsigned request", async () => {
    const { status, text } = await post(
      "Action=GetCallerIdentity&Version=2011-06-15",
    );

    expect(status).toBe(403);
    expect(text).toContain("<Code>MissingAuthenticationToken</Code>");
  });

  it("rejects an unknown action", async () => {
    const { status, text } = await post(
      "Action=CreateRole&Version=2010-05-08",
      signed("iam"),
    );

    expect(status).toBe(400);
    expect(text).toContain("<Code>InvalidAction</Code>");
  });
});
