import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway, type BuiltGateway, type ListeningGateway } from '../../gateway/server.js';
import { captureLogs } from '../../platform/log.js';
import { subgraphNames, type SubgraphName } from '../../subgraphs/registry.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken, testGatewayEnv } from '../support/identity.js';
import { counterValue, freePort, startRedis, type RunningRedis } from '../support/redis.js';
import { postGraphQLHttp } from '../support/subgraphs.js';

const [sqlite] = testEngines;

const operations2023 = '{ policeJusticeFigures { policeOperations { year(year: 2023) { value } } } }';
const operationsData = (value: number) => ({ policeJusticeFigures: { policeOperations: { year: { value } } } });
const recordOperation = `mutation RecordOperation($input: RecordPoliceOperationInput!) { recordPoliceOperation(input: $input) { replayed operation { date kind } } }`;
const operationInput = (idempotencyKey: string, date: string) => ({
  idempotencyKey,
  date,
  sector: 'stalingrad',
  kind: 'SEARCH',
  description: 'Perquisition d’un point de deal, quai de la Seine',
  leadPartner: 'pref-police',
});

/** The year's police operations over HTTP, anonymously, with the answer's `Age` (null: computed for this request). */
const askOperations2023 = (url: string) => postGraphQLHttp(url, { query: operations2023 }, { readHeaders: ['age'] });

interface Replica extends ListeningGateway {
  readonly built: BuiltGateway;
  readonly redisCommands: (labels: Record<string, string>) => Promise<number>;
}

