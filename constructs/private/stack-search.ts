import { TerraformStack } from "cdktf";
import type { IConstruct } from "constructs";

/**
 * Returns another construct of the stack that contains `self` for which
 * `matches` is true, or undefined when there is none.
 */
export function findOtherInStack<T extends IConstruct>(
  self: IConstruct,
  matches: (construct: IConstruct) => construct is T,
): T | undefined {
  const found = TerraformStack.of(self)
    .node.findAll()
    .find((construct) => construct !== self && matches(construct));

  return found as T | undefined;
}
