/** The state that the steps of one preflight share. */
import type { PreflightOptions, ProgressEvent } from "./options";
import type { ReportBuilder } from "./report-builder";

/** The options, the report under construction and the progress callback of one preflight. */
export interface PreflightRun {
  readonly options: PreflightOptions;
  readonly report: ReportBuilder;
  readonly progress: (event: ProgressEvent) => void;
}
