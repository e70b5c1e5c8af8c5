import { describe, expect, it } from "vitest";
import {
  assertCapabilities,
  isMissingPermissionsError,
  isPreflightFailedError,
  MissingPermissionsError,
  requireCapabilities,
} from "../../validator";
import type { CapabilityName } from "../../policies";
import { deny, policy, startAwsEndpoint } from "../aws-endpoint";
import { preflight } from "./harness";
import { account, reader, roleName, scoutfloRole, withRole } from "./model";

function thrown(action: () => void): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }

  return undefined;
}

describe("capability gate", () => {
  it("ready role passes", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
    });

    expect(() =>
      assertCapabilities(report, ["monitoring", "diagnostics"]),
    ).not.toThrow();
  });

  it("denied action raises with the missing actions", async () => {
    const model = withRole(
      "read-only",
      scoutfloRole("read-only", {
        extraPolicies: [policy(deny(["logs:StartQuery", "s3:GetObject"]))],
      }),
    );
    const { report } = await preflight(model, {
      role: roleName("read-only"),
      mode: "read-only",
    });

    const error = thrown(() =>
      assertCapabilities(report, ["monitoring", "diagnostics", "reporting"]),
    );
    expect(isMissingPermissionsError(error)).toBe(true);
    expect(error).toBeInstanceOf(MissingPermissionsError);
    expect((error as MissingPermissionsError).code).toBe("MISSING_PERMISSIONS");
    expect((error as MissingPermissionsError).missing).toEqual([
      { capability: "monitoring", actions: ["logs:StartQuery"] },
      { capability: "reporting", actions: ["s3:GetObject"] },
    ]);
  });

  it("read-write capability on a read-only report raises", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
    });

    const error = thrown(() => assertCapabilities(report, ["remediation"]));
    expect(isMissingPermissionsError(error)).toBe(true);
    expect((error as MissingPermissionsError).missing[0].actions).toContain(
      "eks:UpdateClusterConfig",
    );
  });

  it("error report raises a preflight failure", async () => {
    const { report } = await preflight(
      account(),
      { role: roleName("read-only"), mode: "read-only" },
      { caller: reader.arn },
    );

    const error = thrown(() => assertCapabilities(report, ["monitoring"]));
    expect(isPreflightFailedError(error)).toBe(true);
    expect(isMissingPermissionsError(error)).toBe(false);
  });

  it("unknown capability is a TypeError", async () => {
    const { report } = await preflight(account(), {
      role: roleName("read-only"),
      mode: "read-only",
    });

    expect(() =>
      assertCapabilities(report, ["telepathy" as CapabilityName]),
    ).toThrow(TypeError);
  });

  it("options run the preflight first", async () => {
    const endpoint = await startAwsEndpoint(account());
    try {
      const report = await requireCapabilities(
        {
          role: roleName("read-write"),
          mode: "read-write",
          clientConfig: endpoint.clientConfig(),
        },
        ["remediation", "deployment"],
      );

      expect(report.status).toBe("ready");
      expect(
        endpoint.calls.some((c) => c.operation === "SimulatePrincipalPolicy"),
      ).toBe(true);
    } finally {
      await endpoint.close();
    }
  });

  it("marker survives a second copy of the class", () => {
    const foreign = Object.defineProperty(
      new Error("x"),
      Symbol.for("@scoutflo/cluster-connect.MissingPermissionsError"),
      { value: true },
    );

    expect(isMissingPermissionsError(foreign)).toBe(true);
    expect(isMissingPermissionsError(new Error("x"))).toBe(false);
  });
});
