import type { PlanContext } from '../context.js';
import type { PlanAction as PlanActionRow } from '../entities/index.js';

export const PlanAction = {
  __resolveReference: (reference: { id: string }, ctx: PlanContext) => ctx.loaders.action.load(reference.id),
  step: (action: PlanActionRow, _: unknown, ctx: PlanContext) => ctx.loaders.step.load(action.stepNumber),
  leadPartner: (action: PlanActionRow, _: unknown, ctx: PlanContext) => ctx.loaders.partner.load(action.leadPartnerCode),
};
