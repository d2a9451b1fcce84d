import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { EntityTarget, ObjectLiteral } from 'typeorm';
import type { DatabaseConfig } from '../../subgraphs/shared/database.js';
import type { TestEngine } from './databases.js';
import type { GraphQLResponse, RunningSubgraph } from './subgraphs.js';

/**
 * A database that outlives its subgraph, so that a test can stop the subgraph and start it again
 * on the same data: a file in a temporary folder on SQLite (not `:memory:`), a fresh database on MySQL.
 */
export async function lastingDatabase(engine: TestEngine, subgraph: string, tag: string): Promise<DatabaseConfig> {
  if (engine.kind === 'sqlite')
    return { kind: 'sqlite', file: join(mkdtempSync(join(tmpdir(), `plancrack-${tag}-`)), `${subgraph}.sqlite`) };
  return engine.freshDatabase(subgraph, tag);
}

/** Removes a lasting SQLite file's temporary folder once its subgraph has stopped (a MySQL test database is dropped by the next run). */
export function removeLastingDatabase(database: DatabaseConfig | undefined): void {
  if (database?.kind === 'sqlite') rmSync(dirname(database.file), { recursive: true, force: true });
}

/** Rows of one table, counted in the subgraph's own database. */
export const rowCount = (subgraph: RunningSubgraph, entity: EntityTarget<ObjectLiteral>): Promise<number> =>
  subgraph.built.db.getRepository(entity).count();

/** What a client sees of a refused write: the field's value, and the one error's message and extensions. */
export function refusal(response: GraphQLResponse, field: string) {
  return {
    value: response.data?.[field],
    errors: response.errors?.map((error) => ({ message: error.message, extensions: error.extensions })),
  };
}

/** Resolves after `ms`, for a barrier that must not wait forever. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
