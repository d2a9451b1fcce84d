import { admissionsIn } from './Query.js';
import type { RegionalAdmissionSummaryResolvers } from '../generated/resolvers.js';

export const RegionalAdmissionSummary: RegionalAdmissionSummaryResolvers = {
  // Deprecated name of `to`.
  until: (period) => period.to,
  regions: async (period, _, ctx) =>
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
