import type { RatpSectorFiguresResolvers } from '../generated/resolvers.js';

/** One sector's series: the same metrics as `RatpFigures`, each batched over the sectors asked for. */
export const RatpSectorFigures: RatpSectorFiguresResolvers = {
  incidents: (sector, _, ctx) => ctx.loaders.sectorSeries.load('station-incidents', sector.code),
  trainTrafficInterruptions: (sector, _, ctx) => ctx.loaders.sectorSeries.load('train-traffic-interruptions', sector.code),
  jointPatrols: (sector, _, ctx) => ctx.loaders.sectorSeries.load('joint-patrols', sector.code),
};
