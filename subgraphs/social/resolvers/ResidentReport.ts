import type { Stored } from '../../shared/writes.js';
import type { ResidentReport as ResidentReportRow } from '../entities/index.js';

/** A report as a write answers it: the row, or its stored copy on a replay. */
type Report = ResidentReportRow | Stored<ResidentReportRow>;

export const ResidentReport = {
  // Sectors and plan actions belong to the plan subgraph: return their keys only.
  sector: (report: Report) => ({ code: report.sectorCode }),
  planAction: (report: Report) => ({ id: report.planActionId }),
};
