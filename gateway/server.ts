import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { ConfigError } from '../platform/env.js';
import { gatewayProofHeader, GatewayProofSigner } from '../platform/gateway-proof.js';
import { listenApollo } from '../platform/http.js';
import { anonymousIdentity, type Identity } from '../platform/identity.js';
import { readPrivateKey } from '../platform/keys.js';
import { isSubgraphName, type SubgraphName } from '../subgraphs/names.js';
import { Authenticator } from './auth.js';
import type { GatewayConfig } from './config.js';
import { supergraphForGateway } from './supergraph.js';

/** What the gateway knows of a request: the identity its bearer token proved. */
export interface GatewayContext {
  readonly identity: Identity;
}

/** Sends each subgraph its share of the plan, with a proof of the caller's identity that only the gateway can sign. */
class ProvingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    url: string,
    private readonly subgraph: SubgraphName,
    private readonly signer: GatewayProofSigner,
  ) {
    super({ url });
  }

  override async willSendRequest(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<void> {
    // Health checks and schema loads have no incoming request: they go as anonymous.
    const incoming = 'incomingRequestContext' in options ? options.incomingRequestContext : null;
    const identity = incoming?.context.identity ?? anonymousIdentity;
    const proof = await this.signer.sign(identity, this.subgraph, incoming?.operationName ?? null);
    options.request.http?.headers.set(gatewayProofHeader, proof);
  }
}

export interface BuiltGateway {
  readonly config: GatewayConfig;
  readonly server: ApolloServer<GatewayContext>;
  readonly gateway: ApolloGateway;
  readonly authenticator: Authenticator;
}

/** Builds the gateway over the committed supergraph, sending each subgraph's share to its configured URL. Does not listen. */
export function buildGateway(config: GatewayConfig): BuiltGateway {
  const signer = new GatewayProofSigner(readPrivateKey(config.gatewayProofKeyFile, 'GATEWAY_PROOF_KEY_FILE', config.production));
  const authenticator = new Authenticator(config.auth, config.production);
  const gateway = new ApolloGateway({
    supergraphSdl: supergraphForGateway(readFileSync(config.supergraphFile, 'utf8')),
    buildService: ({ name }) => {
      if (!isSubgraphName(name)) throw new ConfigError(`the supergraph names a subgraph "${name}" that this gateway does not know`);
      return new ProvingDataSource(config.subgraphUrls[name], name, signer);
    },
  });
  const server = new ApolloServer<GatewayContext>({
    gateway,
    introspection: config.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
  });
  return { config, server, gateway, authenticator };
}

export interface ListeningGateway {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

export async function listenGateway(built: BuiltGateway, port: number, host: string): Promise<ListeningGateway> {
  const listening = await listenApollo(
    built.server,
    {
      context: async (request) => ({ identity: await built.authenticator.identify(request.headers.authorization) }),
      corsOrigins: built.config.corsOrigins,
      maxBodyBytes: built.config.maxRequestBytes,
    },
    port,
    host,
  );
  return { url: listening.url, stop: listening.close };
}
