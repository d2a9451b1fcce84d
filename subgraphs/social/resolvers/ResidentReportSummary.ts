import type { DateRange } from '../../shared/arguments.js';
import type { ReportSummaryFigures } from '../loaders.js';

/** The figures plus the range asked for; every field resolves by name. */
export type ReportSummaryParent = ReportSummaryFigures & DateRange;
