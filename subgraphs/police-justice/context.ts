import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders.js';

export interface PoliceJusticeContext {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource): PoliceJusticeContext {
  return { db, loaders: createLoaders(db) };
}
