import { readFileSync } from 'node:fs';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginCacheControl } from '@apollo/server/plugin/cacheControl';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';
import { concatAST, GraphQLScalarType, parse, type DocumentNode } from 'graphql';
import type { DataSource, EntityManager } from 'typeorm';
import type { KeyObject } from 'node:crypto';
import { gatewayProofHeader, GatewayProofVerifier } from '../../platform/gateway-proof.js';
import { formatClientError } from '../../platform/errors.js';
import { listenApollo } from '../../platform/http.js';
import { metricsPath, metricsPlugin, ServiceMetrics, sqlStatementMetrics } from '../../platform/metrics.js';
import { sqlStatementSpans, tracingPlugins } from '../../platform/tracing.js';
import { AccessRuleError, enforceAccessRules, RequestAccess, type AccessContext } from './access.js';
import { batchCacheHintsPlugin } from '../../platform/batching.js';
import { AuditEntry, auditPlugin, auditTrailFieldOf, auditTrailMismatch, auditTrailResolver } from './audit.js';
import { openDatabase, StatementCounter, type DatabaseConfig, type EntityClass, type MigrationClass } from './database.js';
import { figureDaysLoader, figureExtentLoader, figurePeriodsLoader, type FigureDaySources } from './figure-days.js';
import { figureResolvers } from './figures.js';
import { DateScalar, DateTimeScalar } from './scalars.js';
import { CountScalar } from './inputs.js';
import { IdempotencyRecord } from './writes.js';

export interface SeedOptions {
  /** Multiplies the synthetic detail rows (rounds, reports, deployments, incidents); 1 by default. */
  readonly scale: number;
}

/** A resolver map as @apollo/subgraph builds it: one object of resolvers per type (each typed by the generated `<Type>Resolvers`). */
export type SubgraphResolvers = Readonly<Record<string, object>> & { readonly Query?: object; readonly Mutation?: object };

/** What a deployment may tune in every subgraph, handed to each request's context. */
export interface SubgraphSettings {
  /** Per-sector counts below this are suppressed (null plus a reason); 5 unless configured. */
  readonly disclosureThreshold: number;
}

export const defaultSubgraphSettings: SubgraphSettings = { disclosureThreshold: 5 };

/** Everything that makes one partner's subgraph; each `subgraphs/<name>/server.ts` exports one, and `subgraphs/registry.ts` lists them. */
export interface SubgraphDefinition<TContext extends BaseContext, TName extends string = string> {
  /** Its name in the supergraph, its folder, its scopes (`<name>:read`, `<name>:write`) and its variables (`<NAME>_DATABASE_URL`…). */
  readonly name: TName;
  /** Where it listens unless PORT says otherwise (and in docker-compose). */
  readonly port: number;
  /** The partners (`Partner` codes) whose agents may read its individual-level data: its `owner:<name>` policy. */
  readonly ownerPartners: readonly string[];
  /** The subgraph's own SDL file. */
  readonly schemaFile: URL;
  /**
   * Its resolver map, typed by the types generated from its SDL (`generated/resolvers.ts`, `npm run
   * codegen`), whose context is the subgraph's own, what the access rules know of the request, and
   * the figures' day loaders.
   */
  readonly resolvers: SubgraphResolvers;
  readonly entities: readonly EntityClass[];
  readonly migrations: readonly MigrationClass[];
  /** Fresh per request: loaders must never share a cache between two requests. */
  readonly createContext: (db: DataSource, settings: SubgraphSettings) => TContext;
  readonly seed: (db: DataSource, options: SeedOptions) => Promise<void>;
  /**
   * Rebuilds the yearly rollups from the detail rows. Writes keep them up to date and MySQL
   * migrations backfill them; an embedded SQLite file made before a rollup existed gets it at start.
   */
  readonly rebuildRollups?: (manager: EntityManager) => Promise<void>;
  /** Where each metric of its figures finds its days (coverage, same-period comparisons); none for a subgraph without figures. */
  readonly figureDays?: FigureDaySources;
}

/**
 * Forgets a definition's own context type, keeping its name's. Outside its subgraph a definition is
 * only built and served, and it always builds its own context (the one its generated resolver types
 * name), so nothing can hand its resolvers a wrong one.
 */
export function forgetContext<TContext extends BaseContext, TName extends string>(
  definition: SubgraphDefinition<TContext, TName>,
): SubgraphDefinition<BaseContext, TName> {
  return definition;
}

/** A subgraph's tables: its own, the audit trail every subgraph keeps of its individual-level fields, and its writes' idempotency keys. */
export function entitiesOf(definition: Pick<SubgraphDefinition<BaseContext>, 'entities'>): EntityClass[] {
  return [...definition.entities, AuditEntry, IdempotencyRecord];
}

