/**
 * A loopback AWS endpoint for tests and benchmarks: IAM, STS and EKS over
 * their real wire protocols, an account model, and policy decisions from
 * `@cloud-copilot/iam-simulate`.
 */
export {
  adminCaller,
  allow,
  collectorCaller,
  deny,
  policy,
  roleArn,
  trustPolicy,
  type AccessEntryModel,
  type AccessPolicyAssociationModel,
  type AccessScopeModel,
  type AccountModel,
  type CallerModel,
  type ClusterModel,
  type PolicyDocument,
  type PolicyStatement,
  type RoleModel,
} from "./account";
export { DEFAULT_MAX_ITEMS } from "./simulate-principal-policy";
export {
  startAwsEndpoint,
  type AwsClientConfig,
  type AwsEndpoint,
  type AwsEndpointOptions,
  type AwsService,
  type RecordedCall,
} from "./server";
