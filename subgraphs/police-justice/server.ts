import type { SubgraphDefinition } from '../shared/subgraph.js';
import { createContext, type PoliceJusticeContext } from './context.js';
import { entities } from './entities/index.js';
import { figureDays } from './loaders.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';
import { rebuildRollups } from './rollups.js';
import { seed } from './seed.js';

export const definition: SubgraphDefinition<PoliceJusticeContext, 'police-justice'> = {
  name: 'police-justice',
  port: 4002,
  ownerPartners: ['pref-police', 'parquet-paris'],
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  entities,
  migrations,
  createContext,
  seed,
  rebuildRollups,
  figureDays,
};