const sharedSchemaFiles = [
  new URL('./common.graphql', import.meta.url),
  new URL('./audit.graphql', import.meta.url),
  new URL('./cache-control.graphql', import.meta.url),
];

/** The SDL that the subgraph serves and that composition reads: its own file, plus the shared scalars, figures, audit trail and cache hints. */
export function subgraphTypeDefs(schemaFile: URL): DocumentNode {
  return concatAST([schemaFile, ...sharedSchemaFiles].map((file) => parse(readFileSync(file, 'utf8'))));
}

/** The shared SDL alone: what the shared resolvers (scalars, figures, audit trail) are typed from. */
export function sharedTypeDefs(): DocumentNode {
  return concatAST(sharedSchemaFiles.map((file) => parse(readFileSync(file, 'utf8'))));
}

const commonResolvers = { Date: DateScalar, DateTime: DateTimeScalar, Count: CountScalar, ...figureResolvers };

export interface BuiltSubgraph<TContext extends BaseContext> {
  readonly name: string;
  readonly db: DataSource;
  /** Its requests, errors and SQL statements, shown at `GET /metrics` (platform/metrics.ts). */
  readonly metrics: ServiceMetrics;
  readonly server: ApolloServer<TContext & AccessContext>;
  readonly statements: StatementCounter;
  /** GraphQL operations served, e.g. the gateway's fetches for one query plan. */
  readonly operations: { count: number };
  /** The context of one request, for the identity the gateway proved. */
  readonly createContext: (access: RequestAccess) => TContext & AccessContext;
  /** Whether this build seeded an empty database. */
  readonly seeded: boolean;
}

export interface BuildOptions {
  readonly database: DatabaseConfig;
  /** Build tables from entities instead of running migrations (tests only, and SQLite). */
  readonly synchronize?: boolean;
  /** Seed when the database is empty (the embedded default and tests). */
  readonly seedIfEmpty?: SeedOptions;
  readonly settings?: SubgraphSettings;
  /** Whether the schema may be introspected; off unless asked (production hardening). */
  readonly introspection?: boolean;
}

