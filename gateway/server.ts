import type { IncomingMessage } from 'node:http';
import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { InMemoryLRUCache } from '@apollo/utils.keyvaluecache';
import { GraphQLError, type DocumentNode } from 'graphql';
import { ConfigError, setDefault } from '../platform/env.js';
import { formatClientError } from '../platform/errors.js';
import { gatewayJwksPath, GatewayProofSigner } from '../platform/gateway-proof.js';
import { listenApollo, requestIdOf, type JsonRoute } from '../platform/http.js';
import { operatorScope } from '../platform/identity.js';
import { readPrivateKey } from '../platform/keys.js';
import { tracingPlugins } from '../platform/tracing.js';
import { Authenticator } from './auth.js';
import { responseCachePlugins } from './cache.js';
import { subgraphSetting, subgraphUrlVariable, variableLimitVariables, type GatewayConfig } from './config.js';
import { communiqueTabs, IdePage } from './ide.js';
import { ReportsPage } from './reports/page.js';
import { CostEstimates, limitValidationRules, requestLimitsPlugin } from './limits.js';
import { documentBytes, heapBytesPerJsonCharacter, MemoryGuard } from './memory.js';
import { GatewayMetrics, listenMetrics } from './metrics.js';
import { CallSharing } from './sharing.js';
import { SubgraphDataSource, type GatewayContext } from './subgraphs.js';
import { SupergraphFile } from './supergraph.js';
import { clientAddressOf, rateLimitPlugin, RateLimits } from './rate-limits.js';
import { SharedRedis } from './redis.js';
import { PersistedQueryStore, readTrustedOperations, trustedOperationsPlugin } from './trusted-operations.js';

export type { GatewayContext };

export interface BuiltGateway {
  readonly config: GatewayConfig;
  readonly server: ApolloServer<GatewayContext>;
  readonly gateway: ApolloGateway;
  readonly authenticator: Authenticator;
  readonly supergraph: SupergraphFile;
  /** The data source of each subgraph the supergraph names, once loaded. */
  readonly dataSources: ReadonlyMap<string, SubgraphDataSource>;
  /** Sheds new work before the heap fills. */
  readonly memory: MemoryGuard;
  /** Signs the proofs to the subgraphs; publishes their public key. */
  readonly signer: GatewayProofSigner;
  /** What `GET /metrics` shows (gateway/metrics.ts). */
  readonly metrics: GatewayMetrics;
  /** The Redis the replicas share; null without REDIS_URL. */
  readonly redis: SharedRedis | null;
}

type QueryPlanCache = NonNullable<NonNullable<ConstructorParameters<typeof ApolloGateway>[0]>['queryPlannerConfig']>['cache'];

/**
 * Builds the gateway over a composed supergraph, whatever subgraphs it names: each is called at the
 * URL the supergraph gives, unless the configuration overrides it. Does not listen.
 */
