import type { RatpJointPatrolOverviewResolvers } from '../generated/resolvers.js';

export const RatpJointPatrolOverview: RatpJointPatrolOverviewResolvers = {
  // Sectors belong to the plan subgraph: their keys only.
  sectors: (overview) => overview.sectorCodes.map((code) => ({ code })),
};
