import type { PlanContext } from '../context.js';
import type { Sector as SectorRow } from '../entities/index.js';

export const Sector = {
  __resolveReference: (reference: { code: string }, ctx: PlanContext) => ctx.loaders.sector.load(reference.code),
  arrondissements: (sector: SectorRow) => sector.arrondissements.map(Number),
};
