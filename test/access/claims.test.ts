import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProofHeader } from '../../platform/gateway-proof.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken, proofPrivateKey } from '../support/identity.js';
import { postGraphQL } from '../support/subgraphs.js';

const [engine] = testEngines;

// Claims read strictly: what a token says is what it grants, and no join and split on the way to a subgraph can change it.
describe('the scope claim', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(engine!, 'claims');
  });
  afterAll(() => graph?.stop());

  const operations =
    '{ sector(code: "stalingrad") { policeOperations(from: "2023-10-01", to: "2023-10-31", first: 1) { date } } healthPeople(first: 1) { pseudonym } }';

  it('grants the scopes of an array, as some issuers write it', async () => {
    const token = await mintToken({ partner: 'pref-police', scopes: ['police-justice:read'], scopeClaim: 'array' });
    const { data, errors } = await graph.queryWith<{ sector: { policeOperations: unknown[] }; healthPeople: null }>(token, operations);
    expect(data?.sector.policeOperations).toHaveLength(1);
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('refuses with 401 a token whose array smuggles two scopes in one element (it used to grant health:read)', async () => {
    const token = await mintToken({ partner: 'pref-police', scopes: ['police-justice:read health:read'], scopeClaim: 'array' });
    const response = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: operations }),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'invalid bearer token: its "scope" claim has an element that is not one scope token: "police-justice:read health:read"',
          extensions: { code: 'UNAUTHENTICATED' },
        },
      ],
    });
  });

  it('reaches a subgraph as a JSON array in the gateway’s proof: a proof with the scopes joined in a string is refused', async () => {
    const joined = await new SignJWT({ partner: 'ap-hp', scope: 'health:read' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setSubject('nurse-7')
      .setIssuer('plan-gateway')
      .setAudience('health')
      .setIssuedAt()
      .setExpirationTime('60s')
      .sign(proofPrivateKey);
    const answer = await postGraphQL(graph.subgraphs.health.url, '{ healthPeople(first: 1) { pseudonym } }', undefined, {
      [gatewayProofHeader]: joined,
    });
    expect(answer.errors?.[0]?.message).toBe('the health subgraph refused the gateway proof: its "scope" claim must be an array of scopes');
  });
});
