import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';

const [engine] = testEngines;

// The gateway as production runs it: no introspection, no stack traces, CSRF prevention, a CORS allow-list.
describe('the gateway’s production hardening', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(engine!, 'hardening', { scale: 1 }, { gatewayEnv: { CORS_ORIGINS: 'https://dashboard.plan-crack.example' } });
  });
  afterAll(() => graph?.stop());

  it('refuses introspection unless configured', async () => {
    const { data, errors } = await graph.query('{ __schema { queryType { name } } }');
    expect(data).toBeUndefined();
    expect(errors?.[0]?.message).toMatch(/introspection is not allowed/i);
    expect(errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('answers errors without stack traces', async () => {
    const { errors } = await graph.query(
      '{ sector(code: "stalingrad") { outreachCoverage(from: "2023-02-01", to: "2023-01-01") { rounds } } }',
    );
    expect(errors?.length).toBeGreaterThan(0);
    for (const error of errors!) expect(JSON.stringify(error)).not.toMatch(/stacktrace|\.ts:\d+|at .*\(/);
  });

  it('refuses a simple GET that a browser could send cross-site (CSRF prevention)', async () => {
    const response = await fetch(`${graph.url}?query=${encodeURIComponent('{ sectors { code } }')}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toMatch(/CSRF/);
    const preflighted = await fetch(`${graph.url}?query=${encodeURIComponent('{ sectors { code } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });

  it('lets only the configured origins call it from a browser', async () => {
    const preflight = (origin: string) =>
      fetch(graph.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' },
      });
    const allowed = await preflight('https://dashboard.plan-crack.example');
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://dashboard.plan-crack.example');
    expect(allowed.headers.get('access-control-allow-headers')).toContain('authorization');
    const other = await preflight('https://evil.example');
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(graph.url, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: '{"query":"{ sectors { code } }"}',
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('bounds the request body', async () => {
    const response = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ sectors { code } } #${'x'.repeat(2 * 1024 * 1024)}` }),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]?.extensions.code).toBe(
      'PAYLOAD_TOO_LARGE',
    );
  });
});
