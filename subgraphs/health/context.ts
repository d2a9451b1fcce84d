import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders.js';

export interface HealthContext {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource): HealthContext {
  return { db, loaders: createLoaders(db) };
}
