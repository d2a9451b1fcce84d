import type { AccessContext } from '../../shared/access.js';
import type { DataSource } from 'typeorm';
import { dateRange, firstCount, publicPeriod, sectorFilter } from '../../shared/arguments.js';
import type { HealthContext } from '../context.js';
import { CareEvaluation, CareFacility, CarePathway, HospitalMobileTeam, HospitalTeamStaffCount, RegionalAdmission, type CareFacilityKind, type HospitalStaffRole } from '../entities/index.js';

/** The most people one request may list at once. */
export const MAX_PEOPLE = 500;

export interface AdmissionPeriod {
  readonly from: string | null;
  readonly until: string | null;
}

/** Admissions in a period, with the period's conditions applied (either end may be open). */
export function admissionsIn(db: DataSource, period: AdmissionPeriod) {
  const query = db.getRepository(RegionalAdmission).createQueryBuilder('a');
  if (period.from) query.andWhere('a.admittedOn >= :from', { from: period.from });
  if (period.until) query.andWhere('a.admittedOn <= :until', { until: period.until });
  return query;
}

export const Query = {
  healthFacilities: (_: unknown, args: { kind?: CareFacilityKind | null; sector?: string | null }, ctx: HealthContext) => {
    const sector = sectorFilter('healthFacilities', args.sector);
    return ctx.db.getRepository(CareFacility).find({
      where: { ...(args.kind ? { kind: args.kind } : {}), ...(sector ? { sectorCode: sector } : {}) },
      order: { id: 'ASC' },
    });
  },
  healthFacility: (_: unknown, args: { id: string }, ctx: HealthContext) => ctx.loaders.facility.load(args.id),
  healthEvaluations: (_: unknown, __: unknown, ctx: HealthContext) =>
    ctx.db.getRepository(CareEvaluation).find({ order: { publishedOn: 'ASC', id: 'ASC' } }),
  healthRegionalAdmissions: async (_: unknown, args: { from?: string | null; until?: string | null }, ctx: HealthContext & AccessContext) => {
    // The SDL calls the upper bound `until`: the message must name it so.
    const { from, to: until } = publicPeriod('healthRegionalAdmissions', dateRange('healthRegionalAdmissions', { from: args.from, to: args.until }, 'until'), ctx.access.identity, 'until');
    const period: AdmissionPeriod = { from, until };
    // Both counts in one aggregate statement; the per-region list is only queried when asked for.
    const totals = await admissionsIn(ctx.db, period)
      .select('COUNT(*)', 'admissions')
      .addSelect('COUNT(DISTINCT a.region)', 'regionCount')
      .getRawOne<{ admissions: unknown; regionCount: unknown }>();
    return { ...period, admissions: Number(totals?.admissions ?? 0), regionCount: Number(totals?.regionCount ?? 0) };
  },
  healthMobileTeams: async (_: unknown, args: { withRoles?: readonly HospitalStaffRole[] | null }, ctx: HealthContext) => {
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
  healthPerson: (_: unknown, args: { pseudonym: string }, ctx: HealthContext) => ctx.loaders.pathway.load(args.pseudonym),
  healthPeople: (_: unknown, args: { first: number }, ctx: HealthContext) => {
    const first = firstCount('healthPeople', args.first, MAX_PEOPLE);
    return ctx.db.getRepository(CarePathway).find({ order: { pseudonym: 'ASC' }, take: first });
  },
};

