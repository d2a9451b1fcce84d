import { figureForYear } from '../../shared/figures.js';
import type { PoliceJusticeContext } from '../context.js';
import { metrics, type PoliceJusticeMetric } from '../loaders.js';

/** Each field picks its year from the same series as `policeJusticeFigures`, so previousValue and change agree. */
export const PoliceJusticeYear = Object.fromEntries(
  (Object.keys(metrics) as PoliceJusticeMetric[]).map((metric) => [
    metric,
    async (parent: { year: number }, _: unknown, ctx: PoliceJusticeContext) => figureForYear(await ctx.loaders.series.load(metric), parent.year),
  ]),
);
