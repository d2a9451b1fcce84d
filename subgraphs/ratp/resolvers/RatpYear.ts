import { figureForYear } from '../../shared/figures.js';
import type { RatpContext } from '../context.js';

type YearRef = { year: number };

/** Picks the year out of the same series as `ratpFigures`, so `previousValue` and `change` agree with it. */
export const RatpYear = {
  incidents: async (year: YearRef, _: unknown, ctx: RatpContext) => figureForYear(await ctx.loaders.series.load('station-incidents'), year.year),
  jointPatrols: async (year: YearRef, _: unknown, ctx: RatpContext) => figureForYear(await ctx.loaders.series.load('joint-patrols'), year.year),
};
