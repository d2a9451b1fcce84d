import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { subgraphUrlVariable } from '../../gateway/config.js';
import { registeredOperation } from '../../operations/index.js';
import { signAgentToken } from '../../platform/agent-token.js';
import { developmentAudience, developmentIssuer, ensureDevelopmentKeys, readPrivateKey } from '../../platform/keys.js';
import { subgraphNames } from '../../subgraphs/registry.js';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver.js';
import { startService, type Service } from '../support/processes.js';
import { postGraphQL } from '../support/subgraphs.js';

/**
 * The gateway and two subgraphs (plan, health) as processes, exporting their spans over OTLP/HTTP
 * to a receiver the test runs: one client request is one trace across the three, with each span's
 * parent where it belongs; their JSON log lines name the same request and trace; an audited read's
 * row carries its trace id.
 */

const work = mkdtempSync(join(tmpdir(), 'plancrack-traces-'));
const keys = ensureDevelopmentKeys(join(work, 'keys'));
const node = (file: string) => [process.execPath, '--import', 'tsx', file];

/** The JSON lines a service wrote, parsed (other output skipped). */
function logLines(service: Service): Record<string, unknown>[] {
  return service
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The spans from `span` up to its trace's root, following parent ids. */
function ancestry(spans: readonly ReceivedSpan[], span: ReceivedSpan): ReceivedSpan[] {
  const chain = [span];
  let current = span;
  while (current.parentSpanId !== '') {
    const parent = spans.find((candidate) => candidate.spanId === current.parentSpanId);
    if (parent === undefined) break;
    chain.push(parent);
    current = parent;
  }
  return chain;
}

describe('traces across the gateway and two subgraphs (OTLP/HTTP), and the log lines of one request', () => {
  let receiver: OtlpReceiver;
  const services: Service[] = [];
  let gateway: Service;
  let plan: Service;
  let health: Service;
  let gatewayUrl = '';

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    const tracing = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url, OTEL_BSP_SCHEDULE_DELAY: '50' };
    const ports: Record<string, string> = {};
    for (const name of ['plan', 'health'] as const) {
      const service = startService(name, node(`subgraphs/${name}/index.ts`), {
        ...tracing,
        DATA_DIR: work,
        PORT: '0',
        GATEWAY_PROOF_PUBLIC_KEY_FILE: keys.proofPublicKeyFile,
      });
      services.push(service);
      const [, port = ''] = await service.waitFor(/ready at http:\/\/127\.0\.0\.1:(\d+)\//, 120_000);
      ports[name] = port;
    }
    [plan, health] = services as [Service, Service];
    gateway = startService('gateway', node('gateway/index.ts'), {
      ...tracing,
      PORT: '0',
      AUTH_PUBLIC_KEY_FILE: keys.tokenPublicKeyFile,
      AUTH_ISSUER: developmentIssuer,
      AUTH_AUDIENCE: developmentAudience,
      GATEWAY_PROOF_KEY_FILE: keys.proofPrivateKeyFile,
      RESPONSE_CACHE: 'false',
      // The other subgraphs are not running: the queries below never reach them.
      ...Object.fromEntries(
        subgraphNames.map((name) => [subgraphUrlVariable(name), ports[name] ? `http://127.0.0.1:${ports[name]}/` : 'http://127.0.0.1:9/']),
      ),
    });
    services.push(gateway);
    [, gatewayUrl = ''] = await gateway.waitFor(/ready at (http:\/\/[^\s"]+)/);
  }, 240_000);
  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    await receiver?.close();
  });

  /** The spans of `traceId` once the server spans of `among` (and a SQL statement per subgraph) have arrived. */
  async function traceOf(traceId: string, among: readonly string[] = ['gateway', 'plan', 'health']): Promise<ReceivedSpan[]> {
    const spans = () => receiver.spans.filter((span) => span.traceId === traceId);
    await vi.waitUntil(
      () =>
        among.every((service) => spans().some((span) => span.service === service && span.kind === 2)) &&
        spans().filter((span) => span.attributes['db.system.name']).length >= among.length - 1,
      { timeout: 10_000, interval: 50 },
    );
    // Late children of the same batch.
    await new Promise((resolve) => setTimeout(resolve, 300));
    return spans();
  }

  it('makes one trace of a request, from the gateway’s phases through each subgraph call down to the SQL statements', async () => {
    const answer = await postGraphQL(
      gatewayUrl,
      'query SectorCareForJeanDupont { sector(code: "stalingrad") { name careFacilities { name kind } } }',
    );
    expect(answer.errors).toBeUndefined();
    await vi.waitUntil(() => logLines(gateway).some((line) => line.message === 'request'), { timeout: 5000, interval: 20 });
    const requestLine = logLines(gateway).find((line) => line.message === 'request')!;
    const traceId = String(requestLine.traceId);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    const spans = await traceOf(traceId);
    expect(receiver.refused).toEqual([]);

    // One root: the gateway's server span, named after the operation.
    const roots = spans.filter((span) => span.parentSpanId === '');
    expect(roots.map(({ service, name, kind }) => ({ service, name, kind }))).toEqual([
      { service: 'gateway', name: 'query SectorCareForJeanDupont', kind: 2 },
    ]);
    const root = roots[0]!;
    expect(root.attributes).toMatchObject({
      'graphql.operation.name': 'SectorCareForJeanDupont',
      'graphql.operation.type': 'query',
      'http.response.status_code': 200,
    });
    // Every other span's parent is in the trace.
    for (const span of spans)
      if (span !== root)
        expect(
          spans.map(({ spanId }) => spanId),
          `${span.service} ${span.name}`,
        ).toContain(span.parentSpanId);

    const gatewaySpanNames = spans.filter((span) => span.service === 'gateway').map((span) => span.name);
    for (const name of [
      'graphql.parse',
      'graphql.validate',
      'gateway.request',
      'gateway.plan',
      'gateway.execute',
      'gateway.fetch',
      'POST plan',
      'POST health',
    ])
      expect(gatewaySpanNames).toContain(name);

    for (const subgraph of ['plan', 'health']) {
      // The gateway's call, under its gateway.fetch for that subgraph…
      const call = spans.find((span) => span.name === `POST ${subgraph}`)!;
      expect(call.attributes['graphql.subgraph.name']).toBe(subgraph);
      expect(call.kind).toBe(3);
      const fetch = spans.find((span) => span.spanId === call.parentSpanId)!;
      expect(fetch).toMatchObject({ name: 'gateway.fetch', attributes: { service: subgraph } });
      // …is the parent of the subgraph's server span: the traceparent it sent was continued.
      const server = spans.find((span) => span.service === subgraph && span.kind === 2)!;
      expect(server.parentSpanId).toBe(call.spanId);
      expect(server.attributes).toMatchObject({ 'graphql.subgraph.name': subgraph, 'graphql.operation.type': 'query' });
      const own = spans.filter((span) => span.service === subgraph).map((span) => span.name);
      for (const name of ['graphql.parse', 'graphql.validate', 'graphql.execute', 'SELECT']) expect(own, subgraph).toContain(name);
      // Its SQL statements, under its server span, with their text but never their parameters.
      const statements = spans.filter((span) => span.service === subgraph && span.attributes['db.system.name'] === 'sqlite');
      expect(statements.length).toBeGreaterThan(0);
      for (const statement of statements) {
        expect(ancestry(spans, statement)).toContain(server);
        expect(statement.attributes['db.query.text']).not.toMatch(/stalingrad/);
      }
    }
  });

  it('logs one JSON line per request in each service, with the same request and trace ids, and no name a client chose', async () => {
    const gatewayLine = logLines(gateway).find((line) => line.message === 'request')!;
    expect(gatewayLine).toMatchObject({
      level: 'info',
      service: 'gateway',
      requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      agent: null,
      partner: null,
      operationName: 'other',
      operationType: 'query',
      status: 200,
      outcome: 'success',
      durationMs: expect.any(Number),
      subgraphCalls: expect.arrayContaining([
        expect.objectContaining({ subgraph: 'plan', outcome: 'success' }),
        expect.objectContaining({ subgraph: 'health', outcome: 'success' }),
      ]),
    });
    for (const subgraph of [plan, health]) {
      await vi.waitUntil(() => logLines(subgraph).some((line) => line.message === 'request'), { timeout: 5000, interval: 20 });
      expect(logLines(subgraph).find((line) => line.message === 'request')).toMatchObject({
        service: subgraph.name,
        requestId: gatewayLine.requestId,
        traceId: gatewayLine.traceId,
        operationName: 'other',
        outcome: 'success',
      });
    }
    for (const service of services) expect(service.output()).not.toMatch(/Jean|Dupont/);
  });

  it('starts a trace of its own for a client that sends a traceparent: no client chooses the trace id that logs and audit rows record', async () => {
    const chosen = '0af7651916cd43dd8448eb211c80319c';
    const answer = await postGraphQL(gatewayUrl, 'query ChosenTrace { sector(code: "eole") { name } }', undefined, {
      traceparent: `00-${chosen}-b7ad6b7169203331-01`,
    });
    expect(answer.errors).toBeUndefined();
    const requestLines = (service: Service) => logLines(service).filter((line) => line.message === 'request');
    await vi.waitUntil(() => requestLines(plan).length >= 2 && requestLines(gateway).length >= 2, { timeout: 5000, interval: 20 });
    const [gatewayLine, planLine] = [gateway, plan].map((service) => requestLines(service).at(-1)!);
    expect(gatewayLine?.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(gatewayLine?.traceId).not.toBe(chosen);
    expect(planLine?.traceId).toBe(gatewayLine?.traceId);
  });

  it('writes the trace id of an audited read into its audit row', async () => {
    const sign = (partner: string, scopes: string[]) =>
      signAgentToken(readPrivateKey(keys.tokenPrivateKeyFile, 'token key', false), {
        agent: `agent-of-${partner}`,
        partner,
        scopes,
        issuer: developmentIssuer,
        audience: developmentAudience,
        expiresAt: '10m',
      });
    const carer = await sign('ars-idf', ['health:read']);
    const read = await postGraphQL(gatewayUrl, registeredOperation('care-pathways', 'CarePathways').body, undefined, {
      authorization: `Bearer ${carer}`,
    });
    expect(read.errors).toBeUndefined();
    await vi.waitUntil(() => logLines(gateway).some((line) => line.operationName === 'CarePathways'), { timeout: 5000, interval: 20 });
    const line = logLines(gateway).find((entry) => entry.operationName === 'CarePathways')!;
    // The line names the agent and partner, never a pseudonym the answer held.
    expect(line).toMatchObject({ agent: 'agent-of-ars-idf', partner: 'ars-idf', outcome: 'success' });
    const pseudonyms = (read.data as { healthPeople: { pseudonym: string }[] }).healthPeople.map(({ pseudonym }) => pseudonym);
    for (const service of services) for (const pseudonym of pseudonyms) expect(service.output()).not.toContain(pseudonym);
    // Nor a token or a gateway proof: both are JWTs, whose encoding starts with eyJ.
    for (const service of services) expect(service.output(), service.name).not.toContain('eyJ');

    const auditor = await sign('ars-idf', ['audit:read']);
    const trail = await postGraphQL<{ healthAuditTrail: { operationName: string; traceId: string | null }[] }>(
      gatewayUrl,
      'query LatestAudit { healthAuditTrail(first: 1) { operationName traceId } }',
      undefined,
      { authorization: `Bearer ${auditor}` },
    );
    expect(trail.errors).toBeUndefined();
    expect(trail.data?.healthAuditTrail).toEqual([{ operationName: 'CarePathways', traceId: line.traceId }]);
    // The row's trace id leads to the audited read's spans in health.
    const spans = await traceOf(String(line.traceId), ['gateway', 'health']);
    expect(spans.find((span) => span.service === 'health' && span.kind === 2)?.attributes['graphql.operation.name']).toMatch(
      /^CarePathways__health__\d+$/,
    );
  });
});
