/**
 * The public entry of the Scoutflo constructs: the constructs and their
 * props, errors, validation, policy rendering, and the permission catalog.
 */
export * from "../policies";
export * from "./errors";
export * from "./eks-access";
export * from "./policy-document";
export * from "./scoutflo-cluster-connect";
export * from "./scoutflo-policies";
export * from "./scoutflo-role";
export * from "./validation";
