import type { AccessContext } from '../../shared/access.js';
import { dateRange, firstCount } from '../../shared/arguments.js';
import { refuseWriterWithoutRead } from '../../shared/disclosure.js';
import type { SocialContext } from '../context.js';
import { outreachCoverage, type CoverageContext, type CoverageParent } from './OutreachCoverage.js';
import type { ReportSummaryParent } from './ResidentReportSummary.js';

type SectorRef = { readonly code: string };
type RangeArgs = { from?: string | null; to?: string | null };

/** The most rounds one sector may list at once. */
export const MAX_FIRST = 500;

export const Sector = {
  // Plan owns sectors: social only adds fields, so the reference is all it needs.
  __resolveReference: (reference: SectorRef) => reference,
  outreachCoverage: (sector: SectorRef, args: RangeArgs, ctx: CoverageContext): Promise<CoverageParent | null> =>
    outreachCoverage(dateRange('outreachCoverage', args), sector.code, ctx),
  // Deprecated name: the same coverage (its dates required by the SDL).
  outreach: (sector: SectorRef, args: RangeArgs, ctx: CoverageContext): Promise<CoverageParent | null> =>
    outreachCoverage(dateRange('outreach', args), sector.code, ctx),
  outreachRounds: (sector: SectorRef, args: RangeArgs & { first: number }, ctx: SocialContext) => {
    const range = dateRange('outreachRounds', args);
    const first = firstCount('outreachRounds', args.first, MAX_FIRST);
    return ctx.loaders.roundsBySector.load({ ...range, first }, sector.code);
  },
  residentReports: async (sector: SectorRef, args: RangeArgs, ctx: SocialContext): Promise<ReportSummaryParent> => {
    const range = dateRange('residentReports', args);
    return { ...(await ctx.loaders.reports.load({ ...range, scope: 'sectorCode' }, sector.code)), ...range };
  },
  receptionSites: (sector: SectorRef, _: unknown, ctx: SocialContext) => ctx.loaders.sitesBySector.load(sector.code),
  publicMeetings: (sector: SectorRef, _: unknown, ctx: SocialContext) => ctx.loaders.meetingsBySector.load(sector.code),
  // Each field of SocialSectorFigures loads its own series for this sector.
  // Not to writers who cannot read (differencing).
  socialFigures: (sector: SectorRef, _: unknown, ctx: AccessContext): SectorRef => {
    refuseWriterWithoutRead(ctx.access, 'social', 'Sector.socialFigures');
    return { code: sector.code };
  },
};
