import type { AccessContext } from '../../shared/access.js';
import { refuseWriterWithoutRead } from '../../shared/disclosure.js';
import type { HealthContext } from '../context.js';

export const Sector = {
  __resolveReference: (reference: { code: string }) => reference,
  careFacilities: (sector: { code: string }, _: unknown, ctx: HealthContext) => ctx.loaders.facilitiesBySector.load(sector.code),
  hospitalMobileTeams: async (sector: { code: string }, _: unknown, ctx: HealthContext) =>
    ctx.loaders.team.loadMany((await ctx.loaders.teamSectorsBySector.load(sector.code)).map((s) => s.teamId)),
  // Not to writers who cannot read (differencing): no health write moves these series today, the rule is the same for every partner.
  healthFigures: (sector: { code: string }, _: unknown, ctx: AccessContext) => {
    refuseWriterWithoutRead(ctx.access, 'health', 'Sector.healthFigures');
    return { code: sector.code };
  },
};
