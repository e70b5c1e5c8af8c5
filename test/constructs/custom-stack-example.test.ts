import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Testing } from "cdktf";
import { describe, expect, it } from "vitest";
import { ObservabilityStack } from "../../examples/custom-stack";
import type { TerraformJson } from "./synth-helpers";

function synthExample(): TerraformJson {
  const app = Testing.app();
  const stack = new ObservabilityStack(app, "scoutflo-observe");
  const outdir = Testing.fullSynth(stack);
  const file = join(outdir, "stacks", "scoutflo-observe", "cdk.tf.json");

  return JSON.parse(readFileSync(file, "utf8")) as TerraformJson;
}

describe("custom stack example", () => {
  it("synthesizes the role, a policy and two clusters", () => {
    const json = synthExample();

    expect(Object.keys(json.resource?.aws_iam_role ?? {})).toHaveLength(1);
    expect(Object.keys(json.resource?.aws_iam_policy ?? {})).toHaveLength(1);
    expect(Object.keys(json.resource?.aws_eks_access_entry ?? {})).toHaveLength(
      2,
    );
    expect(
      Object.keys(json.resource?.aws_eks_access_policy_association ?? {}),
    ).toHaveLength(2);
  });

  it("reads the external id from a variable", () => {
    const json = synthExample();
    const [role] = Object.values(json.resource?.aws_iam_role ?? {});
    const trust = JSON.parse(String(role.assume_role_policy));

    expect(trust.Statement[0].Condition.StringEquals["sts:ExternalId"]).toBe(
      "${var.scoutflo_external_id}",
    );
  });

  it("outputs the role for Scoutflo", () => {
    const json = synthExample();

    expect(Object.keys(json.output ?? {}).sort()).toEqual([
      "mode",
      "role_arn",
      "role_name",
    ]);
  });
});
