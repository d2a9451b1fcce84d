import type { PlanContext } from '../context.js';
import type { Partner as PartnerRow } from '../entities/index.js';

export const Partner = {
  __resolveReference: (reference: { code: string }, ctx: PlanContext) => ctx.loaders.partner.load(reference.code),
  ledActions: (partner: PartnerRow, _: unknown, ctx: PlanContext) => ctx.loaders.actionsByLeadPartner.load(partner.code),
};
