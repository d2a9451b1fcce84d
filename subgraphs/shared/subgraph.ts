import { readFileSync } from 'node:fs';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { concatAST, parse, type DocumentNode } from 'graphql';
import type { DataSource } from 'typeorm';
import { openDatabase, StatementCounter, type DatabaseConfig, type EntityClass, type MigrationClass } from './database.js';
import { figureResolvers } from './figures.js';
import { DateScalar, DateTimeScalar } from './scalars.js';

export type { GraphQLResolverMap };

import type { SubgraphName } from '../names.js';

export interface SeedOptions {
  /** Multiplies the synthetic detail rows (rounds, reports, deployments, incidents); 1 by default. */
  readonly scale: number;
}

/** Everything that makes one partner's subgraph; each `subgraphs/<name>/server.ts` exports one. */
export interface SubgraphDefinition<TContext extends BaseContext> {
  readonly name: SubgraphName;
  /** The subgraph's own SDL file. */
  readonly schemaFile: URL;
  readonly resolvers: GraphQLResolverMap<TContext>;
  readonly entities: readonly EntityClass[];
  readonly migrations: readonly MigrationClass[];
  /** Fresh per request: loaders must never share a cache between two requests. */
  readonly createContext: (db: DataSource) => TContext;
  readonly seed: (db: DataSource, options: SeedOptions) => Promise<void>;
}

/**
 * Forgets a definition's own context type. Outside its subgraph a definition is only built and
 * served, and it always builds its own context, so nothing can hand its resolvers a wrong one.
 */
export function forgetContext<TContext extends BaseContext>(definition: SubgraphDefinition<TContext>): SubgraphDefinition<BaseContext> {
  return definition as unknown as SubgraphDefinition<BaseContext>;
}

const commonSchemaFile = new URL('./common.graphql', import.meta.url);

/** The SDL that the subgraph serves and that composition reads: its own file, plus the shared scalars and figures. */
export function subgraphTypeDefs(schemaFile: URL): DocumentNode {
  return concatAST([parse(readFileSync(schemaFile, 'utf8')), parse(readFileSync(commonSchemaFile, 'utf8'))]);
}

const commonResolvers = { Date: DateScalar, DateTime: DateTimeScalar, ...figureResolvers };

export interface BuiltSubgraph<TContext extends BaseContext> {
  readonly name: SubgraphName;
  readonly db: DataSource;
  readonly server: ApolloServer<TContext>;
  readonly statements: StatementCounter;
  /** GraphQL operations served, e.g. the gateway's fetches for one query plan. */
  readonly operations: { count: number };
  readonly createContext: () => TContext;
  /** Whether this build seeded an empty database. */
  readonly seeded: boolean;
}

export interface BuildOptions {
  readonly database: DatabaseConfig;
  /** Build tables from entities instead of running migrations (tests only, and SQLite). */
  readonly synchronize?: boolean;
  /** Seed when the database is empty (the embedded default and tests). */
  readonly seedIfEmpty?: SeedOptions;
}

/** Builds a subgraph: opens its database, seeds it if asked and empty, and builds its schema. Does not start or listen. */
export async function buildSubgraph<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  options: BuildOptions,
): Promise<BuiltSubgraph<TContext>> {
  const statements = new StatementCounter();
  const db = await openDatabase(options.database, {
    entities: definition.entities,
    migrations: definition.migrations,
    synchronize: options.synchronize,
    counter: statements,
  });
  const seeded = options.seedIfEmpty !== undefined && (await isEmpty(db));
  if (seeded && options.seedIfEmpty) await definition.seed(db, options.seedIfEmpty);
  const schema = buildSubgraphSchema([
    { typeDefs: subgraphTypeDefs(definition.schemaFile), resolvers: { ...commonResolvers, ...definition.resolvers } as GraphQLResolverMap<unknown> },
  ]);
  // No inline traces: the gateway does not report usage to Apollo, so they would be wasted work.
  const operations = { count: 0 };
  const server = new ApolloServer<TContext>({
    schema,
    includeStacktraceInErrorResponses: false,
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      {
        requestDidStart: async () => {
          operations.count += 1;
        },
      },
    ],
  });
  return { name: definition.name, db, server, statements, operations, seeded, createContext: () => definition.createContext(db) };
}

/** Whether no table has a row; `exists` stops at the first row, where COUNT(*) would scan every table at start-up. */
async function isEmpty(db: DataSource): Promise<boolean> {
  for (const entity of db.entityMetadatas) {
    if (await db.getRepository(entity.target).exists()) return false;
  }
  return true;
}

export interface ListeningSubgraph {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

/** Starts the server and listens on a port (0: any free port); returns the subgraph's GraphQL URL. */
export async function listen<TContext extends BaseContext>(built: BuiltSubgraph<TContext>, port: number, host = '127.0.0.1'): Promise<ListeningSubgraph> {
  const { url } = await startStandaloneServer(built.server, {
    listen: { port, host },
    context: async () => built.createContext(),
  });
  return {
    url,
    stop: async () => {
      await built.server.stop();
      await built.db.destroy();
    },
  };
}
