import { mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import { gatewayProofHeader } from '../../platform/gateway-proof.js';
import { catalogue, schemaFileOf, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { subgraphTypeDefs } from '../../subgraphs/shared/subgraph.js';
import { testEngines } from '../support/databases.js';
import { mintToken, testGatewayEnv } from '../support/identity.js';
import { projectDir, startService, type Service } from '../support/processes.js';
import { startSubgraph, type RunningSubgraph } from '../support/subgraphs.js';

const [sqlite] = testEngines;

/** MILDECA's subgraph as a partner writes it: its own folder, plain @apollo/subgraph and jose, none of this repository's code. */
const partnerSdl = `
extend schema @link(url: "https://specs.apollo.dev/federation/v2.5", import: ["@key"])

type Query {
  "MILDECA's prevention campaigns in the sectors of the plan."
  mildecaOutsideCampaigns: [OutsideCampaign!]!
  "Who the gateway says is asking (the proof's partner), or anonymous."
  mildecaViewer: String!
}

type OutsideCampaign {
  id: ID!
  title: String!
  sector: Sector!
}

type Sector @key(fields: "code") {
  code: ID!
  outsideCampaigns: [OutsideCampaign!]!
}
`;

const partnerServer = `
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { GraphQLError, parse } from 'graphql';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { readFileSync } from 'node:fs';

// The gateway's published key: any proof it signs for this subgraph verifies against it.
const gatewayKeys = createRemoteJWKSet(new URL(process.env.GATEWAY_JWKS_URL));
const campaigns = [
  { id: 'c1', title: 'Prévenir le crack aux abords des gares', sector: { code: 'stalingrad' } },
  { id: 'c2', title: 'Aller-vers les usagers de la porte de la Chapelle', sector: { code: 'porte-de-la-chapelle' } },
];
const resolvers = {
  Query: {
    mildecaOutsideCampaigns: () => campaigns,
    mildecaViewer: (_, __, context) => context.proof.partner ?? 'anonymous',
  },
  Sector: {
    __resolveReference: (sector) => sector,
    outsideCampaigns: (sector) => campaigns.filter((campaign) => campaign.sector.code === sector.code),
  },
};
const server = new ApolloServer({ schema: buildSubgraphSchema([{ typeDefs: parse(readFileSync(new URL('./schema.graphql', import.meta.url), 'utf8')), resolvers }]) });
const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: '127.0.0.1' },
  context: async ({ req }) => {
    try {
      const { payload } = await jwtVerify(String(req.headers['${gatewayProofHeader}'] ?? ''), gatewayKeys, { issuer: 'plan-gateway', audience: 'mildeca' });
      return { proof: payload };
    } catch (error) {
      throw new GraphQLError('only the plan-wide gateway may call this subgraph: ' + error.message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
    }
  },
});
console.log('mildeca subgraph ready at ' + url);
`;

/** The repository's subgraphs and the partner's, composed with the URLs where each answers: the gateway is told nothing else. */
function compose(subgraphs: { name: string; url: string; typeDefs: ReturnType<typeof parse> }[]): string {
  const result = composeServices(subgraphs);
  if (result.errors) throw new Error(result.errors.map((error) => error.message).join('\n'));
  return result.supergraphSdl;
}

describe('a subgraph outside this repository', () => {
  const work = mkdtempSync(join(tmpdir(), 'plancrack-partner-'));
  const supergraphFile = join(work, 'supergraph.graphql');
  const repository: Partial<Record<SubgraphName, RunningSubgraph>> = {};
  let gateway: ListeningGateway;
  let partner: Service;
  let partnerUrl = '';
  const repositorySubgraphs = () =>
    subgraphNames.map((name) => ({ name, url: repository[name]!.url, typeDefs: subgraphTypeDefs(schemaFileOf(name)) }));

  beforeAll(async () => {
    for (const name of subgraphNames)
      repository[name] = await startSubgraph(catalogue[name], await sqlite!.freshDatabase(name, 'external'));
    writeFileSync(supergraphFile, compose(repositorySubgraphs()));
    // No subgraph URL in the configuration: each is where the supergraph says.
    const config = gatewayConfigFromEnv({ ...testGatewayEnv, SUPERGRAPH_FILE: supergraphFile, SUPERGRAPH_POLL_MS: '50' });
    gateway = await listenGateway(buildGateway(config), 0, '127.0.0.1');

    // The partner's own folder; only the packages come from this checkout (as its own npm install would give them).
    writeFileSync(join(work, 'package.json'), '{ "type": "module" }');
    symlinkSync(join(projectDir, 'node_modules'), join(work, 'node_modules'));
    writeFileSync(join(work, 'schema.graphql'), partnerSdl);
    writeFileSync(join(work, 'index.js'), partnerServer);
    partner = startService('mildeca', [process.execPath, join(work, 'index.js')], {
      GATEWAY_JWKS_URL: new URL('/.well-known/jwks.json', gateway.url).href,
    });
    [, partnerUrl = ''] = await partner.waitFor(/ready at (http:\/\/[^\s"]+)/);
  });
  afterAll(async () => {
    await gateway?.stop();
    await partner?.stop();
    await Promise.all(Object.values(repository).map((subgraph) => subgraph.stop()));
  });

  it('publishes the public key of the gateway’s proofs as a JWKS, with a kid that every proof names', async () => {
    const response = await fetch(new URL('/.well-known/jwks.json', gateway.url));
    const jwks = (await response.json()) as { keys: Record<string, string>[] };
    expect(jwks.keys).toEqual([
      { kty: 'OKP', crv: 'Ed25519', x: expect.any(String), kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/), alg: 'EdDSA', use: 'sig' },
    ]);
  });

  it('is picked up by the hot reload once a supergraph that composes it is written, and serves fields of both kinds in one request', async () => {
    writeFileSync(supergraphFile, compose([...repositorySubgraphs(), { name: 'mildeca', url: partnerUrl, typeDefs: parse(partnerSdl) }]));
    const token = await mintToken({ partner: 'mildeca', scopes: [] });
    const query =
      '{ sector(code: "stalingrad") { name outsideCampaigns { title } } mildecaOutsideCampaigns { title sector { name } } mildecaViewer }';
    const ask = async () => {
      const response = await fetch(gateway.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query }),
      });
      return (await response.json()) as { data?: unknown; errors?: unknown[] };
    };
    await vi.waitUntil(async () => (await ask()).errors === undefined, { timeout: 10_000, interval: 100 });
    expect(await ask()).toEqual({
      data: {
        sector: { name: 'Stalingrad', outsideCampaigns: [{ title: 'Prévenir le crack aux abords des gares' }] },
        mildecaOutsideCampaigns: [
          { title: 'Prévenir le crack aux abords des gares', sector: { name: 'Stalingrad' } },
          { title: 'Aller-vers les usagers de la porte de la Chapelle', sector: { name: 'Porte de la Chapelle' } },
        ],
        mildecaViewer: 'mildeca',
      },
    });
  });

  it('answers nothing to a caller around the gateway: no proof, or one it did not sign', async () => {
    const call = (headers: Record<string, string>) =>
      fetch(partnerUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query: '{ mildecaViewer }' }),
      });
    expect((await call({})).status).toBe(401);
    const otherKey = await mintToken({ partner: 'mildeca' });
    expect((await call({ [gatewayProofHeader]: otherKey })).status).toBe(401);
  });
});
