/**
 * Gateway (b) of the bench: @apollo/gateway on @apollo/server as its documentation starts it, no
 * tuning. The only addition is what every gateway needs in front of these subgraphs: each call
 * carries the subgraph's proof (a static header, signed by the bench), and goes to the bench's port.
 *   BENCH_SUPERGRAPH_FILE  the supergraph
 *   BENCH_SUBGRAPHS        JSON: { "<subgraph>": { "url": "...", "proof": "..." } }
 *   PORT                   where to listen (0: any free port)
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { supergraphForGateway } from '../../../gateway/supergraph.js';
import { gatewayProofHeader } from '../../../platform/gateway-proof.js';
import { exitOnConfigError, readOptional, readPort, readRequired } from '../../../platform/env.js';
import { readBenchSubgraphs } from './environment.js';

const { file, subgraphs, port } = exitOnConfigError(() => ({
  file: readRequired(process.env, 'BENCH_SUPERGRAPH_FILE', 'the supergraph to serve'),
  subgraphs: readBenchSubgraphs(readOptional(process.env, 'BENCH_SUBGRAPHS')),
  port: readPort(process.env, 'PORT', 0),
}));

/** Sends the subgraph's static proof with every call. */
class ProofDataSource extends RemoteGraphQLDataSource {
  constructor(
    url: string,
    private readonly proof: string,
  ) {
    super({ url });
  }

  override willSendRequest({ request }: GraphQLDataSourceProcessOptions): void {
    request.http?.headers.set(gatewayProofHeader, this.proof);
  }
}

const gateway = new ApolloGateway({
  // @apollo/gateway refuses the access-control links `for: SECURITY`: the same transform as gateway (a).
  supergraphSdl: supergraphForGateway(readFileSync(file, 'utf8')),
  buildService: ({ name }) => {
    const subgraph = subgraphs[name];
    if (subgraph === undefined) throw new Error(`BENCH_SUBGRAPHS has no "${name}", which the supergraph names`);
    return new ProofDataSource(subgraph.url, subgraph.proof);
  },
});
const server = new ApolloServer({ gateway });
const { url } = await startStandaloneServer(server, { listen: { port, host: '127.0.0.1' } });
console.log(`apollo-default gateway ready at ${url}`);
process.once('SIGTERM', () => {
  void server.stop().then(() => process.exit(0));
});
