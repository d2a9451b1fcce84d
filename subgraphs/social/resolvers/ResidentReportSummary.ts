import type { ResidentReportSummaryResolvers } from '../generated/resolvers.js';

export const ResidentReportSummary: ResidentReportSummaryResolvers = {
  // Read from the same aggregate row as byReporterKind, without its counts (those need social:read).
  reporterKinds: (summary) => summary.byReporterKind.filter((kind) => kind.received > 0).map((kind) => kind.reporterKind),
};
