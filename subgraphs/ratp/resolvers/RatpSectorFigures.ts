import type { RatpContext } from '../context.js';

type SectorRef = { code: string };

/** One sector's series: the same metrics as `RatpFigures`, each batched over the sectors asked for. */
export const RatpSectorFigures = {
  incidents: (sector: SectorRef, _: unknown, ctx: RatpContext) => ctx.loaders.sectorSeries.load('station-incidents', sector.code),
  trainTrafficInterruptions: (sector: SectorRef, _: unknown, ctx: RatpContext) => ctx.loaders.sectorSeries.load('train-traffic-interruptions', sector.code),
  jointPatrols: (sector: SectorRef, _: unknown, ctx: RatpContext) => ctx.loaders.sectorSeries.load('joint-patrols', sector.code),
};
