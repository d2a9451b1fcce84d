import type { SubgraphDefinition } from '../shared/subgraph.js';
import { createContext, type PlanContext } from './context.js';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';
import { seed } from './seed.js';

export const definition: SubgraphDefinition<PlanContext, 'plan'> = {
  name: 'plan',
  port: 4001,
  ownerPartners: ['pref-idf', 'mildeca'],
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  entities,
  migrations,
  createContext,
  seed,
};
