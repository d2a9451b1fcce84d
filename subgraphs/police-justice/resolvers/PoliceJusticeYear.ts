import { figureForYear, resolversByField } from '../../shared/figures.js';
import type { PoliceJusticeYearResolvers } from '../generated/resolvers.js';
import { metrics, type PoliceJusticeMetric } from '../loaders.js';

/** Each field picks its year from the same series as `policeJusticeFigures`, so previousValue and change agree. */
export const PoliceJusticeYear: PoliceJusticeYearResolvers = resolversByField<PoliceJusticeYearResolvers, PoliceJusticeMetric>(
  Object.keys(metrics) as PoliceJusticeMetric[],
  (metric) => async (parent, _, ctx) => figureForYear(await ctx.loaders.series.load(metric), parent.year),
);
