import type { BaseContext } from '@apollo/server';
import { gatewayProofHeader } from '../../platform/gateway-proof.js';
import type { Identity } from '../../platform/identity.js';
import type { DatabaseConfig } from '../../subgraphs/shared/database.js';
import {
  buildSubgraph,
  listen,
  type BuiltSubgraph,
  type SeedOptions,
  type SubgraphDefinition,
  type SubgraphSettings,
} from '../../subgraphs/shared/subgraph.js';
import { gatewayProof, gatewayPublicKey, reader } from './identity.js';

export interface RunningSubgraph {
  /** What tests look into: the subgraph's database and its SQL statement counter. */
  readonly built: Pick<BuiltSubgraph<BaseContext>, 'name' | 'db' | 'statements' | 'operations' | 'metrics'>;
  readonly url: string;
  /** Posts an operation as the gateway would, with its proof of `identity` (a reader of everything by default). */
  readonly query: <TData = Record<string, unknown>>(
    query: string,
    variables?: Record<string, unknown>,
    identity?: Identity,
  ) => Promise<GraphQLResponse<TData>>;
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

/** Posts a GraphQL operation over HTTP, as any client would, and gives its answer's body. */
export async function postGraphQL<TData = Record<string, unknown>>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GraphQLResponse<TData>> {
  return (await postGraphQLHttp(url, { query, variables }, { headers })).body as GraphQLResponse<TData>;
}

export interface PostOptions<THeader extends string> {
  /** Request headers besides `content-type: application/json`. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as `authorization: Bearer <token>`; null or absent: anonymous. */
  readonly token?: string | null;
  /** The response headers the test reads (lower case). */
  readonly readHeaders?: readonly THeader[];
}

/** What a client reads of an answer: its status, the response headers asked for (null when absent), its body. */
export interface HttpAnswer<THeader extends string = never> {
  readonly status: number;
  readonly headers: Readonly<Record<THeader, string | null>>;
  readonly body: GraphQLResponse;
}

/**
 * Posts a GraphQL request over HTTP and gives what a client sees of the answer. The request is an
 * operation, or a string sent as the body as it is (one a client built by hand: malformed, huge,
 * nested). Only the headers named in `readHeaders` are kept, so that a test compares whole answers.
 */
export async function postGraphQLHttp<const THeader extends string = never>(
  url: string,
  request: string | { readonly query: string; readonly variables?: Record<string, unknown> },
  { headers = {}, token = null, readHeaders = [] }: PostOptions<THeader> = {},
): Promise<HttpAnswer<THeader>> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token !== null && { authorization: `Bearer ${token}` }), ...headers },
    body: typeof request === 'string' ? request : JSON.stringify(request),
  });
  const read = Object.fromEntries(readHeaders.map((name) => [name, response.headers.get(name)])) as Record<THeader, string | null>;
  return { status: response.status, headers: read, body: (await response.json()) as GraphQLResponse };
}
