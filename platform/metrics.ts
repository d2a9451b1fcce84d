import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext, HTTPGraphQLRequest } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { projectRoot } from './project.js';

/**
 * Prometheus metrics (prom-client) under OpenTelemetry's semantic names as Prometheus writes them
 * (`http.server.request.duration` in seconds → `http_server_request_duration_seconds`). Every label
 * takes its value from a bounded set: an operation's name only when it is a registered one
 * (operations/manifest.json), else `other`; an error's code only in the form of a code. No label
 * ever holds a person, a token or a text a client chose.
 */

export const metricsPath = '/metrics';

/** Seconds, from a fast GraphQL answer to a slow subgraph call (OpenTelemetry's advised HTTP buckets, up to 10 s). */
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
/** SQL statements are mostly well under a millisecond. */
const sqlBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/** The name a label gets for an operation whose name is not registered, or that has none. */
export const otherOperation = 'other';

let registeredNames: ReadonlySet<string> | undefined;

/** The names of the operations clients are known to send (operations/manifest.json); none if the file is absent. */
export function registeredOperationNames(): ReadonlySet<string> {
  if (registeredNames === undefined) {
    try {
      const manifest = JSON.parse(readFileSync(join(projectRoot, 'operations/manifest.json'), 'utf8')) as {
        operations?: { name?: unknown }[];
      };
      registeredNames = new Set(
        (manifest.operations ?? []).map((operation) => operation.name).filter((name): name is string => typeof name === 'string'),
      );
    } catch {
      registeredNames = new Set();
    }
  }
  return registeredNames;
}

/**
 * An operation's name as a label: the registered name, else `other`. A subgraph sees the gateway's
 * name for its share of the plan, `<Operation>__<subgraph>__<n>`: the client's part is the one kept.
 */
export function operationNameLabel(name: string | null | undefined): string {
  if (!name) return otherOperation;
  const clientName = /^(.+?)__\w+__\d+$/.exec(name)?.[1] ?? name;
  return registeredOperationNames().has(clientName) ? clientName : otherOperation;
}

/** An error's `extensions.code` as a label: a code's form (capitals, digits, underscores), else `OTHER`. */
export function errorCodeLabel(code: unknown): string {
  return typeof code === 'string' && /^[A-Z][A-Z0-9_]{0,47}$/.test(code) ? code : 'OTHER';
}

const methodLabel = (method: string | undefined): string =>
  method === 'GET' || method === 'POST' || method === 'OPTIONS' ? method : '_OTHER';

/** How a request ended, for the `outcome` label. */
export type Outcome = 'success' | 'graphql_error' | 'client_error' | 'server_error';

function outcomeOf(status: number, graphqlErrors: boolean): Outcome {
  if (status >= 500) return 'server_error';
  if (status >= 400) return 'client_error';
  return graphqlErrors ? 'graphql_error' : 'success';
}

/** What the GraphQL layer learnt of one HTTP request, read when its answer is sent (metrics and the request's log line). */
export interface RequestFacts {
  operationType: string;
  operationName: string;
  graphqlErrors: boolean;
  /** The codes of the errors answered, and the ids of the internal ones (for the log line). */
  readonly errorCodes: string[];
  readonly errorIds: string[];
}

/** How one timed request ended. */
export interface FinishedRequest {
  readonly outcome: Outcome;
  readonly seconds: number;
}

/** The process's own figures (memory, CPU, event loop), registered once however many servers a process runs. */
let processRegistry: Registry | undefined;

function processMetrics(): Registry {
  if (processRegistry === undefined) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
    // Gauges that prom-client also gives per type without the suffix: "_total" belongs to counters (promtool check metrics).
    for (const gauge of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
      processRegistry.removeSingleMetric(gauge);
  }
  return processRegistry;
}

/**
 * One server's metrics (the gateway's, or one subgraph's): its own registry, so that servers
 * sharing a process (`npm start`, the tests) each count their own requests.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  private readonly requestFacts = new WeakMap<HTTPGraphQLRequest, RequestFacts>();
  readonly httpServerDuration: Histogram<
    'http_request_method' | 'http_response_status_code' | 'graphql_operation_type' | 'graphql_operation_name' | 'outcome'
  >;
  readonly graphqlErrors: Counter<'code' | 'subgraph'>;

  /** `service`: `gateway`, or the subgraph's name (the `subgraph` label of the errors it raises itself). */
  constructor(readonly service: string) {
    this.httpServerDuration = new Histogram({
      name: 'http_server_request_duration_seconds',
      help: 'Duration of GraphQL HTTP requests, from their arrival to the end of their answer',
      labelNames: ['http_request_method', 'http_response_status_code', 'graphql_operation_type', 'graphql_operation_name', 'outcome'],
      buckets: durationBuckets,
      registers: [this.registry],
    });
    this.graphqlErrors = new Counter({
      name: 'graphql_errors_total',
      help: 'GraphQL errors answered, by code and by the subgraph that raised them (gateway: the gateway itself)',
      labelNames: ['code', 'subgraph'],
      registers: [this.registry],
    });
  }

  /**
   * Starts timing one HTTP request: `attach` links it to the GraphQL request it carries (whose
   * operation the plugin names), `finish` records it with its status once the answer is sent.
   */
  startRequest(method: string | undefined): {
    readonly facts: RequestFacts;
    readonly attach: (graphqlRequest: HTTPGraphQLRequest) => void;
    readonly finish: (status: number) => FinishedRequest;
  } {
    const started = performance.now();
    const facts: RequestFacts = {
      operationType: 'unknown',
      operationName: otherOperation,
      graphqlErrors: false,
      errorCodes: [],
      errorIds: [],
    };
    return {
      facts,
      attach: (graphqlRequest) => this.requestFacts.set(graphqlRequest, facts),
      finish: (status) => {
        const outcome = outcomeOf(status, facts.graphqlErrors);
        const seconds = (performance.now() - started) / 1000;
        this.httpServerDuration.observe(
          {
            http_request_method: methodLabel(method),
            http_response_status_code: String(status),
            graphql_operation_type: facts.operationType,
            graphql_operation_name: facts.operationName,
            outcome,
          },
          seconds,
        );
        return { outcome, seconds };
      },
    };
  }

  /** Facts of the HTTP request a GraphQL request came in, for the plugin to fill. */
  factsOf(requestContext: GraphQLRequestContext<BaseContext>): RequestFacts | undefined {
    const http = requestContext.request.http;
    return http === undefined ? undefined : this.requestFacts.get(http);
  }

  /** A refusal before GraphQL ran (body too large, malformed JSON…), answered in GraphQL's error shape. */
  countRefusal(code: string): void {
    this.graphqlErrors.inc({ code: errorCodeLabel(code), subgraph: this.service });
  }

  /** The Prometheus text of this server's metrics and its process's. */
  async scrape(): Promise<{ readonly contentType: string; readonly text: string }> {
    const merged = Registry.merge([this.registry, processMetrics()]);
    return { contentType: merged.contentType, text: await merged.metrics() };
  }
}

