import { refuseWriterWithoutRead } from '../../shared/disclosure.js';
import { loadAllReferenced } from '../../shared/loaders.js';
import type { SectorResolvers } from '../generated/resolvers.js';

export const Sector: SectorResolvers = {
  __resolveReference: (reference) => reference,
  careFacilities: (sector, _, ctx) => ctx.loaders.facilitiesBySector.load(sector.code),
  hospitalMobileTeams: async (sector, _, ctx) =>
    loadAllReferenced(
      ctx.loaders.team,
      (await ctx.loaders.teamSectorsBySector.load(sector.code)).map((s) => s.teamId),
      'hospital mobile team',
    ),
  // Not to writers who cannot read (differencing): no health write moves these series today, the rule is the same for every partner.
  healthFigures: (sector, _, ctx) => {
    refuseWriterWithoutRead(ctx.access, 'health', 'Sector.healthFigures');
    return { code: sector.code };
  },
};
