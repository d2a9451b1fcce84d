import { outreachLevels, outreachSlots } from '../entities/index.js';
import type { CoverageFigures } from '../loaders.js';

export type CoverageParent = CoverageFigures & { readonly from: string; readonly to: string; readonly daysInRange: number };

const weekdayNames = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
/** Monday first, as in France. */
const mondayFirst = (day: number): number => (day + 6) % 7;

export const OutreachCoverage = {
  weekdays: (coverage: CoverageParent) => [...coverage.weekdays].sort((a, b) => mondayFirst(a) - mondayFirst(b)).map((day) => weekdayNames[day]),
  slots: (coverage: CoverageParent) => outreachSlots.filter((slot) => coverage.slots.includes(slot)),
  levels: (coverage: CoverageParent) => outreachLevels.filter((level) => coverage.levels.includes(level)),
  sectors: (coverage: CoverageParent) => [...coverage.sectorCodes].sort().map((code) => ({ code })),
};
