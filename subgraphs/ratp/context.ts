import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders.js';

export interface RatpContext {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource): RatpContext {
  return { db, loaders: createLoaders(db) };
}
