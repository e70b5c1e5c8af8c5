import { Annotations, Token } from "cdktf";
import { Construct } from "constructs";
import type { AccessMode } from "../policies";
import { DataAwsPartition, IamRole } from "./private/aws-provider";
import { WARNING_ID_PREFIX } from "./eks-access";
import { ScoutfloError } from "./errors";
import {
  assertValid,
  defaultRoleName,
  checkExternalId,
  checkMode,
  checkPartition,
  checkRoleOptions,
  checkScoutfloPrincipal,
  isPlaceholderExternalId,
  maskExternalId,
  sessionDurationSeconds,
} from "./validation";
import { POLICY_VERSION } from "./policy-document";
import { findOtherInStack } from "./private/stack-search";
import type { Finding } from "./errors";
import { hasMarker, setMarker } from "./private/type-marker";

/** Partition length counted for a token: the longest known name, `aws-us-gov`, has 10 characters. */
const MAX_PARTITION_LENGTH = 16;

/** Longest IAM path IAM accepts. */
const MAX_PATH_LENGTH = 512;

/** Longest IAM role name IAM accepts. */
const MAX_ROLE_NAME_LENGTH = 64;

/** Id of the warning that the ExternalId is a placeholder. */
export const PLACEHOLDER_EXTERNAL_ID_WARNING_ID = `${WARNING_ID_PREFIX}:placeholder-external-id`;

const SCOUTFLO_ROLE_MARKER = Symbol.for(
  "@scoutflo/cluster-connect.ScoutfloRole",
);

/** Props of {@link ScoutfloRole}. */
export interface ScoutfloRoleProps {
  /** Access mode of the role, which picks the default role name. */
  readonly mode: AccessMode;
  /** Scoutflo's AWS account id (12 digits) or the ARN of its collector role, with no default. */
  readonly scoutfloPrincipal: string;
  /** Secret of 16-1224 characters, shared with Scoutflo, that every `sts:AssumeRole` call must pass. */
  readonly externalId: string;
  /** IAM role name. @default "ScoutfloReadOnly" or "ScoutfloReadWrite", after the mode */
  readonly roleName?: string;
  /** IAM path of the role. @default "/" */
  readonly path?: string;
  /** ARN of an IAM managed policy set as the role's permissions boundary. @default no boundary */
  readonly permissionsBoundaryArn?: string;
  /** Maximum session duration in hours, 1 to 12. @default 1 */
  readonly maxSessionDurationHours?: number;
  /** Tags of the role. @default no tags */
  readonly tags?: Readonly<Record<string, string>>;
  /** AWS partition of the account, such as `aws` or `aws-cn`. @default read from an `aws_partition` data source */
  readonly partition?: string;
}

/**
 * Returns the trust policy principal of a Scoutflo principal: the account
 * root ARN for a 12-digit account id, otherwise the ARN as given.
 */
export function scoutfloPrincipalArn(
  scoutfloPrincipal: string,
  partition: string,
): string {
  if (/^\d{12}$/.test(scoutfloPrincipal)) {
    return `arn:${partition}:iam::${scoutfloPrincipal}:root`;
  }

  return scoutfloPrincipal;
}

/** Renders the trust policy: `sts:AssumeRole` for the principal, with the ExternalId condition. */
export function renderTrustPolicy(
  principalArn: string,
  externalId: string,
): string {
  return JSON.stringify({
    Version: POLICY_VERSION,
    Statement: [
      {
        Sid: "ScoutfloAssumeRole",
        Effect: "Allow",
        Principal: { AWS: principalArn },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "sts:ExternalId": externalId } },
      },
    ],
  });
}

/**
 * The IAM role that Scoutflo assumes. Its trust policy lets only the
 * Scoutflo principal call `sts:AssumeRole`, and only with the ExternalId.
 * It has no permissions: {@link ScoutfloPolicies} attaches them.
 */
export class ScoutfloRole extends Construct {
  /** Returns true when `x` is a ScoutfloRole, also from another copy of this library. */
  static isScoutfloRole(x: unknown): x is ScoutfloRole {
    return hasMarker(x, SCOUTFLO_ROLE_MARKER);
  }

