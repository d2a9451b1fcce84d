import type { HealthContext } from '../context.js';

export const ReceptionSite = {
  __resolveReference: (reference: { code: string }) => reference,
  nursingActs: (site: { code: string }, _: unknown, ctx: HealthContext) => ctx.loaders.nursingActsBySite.load(site.code),
};
