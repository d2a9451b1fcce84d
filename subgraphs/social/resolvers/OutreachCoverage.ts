import type { DateRange } from '../../shared/arguments.js';
import { daysInRange } from '../../shared/sql.js';
import type { FigureContext } from '../../shared/figures.js';
import type { SocialContext } from '../context.js';
import { outreachLevels, outreachSlots } from '../entities/index.js';
import type { CoverageFigures } from '../loaders.js';

export type CoverageParent = CoverageFigures & { readonly from: string; readonly to: string; readonly daysInRange: number };

/** What a coverage needs of the request's context: its loaders, and the days each metric's data covers. */
export type CoverageContext = SocialContext & Pick<FigureContext, 'figureExtent'>;

/**
 * The coverage of a range in one sector or every one (`ALL`). An open end is the first or last day
 * outreach rounds are recorded (any sector), read with every metric's days in one statement per
 * request, however many sectors ask. Null when no round is recorded, or none is left between the ends.
 */
export async function outreachCoverage(range: DateRange, scope: string, ctx: CoverageContext): Promise<CoverageParent | null> {
  let { from, to } = range;
  if (from === null || to === null) {
    const extent = await ctx.figureExtent('outreach-rounds');
    if (!extent?.first || !extent.last) return null;
    from ??= extent.first;
    to ??= extent.last;
    if (from > to) return null;
  }
  const figures = await ctx.loaders.coverage.load({ from, to }, scope);
  return { ...figures, from, to, daysInRange: daysInRange(from, to) };
}

const weekdayNames = ['SUNDAY', 'MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY'] as const;
/** Monday first, as in France. */
const mondayFirst = (day: number): number => (day + 6) % 7;

export const OutreachCoverage = {
  weekdays: (coverage: CoverageParent) => [...coverage.weekdays].sort((a, b) => mondayFirst(a) - mondayFirst(b)).map((day) => weekdayNames[day]),
  slots: (coverage: CoverageParent) => outreachSlots.filter((slot) => coverage.slots.includes(slot)),
  levels: (coverage: CoverageParent) => outreachLevels.filter((level) => coverage.levels.includes(level)),
  sectors: (coverage: CoverageParent) => [...coverage.sectorCodes].sort().map((code) => ({ code })),
};