  /** The `aws_iam_role` resource. */
  readonly resource: IamRole;
  /** Access mode of the role. */
  readonly mode: AccessMode;
  /** ARN of the role, a Terraform reference. */
  readonly roleArn: string;
  /** Name of the role. */
  readonly roleName: string;
  /** IAM path of the role. */
  readonly path: string;
  /** AWS partition, as given or a reference to the `aws_partition` data source. */
  readonly partition: string;
  /** Tags of the role. */
  readonly tags: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ScoutfloRoleProps) {
    super(scope, id);
    setMarker(this, SCOUTFLO_ROLE_MARKER);
    validateRoleProps(props);

    this.mode = props.mode;
    this.roleName = props.roleName ?? defaultRoleName(props.mode);
    this.assertUniqueRoleName();
    this.path = props.path ?? "/";
    this.tags = props.tags ?? {};
    this.partition =
      props.partition ?? new DataAwsPartition(this, "partition").partition;

    const principalArn = scoutfloPrincipalArn(
      props.scoutfloPrincipal,
      this.partition,
    );
    this.resource = new IamRole(this, "role", {
      name: this.roleName,
      path: this.path,
      description: `Role that Scoutflo assumes, with an ExternalId, for ${props.mode} access to EKS clusters.`,
      assumeRolePolicy: renderTrustPolicy(principalArn, props.externalId),
      maxSessionDuration: sessionDurationSeconds(
        props.maxSessionDurationHours ?? 1,
      ),
      permissionsBoundary: props.permissionsBoundaryArn,
      tags: props.tags === undefined ? undefined : { ...props.tags },
    });
    this.roleArn = this.resource.arn;
    this.warnOnPlaceholderExternalId(props.externalId);
  }

  /**
   * Rejects a second ScoutfloRole in the stack with the same name, ignoring
   * case as IAM does. Names that are tokens are not compared.
   */
  private assertUniqueRoleName(): void {
    if (Token.isUnresolved(this.roleName)) {
      return;
    }

    const name = this.roleName.toLowerCase();
    const other = findOtherInStack(
      this,
      (construct): construct is ScoutfloRole =>
        ScoutfloRole.isScoutfloRole(construct) &&
        construct.roleName !== undefined &&
        !Token.isUnresolved(construct.roleName) &&
        construct.roleName.toLowerCase() === name,
    );
    if (other === undefined) {
      return;
    }

    throw new ScoutfloError({
      code: "ROLE_NAME_DUPLICATE",
      prop: "roleName",
      value: this.roleName,
      message: `roleName "${this.roleName}" of ${this.node.path} is already used by ${other.node.path} in the same stack, and IAM role names are unique in an account, ignoring case: set a distinct roleName on one of them.`,
    });
  }

  private warnOnPlaceholderExternalId(externalId: string): void {
    if (!isPlaceholderExternalId(externalId)) {
      return;
    }

    Annotations.of(this).addWarning(
      `[${PLACEHOLDER_EXTERNAL_ID_WARNING_ID}] The ExternalId "${maskExternalId(externalId)}" is a placeholder: replace it with the ExternalId Scoutflo gave you before \`cdktf deploy\`, because Scoutflo cannot assume a role whose trust policy expects another value.`,
    );
  }

  /**
   * Returns the maximum length the role's ARN resolves to,
   * `arn:<partition>:iam::<account>:role<path><name>`, counting each part
   * that is still a token at the maximum length IAM allows for it.
   */
  maxRoleArnLength(): number {
    const partition = Token.isUnresolved(this.partition)
      ? MAX_PARTITION_LENGTH
      : this.partition.length;
    const path = Token.isUnresolved(this.path)
      ? MAX_PATH_LENGTH
      : this.path.length;
    const name = Token.isUnresolved(this.roleName)
      ? MAX_ROLE_NAME_LENGTH
      : this.roleName.length;
    const fixed = "arn:".length + ":iam::".length + 12 + ":role".length;

    return fixed + partition + path + name;
  }
}

/** Returns every problem of the role's props, for the constructs that take them. */
export function checkRoleProps(props: ScoutfloRoleProps): Finding[] {
  return [
    ...checkMode(props.mode),
    ...checkScoutfloPrincipal(props.scoutfloPrincipal),
    ...checkExternalId(props.externalId),
    ...checkRoleOptions(props),
    ...checkPartition(props.partition),
  ];
}

function validateRoleProps(props: ScoutfloRoleProps): void {
  assertValid(checkRoleProps(props));
}
