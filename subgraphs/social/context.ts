import type { DataSource } from 'typeorm';
import type { SubgraphSettings } from '../shared/subgraph.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface SocialContext {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource, settings: SubgraphSettings): SocialContext {
  return { db, loaders: createLoaders(db, settings) };
}
