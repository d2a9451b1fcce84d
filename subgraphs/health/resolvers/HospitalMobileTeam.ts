import type { HealthContext } from '../context.js';
import type { HospitalMobileTeam as HospitalMobileTeamRow } from '../entities/index.js';

export const HospitalMobileTeam = {
  operator: (team: HospitalMobileTeamRow) => ({ code: team.operatorPartnerCode }),
  planAction: (team: HospitalMobileTeamRow) => (team.planActionId === null ? null : { id: team.planActionId }),
  sectors: async (team: HospitalMobileTeamRow, _: unknown, ctx: HealthContext) =>
    (await ctx.loaders.teamSectorsByTeam.load(team.id)).map((s) => ({ code: s.sectorCode })),
  staff: (team: HospitalMobileTeamRow, _: unknown, ctx: HealthContext) => ctx.loaders.staffByTeam.load(team.id),
  interventions: (team: HospitalMobileTeamRow, _: unknown, ctx: HealthContext) => ctx.loaders.interventionsByTeam.load(team.id),
};
