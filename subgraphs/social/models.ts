/**
 * What social's resolvers receive as their parent, where it is not the GraphQL type itself:
 * `<Type>Model` maps `<Type>` in generated/resolvers.ts (`npm run codegen`).
 */
import type { DateRange } from '../shared/arguments.js';
import type { Stored } from '../shared/writes.js';
import type { ResidentReport } from './entities/index.js';
import type { Sector, Year } from './generated/resolvers.js';
import type { CoverageFigures, ReportSummaryFigures } from './loaders.js';

export type {
  OutreachRound as OutreachRoundModel,
  PathwayOutreachContact as PathwayOutreachContactModel,
  PathwayRestSpaceVisit as PathwayRestSpaceVisitModel,
  PublicMeeting as PublicMeetingModel,
  ReceptionSite as ReceptionSiteModel,
  ReceptionSiteEvent as ReceptionSiteEventModel,
} from './entities/index.js';
/** A coverage's figures over the days between its two ends, both known. */
export type OutreachCoverageModel = CoverageFigures & { readonly from: string; readonly to: string; readonly daysInRange: number };
/** The figures plus the range asked for; every field resolves by name. */
export type ResidentReportSummaryModel = ReportSummaryFigures & DateRange;
/** A report as a write answers it: the row, or its stored copy on a replay. */
export type ResidentReportModel = ResidentReport | Stored<ResidentReport>;
/** Social's plan-wide figures: each series is read from the context alone. */
export type SocialFiguresModel = Record<PropertyKey, never>;
/** A sector's series, keyed by the sector alone. */
export type SocialSectorFiguresModel = Pick<Sector, 'code'>;
/** A year's figures, keyed by the year alone. */
export type SocialYearModel = Pick<Year, 'year'>;
