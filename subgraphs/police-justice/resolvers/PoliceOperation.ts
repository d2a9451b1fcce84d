import type { PoliceOperationResolvers } from '../generated/resolvers.js';

export const PoliceOperation: PoliceOperationResolvers = {
  // Sectors and partners belong to the plan subgraph: return their keys only.
  sector: (operation) => ({ code: operation.sectorCode }),
  leadPartner: (operation) => ({ code: operation.leadPartnerCode }),
};
