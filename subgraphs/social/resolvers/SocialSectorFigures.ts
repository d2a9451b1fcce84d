import { resolversByField } from '../../shared/figures.js';
import type { SocialSectorFiguresResolvers } from '../generated/resolvers.js';
import { sectorSeriesSourceOf, socialSectorMetrics, type SocialSectorMetric } from '../loaders.js';

/** Each metric comes from its source's `GROUP BY sectorCode, year` statement, one for every sector of the request. */
export const SocialSectorFigures: SocialSectorFiguresResolvers = resolversByField<SocialSectorFiguresResolvers, SocialSectorMetric>(
  socialSectorMetrics,
  (metric) => async (sector, _, ctx) => {
    const series = (await ctx.loaders.sectorSeries.load(sectorSeriesSourceOf(metric), sector.code))[metric];
    if (!series) throw new Error(`no ${metric} series for sector ${sector.code}`);
    return series;
  },
);
