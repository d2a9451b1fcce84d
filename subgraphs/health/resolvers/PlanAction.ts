import type { PlanActionResolvers } from '../generated/resolvers.js';

export const PlanAction: PlanActionResolvers = {
  __resolveReference: (reference) => reference,
  careFacilities: (action, _, ctx) => ctx.loaders.facilitiesByAction.load(action.id),
  hospitalMobileTeams: (action, _, ctx) => ctx.loaders.teamsByAction.load(action.id),
};