export function buildGateway(config: GatewayConfig): BuiltGateway {
  const signer = new GatewayProofSigner(
    readPrivateKey(config.gatewayProofKeyFile, 'GATEWAY_PROOF_KEY_FILE', config.production),
    config.caches.proofs,
  );
  const authenticator = new Authenticator(config.auth, config.production, config.caches.tokens);
  const supergraph = new SupergraphFile(config.supergraphFile, config.supergraphPollMs);
  const dataSources = new Map<string, SubgraphDataSource>();
  const metrics = new GatewayMetrics(() => [...dataSources.values()].map((dataSource) => dataSource.state()));
  // Plans sized as they sit on the heap, not as characters of their JSON (Apollo's default, 30 MiB of them).
  const planCache = new InMemoryLRUCache({
    maxSize: config.caches.plans,
    sizeCalculation: (plan: unknown) => heapBytesPerJsonCharacter * JSON.stringify(plan).length,
  });
  metrics.watchQueryPlanCache(() => planCache.keys().length);
  metrics.watchSupergraph(() => supergraph.status());
  const redis =
    config.redis === null
      ? null
      : new SharedRedis(config.redis, (use, outcome) => {
          metrics.countRedisCommand(use, outcome);
        });
  const costEstimates = new CostEstimates(config.caches.costEstimates);
  // @apollo/gateway reports the machine (CPUs, OS, cloud provider) to Apollo's servers unless told
  // not to: the partners' graph sends nothing outside unless its operators ask for it.
  setDefault(process.env, 'APOLLO_TELEMETRY_DISABLED', 'true');
  const sharing = new CallSharing();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    // Called for each subgraph of every supergraph loaded, a new one on a hot reload included.
    buildService: ({ name, url: composedUrl }) => {
      // A supergraph composed without a routing URL gives an empty one.
      const url = subgraphSetting(config.subgraphUrls, name) ?? (composedUrl === '' ? undefined : composedUrl);
      if (url === undefined)
        throw new ConfigError(`the supergraph gives subgraph "${name}" no URL: compose it with one, or set ${subgraphUrlVariable(name)}`);
      const timeoutMs = subgraphSetting(config.subgraphTimeoutsMs, name) ?? config.subgraphTimeoutMs;
      const dataSource = new SubgraphDataSource(
        name,
        url,
        signer,
        { timeoutMs, maxResponseBytes: config.maxResponseBytes, batching: config.subgraphBatching, ...config.circuit },
        sharing,
        (outcome, seconds) => {
          metrics.observeSubgraphCall(name, outcome, seconds);
        },
      );
      dataSources.get(name)?.shutdown();
      dataSources.set(name, dataSource);
      return dataSource;
    },
    queryPlannerConfig: { cache: planCache as QueryPlanCache },
  });
  gateway.onSchemaLoadOrUpdate(({ coreSupergraphSdl }) => {
    sharing.update(coreSupergraphSdl);
  });
  const { mode: trustedMode } = config.trustedOperations;
  const trusted = readTrustedOperations(config.trustedOperations);
  const server = new ApolloServer<GatewayContext>({
    gateway,
    // Registered operations by their id in every mode; other ids as Apollo's APQ registered them (gateway/trusted-operations.ts).
    persistedQueries: { cache: new PersistedQueryStore(trusted) },
    introspection: config.introspection,
    // The process's own SIGTERM handler drains the requests in flight, then exits 0; Apollo's would
    // stop at once and raise the signal again, killing the process mid-request.
    stopOnTerminationSignals: false,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Internal errors logged with an id and masked; in production, no "Did you mean" naming the schema's fields.
    formatError: formatClientError({ service: 'gateway', hideSchemaDetails: config.production }),
    // Parsed queries sized as they sit on the heap (Apollo's default counts 30 MiB of their JSON, four times that on the heap).
    documentStore: new InMemoryLRUCache<DocumentNode>({ maxSize: config.caches.documents, sizeCalculation: documentBytes }),
    // Query limits (gateway/limits.ts): each refused with 400 before any subgraph is called.
    parseOptions: { maxLexicalTokens: config.queryLimits.maxTokens },
    validationRules: limitValidationRules(config.queryLimits),
    // Repeated queries answered from memory (gateway/cache.ts); the limits refuse a query before any lookup.
    plugins: [
      // GET of the URL in a browser is the gateway's own IDE (gateway/ide.ts), not Apollo's Sandbox from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      ...(trustedMode === 'off' ? [] : [trustedOperationsPlugin<GatewayContext>(trustedMode, trusted)]),
      requestLimitsPlugin({ limits: config.queryLimits, estimates: costEstimates, hideSchemaDetails: config.production }),
      // Before the response cache: a cached answer is a request like any other.
      ...(config.rateLimits.enabled ? [rateLimitPlugin(new RateLimits(config.rateLimits, redis, metrics), costEstimates)] : []),
      ...responseCachePlugins(config.responseCache, config.caches.responseCache, redis, () => supergraph.status().hash),
      ...metrics.plugins(() => new Set(dataSources.keys()), config.responseCache.enabled),
      // Parse and validate as spans while tracing is on; Apollo Gateway traces its plan and execution itself.
      ...tracingPlugins<GatewayContext>({ execute: false }),
    ],
  });
  return {
    config,
    server,
    gateway,
    authenticator,
    supergraph,
    dataSources,
    memory: new MemoryGuard(config.memoryShedShare),
    signer,
    metrics,
    redis,
  };
}