describe('replicas sharing their response cache in Redis', () => {
  let graph: RunningGraph;
  let redis: RunningRedis;
  let inspector: Redis;
  let a: Replica;
  let b: Replica;
  let police = '';
  const replicas: Replica[] = [];

  async function startReplica(env: NodeJS.ProcessEnv): Promise<Replica> {
    const urls = Object.fromEntries(subgraphNames.map((name) => [name, graph.subgraphs[name].url])) as Record<SubgraphName, string>;
    const built = buildGateway({ ...gatewayConfigFromEnv({ ...testGatewayEnv, ...env }), subgraphUrls: urls });
    const listening = await listenGateway(built, 0, '127.0.0.1');
    const replica = {
      ...listening,
      built,
      redisCommands: async (labels: Record<string, string>) =>
        counterValue((await built.metrics.service.scrape()).text, 'gateway_redis_commands_total', labels),
    };
    replicas.push(replica);
    return replica;
  }

  /** The answers kept in Redis, counted there. */
  const answersKept = async () => (await inspector.keys('plan-gateway:response-cache:fqc:*')).length;
  const policeOperationsServed = () => graph.counts()['police-justice'].operations;

  beforeAll(async () => {
    redis = await startRedis();
    inspector = new Redis(redis.url, { lazyConnect: true });
    await inspector.connect();
    graph = await startGraph(sqlite!, 'shared-cache');
    a = await startReplica({ REDIS_URL: redis.url });
    b = await startReplica({ REDIS_URL: redis.url });
    police = await mintToken({ agent: 'pp-desk', partner: 'pref-police', scopes: ['police-justice:write'] });
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    inspector?.disconnect();
    await graph?.stop();
    await redis?.stop();
  });

  it('serves through B, from Redis and without calling a subgraph, what A computed', async () => {
    const first = await askOperations2023(a.url);
    expect(first).toEqual({ status: 200, headers: { age: null }, body: { data: operationsData(33) } });
    // The plugin stores in the background, after A's answer has left.
    await vi.waitUntil(async () => (await answersKept()) === 1, { timeout: 2000, interval: 10 });
    graph.resetCounts();
    const before = {
      generation: await b.redisCommands({ use: 'cache_generation' }),
      cache: await b.redisCommands({ use: 'response_cache' }),
    };
    expect(await askOperations2023(b.url)).toEqual({
      status: 200,
      headers: { age: expect.stringMatching(/^\d+$/) },
      body: { data: operationsData(33) },
    });
    expect(policeOperationsServed()).toBe(0);
    // Two round trips for an anonymous hit: the generation, then the answer.
    expect({
      generation: (await b.redisCommands({ use: 'cache_generation' })) - before.generation,
      cache: (await b.redisCommands({ use: 'response_cache' })) - before.cache,
    }).toEqual({
      generation: 1,
      cache: 1,
    });
  });

  it('gives the new figure through B as soon as a write through A is answered', async () => {
    await askOperations2023(b.url);
    graph.resetCounts();
    expect((await askOperations2023(b.url)).headers.age).not.toBeNull();
    expect(policeOperationsServed()).toBe(0);

    const written = await postGraphQLHttp(
      a.url,
      { query: recordOperation, variables: { input: operationInput('shared-cache-write-01', '2023-11-22') } },
      { token: police },
    );
    expect(written.body).toEqual({
      data: { recordPoliceOperation: { replayed: false, operation: { date: '2023-11-22', kind: 'SEARCH' } } },
    });

    expect(await askOperations2023(b.url)).toEqual({ status: 200, headers: { age: null }, body: { data: operationsData(34) } });
    // And through A, which wrote.
    expect((await askOperations2023(a.url)).body).toEqual({ data: operationsData(34) });
  });

  it('does not move the generation for a refused write', async () => {
    const generation = await inspector.get('plan-gateway:response-cache:generation');
    const refused = await postGraphQLHttp(a.url, {
      query: recordOperation,
      variables: { input: operationInput('shared-cache-anonymous', '2023-11-23') },
    });
    expect(refused.body.errors?.map((error) => error.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(await inspector.get('plan-gateway:response-cache:generation')).toBe(generation);
  });

  it('without Redis (nothing listening at REDIS_URL), answers every request from the subgraphs, writes included, and says so once', async () => {
    const logs = captureLogs();
    try {
      const unreachable = await startReplica({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_TIMEOUT_MS: '100' });
      for (let call = 0; call < 3; call++) {
        graph.resetCounts();
        expect(await askOperations2023(unreachable.url)).toEqual({
          status: 200,
          headers: { age: null },
          body: { data: operationsData(34) },
        });
        expect(policeOperationsServed()).toBe(1);
      }
      const written = await postGraphQLHttp(
        unreachable.url,
        { query: recordOperation, variables: { input: operationInput('shared-cache-no-redis', '2023-11-24') } },
        { token: police },
      );
      expect(written.status).toBe(200);
      expect(written.body.errors).toBeUndefined();
      expect(await unreachable.redisCommands({ outcome: 'failure' })).toBeGreaterThanOrEqual(4);
      expect(await unreachable.redisCommands({ outcome: 'success' })).toBe(0);
      const failing = logs.lines().filter((line) => String(line.message).includes('is failing'));
      expect(failing).toHaveLength(1);
      expect(failing[0]).toMatchObject({ level: 'warn', service: 'gateway' });
    } finally {
      logs.stop();
    }
    // Its write moved no generation (Redis was unreachable): owed, it is paid once Redis answers; meanwhile A and B, on
    // a Redis that did not hear of it, serve what they had (a figure of before) — see the README's "Several replicas".
  });

  it('keeps answering while its Redis is killed, and shares its cache again once Redis is back on the same address', async () => {
    const port = Number(new URL(redis.url).port);
    inspector.disconnect();
    await redis.stop();
    for (let call = 0; call < 3; call++) {
      const answer = await askOperations2023(a.url);
      expect({ status: answer.status, age: answer.headers.age, errors: answer.body.errors }).toEqual({
        status: 200,
        age: null,
        errors: undefined,
      });
    }
    // A write while Redis is down: answered; its move of the generation is owed.
    const written = await postGraphQLHttp(
      a.url,
      { query: recordOperation, variables: { input: operationInput('shared-cache-redis-down', '2023-11-25') } },
      { token: police },
    );
    expect({ status: written.status, errors: written.body.errors }).toEqual({ status: 200, errors: undefined });
    const startedAgain = Date.now();
    redis = await startRedis(port);
    inspector = new Redis(redis.url, { lazyConnect: true });
    await inspector.connect();
    // The new Redis lost the counter: it starts again at the time in ms, past any value the old one had.
    await vi.waitUntil(
      async () =>
        (await askOperations2023(a.url)).status === 200 && (await inspector.get('plan-gateway:response-cache:generation')) !== null,
      {
        timeout: 10_000,
        interval: 200,
      },
    );
    expect(Number(await inspector.get('plan-gateway:response-cache:generation'))).toBeGreaterThanOrEqual(startedAgain);
    // ioredis reconnects on its own (every 2 s at most): the cache works again through both replicas.
    await vi.waitUntil(async () => (await askOperations2023(a.url)).status === 200 && (await answersKept()) > 0, {
      timeout: 10_000,
      interval: 200,
    });
    graph.resetCounts();
    const hit = await askOperations2023(b.url);
    expect(hit.headers.age).not.toBeNull();
    expect(policeOperationsServed()).toBe(0);
  });
});
