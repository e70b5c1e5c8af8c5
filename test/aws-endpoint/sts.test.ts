import { GetRoleCommand, IAMClient } from "@aws-sdk/client-iam";
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  STSClient,
} from "@aws-sdk/client-sts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAwsEndpoint, type AwsEndpoint } from "./index";
import {
  admin,
  BOUNDED_ARN,
  collector,
  CUSTOMER_ACCOUNT,
  customerAccount,
  EXTERNAL_ID,
  READ_ONLY_ARN,
  SCOUTFLO_ACCOUNT,
} from "./fixtures";

process.env.AWS_EC2_METADATA_DISABLED = "true";

let endpoint: AwsEndpoint;

beforeAll(async () => {
  endpoint = await startAwsEndpoint(customerAccount());
});

afterAll(async () => {
  await endpoint.close();
});

function stsAs(caller: string): STSClient {
  return new STSClient(endpoint.clientConfig(caller));
}

describe("GetCallerIdentity", () => {
  it("returns the admin user", async () => {
    const identity = await stsAs(admin.accessKeyId).send(
      new GetCallerIdentityCommand({}),
    );

    expect(identity.Account).toBe(CUSTOMER_ACCOUNT);
    expect(identity.Arn).toBe(admin.arn);
    expect(identity.UserId).toMatch(/^AIDA[0-9A-F]{17}$/);
  });

  it("returns the collector session", async () => {
    const identity = await stsAs(collector.accessKeyId).send(
      new GetCallerIdentityCommand({}),
    );

    expect(identity.Account).toBe(SCOUTFLO_ACCOUNT);
    expect(identity.Arn).toBe(collector.arn);
    expect(identity.UserId).toMatch(/^AROA[0-9A-F]{17}:scoutflo-collector$/);
  });

  it("rejects an unknown access key", async () => {
    const client = new STSClient({
      ...endpoint.clientConfig(),
      credentials: {
        accessKeyId: "AKIAUNKNOWNKEY000000",
        secretAccessKey: "unused",
      },
    });

    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: "InvalidClientTokenId",
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("rejects session keys without their token", async () => {
    const { sessionToken: _token, ...keys } = endpoint.clientConfig(
      collector.accessKeyId,
    ).credentials;
    const client = new STSClient({
      ...endpoint.clientConfig(),
      credentials: keys,
    });

    await expect(
      client.send(new GetCallerIdentityCommand({})),
    ).rejects.toMatchObject({
      name: "InvalidClientTokenId",
    });
  });
});

describe("AssumeRole", () => {
  it("issues a session for the right external id", async () => {
    const response = await stsAs(collector.accessKeyId).send(
      new AssumeRoleCommand({
        RoleArn: READ_ONLY_ARN,
        RoleSessionName: "preflight",
        ExternalId: EXTERNAL_ID,
      }),
    );

    const credentials = response.Credentials;
    expect(credentials?.AccessKeyId).toMatch(/^ASIA[0-9A-F]{16}$/);
    expect(credentials?.SecretAccessKey).toBeTruthy();
    expect(credentials?.SessionToken).toBeTruthy();
    expect(credentials?.Expiration?.getTime()).toBeGreaterThan(Date.now());
    expect(response.AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${CUSTOMER_ACCOUNT}:assumed-role/ScoutfloReadOnly/preflight`,
    );
  });

  it("session credentials identify the assumed role", async () => {
    const response = await stsAs(collector.accessKeyId).send(
      new AssumeRoleCommand({
        RoleArn: READ_ONLY_ARN,
        RoleSessionName: "who-am-i",
        ExternalId: EXTERNAL_ID,
      }),
    );
    const credentials = {
      accessKeyId: response.Credentials?.AccessKeyId ?? "",
      secretAccessKey: response.Credentials?.SecretAccessKey ?? "",
      sessionToken: response.Credentials?.SessionToken,
    };

    const session = new STSClient({ ...endpoint.clientConfig(), credentials });
    const identity = await session.send(new GetCallerIdentityCommand({}));

    expect(identity.Arn).toBe(
      `arn:aws:sts::${CUSTOMER_ACCOUNT}:assumed-role/ScoutfloReadOnly/who-am-i`,
    );
    expect(identity.Account).toBe(CUSTOMER_ACCOUNT);
    expect(identity.UserId).toBe(response.AssumedRoleUser?.AssumedRoleId);
  });

  it("session uses the role's policies", async () => {
    const response = await stsAs(collector.accessKeyId).send(
      new AssumeRoleCommand({
        RoleArn: READ_ONLY_ARN,
        RoleSessionName: "reader",
        ExternalId: EXTERNAL_ID,
      }),
    );
    const config = endpoint.clientConfig(response.Credentials?.AccessKeyId);
    const iam = new IAMClient(config);

    const role = await iam.send(new GetRoleCommand({ RoleName: "Bounded" }));

    expect(role.Role?.Arn).toBe(BOUNDED_ARN);
  });

  const deniedCases = [
    { name: "wrong external id", externalId: "scoutflo-wrong-external-id-00" },
    { name: "missing external id", externalId: undefined },
  ];
  for (const { name, externalId } of deniedCases) {
    it(`denies a ${name}`, async () => {
      const request = new AssumeRoleCommand({
        RoleArn: READ_ONLY_ARN,
        RoleSessionName: "check",
        ExternalId: externalId,
      });

      await expect(
        stsAs(collector.accessKeyId).send(request),
      ).rejects.toMatchObject({
        name: "AccessDenied",
        message: `User: ${collector.arn} is not authorized to perform: sts:AssumeRole on resource: ${READ_ONLY_ARN}`,
        $metadata: { httpStatusCode: 403 },
      });
    });
  }

  it("denies an untrusted principal", async () => {
    const request = new AssumeRoleCommand({
      RoleArn: BOUNDED_ARN,
      RoleSessionName: "check",
      ExternalId: EXTERNAL_ID,
    });

    await expect(
      stsAs(collector.accessKeyId).send(request),
    ).rejects.toMatchObject({ name: "AccessDenied" });
  });

  it("denies an unknown role as AccessDenied", async () => {
    const missing = `arn:aws:iam::${CUSTOMER_ACCOUNT}:role/Missing`;
    const request = new AssumeRoleCommand({
      RoleArn: missing,
      RoleSessionName: "check",
    });

    await expect(stsAs(admin.accessKeyId).send(request)).rejects.toMatchObject({
      name: "AccessDenied",
      message: expect.stringContaining(missing),
    });
  });

  it("allows sessions up to the role maximum", async () => {
    const response = await stsAs(admin.accessKeyId).send(
      new AssumeRoleCommand({
        RoleArn: BOUNDED_ARN,
        RoleSessionName: "long",
        DurationSeconds: 7200,
      }),
    );

    const lifetime =
      (response.Credentials?.Expiration?.getTime() ?? 0) - Date.now();
    expect(lifetime).toBeGreaterThan(3600 * 1000);
  });

  it("rejects a session beyond the role maximum", async () => {
    const request = new AssumeRoleCommand({
      RoleArn: BOUNDED_ARN,
      RoleSessionName: "check",
      DurationSeconds: 7201,
    });

    await expect(stsAs(admin.accessKeyId).send(request)).rejects.toMatchObject({
      name: "ValidationError",
      $metadata: { httpStatusCode: 400 },
    });
  });

  it("rejects an invalid session name", async () => {
    const request = new AssumeRoleCommand({
      RoleArn: BOUNDED_ARN,
      RoleSessionName: "has space",
    });

    await expect(stsAs(admin.accessKeyId).send(request)).rejects.toMatchObject({
      name: "ValidationError",
    });
  });
});
