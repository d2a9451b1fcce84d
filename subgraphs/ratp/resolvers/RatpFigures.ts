import type { RatpFiguresResolvers } from '../generated/resolvers.js';

export const RatpFigures: RatpFiguresResolvers = {
  incidents: (_, __, ctx) => ctx.loaders.series.load('station-incidents'),
  jointPatrols: (_, __, ctx) => ctx.loaders.series.load('joint-patrols'),
};
