import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders.js';

export interface SocialContext {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource): SocialContext {
  return { db, loaders: createLoaders(db) };
}
