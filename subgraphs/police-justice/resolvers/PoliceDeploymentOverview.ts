import { PoliceDeployment } from '../entities/index.js';
import type { PoliceDeploymentOverviewResolvers } from '../generated/resolvers.js';

export const PoliceDeploymentOverview: PoliceDeploymentOverviewResolvers = {
  sectors: async (overview, _, ctx) => {
    const query = ctx.db.getRepository(PoliceDeployment).createQueryBuilder('d').select('DISTINCT d.sectorCode', 'code');
    if (overview.from !== null) query.andWhere('d.deployedOn >= :from', { from: overview.from });
    if (overview.to !== null) query.andWhere('d.deployedOn <= :to', { to: overview.to });
    return query.orderBy('d.sectorCode', 'ASC').getRawMany<{ code: string }>();
  },
};
