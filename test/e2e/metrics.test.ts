import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import { catalogue, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { testEngines } from '../support/databases.js';
import { startFaultyProxy, type FaultyProxy } from '../support/faulty-proxy.js';
import { testGatewayEnv } from '../support/identity.js';
import { projectDir } from '../support/processes.js';
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
    expect((await postGraphQL(gateway.url, 'query LookupForJeanDupont { sector(code: "stalingrad") { name arrondissements } }')).errors).toBeUndefined();
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
    const sectorName = { graphql_operation_type: 'query', graphql_operation_name: 'SectorName', http_response_status_code: '200', outcome: 'success' };
    expect(sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_count', sectorName)).toBe(2);
    expect(sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_count', { graphql_operation_name: 'other', outcome: 'success' })).toBe(1);
    expect(sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_count', { graphql_operation_name: 'SectorAcrossPartners', outcome: 'graphql_error' })).toBe(1);
    expect(sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_count', { http_response_status_code: '400', outcome: 'client_error' })).toBe(1);
    expect(sampleSum(gatewayMetrics, 'http_server_request_duration_seconds_sum', sectorName)).toBeGreaterThan(0);
  });

  it('never holds a name a client chose, beyond the registered ones', () => {
    expect(gatewayMetrics).not.toMatch(/Jean|Dupont|nosuchfield/);
    expect(planMetrics).not.toMatch(/Jean|Dupont/);
  });

  it('times the calls to each subgraph, by how they ended', () => {
    expect(sampleSum(gatewayMetrics, 'http_client_request_duration_seconds_count', { subgraph: 'plan', outcome: 'success' })).toBeGreaterThanOrEqual(3);
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
    expect(sampleSum(planMetrics, 'http_server_request_duration_seconds_count', { graphql_operation_name: 'SectorName', outcome: 'success' })).toBe(1);
    expect(sampleSum(planMetrics, 'db_client_operation_duration_seconds_count', { subgraph: 'plan', db_system_name: 'sqlite', db_operation_name: 'SELECT' })).toBeGreaterThan(0);
    expect(sampleSum(planMetrics, 'db_client_operation_duration_seconds_sum', { subgraph: 'plan', db_operation_name: 'SELECT' })).toBeGreaterThan(0);
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

  it.skipIf(!promtool)('passes promtool check metrics', () => {
    for (const [service, text] of [['gateway', gatewayMetrics], ['plan', planMetrics]] as const) {
      const check = promtoolCheck(text);
      expect(check.status, `${service}: ${check.output}`).toBe(0);
    }
  });
});
