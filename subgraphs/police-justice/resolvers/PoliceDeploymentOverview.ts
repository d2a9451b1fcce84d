import type { DateRange } from '../../shared/arguments.js';
import type { PoliceJusticeContext } from '../context.js';
import { PoliceDeployment } from '../entities/index.js';

export const PoliceDeploymentOverview = {
  sectors: async (overview: DateRange, _: unknown, ctx: PoliceJusticeContext) => {
    const query = ctx.db.getRepository(PoliceDeployment).createQueryBuilder('d').select('DISTINCT d.sectorCode', 'code');
    if (overview.from !== null) query.andWhere('d.deployedOn >= :from', { from: overview.from });
    if (overview.to !== null) query.andWhere('d.deployedOn <= :to', { to: overview.to });
    return query.orderBy('d.sectorCode', 'ASC').getRawMany<{ code: string }>();
  },
};
