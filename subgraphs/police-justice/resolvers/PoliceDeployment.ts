import type { PoliceDeployment as PoliceDeploymentRow } from '../entities/index.js';

export const PoliceDeployment = {
  date: (deployment: PoliceDeploymentRow) => deployment.deployedOn,
  // Sectors belong to the plan subgraph: return their keys only.
  sector: (deployment: PoliceDeploymentRow) => ({ code: deployment.sectorCode }),
};
