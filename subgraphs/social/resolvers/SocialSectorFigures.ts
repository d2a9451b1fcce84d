import type { FigureSeries } from '../../shared/figures.js';
import type { SocialContext } from '../context.js';
import { sectorSeriesSourceOf, socialSectorMetrics, type SocialSectorMetric } from '../loaders.js';

type SectorRef = { readonly code: string };

/** Each metric comes from its source's `GROUP BY sectorCode, year` statement, one for every sector of the request. */
export const SocialSectorFigures = Object.fromEntries(
  socialSectorMetrics.map((metric) => [
    metric,
    async (sector: SectorRef, _: unknown, ctx: SocialContext): Promise<FigureSeries> => {
      const series = (await ctx.loaders.sectorSeries.load(sectorSeriesSourceOf(metric), sector.code))[metric];
      if (!series) throw new Error(`no ${metric} series for sector ${sector.code}`);
      return series;
    },
  ]),
) as Record<SocialSectorMetric, (sector: SectorRef, args: unknown, ctx: SocialContext) => Promise<FigureSeries>>;
