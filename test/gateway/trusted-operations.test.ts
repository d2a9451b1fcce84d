import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { gatewayConfigFromEnv, GatewayConfigError } from '../../gateway/config.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import { manifestFile, registeredOperation } from '../../operations/index.js';
import { explorerScope } from '../../platform/identity.js';
import { subgraphNames } from '../../subgraphs/registry.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken, testGatewayEnv } from '../support/identity.js';

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

// A registered operation (operations/readme/SectorName.graphql) and one nobody registered.
const registered = registeredOperation('readme', 'SectorName');
const registeredAnswer = { data: { sector: { name: 'Stalingrad' } } };
const free = 'query NobodyRegisteredThis { sector(code: "stalingrad") { name } }';
const freeAnswer = registeredAnswer;

interface Answer {
  readonly status: number;
  readonly body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** A POST as an Apollo client sends it: the text, its id as a persisted query, or both (an APQ registration). */
async function send(url: string, request: { query?: string; id?: string; token?: string | null }): Promise<Answer> {
  const body = {
    ...(request.query === undefined ? {} : { query: request.query }),
    ...(request.id === undefined ? {} : { extensions: { persistedQuery: { version: 1, sha256Hash: request.id } } }),
  };
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(request.token ? { authorization: `Bearer ${request.token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Answer['body'] };
}

describe('trusted operations at the gateway', () => {
  let graph: RunningGraph;
  const gateways: Partial<Record<'off' | 'log' | 'enforce', ListeningGateway>> = {};
  let explorer: string;
  let reader: string;
  const subgraphCalls = () => Object.values(graph.counts()).reduce((sum, count) => sum + count.operations, 0);
  const url = (mode: keyof typeof gateways) => gateways[mode]!.url;

  beforeAll(async () => {
    graph = await startGraph(testEngines[0]!, 'trusted');
    const urls = Object.fromEntries(subgraphNames.map((name) => [name, graph.subgraphs[name].url]));
    for (const mode of ['off', 'log', 'enforce'] as const) {
      // No response cache: each request that is served reaches the subgraphs, so a refusal shows as no call.
      const config = {
        ...gatewayConfigFromEnv({ ...testGatewayEnv, TRUSTED_OPERATIONS: mode, RESPONSE_CACHE: 'false' }),
        subgraphUrls: urls,
      };
      gateways[mode] = await listenGateway(buildGateway(config), 0, '127.0.0.1');
    }
    explorer = await mintToken({ agent: 'dashboard-developer', scopes: [explorerScope] });
    reader = await mintToken({ agent: 'plan-analyst' });
  });
  afterAll(async () => {
    await Promise.all(Object.values(gateways).map((gateway) => gateway.stop()));
    await graph?.stop();
  });
  afterEach(() => vi.restoreAllMocks());

  it('the manifest’s ids are the SHA-256 of the text clients send', () => {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { operations: { id: string; name: string; body: string }[] };
    const entry = manifest.operations.find((operation) => operation.name === 'SectorName');
    expect(entry).toEqual({ id: sha256(registered.body), name: 'SectorName', type: 'query', body: registered.body });
  });

  describe.each(['off', 'log', 'enforce'] as const)('TRUSTED_OPERATIONS=%s', (mode) => {
    it('serves a registered operation by its id alone, as Apollo clients send a persisted query', async () => {
      expect(await send(url(mode), { id: sha256(registered.body) })).toEqual({ status: 200, body: registeredAnswer });
    });

    it('serves a registered operation by its text', async () => {
      expect(await send(url(mode), { query: registered.body })).toEqual({ status: 200, body: registeredAnswer });
    });

    it('serves any operation to an agent whose token grants graph:explore', async () => {
      expect(await send(url(mode), { query: free, token: explorer })).toEqual({ status: 200, body: freeAnswer });
    });
  });

  it('off: serves an operation nobody registered, and logs nothing', async () => {
    const log = vi.spyOn(console, 'log');
    expect(await send(url('off'), { query: free })).toEqual({ status: 200, body: freeAnswer });
    expect(log).not.toHaveBeenCalled();
  });

  it('log: serves an operation nobody registered and logs it with its hash, once', async () => {
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const text = 'query LoggedOnce { plan { name } }';
    expect(await send(url('log'), { query: text, token: reader })).toEqual({
      status: 200,
      body: { data: { plan: { name: 'Plan crack' } } },
    });
    expect(await send(url('log'), { query: text, token: reader })).toEqual({
      status: 200,
      body: { data: { plan: { name: 'Plan crack' } } },
    });
    expect(await send(url('log'), { query: registered.body })).toEqual({ status: 200, body: registeredAnswer });
    expect(log).toHaveBeenCalledTimes(1);
    expect(JSON.parse(String(log.mock.calls[0]?.[0]))).toMatchObject({
      level: 'warn',
      event: 'unregistered-operation',
      trustedOperations: 'log',
      sha256Hash: sha256(text),
      operationName: 'LoggedOnce',
      agent: 'plan-analyst',
      explorer: false,
    });
  });

  it('enforce: refuses an operation nobody registered with 400 naming why and what to do, before any subgraph is called', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    graph.resetCounts();
    const answer = await send(url('enforce'), { query: free, token: reader });
    expect(answer.status).toBe(400);
    expect(answer.body.data).toBeUndefined();
    expect(answer.body.errors).toEqual([
      {
        message: expect.stringMatching(
          /^Operation "NobodyRegisteredThis" \(sha256 [0-9a-f]{64}\) is not registered, and this gateway serves registered operations only \(TRUSTED_OPERATIONS=enforce\): .*graph:explore\.$/,
        ),
        extensions: { code: 'OPERATION_NOT_REGISTERED', sha256Hash: sha256(free) },
      },
    ]);
    expect(subgraphCalls()).toBe(0);
  });

  it('enforce: an edit of a registered operation is another operation', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const edited = `${registered.body}\n# edited`;
    expect((await send(url('enforce'), { query: edited })).body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_REGISTERED');
  });

  it('enforce: an unknown id is refused with 400 saying it is not registered', async () => {
    const unknown = sha256('query Unknown { plan { name } }');
    const answer = await send(url('enforce'), { id: unknown });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        message: expect.stringMatching(
          new RegExp(
            `^No registered operation has the id ${unknown}, and this gateway serves registered operations only \\(TRUSTED_OPERATIONS=enforce\\)`,
          ),
        ),
        extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' },
      },
    ]);
  });

  it('enforce: an unknown id still asks an explorer for the text (Apollo’s APQ), which is then served', async () => {
    const text = 'query ExplorerDraft { plan { name } }';
    const first = await send(url('enforce'), { id: sha256(text), token: explorer });
    expect(first).toEqual({
      status: 200,
      body: { errors: [{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }] },
    });
    expect(await send(url('enforce'), { id: sha256(text), query: text, token: explorer })).toEqual({
      status: 200,
      body: { data: { plan: { name: 'Plan crack' } } },
    });
  });

  it('enforce: registering a text through APQ does not make it trusted, for the one who sent it or anyone after', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    // Refused as it is registered, so Apollo keeps nothing: the id alone stays unknown.
    const text = 'query SmuggledIn { plan { name } }';
    const registration = await send(url('enforce'), { id: sha256(text), query: text });
    expect(registration.status).toBe(400);
    expect(registration.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_REGISTERED');
    expect((await send(url('enforce'), { id: sha256(text) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');

    // Registered by an explorer, Apollo keeps the text; sent by its id by anyone else, it is still refused.
    const explored = 'query ExploredThenReplayed { plan { name } }';
    expect((await send(url('enforce'), { id: sha256(explored), query: explored, token: explorer })).status).toBe(200);
    graph.resetCounts();
    const replay = await send(url('enforce'), { id: sha256(explored), token: reader });
    expect(replay.status).toBe(400);
    expect(replay.body.errors?.[0]?.extensions?.code).toBe('OPERATION_NOT_REGISTERED');
    expect(subgraphCalls()).toBe(0);
  });

  it('off: Apollo’s APQ works as before for ids nobody registered', async () => {
    const text = 'query AutomaticallyPersisted { plan { name } }';
    expect((await send(url('off'), { id: sha256(text) })).body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(await send(url('off'), { id: sha256(text), query: text })).toEqual({
      status: 200,
      body: { data: { plan: { name: 'Plan crack' } } },
    });
    expect(await send(url('off'), { id: sha256(text) })).toEqual({ status: 200, body: { data: { plan: { name: 'Plan crack' } } } });
  });
});

describe('TRUSTED_OPERATIONS settings', () => {
  const build = (env: NodeJS.ProcessEnv) => buildGateway(gatewayConfigFromEnv({ ...testGatewayEnv, ...env }));
  const dir = mkdtempSync(join(tmpdir(), 'plancrack-manifest-'));

  it('refuses a mode it does not know, naming the three', () => {
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, TRUSTED_OPERATIONS: 'strict' })).toThrow(
      new GatewayConfigError('TRUSTED_OPERATIONS must be one of off, log, enforce, got "strict"'),
    );
  });

  it('refuses to log or enforce without a manifest, but serves without one when off', () => {
    const missing = join(dir, 'missing.json');
    expect(() => build({ TRUSTED_OPERATIONS: 'enforce', TRUSTED_OPERATIONS_MANIFEST: missing })).toThrow(
      /missing\.json is not a persisted-query manifest the gateway can serve: it cannot be read \(ENOENT\), and TRUSTED_OPERATIONS=enforce needs it/,
    );
    expect(() => build({ TRUSTED_OPERATIONS: 'off', TRUSTED_OPERATIONS_MANIFEST: missing })).not.toThrow();
  });

  it('refuses a manifest whose id is not the SHA-256 of its body', () => {
    const file = join(dir, 'tampered.json');
    const body = 'query Tampered { plan { name } }';
    writeFileSync(
      file,
      JSON.stringify({
        format: 'apollo-persisted-query-manifest',
        version: 1,
        operations: [{ id: sha256('something else'), name: 'Tampered', type: 'query', body }],
      }),
    );
    expect(() => build({ TRUSTED_OPERATIONS: 'log', TRUSTED_OPERATIONS_MANIFEST: file })).toThrow(
      new RegExp(`the id of Tampered is ${sha256('something else')}, but its body's SHA-256 is ${sha256(body)}`),
    );
  });
});
