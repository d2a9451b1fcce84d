import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ApolloServerPlugin } from '@apollo/server';
import { OperationTypeNode, type GraphQLFormattedError } from 'graphql';
import { Counter, Gauge, Histogram } from 'prom-client';
import { metricsPath, metricsPlugin, ServiceMetrics } from '../platform/metrics.js';
import type { CircuitState, GatewayContext, SubgraphState } from './subgraphs.js';

/** How one subgraph call of a query plan ended: `success`, or why it failed (gateway/subgraphs.ts's reasons, lower-cased). */
export type SubgraphCallOutcome =
  'success' | 'graphql_error' | 'circuit_open' | 'refused' | 'timeout' | 'http_error' | 'invalid_response' | 'unreachable';

const circuitStates: readonly CircuitState[] = ['closed', 'open', 'half-open'];
const subgraphCallBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * The gateway's metrics: its requests and errors (platform/metrics.ts), its calls to each subgraph,
 * each subgraph's circuit, and the response cache. A `subgraph` label only ever holds a name of
 * the supergraph served (`knownSubgraphs`).
 */
export class GatewayMetrics {
  readonly service = new ServiceMetrics('gateway');
  private readonly subgraphCalls: Histogram<'subgraph' | 'outcome'>;
  private readonly responseCacheRequests: Counter<'result'>;
  private readonly redisCommands: Counter<'use' | 'outcome'>;
  private readonly rateLimited: Counter<'limit'>;
  private readonly rateLimitFallbacks: Counter;

  constructor(subgraphStates: () => readonly SubgraphState[]) {
    const registers = [this.service.registry];
    this.subgraphCalls = new Histogram({
      name: 'http_client_request_duration_seconds',
      help: 'Duration of the gateway’s calls to each subgraph, by how they ended (circuit_open: refused at once, not sent)',
      labelNames: ['subgraph', 'outcome'],
      buckets: subgraphCallBuckets,
      registers,
    });
    this.responseCacheRequests = new Counter({
      name: 'gateway_response_cache_requests_total',
      help: 'Queries answered from the response cache (hit) or computed (miss)',
      labelNames: ['result'],
      registers,
    });
    this.redisCommands = new Counter({
      name: 'gateway_redis_commands_total',
      help: 'Round trips to the shared Redis, by what for (response_cache, cache_generation, rate_limit) and how they ended (failure: the request went on without Redis)',
      labelNames: ['use', 'outcome'],
      registers,
    });
    this.rateLimited = new Counter({
      name: 'gateway_rate_limited_requests_total',
      help: 'Requests refused with 429, by the limit they reached (agent_requests, agent_cost, partner_requests, partner_cost, anonymous_requests, anonymous_cost)',
      labelNames: ['limit'],
      registers,
    });
    this.rateLimitFallbacks = new Counter({
      name: 'gateway_rate_limit_memory_fallbacks_total',
      help: 'Requests whose rate limits were counted in this replica’s memory because Redis failed',
      registers,
    });
    new Gauge({
      name: 'gateway_subgraph_circuit_state',
      help: 'The circuit breaker of each subgraph: 1 for its current state (closed, open, half-open), 0 for the others',
      labelNames: ['subgraph', 'state'],
      registers,
      collect() {
        this.reset();
        for (const { name, circuit } of subgraphStates()) {
          for (const state of circuitStates) this.set({ subgraph: name, state }, state === circuit ? 1 : 0);
        }
      },
    });
  }

  /** `gateway_query_plan_cache_entries`: the query plans kept, read at each scrape. */
  watchQueryPlanCache(entries: () => number): void {
    new Gauge({
      name: 'gateway_query_plan_cache_entries',
      help: 'Query plans kept in the gateway’s plan cache (bounded by QUERY_CACHE_MAX_MB)',
      registers: [this.service.registry],
      collect() {
        this.set(entries());
      },
    });
  }

  /** `gateway_supergraph_info{hash}` (1 for the supergraph served) and `gateway_supergraph_refusals_total`: replicas compared in one query. */
  watchSupergraph(status: () => { readonly hash: string | null; readonly refusals: number }): void {
    new Gauge({
      name: 'gateway_supergraph_info',
      help: 'The supergraph served: 1 with its SHA-256 as the hash label (replicas serving the same one show the same hash)',
      labelNames: ['hash'],
      registers: [this.service.registry],
      collect() {
        this.reset();
        const { hash } = status();
        if (hash !== null) this.set({ hash }, 1);
      },
    });
    new Gauge({
      name: 'gateway_supergraph_refusals',
      help: 'New supergraph files refused since the start (the last good one kept serving)',
      registers: [this.service.registry],
      collect() {
        this.set(status().refusals);
      },
    });
  }

  countRedisCommand(use: string, outcome: 'success' | 'failure'): void {
    this.redisCommands.inc({ use, outcome });
  }

  countRateLimited(limit: string): void {
    this.rateLimited.inc({ limit });
  }

  countRateLimitFallback(): void {
    this.rateLimitFallbacks.inc();
  }

  observeSubgraphCall(subgraph: string, outcome: SubgraphCallOutcome, seconds: number): void {
    this.subgraphCalls.observe({ subgraph, outcome }, seconds);
  }

  /**
   * The Apollo plugins: operations named and errors counted by the subgraph that raised them (the
   * gateway's when it names none it serves); queries counted as cache hits or misses when the
   * response cache is on.
   */
  plugins(knownSubgraphs: () => ReadonlySet<string>, responseCacheEnabled: boolean): ApolloServerPlugin<GatewayContext>[] {
    const subgraphOf = (error: GraphQLFormattedError): string | null => {
      const named = error.extensions?.serviceName ?? error.extensions?.subgraph;
      return typeof named === 'string' && knownSubgraphs().has(named) ? named : null;
    };
    const cacheCounting: ApolloServerPlugin<GatewayContext> = {
      requestDidStart: async () => ({
        // The response cache plugin marks the answers it served; any other query was computed.
        willSendResponse: async ({ operation, metrics }) => {
          if (operation?.operation !== OperationTypeNode.QUERY) return;
          this.responseCacheRequests.inc({ result: metrics.responseCacheHit === true ? 'hit' : 'miss' });
        },
      }),
    };
    return [metricsPlugin<GatewayContext>(this.service, subgraphOf), ...(responseCacheEnabled ? [cacheCounting] : [])];
  }
}

export interface ListeningMetrics {
  readonly url: string;
  readonly close: () => Promise<void>;
}

/**
 * `GET /metrics` on a port of its own: Prometheus scrapes it inside the deployment's network without
 * a token, and it is never published with the graph's port (docker-compose publishes only 4000). It
 * answers even while the gateway sheds load, when its figures matter most.
 */
export async function listenMetrics(metrics: ServiceMetrics, port: number, host: string): Promise<ListeningMetrics> {
  const server: Server = createServer((request, response) => {
    // Compared as text: a target such as `//` would make the URL parser throw here, outside any catch.
    if (request.method !== 'GET' || (request.url ?? '').split('?')[0] !== metricsPath) {
      response.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`only GET ${metricsPath} here\n`);
      return;
    }
    metrics.scrape().then(
      ({ contentType, text }) => response.writeHead(200, { 'content-type': contentType }).end(text),
      () => response.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end('metrics unavailable\n'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const { port: actualPort } = server.address() as AddressInfo;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${actualPort}${metricsPath}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
