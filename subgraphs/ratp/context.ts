import type { FigureContext } from '../shared/figures.js';
import type { DataSource } from 'typeorm';
import type { SubgraphSettings } from '../shared/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface RatpContext {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource, settings: SubgraphSettings): RatpContext {
  return { db, loaders: createLoaders(db, settings) };
}

/** What each of its resolvers receives: its own context, what the access rules know of the request, and the figures' day loaders. */
export type RatpResolverContext = RatpContext & FigureContext;
