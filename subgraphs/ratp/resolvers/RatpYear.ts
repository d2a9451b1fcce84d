import { figureForYear } from '../../shared/figures.js';
import type { RatpYearResolvers } from '../generated/resolvers.js';

/** Picks the year out of the same series as `ratpFigures`, so `previousValue` and `change` agree with it. */
export const RatpYear: RatpYearResolvers = {
  incidents: async (year, _, ctx) => figureForYear(await ctx.loaders.series.load('station-incidents'), year.year),
  jointPatrols: async (year, _, ctx) => figureForYear(await ctx.loaders.series.load('joint-patrols'), year.year),
};