/** Whether the request carries a token granting the operator's scope; a token that does not verify is refused. */
async function isOperator(built: BuiltGateway, request: IncomingMessage): Promise<boolean> {
  const identity = await built.authenticator.identify(request.headers.authorization);
  return identity.scopes.has(operatorScope);
}

/**
 * `/.well-known/jwks.json`: the public key of the gateway's proofs, for partners whose subgraphs
 * verify them with any JWT library. `/health/live`: the process answers. `/health/ready`: the supergraph is loaded, and which one (its
 * SHA-256, and when a newer file was refused while it kept serving). Its detail (each subgraph's URL and circuit, the supergraph file, memory) only for an
 * operator's token (`gateway:read`): anonymously it would map the partners' internal network.
 */
function jsonRoutes(built: BuiltGateway, ready: () => boolean): Record<string, JsonRoute> {
  return {
    [gatewayJwksPath]: async () => ({ status: 200, body: await built.signer.jwks }),
    '/health/live': async () => ({ status: 200, body: { status: 'live' } }),
    '/health/ready': async (request) => {
      const status = ready() ? 200 : 503;
      const { hash, lastRefused } = built.supergraph.status();
      // Replicas compare their hash; one that refused the latest file says when (the reason, which names files, to operators only).
      const summary = {
        status: ready() ? 'ready' : 'starting',
        supergraph: { hash, ...(lastRefused === null ? {} : { lastRefusedAt: lastRefused.at }) },
      };
      let operator: boolean;
      try {
        operator = await isOperator(built, request);
      } catch (error) {
        if (!(error instanceof GraphQLError)) throw error;
        return { status: 401, body: { errors: [{ message: error.message, extensions: { code: 'UNAUTHENTICATED' } }] } };
      }
      if (!operator) return { status, body: summary };
      return {
        status,
        body: {
          ...summary,
          supergraph: built.supergraph.status(),
          subgraphs: [...built.dataSources.values()].map((dataSource) => dataSource.state()),
          memory: built.memory.state(),
        },
      };
    },
  };
}

export interface ListeningGateway {
  readonly url: string;
  /** `GET /metrics` on its own port (METRICS_PORT); null when none is configured. */
  readonly metricsUrl: string | null;
  readonly stop: () => Promise<void>;
}

export async function listenGateway(built: BuiltGateway, port: number, host: string): Promise<ListeningGateway> {
  let started = false;
  // A replica that starts with Redis answering shares the others' cache and counts from its first request.
  await built.redis?.whenReady(2000);
  const listening = await listenApollo(
    built.server,
    {
      service: 'gateway',
      context: async (request) => {
        const identity = await built.authenticator.identify(request.headers.authorization);
        const requestId = requestIdOf(request);
        const clientAddress = clientAddressOf(request, built.config.trustProxy);
        return requestId === undefined ? { identity, clientAddress } : { identity, clientAddress, requestId, subgraphCalls: [] };
      },
      describeRequest: ({ identity, subgraphCalls }) => ({ agent: identity.agent, partner: identity.partner, subgraphCalls }),
      jsonShape: { limits: built.config.variableLimits, variables: variableLimitVariables },
      shed: built.memory.shed,
      maxResponseBytes: built.config.maxResponseBytes,
      maxResponseBytesVariable: 'MAX_RESPONSE_BYTES',
      corsOrigins: built.config.corsOrigins,
      maxBodyBytes: built.config.maxRequestBytes,
      routes: jsonRoutes(built, () => started),
      shutdownGraceMs: built.config.shutdownGraceMs,
      metrics: built.metrics.service,
      pages: [
        ...(built.config.ide ? [new IdePage(communiqueTabs)] : []),
        new ReportsPage(built.server, built.authenticator, built.config.signIn),
      ],
    },
    port,
    host,
  );
  started = true;
  const metrics =
    built.config.metricsPort === undefined ? null : await listenMetrics(built.metrics.service, built.config.metricsPort, host);
  return {
    url: listening.url,
    metricsUrl: metrics?.url ?? null,
    stop: async () => {
      await listening.close();
      await metrics?.close();
      for (const dataSource of built.dataSources.values()) dataSource.shutdown();
      built.memory.stop();
      await built.redis?.close();
    },
  };
}
