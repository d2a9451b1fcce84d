import type { PartnerResolvers } from '../generated/resolvers.js';

export const Partner: PartnerResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.partner.load(reference.code),
  ledActions: (partner, _, ctx) => ctx.loaders.actionsByLeadPartner.load(partner.code),
};
