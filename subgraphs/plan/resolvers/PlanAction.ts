import { loadReferenced } from '../../shared/loaders.js';
import type { PlanActionResolvers } from '../generated/resolvers.js';

export const PlanAction: PlanActionResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.action.load(reference.id),
  step: (action, _, ctx) => loadReferenced(ctx.loaders.step, action.stepNumber, 'plan step'),
  leadPartner: (action, _, ctx) => loadReferenced(ctx.loaders.partner, action.leadPartnerCode, 'partner'),
};
