import type { PoliceDeploymentResolvers } from '../generated/resolvers.js';

export const PoliceDeployment: PoliceDeploymentResolvers = {
  date: (deployment) => deployment.deployedOn,
  // Sectors belong to the plan subgraph: return their keys only.
  sector: (deployment) => ({ code: deployment.sectorCode }),
};
