import { figureForYear, resolversByField } from '../../shared/figures.js';
import type { SocialYearResolvers } from '../generated/resolvers.js';
import { socialMetrics, type SocialMetric } from '../loaders.js';

/** Picks the year from the same series as `socialFigures`, so previousValue and change come with it. */
export const SocialYear: SocialYearResolvers = resolversByField<SocialYearResolvers, SocialMetric>(
  socialMetrics,
  (metric) => async (year, _, ctx) => figureForYear(await ctx.loaders.series.load(metric), year.year),
);
