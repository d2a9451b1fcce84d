import type { BaseContext } from '@apollo/server';
import type { SubgraphDefinition, SubgraphName } from './shared/subgraph.js';
import { definition as plan } from './plan/server.js';

export interface CatalogueEntry {
  readonly definition: SubgraphDefinition<BaseContext>;
  /** Default port when the subgraph runs on its own. */
  readonly port: number;
}

/** Every subgraph of the plan-wide graph, in the order they start. */
export const catalogue: Record<SubgraphName, CatalogueEntry> = {
  plan: { definition: plan as SubgraphDefinition<BaseContext>, port: 4001 },
  // POLICE_JUSTICE, HEALTH, SOCIAL, RATP
} as Record<SubgraphName, CatalogueEntry>;
