import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders.js';

export interface PlanContext {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource): PlanContext {
  return { db, loaders: createLoaders(db) };
}
