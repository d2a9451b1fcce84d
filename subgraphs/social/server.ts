import type { SubgraphDefinition } from '../shared/subgraph.js';
import { createContext, type SocialContext } from './context.js';
import { entities } from './entities/index.js';
import { figureDays } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';
import { rebuildRollups } from './rollups.js';
import { seed } from './seed.js';

export const definition: SubgraphDefinition<SocialContext, 'social'> = {
  name: 'social',
  port: 4004,
  ownerPartners: ['ville-paris'],
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  entities,
  migrations,
  createContext,
  seed,
  rebuildRollups,
  figureDays,
};
