import type { JointPatrolOverview } from '../loaders.js';

export const RatpJointPatrolOverview = {
  // Sectors belong to the plan subgraph: their keys only.
  sectors: (overview: JointPatrolOverview) => overview.sectorCodes.map((code) => ({ code })),
};
