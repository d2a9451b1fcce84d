import type { ResidentReportResolvers } from '../generated/resolvers.js';

export const ResidentReport: ResidentReportResolvers = {
  // Sectors and plan actions belong to the plan subgraph: return their keys only.
  sector: (report) => ({ code: report.sectorCode }),
  planAction: (report) => ({ id: report.planActionId }),
};
