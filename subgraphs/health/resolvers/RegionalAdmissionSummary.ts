import type { HealthContext } from '../context.js';
import { admissionsIn, type AdmissionPeriod } from './Query.js';

export const RegionalAdmissionSummary = {
  // Deprecated name of `to`.
  until: (period: AdmissionPeriod) => period.to,
  regions: async (period: AdmissionPeriod, _: unknown, ctx: HealthContext) =>
    (
      await admissionsIn(ctx.db, period)
        .select('a.region', 'region')
        .addSelect('COUNT(*)', 'admissions')
        .groupBy('a.region')
        .orderBy('admissions', 'DESC')
        .addOrderBy('a.region', 'ASC')
        .getRawMany<{ region: string; admissions: unknown }>()
    ).map((row) => ({ region: row.region, admissions: Number(row.admissions) })),
};
