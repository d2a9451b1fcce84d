import { ApolloGateway } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ConfigError } from '../platform/env.js';
import { GatewayProofSigner } from '../platform/gateway-proof.js';
import { listenApollo, type JsonRoute } from '../platform/http.js';
import { readPrivateKey } from '../platform/keys.js';
import { isSubgraphName, type SubgraphName } from '../subgraphs/names.js';
import { Authenticator } from './auth.js';
import { responseCachePlugins } from './cache.js';
import type { GatewayConfig } from './config.js';
import { costLimitPlugin, limitValidationRules } from './limits.js';
import { SubgraphDataSource, type GatewayContext } from './subgraphs.js';
import { SupergraphFile } from './supergraph.js';

export type { GatewayContext };

export interface BuiltGateway {
  readonly config: GatewayConfig;
  readonly server: ApolloServer<GatewayContext>;
  readonly gateway: ApolloGateway;
  readonly authenticator: Authenticator;
  readonly supergraph: SupergraphFile;
  /** The data source of each subgraph the supergraph names, once loaded. */
  readonly dataSources: ReadonlyMap<SubgraphName, SubgraphDataSource>;
}

/** Builds the gateway over the committed supergraph, sending each subgraph's share to its configured URL. Does not listen. */
export function buildGateway(config: GatewayConfig): BuiltGateway {
  const signer = new GatewayProofSigner(readPrivateKey(config.gatewayProofKeyFile, 'GATEWAY_PROOF_KEY_FILE', config.production));
  const authenticator = new Authenticator(config.auth, config.production);
  const supergraph = new SupergraphFile(config.supergraphFile, config.supergraphPollMs);
  const dataSources = new Map<SubgraphName, SubgraphDataSource>();
  const gateway = new ApolloGateway({
    supergraphSdl: supergraph,
    buildService: ({ name }) => {
      if (!isSubgraphName(name)) throw new ConfigError(`the supergraph names a subgraph "${name}" that this gateway does not know`);
      const timeoutMs = config.subgraphTimeoutsMs[name];
      const dataSource = new SubgraphDataSource(name, config.subgraphUrls[name], signer, { timeoutMs, ...config.circuit });
      dataSources.get(name)?.shutdown();
      dataSources.set(name, dataSource);
      return dataSource;
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    // Query limits (gateway/limits.ts): each refused with 400 before any subgraph is called.
    parseOptions: { maxTokens: config.queryLimits.maxTokens },
    validationRules: limitValidationRules(config.queryLimits),
    // Repeated queries answered from memory (gateway/cache.ts); the limits refuse a query before any lookup.
    plugins: [costLimitPlugin(config.queryLimits.maxCost), ...responseCachePlugins(config.responseCache)],
  });
  return { config, server, gateway, authenticator, supergraph, dataSources };
}

/** `/health/live`: the process answers. `/health/ready`: the supergraph is loaded; lists each subgraph's circuit. */
function healthRoutes(built: BuiltGateway, ready: () => boolean): Record<string, JsonRoute> {
  return {
    '/health/live': async () => ({ status: 200, body: { status: 'live' } }),
    '/health/ready': async () => ({
      status: ready() ? 200 : 503,
      body: {
        status: ready() ? 'ready' : 'starting',
        supergraph: built.supergraph.status(),
        subgraphs: [...built.dataSources.values()].map((dataSource) => dataSource.state()),
      },
    }),
  };
}

export interface ListeningGateway {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

export async function listenGateway(built: BuiltGateway, port: number, host: string): Promise<ListeningGateway> {
  let started = false;
  const listening = await listenApollo(
    built.server,
    {
      context: async (request) => ({ identity: await built.authenticator.identify(request.headers.authorization) }),
      corsOrigins: built.config.corsOrigins,
      maxBodyBytes: built.config.maxRequestBytes,
      routes: healthRoutes(built, () => started),
      shutdownGraceMs: built.config.shutdownGraceMs,
    },
    port,
    host,
  );
  started = true;
  return {
    url: listening.url,
    stop: async () => {
      await listening.close();
      for (const dataSource of built.dataSources.values()) dataSource.shutdown();
    },
  };
}
