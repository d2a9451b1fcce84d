import type { HealthSectorFiguresResolvers } from '../generated/resolvers.js';

/** A sector's series: each loader answers a batch of sectors with one `GROUP BY sector, year` statement. */
export const HealthSectorFigures: HealthSectorFiguresResolvers = {
  hospitalTeamInterventions: (sector, _, ctx) => ctx.loaders.interventionsBySector.load(sector.code),
  carePlaces: (sector, _, ctx) => ctx.loaders.carePlacesBySector.load(sector.code),
};
