import type { PoliceOperation as PoliceOperationRow } from '../entities/index.js';

export const PoliceOperation = {
  // Sectors and partners belong to the plan subgraph: return their keys only.
  sector: (operation: PoliceOperationRow) => ({ code: operation.sectorCode }),
  leadPartner: (operation: PoliceOperationRow) => ({ code: operation.leadPartnerCode }),
};
