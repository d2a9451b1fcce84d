import type { SectorResolvers } from '../generated/resolvers.js';

export const Sector: SectorResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.sector.load(reference.code),
  arrondissements: (sector) => sector.arrondissements.map(Number),
};
