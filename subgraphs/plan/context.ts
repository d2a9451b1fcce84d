import type { FigureContext } from '../shared/figures.js';
import type { DataSource } from 'typeorm';
import { createLoaders, type Loaders } from './loaders.js';

export interface PlanContext {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource): PlanContext {
  return { db, loaders: createLoaders(db) };
}

/** What each of its resolvers receives: its own context, what the access rules know of the request, and the figures' day loaders. */
export type PlanResolverContext = PlanContext & FigureContext;
