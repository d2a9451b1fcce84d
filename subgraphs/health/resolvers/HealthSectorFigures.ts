import type { HealthContext } from '../context.js';

/** A sector's series: each loader answers a batch of sectors with one `GROUP BY sector, year` statement. */
export const HealthSectorFigures = {
  hospitalTeamInterventions: (sector: { code: string }, _: unknown, ctx: HealthContext) => ctx.loaders.interventionsBySector.load(sector.code),
  carePlaces: (sector: { code: string }, _: unknown, ctx: HealthContext) => ctx.loaders.carePlacesBySector.load(sector.code),
};
