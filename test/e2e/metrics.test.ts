import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import { catalogue, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { testEngines } from '../support/databases.js';
import { startFaultyProxy, type FaultyProxy } from '../support/faulty-proxy.js';
import { mintToken, testGatewayEnv } from '../support/identity.js';
import { projectDir, startService, type Service } from '../support/processes.js';
import { postGraphQL, startSubgraph, type RunningSubgraph } from '../support/subgraphs.js';

const sqlite = testEngines.find((engine) => engine.kind === 'sqlite')!;
const operationText = (file: string) => readFileSync(`${projectDir}/operations/readme/${file}.graphql`, 'utf8');

/** The sum of the samples of `name` whose labels include all of `labels` (Prometheus text format). */
function sampleSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const present = match[2] ?? '';
    if (Object.entries(labels).every(([label, value]) => present.includes(`${label}="${value}"`))) sum += Number(match[3]);
  }
  return sum;
}

/** The status of a GET of a raw request target, one that fetch would normalise (`//`). */
function statusOfTarget(url: string, target: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sending = request(url, { path: target }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    sending.on('error', reject);
    sending.end();
  });
}

const promtool = spawnSync('promtool', ['--version']).status === 0;
const prometheus = spawnSync('prometheus', ['--version']).status === 0;

/** A port free now, for a program that cannot be told to take any (Prometheus' web address). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) =>
    server.close(() => {
      resolve();
    }),
  );
  return port;
}

interface PromVector {
  readonly status: string;
  readonly data: { readonly result: readonly { readonly metric: Record<string, string>; readonly value: readonly [number, string] }[] };
}

/** An instant PromQL query over Prometheus' HTTP API: each series' labels picked by `label`, with its value. */
async function promQuery(base: string, query: string, label: string): Promise<Record<string, number>> {
  const answer = (await (await fetch(`${base}/api/v1/query?query=${encodeURIComponent(query)}`)).json()) as PromVector;
  if (answer.status !== 'success') throw new Error(`${query}: ${JSON.stringify(answer)}`);
  return Object.fromEntries(answer.data.result.map(({ metric, value }) => [metric[label] ?? '', Number(value[1])]));
}

