import type { PoliceOperation as PoliceOperationRow } from '../entities/index.js';

/** A dismantling is read from its police operation row; only its public part is selected. */
export const SceneDismantling = {
  // Sectors and partners belong to the plan subgraph: return their keys only.
  sector: (operation: PoliceOperationRow) => ({ code: operation.sectorCode }),
  leadPartner: (operation: PoliceOperationRow) => ({ code: operation.leadPartnerCode }),
};
