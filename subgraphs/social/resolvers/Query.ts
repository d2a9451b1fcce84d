import { dateRange, firstCount, sectorFilter } from '../../shared/arguments.js';
import { CarePathway, PathwayOutreachContact, PublicMeeting, ReceptionSite } from '../entities/index.js';
import { ALL } from '../loaders.js';
import { outreachCoverage } from './OutreachCoverage.js';
import type { QueryResolvers } from '../generated/resolvers.js';

/** The most people one request may list at once. */
export const MAX_PEOPLE = 500;

export const Query: QueryResolvers = {
  receptionSites: (_, args, ctx) => {
    const sector = sectorFilter('receptionSites', args.sector);
    return ctx.db.getRepository(ReceptionSite).find({ where: sector ? { sectorCode: sector } : {}, order: { code: 'ASC' } });
  },
  receptionSite: (_, args, ctx) => ctx.loaders.site.load(args.code),
  outreachCoverage: async (_, args, ctx) => {
    const range = dateRange('outreachCoverage', args);
    const sector = sectorFilter('outreachCoverage', args.sector);
    return outreachCoverage(range, sector ?? ALL, ctx);
  },
  outreachRound: (_, args, ctx) => ctx.loaders.round.load(args.id),
  residentReportSummary: async (_, args, ctx) => {
    const range = dateRange('residentReportSummary', args);
    const sector = sectorFilter('residentReportSummary', args.sector);
    const figures = await ctx.loaders.reports.load({ ...range, scope: sector ? 'sectorCode' : 'all' }, sector ?? ALL);
    return { ...figures, ...range };
  },
  publicMeetings: (_, args, ctx) => {
    const range = dateRange('publicMeetings', args);
    const sector = sectorFilter('publicMeetings', args.sector);
    const query = ctx.db.getRepository(PublicMeeting).createQueryBuilder('m').orderBy('m.date', 'ASC').addOrderBy('m.id', 'ASC');
    if (range.from) query.andWhere('m.date >= :from', { from: range.from });
    if (range.to) query.andWhere('m.date <= :to', { to: range.to });
    if (sector) query.andWhere('m.sectorCode = :sector', { sector });
    return query.getMany();
  },
  // Each field of SocialFigures loads its own series.
  socialFigures: () => ({}),
  socialPerson: (_, args, ctx) => ctx.loaders.pathway.load(args.pseudonym),
  socialPeople: async (_, args, ctx) => {
    const sector = sectorFilter('socialPeople', args.sector);
    const first = firstCount('socialPeople', args.first, MAX_PEOPLE);
    const query = sector
      ? ctx.db
          .getRepository(PathwayOutreachContact)
          .createQueryBuilder('c')
          .select('c.pseudonym', 'pseudonym')
          .distinct(true)
          .where('c.sectorCode = :sector', { sector })
          .orderBy('c.pseudonym', 'ASC')
      : ctx.db.getRepository(CarePathway).createQueryBuilder('p').select('p.pseudonym', 'pseudonym').orderBy('p.pseudonym', 'ASC');
    return query.limit(first).getRawMany<{ pseudonym: string }>();
  },
};
