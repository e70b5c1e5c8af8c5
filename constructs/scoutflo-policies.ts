import { Construct } from "constructs";
import { statementsForMode } from "../policies";
import type { AccessMode, CatalogStatement } from "../policies";
import { IamPolicy, IamRolePolicyAttachment } from "./private/aws-provider";
import { renderPolicies, renderStatements } from "./policy-document";
import type { RenderedPolicy } from "./policy-document";
import { ScoutfloRole } from "./scoutflo-role";
import { assertValid, checkMode, checkStatementsForMode } from "./validation";
import { hasMarker, setMarker } from "./private/type-marker";

const SCOUTFLO_POLICIES_MARKER = Symbol.for(
  "@scoutflo/cluster-connect.ScoutfloPolicies",
);

/** Props of {@link ScoutfloPolicies}. */
export interface ScoutfloPoliciesProps {
  /** Access mode whose catalog statements the policies grant. */
  readonly mode: AccessMode;
  /** The role the policies are attached to. Its ARN is the Resource of `own-role` statements. */
  readonly role: ScoutfloRole;
  /** Catalog statements to grant. @default statementsForMode(mode) */
  readonly statements?: readonly CatalogStatement[];
  /** IAM path of the policies. @default the role's path */
  readonly path?: string;
  /** Tags of the policies. @default the role's tags */
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * The managed policies that grant a mode's catalog statements to the
 * Scoutflo role, each attached with its own `aws_iam_role_policy_attachment`.
 * Each document is a literal JSON string in the Terraform configuration,
 * checked against IAM's 6,144-character limit at synth time and split into
 * several policies, named `<role name>-permissions-<n>`, when it is larger.
 */
export class ScoutfloPolicies extends Construct {
  /** Returns true when `x` is a ScoutfloPolicies, also from another copy of this library. */
  static isScoutfloPolicies(x: unknown): x is ScoutfloPolicies {
    return hasMarker(x, SCOUTFLO_POLICIES_MARKER);
  }

  /** The rendered documents, one per policy, in order. */
  readonly documents: readonly RenderedPolicy[];
  /** The `aws_iam_policy` resources, one per document. */
  readonly policies: readonly IamPolicy[];
  /** The `aws_iam_role_policy_attachment` resources, one per policy. */
  readonly attachments: readonly IamRolePolicyAttachment[];

  constructor(scope: Construct, id: string, props: ScoutfloPoliciesProps) {
    super(scope, id);
    setMarker(this, SCOUTFLO_POLICIES_MARKER);
    assertValid([
      ...checkMode(props.mode),
      ...checkStatementsForMode(props.statements ?? [], props.mode),
    ]);

    this.documents = renderRoleDocuments(props);
    this.policies = this.documents.map((document, index) =>
      this.createPolicy(props, document, index + 1),
    );
    this.attachments = this.policies.map(
      (policy, index) =>
        new IamRolePolicyAttachment(this, `attachment-${index + 1}`, {
          role: props.role.resource.name,
          policyArn: policy.arn,
        }),
    );
  }

  private createPolicy(
    props: ScoutfloPoliciesProps,
    document: RenderedPolicy,
    number: number,
  ): IamPolicy {
    const tags = props.tags ?? props.role.tags;

    return new IamPolicy(this, `policy-${number}`, {
      name: `${props.role.roleName}-permissions-${number}`,
      path: props.path ?? props.role.path,
      description: `Scoutflo ${props.mode} permissions, part ${number} of ${this.documents.length}.`,
      policy: document.json,
      tags: Object.keys(tags).length === 0 ? undefined : { ...tags },
    });
  }
}

/**
 * Renders the role's documents. The `own-role` Resource is the Terraform
 * reference to the role's ARN, which the size check counts at the longest
 * ARN that the role's partition, path and name can resolve to.
 */
function renderRoleDocuments(props: ScoutfloPoliciesProps): RenderedPolicy[] {
  const catalog = props.statements ?? statementsForMode(props.mode);
  const roleArn = props.role.roleArn;
  const statements = renderStatements(catalog, roleArn);

  return renderPolicies(statements, {
    placeholders: { [roleArn]: props.role.maxRoleArnLength() },
  });
}
