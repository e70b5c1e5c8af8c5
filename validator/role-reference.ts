/**
 * Parsing of the role input: a role name, a role ARN or an assumed-role
 * ARN. Only a role ARN names the role's path; IAM GetRole returns it for
 * the other two.
 */

/** The role input, parsed. */
export interface RoleReference {
  /** Form of the input. */
  readonly kind: "name" | "role-arn" | "assumed-role-arn";
  /** Name of the role. */
  readonly name: string;
  /** IAM path, only known from a role ARN. */
  readonly path?: string;
  /** Account of the role, known from either ARN form. */
  readonly accountId?: string;
  /** Partition, known from either ARN form. */
  readonly partition?: string;
}

const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const ROLE_ARN =
  /^arn:(aws(?:-[a-z]+)*):iam::(\d{12}):role(\/(?:[\x21-\x7e]*\/)?)([\w+=,.@-]{1,64})$/;
const ASSUMED_ROLE_ARN =
  /^arn:(aws(?:-[a-z]+)*):sts::(\d{12}):assumed-role\/([\w+=,.@-]{1,64})\/[\w+=,.@-]{2,64}$/;

/**
 * Parses the role input: a role name, a role ARN or an assumed-role ARN.
 * Returns undefined for anything else.
 */
export function parseRoleReference(input: string): RoleReference | undefined {
  if (ROLE_NAME.test(input)) {
    return { kind: "name", name: input };
  }

  const roleArn = ROLE_ARN.exec(input);
  if (roleArn !== null) {
    const [, partition, accountId, path, name] = roleArn;
    return { kind: "role-arn", name, path, accountId, partition };
  }

  const assumedRoleArn = ASSUMED_ROLE_ARN.exec(input);
  if (assumedRoleArn !== null) {
    const [, partition, accountId, name] = assumedRoleArn;
    return { kind: "assumed-role-arn", name, accountId, partition };
  }

  return undefined;
}

/** Builds a role ARN; `path` defaults to `/`. */
export function roleArn(
  partition: string,
  accountId: string,
  name: string,
  path = "/",
): string {
  return `arn:${partition}:iam::${accountId}:role${path}${name}`;
}

/** Returns the partition of an ARN, such as `aws` or `aws-cn`. */
export function arnPartition(arn: string): string {
  return arn.split(":")[1] ?? "aws";
}

/** Returns the account id of an ARN. */
export function arnAccount(arn: string): string {
  return arn.split(":")[4] ?? "";
}
