import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { captureLogs } from '../../platform/log.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import { composeSubgraphs, supergraphFile } from '../../schema/composition.js';
import { catalogue, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { buildSubgraph, listen, type ListeningSubgraph } from '../../subgraphs/shared/subgraph.js';
import { testEngines } from '../support/databases.js';
import { startFaultyProxy, type FaultyProxy } from '../support/faulty-proxy.js';
import { gatewayPublicKey, mintToken, operatorReadiness, testGatewayEnv } from '../support/identity.js';
import { startSubgraph, postGraphQL, type RunningSubgraph } from '../support/subgraphs.js';

const [sqlite] = testEngines;

/** One figure from each of three partners: health's may fail, the others' must still come. */
const yearAcrossPartners = `query YearAcrossPartners { year(year: 2023) {
  policeJustice { immediateAppearances { value } }
  health { nursingActs { value } }
  social { restSpaceVisits { value } }
} }`;
const served = { policeJustice: { immediateAppearances: { value: 226 } }, social: { restSpaceVisits: { value: 36_741 } } };

interface Answer {
  data?: { year: { health: unknown } & typeof served } | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

interface Readiness {
  status: string;
  supergraph: { loadedAt: string | null; lastRefused: { reason: string } | null };
  subgraphs: { name: SubgraphName; circuit: string; lastFailure: string | null }[];
}

/** Health on a SQLite file behind a proxy that fails on demand; the other four as in the other tests. */
describe('a failing subgraph', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'plancrack-resilience-'));
  const healthDatabase = { kind: 'sqlite', file: join(dataDir, 'health.sqlite') } as const;
  const others: RunningSubgraph[] = [];
  let health: ListeningSubgraph;
  let healthPort = 0;
  let proxy: FaultyProxy;
  let gateway: ListeningGateway;
  let token = '';

  async function startHealth(port: number): Promise<ListeningSubgraph> {
    const built = await buildSubgraph(catalogue.health, { database: healthDatabase, seedIfEmpty: { scale: 1 } });
    return listen(built, { port, gatewayPublicKey });
  }
  const ask = () => postGraphQL(gateway.url, yearAcrossPartners, undefined, { authorization: `Bearer ${token}` }) as Promise<Answer>;
  const readiness = () => operatorReadiness<Readiness>(gateway.url);
  const healthCircuit = async () => (await readiness()).subgraphs.find((subgraph) => subgraph.name === 'health')!;

  beforeAll(async () => {
    health = await startHealth(0);
    healthPort = Number(new URL(health.url).port);
    proxy = await startFaultyProxy(health.url);
    const urls = { health: proxy.url } as Record<SubgraphName, string>;
    for (const name of subgraphNames.filter((name) => name !== 'health')) {
      const started = await startSubgraph(catalogue[name], await sqlite!.freshDatabase(name, 'resilience'));
      others.push(started);
      urls[name] = started.url;
    }
    const config = gatewayConfigFromEnv({
      ...testGatewayEnv,
      // Every call must reach the subgraphs: a cached answer would hide the failures under test.
      RESPONSE_CACHE: 'false',
      HEALTH_SUBGRAPH_TIMEOUT_MS: '1000',
      SUBGRAPH_CIRCUIT_MINIMUM_CALLS: '3',
      // Long enough that the circuit is still open when checked on a loaded machine, short enough to wait for.
      SUBGRAPH_CIRCUIT_OPEN_MS: '1000',
    });
    gateway = await listenGateway(buildGateway({ ...config, subgraphUrls: urls }), 0, '127.0.0.1');
    token = await mintToken({ expiresIn: 3600 });
  });
  afterAll(async () => {
    await gateway?.stop();
    await proxy?.close();
    await health?.stop();
    await Promise.all(others.map((subgraph) => subgraph.stop()));
  });

  // A test that fails midway must not leave its fault to the next ones.
  afterEach(() => {
    proxy.fault = { kind: 'none' };
  });

  it('is ready, with every subgraph’s circuit closed', async () => {
    const ready = await readiness();
    expect(ready.status).toBe('ready');
    expect(ready.supergraph.loadedAt).not.toBeNull();
    expect(ready.subgraphs.map(({ name, circuit }) => [name, circuit]).sort()).toEqual(
      subgraphNames.map((name) => [name, 'closed']).sort(),
    );
    expect((await ask()).errors).toBeUndefined();
  });

  it.each([
    { fault: { kind: 'slow', ms: 2000 } as const, reason: 'TIMEOUT', message: 'subgraph health failed: no answer within 1000 ms' },
    {
      fault: { kind: 'garbage' } as const,
      reason: 'INVALID_RESPONSE',
      message: 'subgraph health failed: its answer is not a GraphQL response',
    },
    { fault: { kind: 'hang-up' } as const, reason: 'UNREACHABLE', message: 'subgraph health failed: it cannot be reached' },
    { fault: { kind: 'server-error' } as const, reason: 'HTTP_ERROR', message: 'subgraph health failed: it answered HTTP 500' },
  ])('$fault.kind: the other partners’ fields are served, with an error naming health ($reason)', async ({ fault, reason, message }) => {
    proxy.fault = fault;
    const started = Date.now();
    const { data, errors } = await ask();
    proxy.fault = { kind: 'none' };
    expect(data?.year).toEqual({ ...served, health: null });
    expect(errors).toEqual([
      expect.objectContaining({
        message: `${message}; the other partners' fields are served`,
        extensions: expect.objectContaining({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'health', reason }),
      }),
    ]);
    expect(Date.now() - started).toBeLessThan(2500);
    await vi.waitUntil(async () => (await healthCircuit()).circuit === 'closed', { timeout: 5000, interval: 50 });
  });

  it('stops calling a subgraph that keeps failing, probes it, and calls it again once it is back', async () => {
    proxy.fault = { kind: 'server-error' };
    for (let i = 0; i < 3; i++) await ask();
    expect(await healthCircuit()).toMatchObject({ circuit: 'open', lastFailure: 'it answered HTTP 500' });
    const callsWhenOpen = proxy.calls();
    const { data, errors } = await ask();
    expect(data?.year).toEqual({ ...served, health: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'health', reason: 'CIRCUIT_OPEN' });
    // Failed at once: the open circuit sent nothing to health (a probe of /health may have gone).
    expect(proxy.calls() - callsWhenOpen).toBeLessThanOrEqual(1);
    proxy.fault = { kind: 'none' };
    await vi.waitUntil(async () => (await healthCircuit()).circuit === 'closed', { timeout: 5000, interval: 50 });
    expect((await ask()).data?.year.health).toEqual({ nursingActs: { value: 3050 } });
  });

  it('serves the others while health is killed, and health again once it is restarted', async () => {
    await health.stop();
    const { data, errors } = await ask();
    expect(data?.year).toEqual({ ...served, health: null });
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'SUBGRAPH_UNAVAILABLE', subgraph: 'health' });
    health = await startHealth(healthPort);
    await vi.waitUntil(async () => (await ask()).errors === undefined, { timeout: 10_000, interval: 100 });
    expect((await ask()).data?.year).toEqual({ ...served, health: { nursingActs: { value: 3050 } } });
  });

  it('sends identical anonymous queries in flight to a subgraph once, and each client gets the whole answer', async () => {
    // Slow enough that all five are in flight before the first is answered, even on a loaded machine.
    proxy.fault = { kind: 'slow', ms: 700 };
    const before = proxy.calls();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postGraphQL(gateway.url, yearAcrossPartners) as Promise<Answer>));
    proxy.fault = { kind: 'none' };
    expect(proxy.calls() - before).toBe(1);
    for (const answer of answers) expect(answer).toEqual({ data: { year: { ...served, health: { nursingActs: { value: 3050 } } } } });
  });

  it('shares an agent’s identical queries in flight too, when they read no individual-level field', async () => {
    // Slow enough that they are all in flight at once, well within health's timeout.
    proxy.fault = { kind: 'slow', ms: 300 };
    const before = proxy.calls();
    const answers = await Promise.all(Array.from({ length: 5 }, () => ask()));
    proxy.fault = { kind: 'none' };
    expect(proxy.calls() - before).toBe(1);
    for (const answer of answers) expect(answer).toEqual({ data: { year: { ...served, health: { nursingActs: { value: 3050 } } } } });
  });

  it('sends each identical query that reads an individual-level field, since the subgraph audits every such read', async () => {
    proxy.fault = { kind: 'slow', ms: 300 };
    const before = proxy.calls();
    const people = () =>
      postGraphQL(gateway.url, '{ healthPeople(first: 1) { pseudonym } }', undefined, { authorization: `Bearer ${token}` });
    const answers = await Promise.all(Array.from({ length: 5 }, () => people()));
    proxy.fault = { kind: 'none' };
    expect(proxy.calls() - before).toBe(5);
    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
  });

  it('finishes the requests in flight when it shuts down', async () => {
    proxy.fault = { kind: 'slow', ms: 300 };
    const inFlight = ask();
    await new Promise((resolve) => setTimeout(resolve, 50));
    const stopping = gateway.stop();
    const answer = await inFlight;
    const started = Date.now();
    await stopping;
    // Closed once its last request was answered, not at the end of the grace period.
    expect(Date.now() - started).toBeLessThan(1000);
    proxy.fault = { kind: 'none' };
    expect(answer.errors).toBeUndefined();
    expect(answer.data?.year.health).toEqual({ nursingActs: { value: 3050 } });
    await expect(ask()).rejects.toThrow();
  });
});