/** Builds a subgraph: opens its database, seeds it if asked and empty, and builds its schema. Does not start or listen. */
export async function buildSubgraph<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  options: BuildOptions,
): Promise<BuiltSubgraph<TContext>> {
  const statements = new StatementCounter();
  const db = await openDatabase(options.database, {
    entities: entitiesOf(definition),
    migrations: definition.migrations,
    synchronize: options.synchronize,
    counter: statements,
  });
  const metrics = new ServiceMetrics(definition.name);
  db.subscribers.push(sqlStatementMetrics(metrics, definition.name, options.database.kind));
  // A span per statement only while tracing is on: off, nothing more is subscribed.
  const sqlSpans = sqlStatementSpans(definition.name, options.database.kind);
  if (sqlSpans !== null) db.subscribers.push(sqlSpans);
  const seeded = options.seedIfEmpty !== undefined && (await isEmpty(db));
  const { rebuildRollups } = definition;
  if (seeded) await definition.seed(db, options.seedIfEmpty);
  else if (options.database.kind === 'sqlite' && rebuildRollups) await db.transaction((manager) => rebuildRollups(manager));
  const auditTrailField = auditTrailFieldOf(definition.name);
  const queryResolvers = definition.resolvers.Query;
  // A resolver map's entry may be a scalar; Query's never is, and spreading one would drop its methods.
  if (queryResolvers instanceof GraphQLScalarType) throw new Error(`subgraph ${definition.name}: Query's resolvers are a scalar type`);
  const schema = buildSubgraphSchema([
    {
      typeDefs: subgraphTypeDefs(definition.schemaFile),
      resolvers: {
        ...commonResolvers,
        ...definition.resolvers,
        Query: { ...queryResolvers, [auditTrailField]: auditTrailResolver(db) },
      } as GraphQLResolverMap<unknown>,
    },
  ]);
  const audited = enforceAccessRules(schema, { subgraph: definition.name, partners: definition.ownerPartners });
  const auditTrail = schema.getQueryType()?.getFields()[auditTrailField];
  if (audited.length > 0 && auditTrail === undefined) {
    throw new AccessRuleError(
      `${definition.name} has individual-level fields (${audited.join(', ')}) but no Query.${auditTrailField} to read their audit trail`,
    );
  }
  const mismatch = auditTrail === undefined ? null : auditTrailMismatch(auditTrail);
  if (mismatch !== null) throw new AccessRuleError(`${definition.name}: ${mismatch}`);
  const operations = { count: 0 };
  const settings = options.settings ?? defaultSubgraphSettings;
  const server = new ApolloServer<TContext & AccessContext>({
    schema,
    introspection: options.introspection ?? false,
    // The process's own SIGTERM handler drains the requests in flight, then exits 0; Apollo's would
    // stop at once and raise the signal again, killing the process mid-request.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    // The gateway sends the calls of one step of a plan to this subgraph as one batch (platform/batching.ts).
    allowBatchedHttpRequests: true,
    includeStacktraceInErrorResponses: false,
    // Internal errors logged with an id and masked; the gateway passes the id on to the client.
    formatError: formatClientError({ service: definition.name, hideSchemaDetails: !(options.introspection ?? false) }),
    plugins: [
      // No inline traces: the gateway does not report usage to Apollo, so they would be wasted work.
      ApolloServerPluginInlineTraceDisabled(),
      // The SDL's @cacheControl hints become a `cache-control` header (`no-store` without them), which the gateway honours.
      ApolloServerPluginCacheControl({ defaultMaxAge: 0, calculateHttpHeaders: true }),
      batchCacheHintsPlugin(),
      auditPlugin(db),
      metricsPlugin(metrics),
      ...tracingPlugins<TContext & AccessContext>({ execute: true }),
      {
        requestDidStart: async () => {
          operations.count += 1;
        },
      },
    ],
  });
  return {
    name: definition.name,
    db,
    metrics,
    server,
    statements,
    operations,
    seeded,
    createContext: (access) =>
      Object.assign(definition.createContext(db, settings), {
        access,
        figureDays: figureDaysLoader(db, definition.figureDays ?? {}),
        figureExtent: figureExtentLoader(db, definition.figureDays ?? {}),
        figurePeriods: figurePeriodsLoader(db, definition.figureDays ?? {}, settings.disclosureThreshold),
        isYearlyStock: (metric: string) => definition.figureDays?.[metric] === 'yearly-stock',
      }),
  };
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

export interface ListenOptions {
  readonly port: number;
  readonly host?: string;
  /** The gateway's public key: only requests carrying a proof it signed are answered. */
  readonly gatewayPublicKey: KeyObject;
}

/**
 * Listens (port 0: any free port) and returns the subgraph's GraphQL URL. GraphQL requests need the
 * gateway's proof (401 otherwise); `GET /health` answers whether the database is reachable.
 */
export async function listen<TContext extends BaseContext>(
  built: BuiltSubgraph<TContext>,
  options: ListenOptions,
): Promise<ListeningSubgraph> {
  const verifier = new GatewayProofVerifier(options.gatewayPublicKey, built.name);
  const listening = await listenApollo(
    built.server,
    {
      service: built.name,
      // Only the gateway calls a subgraph, with bounded variables; this bounds what anyone else could send.
      jsonShape: { limits: subgraphJsonShape, variables: { maxDepth: 'fixed', maxListLength: 'fixed', maxValues: 'fixed' } },
      context: async (request) => {
        const header = request.headers[gatewayProofHeader];
        const proven = await verifier.verify(Array.isArray(header) ? header[0] : header);
        return built.createContext(new RequestAccess(proven.identity, proven.operationName));
      },
      // GET /metrics beside /health: a subgraph's port is reached by the gateway only (docker-compose publishes none).
      routes: { '/health': () => databaseHealth(built), [metricsPath]: async () => ({ status: 200, ...(await built.metrics.scrape()) }) },
      metrics: built.metrics,
      // The gateway's trace goes on here (its traceparent).
      callerTrace: 'continue',
      // Who asked, as the gateway's proof says: never the proof itself.
      describeRequest: ({ access }) => ({ agent: access.identity.agent, partner: access.identity.partner }),
    },
    options.port,
    options.host ?? '127.0.0.1',
  );
  return {
    url: listening.url,
    stop: async () => {
      await listening.close();
      await built.db.destroy();
    },
  };
}

/** Generous: the gateway's `_entities` batches carry one representation per entity of a plan, thousands at a million rows. */
const subgraphJsonShape = { maxDepth: 64, maxListLength: 1_000_000, maxValues: 10_000_000 };

async function databaseHealth(built: Pick<BuiltSubgraph<BaseContext>, 'name' | 'db'>): Promise<{ status: number; body: unknown }> {
  try {
    await built.db.query('SELECT 1');
    return { status: 200, body: { status: 'ok', subgraph: built.name, database: 'reachable' } };
  } catch (error) {
    return { status: 503, body: { status: 'unavailable', subgraph: built.name, database: (error as Error).message } };
  }
}
