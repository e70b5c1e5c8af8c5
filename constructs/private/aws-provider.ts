/**
 * The only module that imports `@cdktf/provider-aws`. It loads each class
 * by deep path, because the package index loads every one of its resource
 * classes. Moving to another provider package changes only this file.
 */
export { AwsProvider } from "@cdktf/provider-aws/lib/provider";
export type { AwsProviderConfig } from "@cdktf/provider-aws/lib/provider";
export { DataAwsCallerIdentity } from "@cdktf/provider-aws/lib/data-aws-caller-identity";
export { DataAwsPartition } from "@cdktf/provider-aws/lib/data-aws-partition";
export { EksAccessEntry } from "@cdktf/provider-aws/lib/eks-access-entry";
export { EksAccessPolicyAssociation } from "@cdktf/provider-aws/lib/eks-access-policy-association";
export { IamPolicy } from "@cdktf/provider-aws/lib/iam-policy";
export { IamRole } from "@cdktf/provider-aws/lib/iam-role";
export { IamRolePolicyAttachment } from "@cdktf/provider-aws/lib/iam-role-policy-attachment";
