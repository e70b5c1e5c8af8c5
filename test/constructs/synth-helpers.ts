/**
 * Helpers that synthesize Scoutflo constructs in a fresh stack and read the
 * resulting Terraform JSON.
 */
import { TerraformStack, Testing } from "cdktf";
import { Construct } from "constructs";
import { ScoutfloClusterConnect } from "../../constructs";
import type { ScoutfloClusterConnectProps } from "../../constructs";
import type { PolicyDocument } from "../../constructs/policy-document";

/** Synthesized Terraform JSON of one stack. */
export interface SynthOutput {
  readonly text: string;
  readonly json: TerraformJson;
}

/** The parts of the Terraform JSON the tests read. */
export interface TerraformJson {
  readonly resource?: Record<string, Record<string, Record<string, unknown>>>;
  readonly data?: Record<string, Record<string, Record<string, unknown>>>;
  readonly output?: Record<string, { value: unknown; description?: string }>;
}

/** An ExternalId that passes every rule. */
export const EXTERNAL_ID = "scoutflo-test-7f3c9a1e5b2d4c60";

/** Props of a valid read-only connection with no cluster. */
export const BASE_PROPS: ScoutfloClusterConnectProps = {
  mode: "read-only",
  scoutfloPrincipal: "arn:aws:iam::123456789012:role/ScoutfloCollector",
  externalId: EXTERNAL_ID,
};

/** Synthesizes whatever `build` adds to a fresh stack. */
export function synthStack(
  build: (stack: TerraformStack) => void,
): SynthOutput {
  const app = Testing.app();
  const stack = new TerraformStack(app, "test");
  build(stack);
  const text = Testing.synth(stack);

  return { text, json: JSON.parse(text) as TerraformJson };
}

/** Synthesizes one ScoutfloClusterConnect with `props`. */
export function synthConnect(
  props: Partial<ScoutfloClusterConnectProps> = {},
): SynthOutput {
  return synthStack((stack: Construct) => {
    new ScoutfloClusterConnect(stack, "connect", { ...BASE_PROPS, ...props });
  });
}

/** Returns the resources of `type`, in the order of their names. */
export function resourcesOf(
  output: SynthOutput,
  type: string,
): Record<string, unknown>[] {
  const byName = output.json.resource?.[type] ?? {};

  return Object.keys(byName)
    .sort()
    .map((name) => byName[name]);
}

/** Returns the parsed documents of every `aws_iam_policy`, ordered by policy name. */
export function policyDocuments(output: SynthOutput): PolicyDocument[] {
  return resourcesOf(output, "aws_iam_policy")
    .sort((a, b) => String(a.name).localeCompare(String(b.name)))
    .map((policy) => JSON.parse(String(policy.policy)) as PolicyDocument);
}

/** Returns every action granted by the policies of `output`. */
export function grantedActions(output: SynthOutput): string[] {
  return policyDocuments(output).flatMap((document) =>
    document.Statement.flatMap((statement) => [...statement.Action]),
  );
}
