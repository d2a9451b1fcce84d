import type { HealthContext } from '../context.js';

export const PlanAction = {
  __resolveReference: (reference: { id: string }) => reference,
  careFacilities: (action: { id: string }, _: unknown, ctx: HealthContext) => ctx.loaders.facilitiesByAction.load(action.id),
  hospitalMobileTeams: (action: { id: string }, _: unknown, ctx: HealthContext) => ctx.loaders.teamsByAction.load(action.id),
};