describe('a new supergraph file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'plancrack-supergraph-'));
  const file = join(dir, 'supergraph.graphql');
  const running: RunningSubgraph[] = [];
  let gateway: ListeningGateway;

  beforeAll(async () => {
    copyFileSync(supergraphFile, file);
    const urls = {} as Record<SubgraphName, string>;
    for (const name of subgraphNames) {
      const started = await startSubgraph(catalogue[name], await sqlite!.freshDatabase(name, 'reload'));
      running.push(started);
      urls[name] = started.url;
    }
    const config = gatewayConfigFromEnv({ ...testGatewayEnv, SUPERGRAPH_FILE: file, SUPERGRAPH_POLL_MS: '50' });
    gateway = await listenGateway(buildGateway({ ...config, subgraphUrls: urls }), 0, '127.0.0.1');
  });
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(running.map((subgraph) => subgraph.stop()));
  });

  const ask = (query: string) => postGraphQL(gateway.url, query);
  const lastRefused = async () => (await operatorReadiness<Readiness>(gateway.url)).supergraph.lastRefused;

  it('is refused when invalid, with a logged error, and the old one keeps serving', async () => {
    const logged = captureLogs();
    writeFileSync(file, 'schema @link(url: "https://specs.apollo.dev/link/v1.0") { query: Query } type Query { broken: Nope }');
    await vi.waitUntil(() => logged.lines().some((line) => line.level === 'error'), { timeout: 5000, interval: 20 });
    const message = String(logged.lines().find((line) => line.level === 'error')?.message);
    logged.stop();
    expect(message).toMatch(new RegExp(`^supergraph ${file} refused, the one loaded at .* keeps serving: `));
    expect(await lastRefused()).toMatchObject({ reason: expect.any(String) });
    expect((await ask('{ sectors { code } healthFigures { assorePlaces { metric } } }')).errors).toBeUndefined();
  });

  it('is served without a restart when valid', async () => {
    const planAndPolice = composeSubgraphs(['plan', 'police-justice']);
    if (!planAndPolice.ok) throw new Error(planAndPolice.errors.join('\n'));
    writeFileSync(file, planAndPolice.supergraphSdl);
    // Health's fields are gone from the new supergraph; plan's are still served.
    await vi.waitUntil(
      async () =>
        (await ask('{ healthFigures { assorePlaces { metric } } }')).errors?.[0]?.extensions?.code === 'GRAPHQL_VALIDATION_FAILED',
      { timeout: 5000, interval: 50 },
    );
    expect((await ask('{ sectors { code } }')).errors).toBeUndefined();
    expect(await lastRefused()).toBeNull();
  });
});
