import type { SceneDismantlingResolvers } from '../generated/resolvers.js';

/** A dismantling is read from its police operation row; only its public part is selected. */
export const SceneDismantling: SceneDismantlingResolvers = {
  // Sectors and partners belong to the plan subgraph: return their keys only.
  sector: (operation) => ({ code: operation.sectorCode }),
  leadPartner: (operation) => ({ code: operation.leadPartnerCode }),
};
