import { TerraformStack, Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import {
  EksAccess,
  NAMESPACE_SCOPE_WARNING_ID,
  isScoutfloError,
} from "../../constructs";
import type { EksAccessProps } from "../../constructs";
import { resourcesOf, synthStack } from "./synth-helpers";

const PROPS: EksAccessProps = {
  mode: "read-only",
  clusterName: "prod",
  principalArn: "arn:aws:iam::111122223333:role/ScoutfloReadOnly",
};

function warningsOf(access: EksAccess): string[] {
  return access.node.metadata
    .filter((entry) => entry.type === "@cdktf/warn")
    .map((entry) => String(entry.data));
}

function createAccess(props: Partial<EksAccessProps> = {}): EksAccess {
  const app = Testing.app();
  const stack = new TerraformStack(app, "eks");

  return new EksAccess(stack, "access", { ...PROPS, ...props });
}

describe("EksAccess", () => {
  it("creates a STANDARD entry for the principal", () => {
    const output = synthStack((stack) => {
      new EksAccess(stack, "access", PROPS);
    });
    const [entry] = resourcesOf(output, "aws_eks_access_entry");

    expect(entry).toEqual({
      cluster_name: "prod",
      principal_arn: PROPS.principalArn,
      type: "STANDARD",
    });
  });

  it("builds the policy arn with a given partition", () => {
    const output = synthStack((stack) => {
      new EksAccess(stack, "access", { ...PROPS, partition: "aws-us-gov" });
    });
    const [association] = resourcesOf(
      output,
      "aws_eks_access_policy_association",
    );

    expect(association.policy_arn).toBe(
      "arn:aws-us-gov:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy",
    );
    expect(output.json.data?.aws_partition).toBeUndefined();
  });

  it("warns that a namespace scope cannot list nodes", () => {
    const warnings = warningsOf(createAccess({ namespaces: ["apps"] }));

    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain(`[${NAMESPACE_SCOPE_WARNING_ID}]`);
    expect(warnings[0]).toContain("apps");
  });

  it("does not warn for a cluster scope", () => {
    expect(warningsOf(createAccess())).toEqual([]);
  });

  it("exposes the chosen access policy", () => {
    const access = createAccess({ mode: "read-write", partition: "aws" });

    expect(access.accessPolicy).toBe("AmazonEKSClusterAdminPolicy");
    expect(access.accessPolicyArn).toBe(
      "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy",
    );
  });

  it("rejects a write policy in read-only with a bare prop name", () => {
    let error: unknown;
    try {
      createAccess({ accessPolicy: "AmazonEKSAdminPolicy" });
    } catch (caught) {
      error = caught;
    }

    expect(isScoutfloError(error)).toBe(true);
    expect((error as { code: string }).code).toBe(
      "ACCESS_POLICY_WRITE_IN_READ_ONLY",
    );
    expect((error as { prop: string }).prop).toBe("accessPolicy");
  });
});
