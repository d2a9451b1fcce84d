import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { isSubgraphName } from '../subgraphs/names.js';
import { GatewayConfigError, type GatewayConfig } from './config.js';

export interface BuiltGateway {
  readonly server: ApolloServer;
  readonly gateway: ApolloGateway;
}

/** Builds the gateway over the committed supergraph, sending each subgraph's share to its configured URL. Does not listen. */
export function buildGateway(config: GatewayConfig): BuiltGateway {
  const gateway = new ApolloGateway({
    supergraphSdl: readFileSync(config.supergraphFile, 'utf8'),
    buildService: ({ name }) => {
      if (!isSubgraphName(name)) throw new GatewayConfigError(`the supergraph names a subgraph "${name}" that this gateway does not know`);
      return new RemoteGraphQLDataSource({ url: config.subgraphUrls[name] });
    },
  });
  const server = new ApolloServer({ gateway, includeStacktraceInErrorResponses: false });
  return { server, gateway };
}

export interface ListeningGateway {
  readonly url: string;
  readonly stop: () => Promise<void>;
}

export async function listenGateway(built: BuiltGateway, port: number, host: string): Promise<ListeningGateway> {
  const { url } = await startStandaloneServer(built.server, { listen: { port, host } });
  return { url, stop: () => built.server.stop() };
}
