import type { ReceptionSiteResolvers } from '../generated/resolvers.js';

export const ReceptionSite: ReceptionSiteResolvers = {
  __resolveReference: (reference) => reference,
  nursingActs: (site, _, ctx) => ctx.loaders.nursingActsBySite.load(site.code),
};
