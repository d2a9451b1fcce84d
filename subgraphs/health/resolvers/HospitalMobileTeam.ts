import type { HospitalMobileTeamResolvers } from '../generated/resolvers.js';

export const HospitalMobileTeam: HospitalMobileTeamResolvers = {
  operator: (team) => ({ code: team.operatorPartnerCode }),
  planAction: (team) => (team.planActionId === null ? null : { id: team.planActionId }),
  sectors: async (team, _, ctx) => (await ctx.loaders.teamSectorsByTeam.load(team.id)).map((s) => ({ code: s.sectorCode })),
  staff: (team, _, ctx) => ctx.loaders.staffByTeam.load(team.id),
  interventions: (team, _, ctx) => ctx.loaders.interventionsByTeam.load(team.id),
};
