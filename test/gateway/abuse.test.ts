import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { captureLogs } from '../../platform/log.js';
import { buildGateway, listenGateway, type ListeningGateway } from '../../gateway/server.js';
import type { SubgraphState } from '../../gateway/subgraphs.js';
import { subgraphNames, type SubgraphName } from '../../subgraphs/registry.js';
import { testEngines } from '../support/databases.js';
import { startFaultyProxy, type FaultyProxy } from '../support/faulty-proxy.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { postGraphQLHttp, type HttpAnswer } from '../support/subgraphs.js';
import { mintToken, operatorReadiness, productionGatewayEnv, testGatewayEnv } from '../support/identity.js';

// What an anonymous caller can send, and what it must not do to the graph. SQLite is enough: the gateway refuses before any database matters.
const [engine] = testEngines;

const sectorCodes = {
  sectors: ['canal-ourcq', 'eole', 'forceval', 'porte-de-la-chapelle', 'rosa-parks', 'stalingrad'].map((code) => ({ code })),
};
const mobileTeams = 'query ($r: [HospitalStaffRole!]) { healthMobileTeams(withRoles: $r) { id } }';
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

describe('an anonymous caller who tries to take the graph down', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(engine!, 'abuse');
  });
  afterAll(() => graph?.stop());

  /** Sends the abuse and, while it is in flight, an ordinary request from someone else: that one must be served in full. */
  async function alongsideOrdinary(abuse: () => Promise<HttpAnswer>): Promise<HttpAnswer> {
    const [answer, ordinary] = await Promise.all([abuse(), postGraphQLHttp(graph.url, JSON.stringify({ query: '{ sectors { code } }' }))]);
    expect({ status: ordinary.status, body: ordinary.body }).toEqual({ status: 200, body: { data: sectorCodes } });
    return answer;
  }

  it('gets a 400 naming the limit for a list of 100,000 integers (it used to hold the graph for 15 s and answer 20 MB)', async () => {
    const body = JSON.stringify({ query: mobileTeams, variables: { r: Array.from({ length: 100_000 }, (_, index) => index) } });
    graph.resetCounts();
    const started = performance.now();
    const answer = await alongsideOrdinary(() => postGraphQLHttp(graph.url, body));
    const ms = performance.now() - started;
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'the request body has a list of more than 1000 items (the limit, VARIABLES_MAX_LIST_LENGTH)',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      },
    });
    // Refused on its bytes: nothing parsed, coerced or sent. (The bound is generous: before, it took 15 s.)
    expect(ms).toBeLessThan(2000);
    expect(graph.counts().health.operations).toBe(0);
  });

  it('gets at most 50 coercion errors, and a last one saying so, for a list of wrong values under the length limit', async () => {
    const answer = await postGraphQLHttp(
      graph.url,
      JSON.stringify({ query: mobileTeams, variables: { r: Array.from({ length: 1000 }, (_, index) => index) } }),
    );
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toHaveLength(51);
    expect(answer.body.errors?.[0]).toEqual({
      message: 'Variable "$r" got invalid value 0 at "r[0]"; Enum "HospitalStaffRole" cannot represent non-string value: 0.',
      locations: [{ line: 1, column: 8 }],
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(answer.body.errors?.[50]?.message).toBe('Too many errors processing variables, error limit reached. Execution aborted.');
    expect(JSON.stringify(answer.body).length).toBeLessThan(16_000);
  });

  it.each([
    {
      name: 'nested 5,000 deep, unused',
      body: `{"query":"{ __typename }","variables":{"v":${nested(5000)}}}`,
      limit: 'nests values more than 16 deep (the limit, VARIABLES_MAX_DEPTH)',
    },
    {
      name: 'nested 17 deep in an argument',
      body: `{"query":"query ($c: ID!) { sector(code: $c) { name } }","variables":{"c":${nested(17)}}}`,
      limit: 'nests values more than 16 deep (the limit, VARIABLES_MAX_DEPTH)',
    },
    {
      name: 'extensions nested 5,000 deep',
      body: `{"query":"{ __typename }","extensions":${nested(5000)}}`,
      limit: 'nests values more than 16 deep (the limit, VARIABLES_MAX_DEPTH)',
    },
    {
      name: 'of 10,001 values',
      body: JSON.stringify({
        query: '{ __typename }',
        variables: Object.fromEntries(Array.from({ length: 10_001 }, (_, index) => [`v${index}`, index])),
      }),
      limit: 'has more than 10000 values (the limit, VARIABLES_MAX_VALUES)',
    },
  ])(
    'gets a 400 for variables $name (it used to be a 500 with the engine’s "Maximum call stack size exceeded")',
    async ({ body, limit }) => {
      const answer = await alongsideOrdinary(() => postGraphQLHttp(graph.url, body));
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 400,
        body: { errors: [{ message: `the request body ${limit}`, extensions: { code: 'BAD_REQUEST' } }] },
      });
    },
  );

  it('gets the same 400 for deep variables in a GET', async () => {
    // 100 deep: much deeper and the URL passes Node's 16 KB header limit, which answers 431 itself.
    const url = `${graph.url}?query=${encodeURIComponent('{ __typename }')}&variables=${encodeURIComponent(`{"v":${nested(100)}}`)}`;
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    expect({ status: response.status, body: await response.json() }).toEqual({
      status: 400,
      body: {
        errors: [
          {
            message: 'the variables parameter nests values more than 16 deep (the limit, VARIABLES_MAX_DEPTH)',
            extensions: { code: 'BAD_REQUEST' },
          },
        ],
      },
    });
  });

  it.each([
    {
      name: 'an unknown operationName',
      request: { query: 'query Sectors { sectors { code } }', operationName: 'Stations' },
      message: 'The query has no operation named "Stations"; it has "Sectors".',
    },
    {
      name: 'two operations and no operationName',
      request: { query: 'query A { sectors { code } } query B { sectors { name } }' },
      message: 'The query has 2 operations: name the one to run in operationName.',
    },
    {
      name: 'a subscription',
      request: { query: 'subscription { sectors { code } }' },
      message: 'The graph has no subscription operations; it answers query and mutation.',
    },
  ])('gets a 400 saying what is wrong for $name (a 500 before)', async ({ request, message }) => {
    const answer = await postGraphQLHttp(graph.url, JSON.stringify(request));
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 400,
      body: { errors: [{ message, extensions: { code: 'BAD_REQUEST' } }] },
    });
  });

  it('gets a 400 for a 12 KB operation name, twelve times over, and every circuit stays closed', async () => {
    const body = JSON.stringify({ query: `query ${'L'.repeat(12_000)} { sectors { code } }` });
    const answers = await Promise.all(Array.from({ length: 12 }, () => postGraphQLHttp(graph.url, body)));
    for (const answer of answers) {
      expect(answer.status).toBe(400);
      expect(answer.body.errors).toEqual([
        expect.objectContaining({
          message: 'A name in the query is 12000 characters long; the limit is 256 (QUERY_MAX_NAME_LENGTH).',
          extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'nameLength', maximum: 256, found: 12_000 },
        }),
      ]);
    }
    const operationName = await postGraphQLHttp(
      graph.url,
      JSON.stringify({ query: '{ sectors { code } }', operationName: 'L'.repeat(900_000) }),
    );
    expect(operationName.body.errors?.[0]?.message).toBe(
      'The operationName is 900000 characters long; the limit is 256 (QUERY_MAX_NAME_LENGTH).',
    );
    const { subgraphs } = await operatorReadiness<{ subgraphs: SubgraphState[] }>(graph.url);
    expect(subgraphs.map(({ name, circuit }) => ({ name, circuit })).sort(byName)).toEqual(
      subgraphNames.map((name) => ({ name, circuit: 'closed' })).sort(byName),
    );
    expect((await postGraphQLHttp(graph.url, JSON.stringify({ query: '{ sectors { code } }' }))).body).toEqual({ data: sectorCodes });
  });

  it('cuts an answer over MAX_RESPONSE_BYTES, naming the limit, and a subgraph answer over it fails only that request', async () => {
    // Four partners' public lists, each answered by its own subgraph: the limit sits above the largest, below their sum.
    const parts = [
      'sectors { code name arrondissements }',
      'ratpLines { code name }',
      'healthFacilities { name kind }',
      'receptionSites { code name }',
    ];
    const sizes = await Promise.all(
      parts.map(async (part) => JSON.stringify((await postGraphQLHttp(graph.url, { query: `{ ${part} }` })).body).length),
    );
    const limit = Math.max(...sizes) + 100;
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBeGreaterThan(limit);
    const config = gatewayConfigFromEnv({ ...testGatewayEnv, MAX_RESPONSE_BYTES: String(limit), RESPONSE_CACHE: 'false' });
    const small = await listenGateway(buildGateway({ ...config, subgraphUrls: urlsOf(graph) }), 0, '127.0.0.1');
    try {
      const whole = await postGraphQLHttp(small.url, JSON.stringify({ query: `{ ${parts.join(' ')} }` }));
      expect(whole.status).toBe(400);
      expect(whole.body.errors).toEqual([
        {
          message: `the answer is ${String(whole.body.errors?.[0]?.extensions?.found)} bytes; the limit is ${limit} (MAX_RESPONSE_BYTES): ask for fewer fields, fewer items (first) or a narrower range`,
          extensions: { code: 'RESPONSE_TOO_LARGE', maximum: limit, found: expect.any(Number) },
        },
      ]);
      // ratp's stations with their lines exceed the limit on their way in: that field fails, plan's sectors are served.
      const answer = await postGraphQLHttp(
        small.url,
        JSON.stringify({ query: '{ sectors { code } ratpStations { code name lines { code name } } }' }),
      );
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ ...sectorCodes, ratpStations: null });
      expect(answer.body.errors).toEqual([
        expect.objectContaining({
          message: `subgraph ratp refused this request: its answer exceeds ${limit} bytes (MAX_RESPONSE_BYTES): ask for fewer fields, fewer items (first) or a narrower range; the other partners' fields are served`,
          extensions: expect.objectContaining({ code: 'SUBGRAPH_REFUSED_REQUEST', subgraph: 'ratp', reason: 'RESPONSE_TOO_LARGE' }),
        }),
      ]);
      const { subgraphs } = await operatorReadiness<{ subgraphs: SubgraphState[] }>(small.url);
      expect(subgraphs.every((subgraph) => subgraph.circuit === 'closed')).toBe(true);
    } finally {
      await small.stop();
    }
  });

  it('logs an internal error with an id and shows the client only that id, never the engine’s text', async () => {
    const logged = captureLogs();
    const ratp = graph.subgraphs.ratp.built.db;
    await ratp.query('ALTER TABLE ratp_lines RENAME TO ratp_lines_gone');
    try {
      const answer = await postGraphQLHttp(graph.url, JSON.stringify({ query: '{ sectors { code } ratpLines { code } }' }));
      expect(answer.status).toBe(200);
      expect(answer.body.data).toEqual({ ...sectorCodes, ratpLines: null });
      const [error] = answer.body.errors ?? [];
      const errorId = error?.extensions?.errorId;
      expect(error).toEqual({
        message: `internal error in ratp; it has been logged: quote error id ${String(errorId)} to the graph's operators`,
        path: ['ratpLines'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', errorId: expect.stringMatching(/^[0-9a-f-]{36}$/), serviceName: 'ratp' },
      });
      expect(JSON.stringify(answer.body)).not.toMatch(/Sqlite|no such table|ratp_lines/);
      // TypeORM's logger warns of the failed statement too; the internal error is the line with its id and stack.
      expect(logged.lines()).toContainEqual(
        expect.objectContaining({
          level: 'error',
          service: 'ratp',
          errorId,
          message: expect.stringMatching(/no such table: ratp_lines/),
          stack: expect.stringContaining('at '),
        }),
      );
    } finally {
      await ratp.query('ALTER TABLE ratp_lines_gone RENAME TO ratp_lines');
      logged.stop();
    }
  });

  describe('a subgraph that refuses the request itself (HTTP 431 or 413)', () => {
    let proxy: FaultyProxy;
    let gateway: ListeningGateway;
    beforeAll(async () => {
      proxy = await startFaultyProxy(graph.subgraphs.plan.url);
      const config = gatewayConfigFromEnv({ ...testGatewayEnv, RESPONSE_CACHE: 'false', SUBGRAPH_CIRCUIT_MINIMUM_CALLS: '3' });
      gateway = await listenGateway(buildGateway({ ...config, subgraphUrls: { ...urlsOf(graph), plan: proxy.url } }), 0, '127.0.0.1');
    });
    afterAll(async () => {
      await gateway?.stop();
      await proxy?.close();
    });

    it.each([431, 413] as const)(
      'answers %i fifty times with a clear error, and the next caller is served in full: the circuit stays closed',
      async (status) => {
        proxy.fault = { kind: 'refuse', status };
        const refused = await Promise.all(
          Array.from({ length: 50 }, () => postGraphQLHttp(gateway.url, JSON.stringify({ query: '{ sectors { code } }' }))),
        );
        for (const answer of refused) {
          expect(answer.body.errors?.[0]).toMatchObject({
            message: expect.stringMatching(new RegExp(`^subgraph plan refused this request: it answered HTTP ${status} \\(`)),
            extensions: { code: 'SUBGRAPH_REFUSED_REQUEST', subgraph: 'plan', reason: 'HTTP_ERROR' },
          });
        }
        proxy.fault = { kind: 'none' };
        const token = await mintToken();
        expect((await postGraphQLHttp(gateway.url, JSON.stringify({ query: '{ sectors { code } }' }), { token })).body).toEqual({
          data: sectorCodes,
        });
        const { subgraphs } = await operatorReadiness<{ subgraphs: SubgraphState[] }>(gateway.url);
        expect(subgraphs.find((subgraph) => subgraph.name === 'plan')?.circuit).toBe('closed');
      },
    );
  });

  describe('in production', () => {
    let gateway: ListeningGateway;
    beforeAll(async () => {
      gateway = await listenGateway(
        buildGateway({ ...gatewayConfigFromEnv(productionGatewayEnv()), subgraphUrls: urlsOf(graph) }),
        0,
        '127.0.0.1',
      );
    });
    afterAll(() => gateway?.stop());

    it('suggests no field, type or enum value of the schema', async () => {
      const misspelled = await postGraphQLHttp(gateway.url, JSON.stringify({ query: '{ sectorz { code } }' }));
      expect(misspelled.body.errors).toEqual([expect.objectContaining({ message: 'Cannot query field "sectorz" on type "Query".' })]);
      const enumValue = await postGraphQLHttp(gateway.url, JSON.stringify({ query: mobileTeams, variables: { r: ['NURS'] } }));
      expect(enumValue.body.errors?.[0]?.message).toBe(
        'Variable "$r" got invalid value "NURS" at "r[0]"; Value "NURS" does not exist in "HospitalStaffRole" enum.',
      );
      const argument = await postGraphQLHttp(gateway.url, JSON.stringify({ query: '{ sector(cod: "eole") { name } }' }));
      expect(JSON.stringify(argument.body)).not.toMatch(/Did you mean/);
    });

    it('tells an anonymous caller of /health/ready only whether it is ready and which supergraph it serves', async () => {
      const response = await fetch(new URL('/health/ready', gateway.url));
      expect({ status: response.status, body: await response.json() }).toEqual({
        status: 200,
        body: { status: 'ready', supergraph: { hash: expect.stringMatching(/^[0-9a-f]{64}$/) } },
      });
      const agent = await mintToken();
      const asAgent = await fetch(new URL('/health/ready', gateway.url), { headers: { authorization: `Bearer ${agent}` } });
      expect(Object.keys((await asAgent.json()) as object)).toEqual(['status', 'supergraph']);
      const forged = await fetch(new URL('/health/ready', gateway.url), { headers: { authorization: 'Bearer not.a.token' } });
      expect(forged.status).toBe(401);
    });

    it('gives an operator (gateway:read) the subgraphs, circuits, supergraph file and memory', async () => {
      const detail = await operatorReadiness<Record<string, unknown>>(gateway.url);
      expect(detail).toMatchObject({
        status: 'ready',
        supergraph: { hash: expect.any(String), file: expect.stringMatching(/supergraph\.graphql$/) },
        subgraphs: expect.arrayContaining(
          subgraphNames.map((name) => expect.objectContaining({ name, circuit: 'closed', url: graph.subgraphs[name].url })),
        ),
        memory: {
          heapLimitBytes: expect.any(Number),
          heapUsedBytes: expect.any(Number),
          retainedBytes: expect.any(Number),
          shedding: false,
        },
      });
    });
  });

  it('sheds new work with 503 and Retry-After when its memory is over MEMORY_SHED_PERCENT, and still answers /health/live', async () => {
    const config = gatewayConfigFromEnv({ ...testGatewayEnv, MEMORY_SHED_PERCENT: '1' });
    const strained = await listenGateway(buildGateway({ ...config, subgraphUrls: urlsOf(graph) }), 0, '127.0.0.1');
    try {
      const answer = await postGraphQLHttp(strained.url, JSON.stringify({ query: '{ sectors { code } }' }), {
        readHeaders: ['retry-after'],
      });
      expect(answer.status).toBe(503);
      expect(answer.headers['retry-after']).toBe('2');
      expect(answer.body.errors?.[0]).toEqual({
        message: expect.stringMatching(/^the graph is shedding load \(its memory is \d+% full\); retry in 2 s$/),
        extensions: { code: 'SERVICE_OVERLOADED' },
      });
      expect((await fetch(new URL('/health/live', strained.url))).status).toBe(200);
    } finally {
      await strained.stop();
    }
  });
});

const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name);

function urlsOf(graph: RunningGraph): Record<SubgraphName, string> {
  return Object.fromEntries(subgraphNames.map((name) => [name, graph.subgraphs[name].url])) as Record<SubgraphName, string>;
}
