import type { DateRange } from '../../shared/arguments.js';
import type { ReportSummaryFigures } from '../loaders.js';

/** The figures plus the range asked for; every field resolves by name. */
export type ReportSummaryParent = ReportSummaryFigures & DateRange;

export const ResidentReportSummary = {
  // Read from the same aggregate row as byReporterKind, without its counts (those need social:read).
  reporterKinds: (summary: ReportSummaryParent) => summary.byReporterKind.filter((kind) => kind.received > 0).map((kind) => kind.reporterKind),
};
