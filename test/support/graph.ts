import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway } from '../../gateway/server.js';
import { catalogue, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import type { SeedOptions, SubgraphSettings } from '../../subgraphs/shared/subgraph.js';
import type { TestEngine } from './databases.js';
import { mintToken, testGatewayEnv } from './identity.js';
import { postGraphQL, startSubgraph, type GraphQLResponse, type RunningSubgraph } from './subgraphs.js';

export interface RunningGraph {
  readonly url: string;
  readonly subgraphs: Readonly<Record<SubgraphName, RunningSubgraph>>;
  /** Posts an operation to the gateway as an agent who may read everything (figure and dashboard tests are not about access). */
  readonly query: <TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) => Promise<GraphQLResponse<TData>>;
  /** Posts an operation with this bearer token, or none (null: anonymous). */
  readonly queryWith: <TData = Record<string, unknown>>(
    token: string | null,
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<GraphQLResponse<TData>>;
  /** SQL statements each subgraph has sent, and operations it has served, since the last reset. */
  readonly counts: () => Record<SubgraphName, { statements: number; operations: number }>;
  readonly resetCounts: () => void;
  readonly stop: () => Promise<void>;
}

/**
 * The whole plan-wide graph as a partner deploys it: each subgraph on its own fresh database and
 * port, and the gateway over the committed supergraph, all talking real HTTP.
 */
export interface GraphOptions {
  readonly settings?: SubgraphSettings;
  /** Gateway variables besides the test keys, e.g. CORS_ORIGINS. */
  readonly gatewayEnv?: NodeJS.ProcessEnv;
}

export async function startGraph(
  engine: TestEngine,
  tag: string,
  seed: SeedOptions = { scale: 1 },
  options: GraphOptions = {},
): Promise<RunningGraph> {
  const started: Partial<Record<SubgraphName, RunningSubgraph>> = {};
  try {
    // One at a time: seeding five databases at once only fights over two cores.
    for (const name of subgraphNames) {
      started[name] = await startSubgraph(catalogue[name], await engine.freshDatabase(name, tag), seed, options.settings);
    }
  } catch (error) {
    await Promise.all(Object.values(started).map((s) => s.stop()));
    throw error;
  }
  const subgraphs = started as Record<SubgraphName, RunningSubgraph>;
  const urls = Object.fromEntries(subgraphNames.map((name) => [name, subgraphs[name].url])) as Record<SubgraphName, string>;
  const config = { ...gatewayConfigFromEnv({ ...testGatewayEnv, ...options.gatewayEnv }), subgraphUrls: urls };
  const gateway = await listenGateway(buildGateway(config), 0, '127.0.0.1');
  const readerToken = await mintToken({ expiresIn: 3600 });
  const queryWith: RunningGraph['queryWith'] = (token, query, variables) =>
    postGraphQL(gateway.url, query, variables, token === null ? {} : { authorization: `Bearer ${token}` });
  return {
    url: gateway.url,
    subgraphs,
    query: (query, variables) => queryWith(readerToken, query, variables),
    queryWith,
    counts: () =>
      Object.fromEntries(
        subgraphNames.map((name) => [
          name,
          { statements: subgraphs[name].built.statements.count, operations: subgraphs[name].built.operations.count },
        ]),
      ) as Record<SubgraphName, { statements: number; operations: number }>,
    resetCounts: () => {
      subgraphNames.forEach((name) => {
        subgraphs[name].built.statements.reset();
        subgraphs[name].built.operations.count = 0;
      });
    },
    stop: async () => {
      await gateway.stop();
      await Promise.all(subgraphNames.map((name) => subgraphs[name].stop()));
    },
  };
}
