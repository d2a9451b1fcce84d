import type { BaseContext } from '@apollo/server';
import { gatewayProofHeader } from '../../platform/gateway-proof.js';
import type { Identity } from '../../platform/identity.js';
import type { DatabaseConfig } from '../../subgraphs/shared/database.js';
import { buildSubgraph, listen, type BuiltSubgraph, type SeedOptions, type SubgraphDefinition, type SubgraphSettings } from '../../subgraphs/shared/subgraph.js';
import { gatewayProof, gatewayPublicKey, reader } from './identity.js';

export interface RunningSubgraph {
  /** What tests look into: the subgraph's database and its SQL statement counter. */
  readonly built: Pick<BuiltSubgraph<BaseContext>, 'name' | 'db' | 'statements' | 'operations' | 'metrics'>;
  readonly url: string;
  /** Posts an operation as the gateway would, with its proof of `identity` (a reader of everything by default). */
  readonly query: <TData = Record<string, unknown>>(query: string, variables?: Record<string, unknown>, identity?: Identity) => Promise<GraphQLResponse<TData>>;
  readonly stop: () => Promise<void>;
}

/**
 * Builds a subgraph on a fresh database (migrations on MySQL, as in production), seeds it, and
 * listens on a free port, trusting the test gateway key.
 */
export async function startSubgraph<TContext extends BaseContext>(
  definition: SubgraphDefinition<TContext>,
  database: DatabaseConfig,
  seed: SeedOptions = { scale: 1 },
  settings?: SubgraphSettings,
): Promise<RunningSubgraph> {
  const built = await buildSubgraph(definition, { database, seedIfEmpty: seed, settings });
  const listening = await listen(built, { port: 0, gatewayPublicKey });
  return {
    built,
    url: listening.url,
    query: async (query, variables, identity = reader) =>
      postGraphQL(listening.url, query, variables, { [gatewayProofHeader]: await gatewayProof(identity, definition.name) }),
    stop: listening.stop,
  };
}

export interface GraphQLResponse<TData = Record<string, unknown>> {
  readonly data?: TData | null;
  readonly errors?: readonly { message: string; path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** Posts a GraphQL operation over HTTP, as any client would. */
export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as GraphQLResponse<TData>;
}
