import type { RatpContext } from '../context.js';

export const RatpFigures = {
  incidents: (_: unknown, __: unknown, ctx: RatpContext) => ctx.loaders.series.load('station-incidents'),
  jointPatrols: (_: unknown, __: unknown, ctx: RatpContext) => ctx.loaders.series.load('joint-patrols'),
};