/**
 * Fills in the operation's type and bounded name, and counts the answer's GraphQL errors by code and
 * by the subgraph that raised them (`subgraphOf`; the service itself when it says null).
 */
export function metricsPlugin<TContext extends BaseContext>(
  metrics: ServiceMetrics,
  subgraphOf: (error: GraphQLFormattedError) => string | null = () => null,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart(start) {
      const facts = metrics.factsOf(start);
      return {
        async didResolveOperation({ operation, operationName }) {
          if (facts === undefined || operation === undefined) return;
          facts.operationType = operation.operation;
          facts.operationName = operationNameLabel(operationName);
        },
        async willSendResponse({ response }) {
          const errors = response.body.kind === 'single' ? response.body.singleResult.errors : response.body.initialResult.errors;
          if (errors === undefined || errors.length === 0) return;
          if (facts !== undefined) facts.graphqlErrors = true;
          for (const error of errors) {
            const code = errorCodeLabel(error.extensions?.code);
            metrics.graphqlErrors.inc({ code, subgraph: subgraphOf(error) ?? metrics.service });
            if (facts === undefined) continue;
            facts.errorCodes.push(code);
            const errorId = error.extensions?.errorId;
            if (typeof errorId === 'string') facts.errorIds.push(errorId.slice(0, 64));
          }
        },
      };
    },
  };
}

/** What TypeORM tells a subscriber before and after each statement (its BeforeQueryEvent and AfterQueryEvent, the fields read here). */
export interface StatementEvent {
  /** The connection that runs it: statements on one run one after the other. */
  readonly queryRunner: object;
  readonly query: string;
}

export interface ExecutedStatement extends StatementEvent {
  readonly success: boolean;
  /** Whole milliseconds (TypeORM's Date.now), the fallback when the start was not seen. */
  readonly executionTime?: number;
}

const sqlOperations = new Set([
  'SELECT',
  'INSERT',
  'UPDATE',
  'DELETE',
  'WITH',
  'BEGIN',
  'START',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'RELEASE',
  'CREATE',
  'ALTER',
  'DROP',
  'PRAGMA',
  'SET',
  'SHOW',
]);

/**
 * Counts and times a subgraph's SQL statements (`db.client.operation.duration`) by the statement's
 * first keyword, never its text or parameters. Returns a TypeORM subscriber to add to the data source.
 * Timed from `beforeQuery` with performance.now(): TypeORM's own time is in whole milliseconds, and
 * most SQLite statements take less than one.
 */
export function sqlStatementMetrics(
  metrics: ServiceMetrics,
  subgraph: string,
  system: 'sqlite' | 'mysql',
): { readonly beforeQuery: (statement: StatementEvent) => void; readonly afterQuery: (statement: ExecutedStatement) => void } {
  const duration = new Histogram({
    name: 'db_client_operation_duration_seconds',
    help: 'Duration of the subgraph’s SQL statements, by their first keyword (SELECT, INSERT…); the _count is the number of statements',
    labelNames: ['subgraph', 'db_system_name', 'db_operation_name', 'outcome'],
    buckets: sqlBuckets,
    registers: [metrics.registry],
  });
  // Start times by connection and statement text, first in first out (SQLite's one connection may interleave awaits).
  const starts = new WeakMap<object, Map<string, number[]>>();
  return {
    beforeQuery: ({ queryRunner, query }) => {
      let byText = starts.get(queryRunner);
      if (byText === undefined) starts.set(queryRunner, (byText = new Map<string, number[]>()));
      const pending = byText.get(query);
      if (pending === undefined) byText.set(query, [performance.now()]);
      else pending.push(performance.now());
    },
    afterQuery: ({ queryRunner, query, success, executionTime }) => {
      const byText = starts.get(queryRunner);
      const pending = byText?.get(query);
      const started = pending?.shift();
      if (pending?.length === 0) byText?.delete(query);
      const seconds = started === undefined ? (executionTime ?? 0) / 1000 : (performance.now() - started) / 1000;
      const keyword = /^\s*(\w+)/.exec(query)?.[1]?.toUpperCase() ?? '';
      duration.observe(
        {
          subgraph,
          db_system_name: system,
          db_operation_name: sqlOperations.has(keyword) ? keyword : 'OTHER',
          outcome: success ? 'success' : 'error',
        },
        seconds,
      );
    },
  };
}
