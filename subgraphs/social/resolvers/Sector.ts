import { dateRange, firstCount } from '../../shared/arguments.js';
import { refuseWriterWithoutRead } from '../../shared/disclosure.js';
import { outreachCoverage } from './OutreachCoverage.js';
import type { SectorResolvers } from '../generated/resolvers.js';

/** The most rounds one sector may list at once. */
export const MAX_FIRST = 500;

export const Sector: SectorResolvers = {
  // Plan owns sectors: social only adds fields, so the reference is all it needs.
  __resolveReference: (reference) => reference,
  outreachCoverage: (sector, args, ctx) => outreachCoverage(dateRange('outreachCoverage', args), sector.code, ctx),
  // Deprecated name: the same coverage (its dates required by the SDL).
  outreach: (sector, args, ctx) => outreachCoverage(dateRange('outreach', args), sector.code, ctx),
  outreachRounds: (sector, args, ctx) => {
    const range = dateRange('outreachRounds', args);
    const first = firstCount('outreachRounds', args.first, MAX_FIRST);
    return ctx.loaders.roundsBySector.load({ ...range, first }, sector.code);
  },
  residentReports: async (sector, args, ctx) => {
    const range = dateRange('residentReports', args);
    return { ...(await ctx.loaders.reports.load({ ...range, scope: 'sectorCode' }, sector.code)), ...range };
  },
  receptionSites: (sector, _, ctx) => ctx.loaders.sitesBySector.load(sector.code),
  publicMeetings: (sector, _, ctx) => ctx.loaders.meetingsBySector.load(sector.code),
  // Each field of SocialSectorFigures loads its own series for this sector.
  // Not to writers who cannot read (differencing).
  socialFigures: (sector, _, ctx) => {
    refuseWriterWithoutRead(ctx.access, 'social', 'Sector.socialFigures');
    return { code: sector.code };
  },
};
