import type { HealthContext } from '../context.js';

export const Sector = {
  __resolveReference: (reference: { code: string }) => reference,
  careFacilities: (sector: { code: string }, _: unknown, ctx: HealthContext) => ctx.loaders.facilitiesBySector.load(sector.code),
  hospitalMobileTeams: async (sector: { code: string }, _: unknown, ctx: HealthContext) =>
    ctx.loaders.team.loadMany((await ctx.loaders.teamSectorsBySector.load(sector.code)).map((s) => s.teamId)),
  healthFigures: (sector: { code: string }) => ({ code: sector.code }),
};
