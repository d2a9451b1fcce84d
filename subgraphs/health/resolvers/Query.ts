import type { DataSource } from 'typeorm';
import { dateRange, firstCount, publicPeriod, sectorFilter, type DateRange } from '../../shared/arguments.js';
import {
  CareEvaluation,
  CareFacility,
  CarePathway,
  HospitalMobileTeam,
  HospitalTeamStaffCount,
  RegionalAdmission,
} from '../entities/index.js';
import type { QueryResolvers } from '../generated/resolvers.js';

/** The most people one request may list at once. */
export const MAX_PEOPLE = 500;

/** Admissions counted between two days, both inclusive; null is open. */
export type AdmissionPeriod = DateRange;

/** Admissions in a period, with the period's conditions applied (either end may be open). */
export function admissionsIn(db: DataSource, period: AdmissionPeriod) {
  const query = db.getRepository(RegionalAdmission).createQueryBuilder('a');
  if (period.from) query.andWhere('a.admittedOn >= :from', { from: period.from });
  if (period.to) query.andWhere('a.admittedOn <= :to', { to: period.to });
  return query;
}

/** Both counts in one aggregate statement; the per-region list is only queried when asked for. */
async function regionalAdmissionSummary(db: DataSource, period: AdmissionPeriod) {
  const totals = await admissionsIn(db, period)
    .select('COUNT(*)', 'admissions')
    .addSelect('COUNT(DISTINCT a.region)', 'regionCount')
    .getRawOne<{ admissions: unknown; regionCount: unknown }>();
  return { ...period, admissions: Number(totals?.admissions ?? 0), regionCount: Number(totals?.regionCount ?? 0) };
}

export const Query: QueryResolvers = {
  healthFacilities: (_, args, ctx) => {
    const sector = sectorFilter('healthFacilities', args.sector);
    return ctx.db.getRepository(CareFacility).find({
      where: { ...(args.kind ? { kind: args.kind } : {}), ...(sector ? { sectorCode: sector } : {}) },
      order: { id: 'ASC' },
    });
  },
  healthFacility: (_, args, ctx) => ctx.loaders.facility.load(args.id),
  healthEvaluations: (_, __, ctx) => ctx.db.getRepository(CareEvaluation).find({ order: { publishedOn: 'ASC', id: 'ASC' } }),
  healthRegionalAdmissionSummary: (_, args, ctx) =>
    regionalAdmissionSummary(
      ctx.db,
      publicPeriod('healthRegionalAdmissionSummary', dateRange('healthRegionalAdmissionSummary', args), ctx.access.identity),
    ),
  // Deprecated name: the same summary, its upper bound called `until` (so its messages say so).
  healthRegionalAdmissions: (_, args, ctx) => {
    const range = dateRange('healthRegionalAdmissions', { from: args.from, to: args.until }, 'until');
    return regionalAdmissionSummary(ctx.db, publicPeriod('healthRegionalAdmissions', range, ctx.access.identity, 'until'));
  },
  healthMobileTeams: async (_, args, ctx) => {
    const roles = [...new Set(args.withRoles ?? [])];
    const teams = ctx.db.getRepository(HospitalMobileTeam);
    if (roles.length === 0) return teams.find({ order: { id: 'ASC' } });
    // Teams with staff in every role asked for: counted in SQL, then read in the same statement.
    const ids = ctx.db
      .getRepository(HospitalTeamStaffCount)
      .createQueryBuilder('s')
      .select('s.teamId')
      .where('s.role IN (:...roles)', { roles })
      .andWhere('s.count > 0')
      .groupBy('s.teamId')
      .having('COUNT(DISTINCT s.role) = :n', { n: roles.length });
    return teams
      .createQueryBuilder('t')
      .where(`t.id IN (${ids.getQuery()})`)
      .setParameters(ids.getParameters())
      .orderBy('t.id', 'ASC')
      .getMany();
  },
  healthFigures: () => ({}),
  healthPerson: (_, args, ctx) => ctx.loaders.pathway.load(args.pseudonym),
  healthPeople: (_, args, ctx) => {
    const first = firstCount('healthPeople', args.first, MAX_PEOPLE);
    return ctx.db.getRepository(CarePathway).find({ order: { pseudonym: 'ASC' }, take: first });
  },
};
