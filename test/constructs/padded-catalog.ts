/**
 * A catalog padded past IAM's managed-policy limit, for the split tests.
 */
import { statementsForMode } from "../../policies";
import type { AccessMode, CatalogStatement } from "../../policies";

/**
 * Returns the statements of `mode` plus a statement of `extraActions`
 * made-up read actions (about 35 characters each) and, with
 * `oversizedActions`, a statement too large for one document by itself.
 */
export function paddedCatalog(
  mode: AccessMode,
  extraActions: number,
  oversizedActions = 0,
): CatalogStatement[] {
  const padding = (sid: string, count: number): CatalogStatement => ({
    sid,
    origin: "addition",
    purpose: "Padding for split tests.",
    modes: [mode],
    scope: "all-resources",
    actions: Array.from(
      { length: count },
      (_, index) =>
        `cloudwatch:GetPaddedMetricStatistic${String(index).padStart(4, "0")}`,
    ),
  });
  const statements = [...statementsForMode(mode)];
  statements.splice(1, 0, padding("ScoutfloPadding", extraActions));
  if (oversizedActions > 0) {
    statements.push(padding("ScoutfloOversized", oversizedActions));
  }

  return statements;
}
