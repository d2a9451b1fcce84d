import { dateRange } from '../../shared/arguments.js';
import type { ReceptionSiteResolvers } from '../generated/resolvers.js';

export const ReceptionSite: ReceptionSiteResolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.site.load(reference.code),
  sector: (site) => ({ code: site.sectorCode }),
  operator: (site) => ({ code: site.operatorPartnerCode }),
  funders: (site) => site.funderPartnerCodes.map((code) => ({ code })),
  history: (site, _, ctx) => ctx.loaders.eventsBySite.load(site.code),
  attendance: async (site, args, ctx) => {
    const range = dateRange('attendance', args);
    return { ...(await ctx.loaders.attendance.load(range, site.code)), ...range };
  },
};
