import { dateRange } from '../../shared/arguments.js';
import type { SocialContext } from '../context.js';
import type { ReceptionSite as ReceptionSiteRow } from '../entities/index.js';

export const ReceptionSite = {
  __resolveReference: (reference: { code: string }, ctx: SocialContext) => ctx.loaders.site.load(reference.code),
  sector: (site: ReceptionSiteRow) => ({ code: site.sectorCode }),
  operator: (site: ReceptionSiteRow) => ({ code: site.operatorPartnerCode }),
  funders: (site: ReceptionSiteRow) => site.funderPartnerCodes.map((code) => ({ code })),
  history: (site: ReceptionSiteRow, _: unknown, ctx: SocialContext) => ctx.loaders.eventsBySite.load(site.code),
  attendance: async (site: ReceptionSiteRow, args: { from?: string | null; to?: string | null }, ctx: SocialContext) => {
    const range = dateRange('attendance', args);
    return { ...(await ctx.loaders.attendance.load(range, site.code)), ...range };
  },
};
