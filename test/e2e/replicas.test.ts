import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { registeredOperation } from '../../operations/index.js';
import { signAgentToken } from '../../platform/agent-token.js';
import { developmentAudience, developmentIssuer, readPrivateKey } from '../../platform/keys.js';
import { supergraphFile } from '../../schema/composition.js';
import { healthCheck, startCluster, type Cluster, type Replica } from '../support/cluster.js';
import { counterValue } from '../support/redis.js';
import { postGraphQLHttp } from '../support/subgraphs.js';

/**
 * docker-compose's scaled deployment as processes: Redis, the five subgraphs, two gateway replicas
 * and Debian's HAProxy health-checking them; what a client of the load balancer sees.
 */
const operations2023 = '{ policeJusticeFigures { policeOperations { year(year: 2023) { value } } } }';
const operationsData = (value: number) => ({ policeJusticeFigures: { policeOperations: { year: { value } } } });
const recordOperation = `mutation RecordOperation($input: RecordPoliceOperationInput!) { recordPoliceOperation(input: $input) { replayed operation { date } } }`;
const sectorLookup = registeredOperation('dashboard', 'SectorLookup').body;

/** What this file reads of an answer: how old a cached one is (null: computed for this request), and when to retry a refused one. */
const readHeaders = ['age', 'retry-after'] as const;

/** GraphQL requests a replica has answered, from its own /metrics. */
const requestsServed = async (replica: Replica) =>
  counterValue(await (await fetch(replica.metricsUrl)).text(), 'http_server_request_duration_seconds_count');

