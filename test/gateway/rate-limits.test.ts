import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway, type BuiltGateway, type ListeningGateway } from '../../gateway/server.js';
import { subgraphNames, type SubgraphName } from '../../subgraphs/registry.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken, testGatewayEnv } from '../support/identity.js';
import { counterValue, freePort, startRedis, type RunningRedis } from '../support/redis.js';
import { postGraphQLHttp, type HttpAnswer } from '../support/subgraphs.js';

const [sqlite] = testEngines;

/** Limits small enough to reach in a test; a partner of its own (ratp, ghu-paris) for each. */
const limitsEnv = {
  RATE_LIMITS: 'true',
  RATE_LIMIT_AGENT_REQUESTS: '5',
  RATE_LIMIT_ANONYMOUS_REQUESTS: '3',
  RATP_RATE_LIMIT_PARTNER_REQUESTS: '4',
  GHU_PARIS_RATE_LIMIT_AGENT_COST: '3',
  METRICS_PORT: '0',
};

const sectorNames = '{ sectors { code } }';

/** What a client reads of a refusal: the status, the header, the one error's code, limit and message. */
function refusalOf(answer: HttpAnswer<'retry-after'>) {
  const [error] = answer.body.errors ?? [];
  return {
    status: answer.status,
    retryAfter: answer.headers['retry-after'],
    data: answer.body.data,
    code: error?.extensions?.code,
    limit: error?.extensions?.limit,
    message: error?.message,
  };
}

interface Replica extends ListeningGateway {
  readonly built: BuiltGateway;
}