/** `promtool check metrics`: the exposition parses, and follows Prometheus' naming rules. */
function promtoolCheck(text: string): { status: number | null; output: string } {
  const run = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('GET /metrics on the gateway (its own port) and on each subgraph', () => {
  const subgraphs = {} as Record<SubgraphName, RunningSubgraph>;
  let socialProxy: FaultyProxy;
  let gateway: ListeningGateway;
  let gatewayMetrics = '';
  let planMetrics = '';

  beforeAll(async () => {
    for (const name of subgraphNames) subgraphs[name] = await startSubgraph(catalogue[name], await sqlite.freshDatabase(name, 'metrics'));
    socialProxy = await startFaultyProxy(subgraphs.social.url);
    const urls = Object.fromEntries(subgraphNames.map((name) => [name, name === 'social' ? socialProxy.url : subgraphs[name].url]));
    const config = gatewayConfigFromEnv({ ...testGatewayEnv, METRICS_PORT: '0' });
    gateway = await listenGateway(buildGateway({ ...config, subgraphUrls: urls }), 0, '127.0.0.1');

    // A registered query twice (computed, then from the response cache); one under a name a client
    // made up, holding a person's name; one invalid; one while social answers HTTP 500.
    for (let time = 0; time < 2; time += 1) expect((await postGraphQL(gateway.url, operationText('SectorName'))).errors).toBeUndefined();
    expect(
      (await postGraphQL(gateway.url, 'query LookupForJeanDupont { sector(code: "stalingrad") { name arrondissements } }')).errors,
    ).toBeUndefined();
    expect((await postGraphQL(gateway.url, '{ sector(code: "stalingrad") { nosuchfield } }')).errors).toBeDefined();
    socialProxy.fault = { kind: 'server-error' };
    expect((await postGraphQL(gateway.url, operationText('SectorAcrossPartners'))).errors?.length).toBeGreaterThan(0);
    socialProxy.fault = { kind: 'none' };

    gatewayMetrics = await (await fetch(gateway.metricsUrl!)).text();
    planMetrics = await (await fetch(new URL('/metrics', subgraphs.plan.url))).text();
  });
  afterAll(async () => {
    await gateway?.stop();
    await socialProxy?.close();
    await Promise.all(Object.values(subgraphs).map((subgraph) => subgraph.stop()));
  });

  it('times the gateway’s requests by operation type, registered name and outcome', () => {
    const sectorName = {
      graphql_operation_type: 'query',
      graphql_operation_name: 'SectorName',
      http_response_status_code: '200',
      outcome: 'success',
    };
    expect(sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_count', sectorName)).toBe(2);
    expect(
      sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_count', { graphql_operation_name: 'other', outcome: 'success' }),
    ).toBe(1);
    expect(
      sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_count', {
        graphql_operation_name: 'SectorAcrossPartners',
        outcome: 'graphql_error',
      }),
    ).toBe(1);
    expect(
      sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_count', {
        http_response_status_code: '400',
        outcome: 'client_error',
      }),
    ).toBe(1);
    expect(sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_sum', sectorName)).toBeGreaterThan(0);
  });

  it('never holds a name a client chose, beyond the registered ones', () => {
    expect(gatewayMetrics).not.toMatch(/Jean|Dupont|nosuchfield/);
    expect(planMetrics).not.toMatch(/Jean|Dupont/);
  });

  it('times the calls to each subgraph, by how they ended', () => {
    expect(
      sampleSum(gatewayMetrics, 'http_client_request_duration_seconds_count', { subgraph: 'plan', outcome: 'success' }),
    ).toBeGreaterThanOrEqual(3);
    expect(sampleSum(gatewayMetrics, 'http_client_request_duration_seconds_count', { subgraph: 'social', outcome: 'http_error' })).toBe(1);
    expect(sampleSum(gatewayMetrics, 'http_client_request_duration_seconds_count', { subgraph: 'ratp', outcome: 'success' })).toBe(1);
  });

  it('counts GraphQL errors by code and by the subgraph that raised them', () => {
    expect(sampleSum(gatewayMetrics, 'graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED', subgraph: 'gateway' })).toBe(1);
    expect(sampleSum(gatewayMetrics, 'graphql_errors_total', { subgraph: 'social' })).toBeGreaterThanOrEqual(1);
    expect(sampleSum(gatewayMetrics, 'graphql_errors_total', { subgraph: 'plan' })).toBe(0);
  });

  it('shows each subgraph’s circuit, the response cache’s hits and misses, and the plans cached', () => {
    for (const name of subgraphNames) {
      expect(sampleSum(gatewayMetrics, 'gateway_subgraph_circuit_state', { subgraph: name, state: 'closed' }), name).toBe(1);
      expect(sampleSum(gatewayMetrics, 'gateway_subgraph_circuit_state', { subgraph: name, state: 'open' }), name).toBe(0);
    }
    expect(sampleSum(gatewayMetrics, 'gateway_response_cache_requests_total', { result: 'hit' })).toBe(1);
    expect(sampleSum(gatewayMetrics, 'gateway_response_cache_requests_total', { result: 'miss' })).toBe(3);
    // SectorName, the made-up name's and SectorAcrossPartners (the invalid query has none).
    expect(sampleSum(gatewayMetrics, 'gateway_query_plan_cache_entries')).toBe(3);
  });

  it('counts and times a subgraph’s requests, under the client’s registered operation, and its SQL statements', () => {
    // The gateway names plan's share of SectorName `SectorName__plan__0`: the client's part is kept.
    expect(
      sampleSum(planMetrics, 'http_server_request_duration_seconds_count', { graphql_operation_name: 'SectorName', outcome: 'success' }),
    ).toBe(1);
    expect(
      sampleSum(planMetrics, 'db_client_operation_duration_seconds_count', {
        subgraph: 'plan',
        db_system_name: 'sqlite',
        db_operation_name: 'SELECT',
      }),
    ).toBeGreaterThan(0);
    expect(
      sampleSum(planMetrics, 'db_client_operation_duration_seconds_sum', { subgraph: 'plan', db_operation_name: 'SELECT' }),
    ).toBeGreaterThan(0);
    expect(sampleSum(planMetrics, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('is not served on the gateway’s own port', async () => {
    const response = await fetch(new URL('/metrics', gateway.url));
    expect(await response.text()).not.toContain('http_server_request_duration_seconds');
  });

  it('answers a request target no URL parser takes, on both ports, and keeps serving', async () => {
    expect(await statusOfTarget(gateway.metricsUrl!, '//')).toBe(404);
    expect(await statusOfTarget(gateway.url, '//')).toBe(400);
    expect((await fetch(gateway.metricsUrl!)).status).toBe(200);
  });

  it.skipIf(!promtool)('passes promtool check metrics, on the gateway and on every subgraph', async () => {
    const scraped: [string, string][] = [['gateway', gatewayMetrics]];
    for (const name of subgraphNames) scraped.push([name, await (await fetch(new URL('/metrics', subgraphs[name].url))).text()]);
    for (const [service, text] of scraped) {
      expect(text, service).toContain('http_server_request_duration_seconds');
      const check = promtoolCheck(text);
      expect(check.status, `${service}: ${check.output}`).toBe(0);
    }
  });

  describe.skipIf(!prometheus)('scraped by Debian’s prometheus', () => {
    let server: Service;
    let api = '';

    beforeAll(async () => {
      const work = mkdtempSync(join(tmpdir(), 'plancrack-prometheus-'));
      const target = (url: string) => new URL(url).host;
      // What an operator's scrape configuration holds: the gateway's metrics port, each subgraph's port.
      writeFileSync(
        join(work, 'prometheus.yml'),
        [
          'global: { scrape_interval: 1s, evaluation_interval: 1s }',
          'scrape_configs:',
          '  - job_name: plan-graph-gateway',
          `    static_configs: [{ targets: ["${target(gateway.metricsUrl!)}"] }]`,
          '  - job_name: plan-graph-subgraphs',
          `    static_configs: [{ targets: [${subgraphNames.map((name) => `"${target(subgraphs[name].url)}"`).join(', ')}] }]`,
          '',
        ].join('\n'),
      );
      const port = await freePort();
      api = `http://127.0.0.1:${port}`;
      server = startService(
        'prometheus',
        [
          'prometheus',
          `--config.file=${join(work, 'prometheus.yml')}`,
          `--storage.tsdb.path=${join(work, 'data')}`,
          `--web.listen-address=127.0.0.1:${port}`,
        ],
        {},
      );
      await server.waitFor(/Server is ready to receive web requests/, 30_000);
      // Every target scraped once before the requests, so that rate() sees them arrive.
      await vi.waitUntil(
        async () => Object.values(await promQuery(api, 'up', 'instance')).filter((up) => up === 1).length === 1 + subgraphNames.length,
        { timeout: 20_000, interval: 200 },
      );
      // An agent reading every partner's fields: one call to each subgraph, twice with a scrape between,
      // so that rate() sees series born by the first call grow (the second text differs: not a cache hit).
      const authorization = `Bearer ${await mintToken()}`;
      for (const query of [operationText('SectorAcrossPartners'), `${operationText('SectorAcrossPartners')}\n# again`]) {
        const answer = await postGraphQL(gateway.url, query, undefined, { authorization });
        expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
    }, 60_000);
    afterAll(async () => {
      await server?.stop();
    });

    it('answers a PromQL query for the p95 duration of the gateway’s calls to each subgraph', async () => {
      const query =
        'histogram_quantile(0.95, sum by (le, subgraph) (rate(http_client_request_duration_seconds_bucket{outcome="success"}[1m])))';
      let p95: Record<string, number> = {};
      await vi.waitUntil(
        async () => {
          p95 = await promQuery(api, query, 'subgraph');
          return subgraphNames.every((name) => Number.isFinite(p95[name]));
        },
        { timeout: 20_000, interval: 250 },
      );
      // Within the buckets: above 0, at most the 10 s bound of the last finite one.
      for (const name of subgraphNames) expect(p95[name], name).toBeGreaterThan(0);
      for (const name of subgraphNames) expect(p95[name], name).toBeLessThanOrEqual(10);
      // The subgraphs' own view of the same requests: the client's registered operation, by subgraph job.
      const served = await promQuery(
        api,
        'sum by (instance) (http_server_request_duration_seconds_count{job="plan-graph-subgraphs", graphql_operation_name="SectorAcrossPartners"})',
        'instance',
      );
      expect(Object.values(served)).toHaveLength(subgraphNames.length);
      for (const count of Object.values(served)) expect(count).toBeGreaterThanOrEqual(2);
    });

    it('evaluates every query of the Grafana dashboard (ops/grafana/plan-graph.json), per subgraph where it says so', async () => {
      const dashboard = JSON.parse(readFileSync(`${projectDir}/ops/grafana/plan-graph.json`, 'utf8')) as {
        panels: { title: string; targets: { expr: string }[] }[];
      };
      const variables: Record<string, string> = {
        __rate_interval: '1m',
        gateway_job: 'plan-graph-gateway',
        subgraph_job: 'plan-graph-subgraphs',
      };
      const results: Record<string, Record<string, number>> = {};
      for (const { title, targets } of dashboard.panels) {
        for (const { expr } of targets) {
          const query = expr.replace(/\$(\w+)/g, (whole, variable: string) => variables[variable] ?? whole);
          expect(query, title).not.toContain('$');
          results[title] = await promQuery(api, query, 'subgraph');
        }
      }
      expect(Object.keys(results["p95 of the gateway's calls, per subgraph"] ?? {}).sort()).toEqual([...subgraphNames].sort());
      // Every circuit closed: 0 for each subgraph.
      expect(results['Circuits: open or half-open subgraphs']).toEqual(Object.fromEntries(subgraphNames.map((name) => [name, 0])));
    });
  });
});
