import type { SocialContext } from '../context.js';
import { figureForYear, type YearlyFigure } from '../../shared/figures.js';
import { socialMetrics, type SocialMetric } from '../loaders.js';

type YearRef = { readonly year: number };

/** Picks the year from the same series as `socialFigures`, so previousValue and change come with it. */
export const SocialYear = Object.fromEntries(
  socialMetrics.map((metric) => [
    metric,
    async (year: YearRef, _: unknown, ctx: SocialContext) => figureForYear(await ctx.loaders.series.load(metric), year.year),
  ]),
) as Record<SocialMetric, (year: YearRef, args: unknown, ctx: SocialContext) => Promise<YearlyFigure | null>>;
