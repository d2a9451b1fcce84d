import type { DateRange } from '../../shared/arguments.js';
import { daysInRange } from '../../shared/sql.js';
import type { FigureContext } from '../../shared/figures.js';
import type { SocialContext } from '../context.js';
import { outreachLevels, outreachSlots } from '../entities/index.js';
import type { OutreachCoverageResolvers, OutreachWeekday } from '../generated/resolvers.js';
import type { OutreachCoverageModel } from '../models.js';

/** What a coverage needs of the request's context: its loaders, and the days each metric's data covers. */
export type CoverageContext = SocialContext & Pick<FigureContext, 'figureExtent'>;

/**
 * The coverage of a range in one sector or every one (`ALL`). An open end is the first or last day
 * outreach rounds are recorded (any sector), read with every metric's days in one statement per
 * request, however many sectors ask. Null when no round is recorded, or none is left between the ends.
 */
export async function outreachCoverage(range: DateRange, scope: string, ctx: CoverageContext): Promise<OutreachCoverageModel | null> {
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
/** SQL's day of the week, 0 (Sunday) to 6, by name. */
function weekdayName(day: number): OutreachWeekday {
  const name = weekdayNames[day];
  if (name === undefined) throw new Error(`day of the week ${day} is not 0 to 6`);
  return name;
}
/** Monday first, as in France. */
const mondayFirst = (day: number): number => (day + 6) % 7;

export const OutreachCoverage: OutreachCoverageResolvers = {
  weekdays: (coverage) => [...coverage.weekdays].sort((a, b) => mondayFirst(a) - mondayFirst(b)).map(weekdayName),
  slots: (coverage) => outreachSlots.filter((slot) => coverage.slots.includes(slot)),
  levels: (coverage) => outreachLevels.filter((level) => coverage.levels.includes(level)),
  sectors: (coverage) => [...coverage.sectorCodes].sort().map((code) => ({ code })),
};