describe('rate limits shared by the replicas', () => {
  let graph: RunningGraph;
  let redis: RunningRedis;
  let a: Replica;
  let b: Replica;
  const replicas: Replica[] = [];

  async function startReplica(env: NodeJS.ProcessEnv): Promise<Replica> {
    const urls = Object.fromEntries(subgraphNames.map((name) => [name, graph.subgraphs[name].url])) as Record<SubgraphName, string>;
    const built = buildGateway({ ...gatewayConfigFromEnv({ ...testGatewayEnv, ...limitsEnv, ...env }), subgraphUrls: urls });
    const replica = { ...(await listenGateway(built, 0, '127.0.0.1')), built };
    replicas.push(replica);
    return replica;
  }

  beforeAll(async () => {
    redis = await startRedis();
    graph = await startGraph(sqlite!, 'rate-limits');
    a = await startReplica({ REDIS_URL: redis.url });
    b = await startReplica({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    for (const replica of replicas) await replica.stop();
    await graph?.stop();
    await redis?.stop();
  });

  it('counts an agent’s requests across both replicas, cached answers included: the 6th gets 429, Retry-After and the limit’s name', async () => {
    const token = await mintToken({ agent: 'analyst-7', partner: 'pref-idf', scopes: ['plan:read'] });
    for (const replica of [a, b, a, b, a]) expect((await postGraphQLHttp(replica.url, { query: sectorNames }, { token })).status).toBe(200);
    const refused = await postGraphQLHttp(b.url, { query: sectorNames }, { token, readHeaders: ['retry-after'] });
    expect(refusalOf(refused)).toEqual({
      status: 429,
      retryAfter: expect.stringMatching(/^\d+$/),
      data: undefined,
      code: 'RATE_LIMITED',
      limit: 'agent_requests',
      message: expect.stringMatching(
        /^Rate limit reached: agent analyst-7 sent more than 5 requests in 60 s \(agent_requests, RATE_LIMIT_AGENT_REQUESTS\); retry in \d+ s\.$/,
      ),
    });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    // Another agent of the same partner has its own count.
    const colleague = await mintToken({ agent: 'analyst-8', partner: 'pref-idf', scopes: ['plan:read'] });
    expect((await postGraphQLHttp(a.url, { query: sectorNames }, { token: colleague })).status).toBe(200);
    expect(
      counterValue((await b.built.metrics.service.scrape()).text, 'gateway_rate_limited_requests_total', { limit: 'agent_requests' }),
    ).toBe(1);
  });

  it('counts a partner’s agents together, with the partner’s own limit (RATP_RATE_LIMIT_PARTNER_REQUESTS=4)', async () => {
    const agents = await Promise.all(
      ['ratp-1', 'ratp-2', 'ratp-3'].map((agent) => mintToken({ agent, partner: 'ratp', scopes: ['ratp:read'] })),
    );
    for (const [token, replica] of [
      [agents[0]!, a],
      [agents[1]!, b],
      [agents[0]!, b],
      [agents[1]!, a],
    ] as const) {
      expect((await postGraphQLHttp(replica.url, { query: sectorNames }, { token })).status).toBe(200);
    }
    expect(
      refusalOf(await postGraphQLHttp(a.url, { query: sectorNames }, { token: agents[2]!, readHeaders: ['retry-after'] })),
    ).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      limit: 'partner_requests',
      message: expect.stringContaining(
        'partner ratp’s agents together sent more than 4 requests in 60 s (partner_requests, RATP_RATE_LIMIT_PARTNER_REQUESTS)',
      ),
    });
  });

  it('counts each request’s estimated cost: a list of sectors is over an allowance of 3, three { __typename } are not', async () => {
    const token = await mintToken({ agent: 'ghu-1', partner: 'ghu-paris', scopes: ['health:read'] });
    expect(refusalOf(await postGraphQLHttp(a.url, { query: sectorNames }, { token, readHeaders: ['retry-after'] }))).toMatchObject({
      status: 429,
      limit: 'agent_cost',
      message: expect.stringContaining(
        'agent ghu-1 sent an estimated cost of more than 3 in 60 s (agent_cost, GHU_PARIS_RATE_LIMIT_AGENT_COST)',
      ),
    });
    const other = await mintToken({ agent: 'ghu-2', partner: 'ghu-paris', scopes: ['health:read'] });
    for (const replica of [a, b, a])
      expect((await postGraphQLHttp(replica.url, { query: '{ __typename }' }, { token: other })).body).toEqual({
        data: { __typename: 'Query' },
      });
    expect(
      refusalOf(await postGraphQLHttp(b.url, { query: '{ __typename }' }, { token: other, readHeaders: ['retry-after'] })),
    ).toMatchObject({ status: 429, limit: 'agent_cost' });
  });

  it('limits anonymous requests per client address, and counts neither health, metrics nor the IDE', async () => {
    expect((await postGraphQLHttp(a.url, { query: sectorNames })).status).toBe(200);
    expect((await postGraphQLHttp(b.url, { query: sectorNames })).status).toBe(200);
    for (let round = 0; round < 5; round++) {
      for (const replica of [a, b]) {
        expect((await fetch(new URL('/health/ready', replica.url))).status).toBe(200);
        expect((await fetch(new URL('/health/live', replica.url))).status).toBe(200);
        expect((await fetch(replica.metricsUrl!)).status).toBe(200);
      }
    }
    const ide = await fetch(a.url, { headers: { accept: 'text/html' } });
    expect(ide.status).toBe(200);
    expect(ide.headers.get('content-type')).toMatch(/^text\/html/);
    await ide.arrayBuffer();
    expect((await postGraphQLHttp(a.url, { query: sectorNames })).status).toBe(200);
    expect(refusalOf(await postGraphQLHttp(b.url, { query: sectorNames }, { readHeaders: ['retry-after'] }))).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
      limit: 'anonymous_requests',
      message: expect.stringContaining(
        'anonymous requests from 127.0.0.1 sent more than 3 requests in 60 s (anonymous_requests, RATE_LIMIT_ANONYMOUS_REQUESTS)',
      ),
    });
    // An X-Forwarded-For is read only where TRUST_PROXY says a load balancer sets it: elsewhere, any client could write one.
    expect((await postGraphQLHttp(a.url, { query: sectorNames }, { headers: { 'x-forwarded-for': '203.0.113.7' } })).status).toBe(429);
    const behindProxy = await startReplica({ REDIS_URL: redis.url, TRUST_PROXY: 'true' });
    // The last address is the one the proxy added; an earlier one the client may have written.
    expect(
      (await postGraphQLHttp(behindProxy.url, { query: sectorNames }, { headers: { 'x-forwarded-for': '127.0.0.1, 203.0.113.7' } })).status,
    ).toBe(200);
    expect((await postGraphQLHttp(behindProxy.url, { query: sectorNames }, { headers: { 'x-forwarded-for': '127.0.0.1' } })).status).toBe(
      429,
    );
  });

  it('counts in each replica’s memory while Redis fails, and says so in a metric', async () => {
    const unreachable = await startReplica({ REDIS_URL: `redis://127.0.0.1:${await freePort()}`, REDIS_TIMEOUT_MS: '100' });
    const token = await mintToken({ agent: 'analyst-9', partner: 'pref-idf', scopes: ['plan:read'] });
    for (let call = 0; call < 5; call++)
      expect((await postGraphQLHttp(unreachable.url, { query: '{ __typename }' }, { token })).status).toBe(200);
    expect(
      refusalOf(await postGraphQLHttp(unreachable.url, { query: '{ __typename }' }, { token, readHeaders: ['retry-after'] })),
    ).toMatchObject({ status: 429, limit: 'agent_requests' });
    const scrape = (await unreachable.built.metrics.service.scrape()).text;
    expect(counterValue(scrape, 'gateway_rate_limit_memory_fallbacks_total')).toBeGreaterThanOrEqual(6 * 4);
    expect(counterValue(scrape, 'gateway_redis_commands_total', { use: 'rate_limit', outcome: 'failure' })).toBeGreaterThanOrEqual(6 * 4);
  });

  it('without RATE_LIMITS, counts nothing', async () => {
    const unlimited = await startReplica({ RATE_LIMITS: 'false' });
    for (let call = 0; call < 8; call++) expect((await postGraphQLHttp(unlimited.url, { query: '{ __typename }' })).status).toBe(200);
  });
});