describe('two gateway replicas behind HAProxy, sharing Redis', () => {
  let cluster: Cluster;
  let inspector: Redis;
  const token = { reader: '', police: '', ratp: '' };

  beforeAll(async () => {
    cluster = await startCluster({
      replicas: 2,
      gatewayEnv: {
        RATE_LIMITS: 'true',
        RATE_LIMIT_AGENT_REQUESTS: '100000',
        RATE_LIMIT_PARTNER_REQUESTS: '100000',
        RATP_RATE_LIMIT_AGENT_REQUESTS: '6',
      },
    });
    inspector = new Redis(cluster.redis.url);
    const key = readPrivateKey(cluster.keys.tokenPrivateKeyFile, 'development token key', false);
    const sign = (agent: string, partner: string, scopes: string[]) =>
      signAgentToken(key, { agent, partner, scopes, issuer: developmentIssuer, audience: developmentAudience, expiresAt: '1h' });
    token.reader = await sign('dashboard-1', 'pref-idf', ['plan:read']);
    token.police = await sign('pp-desk', 'pref-police', ['police-justice:write']);
    token.ratp = await sign('ratp-analyst', 'ratp', ['ratp:read']);
  }, 240_000);
  afterAll(async () => {
    inspector?.disconnect();
    await cluster?.stop();
  });

  it('serves through the load balancer, each replica giving the committed supergraph’s SHA-256', async () => {
    const hash = createHash('sha256').update(readFileSync(supergraphFile, 'utf8')).digest('hex');
    for (const replica of cluster.replicas) {
      expect(await (await fetch(new URL('/health/ready', replica.url))).json()).toEqual({ status: 'ready', supergraph: { hash } });
    }
    expect((await postGraphQLHttp(cluster.url, { query: operations2023 }, { readHeaders })).body).toEqual({ data: operationsData(33) });
  });

  it('shares the cache: what replica 1 computed is a hit on replica 2', async () => {
    const [one, two] = cluster.replicas as [Replica, Replica];
    await postGraphQLHttp(one.url, { query: sectorLookup, variables: { code: 'eole' } }, { readHeaders });
    await vi.waitUntil(async () => (await inspector.keys('plan-gateway:response-cache:fqc:*')).length >= 2, {
      timeout: 3000,
      interval: 20,
    });
    const hit = await postGraphQLHttp(two.url, { query: sectorLookup, variables: { code: 'eole' } }, { readHeaders });
    expect(hit.status).toBe(200);
    expect(hit.headers.age).toMatch(/^\d+$/);
  });

  it('invalidates on every replica: read through 2, write through 1, read through 2 gets the new figure', async () => {
    const [one, two] = cluster.replicas as [Replica, Replica];
    await postGraphQLHttp(two.url, { query: operations2023 }, { readHeaders });
    expect(await postGraphQLHttp(two.url, { query: operations2023 }, { readHeaders })).toMatchObject({
      headers: { age: expect.stringMatching(/^\d+$/) },
      body: { data: operationsData(33) },
    });
    const input = {
      idempotencyKey: 'replicas-write-0001',
      date: '2023-11-22',
      sector: 'stalingrad',
      kind: 'SEARCH',
      description: 'Perquisition',
      leadPartner: 'pref-police',
    };
    expect(
      (await postGraphQLHttp(one.url, { query: recordOperation, variables: { input } }, { token: token.police, readHeaders })).body,
    ).toEqual({ data: { recordPoliceOperation: { replayed: false, operation: { date: '2023-11-22' } } } });
    expect(await postGraphQLHttp(two.url, { query: operations2023 }, { readHeaders })).toMatchObject({
      headers: { age: null },
      body: { data: operationsData(34) },
    });
  });

  it('reaches a rate limit across both replicas: 6 requests through the load balancer (3 to each), the 7th refused', async () => {
    const before = await Promise.all(cluster.replicas.map(requestsServed));
    for (let call = 0; call < 6; call++)
      expect((await postGraphQLHttp(cluster.url, { query: '{ __typename }' }, { token: token.ratp, readHeaders })).status).toBe(200);
    const refused = await postGraphQLHttp(cluster.url, { query: '{ __typename }' }, { token: token.ratp, readHeaders });
    expect({
      status: refused.status,
      code: refused.body.errors?.[0]?.extensions?.code,
      limit: refused.body.errors?.[0]?.extensions?.limit,
    }).toEqual({
      status: 429,
      code: 'RATE_LIMITED',
      limit: 'agent_requests',
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    const after = await Promise.all(cluster.replicas.map(requestsServed));
    // Round robin: neither replica alone saw more than 6 of them.
    expect(after.map((count, index) => count - before[index]!)).toEqual([expect.any(Number), expect.any(Number)]);
    for (const [index, count] of after.entries()) expect(count - before[index]!).toBeLessThanOrEqual(4);
  });

  it('takes a killed replica out within seconds under load: no request fails after the health checks’ window, and it comes back', async () => {
    const [one, two] = cluster.replicas as [Replica, Replica];
    const answers: { at: number; ok: boolean }[] = [];
    let running = true;
    const worker = async () => {
      let lookup = 0;
      while (running) {
        const code = ['eole', 'stalingrad', 'rosa-parks', 'forceval'][lookup++ % 4];
        const at = Date.now();
        try {
          const answer = await postGraphQLHttp(
            cluster.url,
            { query: sectorLookup, variables: { code } },
            { token: token.reader, readHeaders },
          );
          answers.push({ at, ok: answer.status === 200 && answer.body.errors === undefined });
        } catch {
          answers.push({ at, ok: false });
        }
      }
    };
    const workers = Array.from({ length: 4 }, worker);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const killedAt = Date.now();
    await two.kill();
    // HAProxy marks it DOWN after `fall` failed checks, `inter` apart.
    const window = healthCheck.interMs * (healthCheck.fall + 1) + 1000;
    await vi.waitUntil(async () => (await cluster.backendStatus())['gateway-2'] === 'DOWN', { timeout: window, interval: 50 });
    const downAfter = Date.now() - killedAt;
    await new Promise((resolve) => setTimeout(resolve, 4000));
    running = false;
    await Promise.all(workers);

    const late = answers.filter(({ at }) => at > killedAt + window);
    expect(downAfter).toBeLessThan(window);
    expect(late.length).toBeGreaterThan(20);
    expect(late.filter(({ ok }) => !ok)).toEqual([]);
    expect(answers.filter(({ at, ok }) => !ok && at < killedAt)).toEqual([]);

    await two.restart();
    await vi.waitUntil(async () => (await cluster.backendStatus())['gateway-2'] === 'UP', { timeout: 10_000, interval: 100 });
    const before = await requestsServed(two);
    for (let call = 0; call < 4; call++)
      expect(
        (await postGraphQLHttp(cluster.url, { query: sectorLookup, variables: { code: 'eole' } }, { token: token.reader, readHeaders }))
          .status,
      ).toBe(200);
    expect((await requestsServed(two)) - before).toBeGreaterThanOrEqual(1);
    expect(await requestsServed(one)).toBeGreaterThan(0);
  });
});
