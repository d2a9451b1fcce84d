import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayProofHeader, GatewayProofSigner } from '../../platform/gateway-proof.js';
import { definition as health } from '../../subgraphs/health/server.js';
import { testEngines } from '../support/databases.js';
import { gatewayProof, reader } from '../support/identity.js';
import { postGraphQLHttp, startSubgraph, type RunningSubgraph } from '../support/subgraphs.js';

const query = { query: '{ healthFigures { assorePlaces { years { year value } } } }' };

// A partner may expose its subgraph on its own network: around the gateway, it must give nothing.
describe.each(testEngines)('a subgraph called without the gateway, on $kind', (engine) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    subgraph = await startSubgraph(health, await engine.freshDatabase('health', 'trust'));
  });
  afterAll(() => subgraph?.stop());

  it('answers 401 without the gateway’s proof, and no data', async () => {
    const { status, body } = await postGraphQLHttp(subgraph.url, query);
    expect(status).toBe(401);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0]?.message).toBe(
      `the health subgraph answers only the plan-wide gateway: the ${gatewayProofHeader} header is missing`,
    );
  });

  it('answers 401 to a proof signed by another key', async () => {
    const impostor = new GatewayProofSigner(generateKeyPairSync('ed25519').privateKey);
    const { status, body } = await postGraphQLHttp(subgraph.url, query, {
      headers: { [gatewayProofHeader]: await impostor.sign(reader, 'health', null) },
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toMatch(/refused the gateway proof: signature verification failed/);
  });

  it('answers 401 to a proof the gateway made for another subgraph', async () => {
    const { status, body } = await postGraphQLHttp(subgraph.url, query, {
      headers: { [gatewayProofHeader]: await gatewayProof(reader, 'social') },
    });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.message).toMatch(/"aud" claim/);
  });

  it('answers the gateway’s own proof', async () => {
    const { status, body } = await postGraphQLHttp(subgraph.url, query, {
      headers: { [gatewayProofHeader]: await gatewayProof(reader, 'health') },
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
  });

  it('answers GET /health without a proof: it tells only that the database is reachable', async () => {
    const response = await fetch(new URL('/health', subgraph.url));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', subgraph: 'health', database: 'reachable' });
  });
});
