import type { BaseContext } from '@apollo/server';
import type { SubgraphName } from './names.js';
import type { SubgraphDefinition } from './shared/subgraph.js';
import { definition as plan } from './plan/server.js';

/** Every subgraph's definition, by name. */
export const catalogue = {
  plan,
} as unknown as Record<SubgraphName, SubgraphDefinition<BaseContext>>;
