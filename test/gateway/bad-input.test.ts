import { request as httpRequest } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken } from '../support/identity.js';

// The gateway refuses these before the database engine matters: SQLite is enough.
const [engine] = testEngines;

interface ReturnedError {
  readonly message: string;
  readonly locations?: readonly { line: number; column: number }[];
  readonly extensions?: Record<string, unknown>;
}

interface Answer {
  readonly status: number;
  readonly text: string;
  readonly errors?: readonly ReturnedError[];
  readonly data?: unknown;
  /** Operations the five subgraphs served for this request. */
  readonly subgraphCalls: number;
}

interface Refusal {
  readonly status: number;
  readonly errors: readonly ReturnedError[];
}

const sectorCodes = ['canal-ourcq', 'eole', 'forceval', 'porte-de-la-chapelle', 'rosa-parks', 'stalingrad'];
const csrfMessage =
  "This operation has been blocked as a potential Cross-Site Request Forgery (CSRF). Please either specify a 'content-type' header (with a type that is not one of application/x-www-form-urlencoded, multipart/form-data, text/plain) or provide a non-empty value for one of the following headers: x-apollo-operation-name, apollo-require-preflight\n";
const notAnOperation = 'POST body missing, invalid Content-Type, or JSON object has no keys.';
const badRequest = (message: string) => ({ message, extensions: { code: 'BAD_REQUEST' } });
const oversized = JSON.stringify({ query: `{ sectors { code } } #${'x'.repeat(2 * 1024 * 1024)}` });
const costModel = "each field costs 1, and a list field's selection counts `first` times, or 10 times without `first`";

/** `{ sectors { stations { lines { stations … { code } } } } }`: `depth` fields nested, lists in lists. */
function nestedLists(depth: number): string {
  const inner = Array.from({ length: depth - 2 }, (_, level) => (level % 2 === 0 ? 'stations' : 'lines'));
  return `{ sectors { ${inner.map((field) => `${field} { `).join('')}code${' }'.repeat(inner.length)} } }`;
}

describe('bad input at the gateway', () => {
  let graph: RunningGraph;
  let token: string;
  beforeAll(async () => {
    graph = await startGraph(engine!, 'badinput');
    token = await mintToken({ expiresIn: 3600 });
  });
  afterAll(() => graph?.stop());

  /** Sends raw bytes as an agent with every read scope, and counts the subgraph calls it caused. */
  async function send(
    body: RequestInit['body'],
    headers: Record<string, string> = { 'content-type': 'application/json' },
    method = 'POST',
  ): Promise<Answer> {
    graph.resetCounts();
    const response = await fetch(graph.url, { method, headers: { authorization: `Bearer ${token}`, ...headers }, body, duplex: 'half' });
    const text = await response.text();
    const subgraphCalls = Object.values(graph.counts()).reduce((sum, count) => sum + count.operations, 0);
    return { status: response.status, text, subgraphCalls, ...(JSON.parse(text) as Pick<Answer, 'errors' | 'data'>) };
  }
  const sendQuery = (query: string, variables?: unknown) => send(JSON.stringify({ query, variables }));

  /** A user sees a status and errors to act on, never a trace of the server's code; the gateway keeps serving. */
  async function expectRefused(answer: Answer, expected: Refusal): Promise<void> {
    expect({ status: answer.status, errors: answer.errors }).toEqual(expected);
    expect(answer.data).toBeUndefined();
    expect(answer.subgraphCalls).toBe(0);
    await expectHarmless(answer);
  }

  async function expectHarmless(answer: Answer): Promise<void> {
    expect(answer.text).not.toMatch(/stacktrace|\.ts:|node_modules/);
    const next = await graph.query('{ sectors { code } }');
    expect(next).toEqual({ data: { sectors: sectorCodes.map((code) => ({ code })) } });
  }

  describe('bodies that are not a GraphQL request', () => {
    it.each<{ name: string; request: () => Promise<Answer>; expected: Refusal }>([
      {
        name: 'an Accept header that allows no JSON (refused before anything runs)',
        request: () => send(JSON.stringify({ query: '{ sectors { code } }' }), { 'content-type': 'application/json', accept: 'text/html' }),
        expected: {
          status: 406,
          errors: [
            {
              message: 'the Accept header must allow application/json or application/graphql-response+json, got "text/html"',
              extensions: { code: 'NOT_ACCEPTABLE' },
            },
          ],
        },
      },
      {
        name: 'malformed JSON',
        request: () => send('{"query": "{ sectors { code } }"'),
        expected: {
          status: 400,
          errors: [
            {
              message: expect.stringMatching(
                /^the request body is not valid JSON: Expected ',' or '}' after property value in JSON at position 32/,
              ),
              extensions: { code: 'BAD_REQUEST' },
            },
          ],
        },
      },
      {
        name: 'text/plain (CSRF)',
        request: () => send('{ sectors { code } }', { 'content-type': 'text/plain' }),
        expected: { status: 400, errors: [badRequest(csrfMessage)] },
      },
      {
        name: 'text/plain, preflighted',
        request: () => send('{ sectors { code } }', { 'content-type': 'text/plain', 'apollo-require-preflight': 'true' }),
        expected: { status: 400, errors: [badRequest(notAnOperation)] },
      },
      {
        name: 'a form post (CSRF)',
        request: () =>
          send(new URLSearchParams({ query: '{ sectors { code } }' }), { 'content-type': 'application/x-www-form-urlencoded' }),
        expected: { status: 400, errors: [badRequest(csrfMessage)] },
      },
      {
        name: 'a JSON array (a batch)',
        request: () => send('[{"query":"{ sectors { code } }"}]'),
        expected: { status: 400, errors: [badRequest('Operation batching disabled.')] },
      },
      {
        name: 'a JSON string',
        request: () => send('"{ sectors { code } }"'),
        expected: { status: 400, errors: [badRequest(notAnOperation)] },
      },
      { name: '{} without a query', request: () => send('{}'), expected: { status: 400, errors: [badRequest(notAnOperation)] } },
      {
        name: 'variables without a query',
        request: () => send('{"variables":{}}'),
        expected: {
          status: 400,
          errors: [badRequest('GraphQL operations must contain a non-empty `query` or a `persistedQuery` extension.')],
        },
      },
      {
        name: 'a query that is not a string',
        request: () => send('{"query":42}'),
        expected: { status: 400, errors: [badRequest('GraphQL queries must be strings.')] },
      },
      {
        name: 'a PUT',
        request: () => send('{"query":"{ sectors { code } }"}', { 'content-type': 'application/json' }, 'PUT'),
        expected: { status: 405, errors: [badRequest('Apollo Server supports only GET/POST requests.')] },
      },
      {
        name: 'a body over MAX_REQUEST_BYTES, declared',
        request: () => send(oversized),
        expected: {
          status: 413,
          errors: [
            { message: `the request body is ${oversized.length} bytes; the limit is 1048576`, extensions: { code: 'PAYLOAD_TOO_LARGE' } },
          ],
        },
      },
      {
        // Streamed without a content-length: the 413 must still reach the client (the connection used to be reset).
        name: 'a body over MAX_REQUEST_BYTES, chunked',
        request: () => {
          const half = new TextEncoder().encode(' '.repeat(1024 * 1024));
          return send(
            new ReadableStream({
              start(controller) {
                controller.enqueue(half);
                controller.enqueue(half);
                controller.enqueue(half);
                controller.close();
              },
            }),
          );
        },
        expected: {
          status: 413,
          errors: [{ message: 'the request body exceeds the limit of 1048576 bytes', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
        },
      },
    ])('$name', async ({ request, expected }) => {
      await expectRefused(await request(), expected);
    });

    // node:http fails the request on a write error: the 413 must come after the body is read, not
    // over a socket closed on unread data (the client then saw EPIPE instead of the answer).
    it('answers 413, not a reset connection, to a client still sending a declared oversized body', async () => {
      const body = Buffer.from(JSON.stringify({ query: '{ sectors { code } }', variables: { r: 'x'.repeat(1_300_000) } }));
      const outcomes: string[] = [];
      for (let attempt = 0; attempt < 5; attempt++) outcomes.push(await postOverNodeHttp(graph.url, body));
      expect(outcomes).toEqual(Array.from({ length: 5 }, () => '413 PAYLOAD_TOO_LARGE'));
    });
  });

  describe('queries that are not valid', () => {
    it.each<{ name: string; request: () => Promise<Answer>; expected: Refusal }>([
      {
        name: 'a syntax error',
        request: () => sendQuery('{ sectors { code }'),
        expected: {
          status: 400,
          errors: [
            {
              message: 'Syntax Error: Expected Name, found <EOF>.',
              locations: [{ line: 1, column: 19 }],
              extensions: { code: 'GRAPHQL_PARSE_FAILED' },
            },
          ],
        },
      },
      {
        name: 'an unknown field',
        request: () => sendQuery('{ sectors { cod } }'),
        expected: {
          status: 400,
          errors: [
            {
              message: 'Cannot query field "cod" on type "Sector". Did you mean "code"?',
              locations: [{ line: 1, column: 13 }],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      },
      {
        name: 'a variable of the wrong type',
        request: () => sendQuery('query ($year: Int!) { year(year: $year) { year } }', { year: 'two thousand' }),
        expected: {
          status: 400,
          errors: [
            {
              message: 'Variable "$year" got invalid value "two thousand"; Int cannot represent non-integer value: "two thousand"',
              locations: [{ line: 1, column: 8 }],
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        },
      },
      {
        name: 'an object for an ID variable',
        request: () => sendQuery('query ($code: ID!) { sector(code: $code) { name } }', { code: { code: 'stalingrad' } }),
        expected: {
          status: 400,
          errors: [
            {
              message: 'Variable "$code" got invalid value { code: "stalingrad" }; ID cannot represent value: { code: "stalingrad" }',
              locations: [{ line: 1, column: 8 }],
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        },
      },
      {
        name: 'variables that are an array',
        request: () => sendQuery('{ sectors { code } }', [2023]),
        expected: { status: 400, errors: [badRequest('`variables` in a POST body must be an object if provided.')] },
      },
      {
        name: 'variables that are a JSON string',
        request: () => sendQuery('{ sectors { code } }', '{"year":2023}'),
        expected: {
          status: 400,
          errors: [badRequest('`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.')],
        },
      },
      {
        name: 'an Int literal above 2^31',
        request: () => sendQuery('{ year(year: 3000000000) { year } }'),
        expected: {
          status: 400,
          errors: [
            {
              message: 'Int cannot represent non 32-bit signed integer value: 3000000000',
              locations: [{ line: 1, column: 14 }],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      },
      {
        name: 'an Int variable above 2^31',
        request: () => sendQuery('query ($year: Int!) { year(year: $year) { year } }', { year: 3_000_000_000 }),
        expected: {
          status: 400,
          errors: [
            {
              message: 'Variable "$year" got invalid value 3000000000; Int cannot represent non 32-bit signed integer value: 3000000000',
              locations: [{ line: 1, column: 8 }],
              extensions: { code: 'BAD_USER_INPUT' },
            },
          ],
        },
      },
      {
        name: 'a float for an Int',
        request: () => sendQuery('{ year(year: 1e10) { year } }'),
        expected: {
          status: 400,
          errors: [
            {
              message: 'Int cannot represent non-integer value: 1e10',
              locations: [{ line: 1, column: 14 }],
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      },
    ])('$name', async ({ request, expected }) => {
      await expectRefused(await request(), expected);
    });
  });

  describe('queries over a limit, refused before any subgraph is called', () => {
    const refusedOver = (limit: string, maximum: number, found: number, message: string): Refusal => ({
      status: 400,
      errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, maximum, found } }],
    });
    it.each<{ name: string; request: () => Promise<Answer>; expected: Refusal }>([
      {
        name: 'nested 13 deep',
        request: () => sendQuery(nestedLists(13)),
        expected: refusedOver('depth', 12, 13, 'The query nests fields 13 deep; the limit is 12.'),
      },
      {
        name: 'nested 400 deep',
        request: () => sendQuery(nestedLists(400)),
        expected: refusedOver('depth', 12, 400, 'The query nests fields 400 deep; the limit is 12.'),
      },
      {
        name: 'an alias bomb',
        request: () => sendQuery(`{ ${Array.from({ length: 250 }, (_, i) => `s${i}: sectors { code }`).join(' ')} }`),
        expected: refusedOver('aliases', 30, 250, 'The query uses 250 aliases; the limit is 30.'),
      },
      {
        name: 'too many directives',
        request: () => sendQuery(`{ sectors { ${'code @include(if: true) '.repeat(21)}} }`),
        expected: refusedOver('directives', 20, 21, 'The query uses 21 directives; the limit is 20.'),
      },
      {
        name: 'nested lists (cost)',
        request: () => sendQuery('{ sectors { stations { lines { stations { lines { code } } } } } }'),
        expected: refusedOver('cost', 20_000, 111_111, `The query's estimated cost is 111111; the limit is 20000 (${costModel}).`),
      },
      {
        name: 'a list asked for 2^31 - 1 items (cost)',
        request: () => sendQuery('{ socialPeople(first: 2147483647) { pseudonym } }'),
        expected: refusedOver(
          'cost',
          20_000,
          2_147_483_648,
          `The query's estimated cost is 2147483648; the limit is 20000 (${costModel}).`,
        ),
      },
      {
        name: 'a fragment bomb (cost)',
        request: () =>
          sendQuery(
            `{ sectors { ...F0 } } ${Array.from({ length: 16 }, (_, i) => `fragment F${i} on Sector { code ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F16 on Sector { code }`,
          ),
        expected: {
          status: 400,
          errors: [
            {
              message:
                'The query expands to more than 10000 selections (a fragment counts each time it is spread); its cost cannot be estimated.',
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit: 'cost', maximum: 20_000 },
            },
          ],
        },
      },
    ])('$name', async ({ request, expected }) => {
      await expectRefused(await request(), expected);
    });

    it('too many tokens', async () => {
      await expectRefused(await sendQuery(`{ sectors { ${'code '.repeat(2100)}} }`), {
        status: 400,
        // graphql-js's own wording ("more that"); parsing stops there, so the total is not known.
        errors: [
          {
            message: 'Syntax Error: Document contains more that 2000 tokens. Parsing aborted.',
            locations: [{ line: 1, column: 9998 }],
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          },
        ],
      });
    });
  });

  describe('hostile values in arguments', () => {
    /** What a client reads for a sector code the plan does not have: the code (its first 40 characters) and the plan's codes. */
    const unknownSector = (code: string) => ({
      message: `sector: "code" is not a sector of the plan: "${code.slice(0, 40)}" (known: ${sectorCodes.join(', ')})`,
      path: ['sector'],
      extensions: { code: 'BAD_USER_INPUT', argumentName: 'code', serviceName: 'plan' },
    });

    it.each([
      { name: 'a quote and OR in a literal', query: `{ sector(code: "stalingrad' OR '1'='1") { name } }`, code: "stalingrad' OR '1'='1" },
      {
        name: 'a statement in a literal',
        query: '{ sector(code: "1; DROP TABLE sectors; --") { name } }',
        code: '1; DROP TABLE sectors; --',
      },
    ])('$name: an unknown sector code, and the data intact', async ({ query, code }) => {
      const answer = await sendQuery(query);
      expect({ status: answer.status, data: answer.data, errors: answer.errors }).toEqual({
        status: 200,
        data: { sector: null },
        errors: [unknownSector(code)],
      });
      await expectHarmless(answer);
      expect(await graph.query('{ sector(code: "stalingrad") { name } }')).toEqual({ data: { sector: { name: 'Stalingrad' } } });
    });

    it('a UNION in a variable: nothing found, and the data intact', async () => {
      const answer = await sendQuery('query ($code: ID!) { receptionSite(code: $code) { name } }', {
        code: "x' UNION SELECT name FROM sqlite_master --",
      });
      expect({ status: answer.status, data: answer.data, errors: answer.errors }).toEqual({
        status: 200,
        data: { receptionSite: null },
        errors: undefined,
      });
      await expectHarmless(answer);
    });

    it.each([
      { name: 'in a literal', query: `{ sector(code: "${'x'.repeat(200 * 1024)}") { name } }`, variables: undefined },
      { name: 'in a variable', query: 'query ($code: ID!) { sector(code: $code) { name } }', variables: { code: 'x'.repeat(200 * 1024) } },
    ])('a 200 KB string $name: an unknown sector code, quoted to its first 40 characters', async ({ query, variables }) => {
      const answer = await sendQuery(query, variables);
      expect({ status: answer.status, data: answer.data, errors: answer.errors }).toEqual({
        status: 200,
        data: { sector: null },
        errors: [unknownSector('x'.repeat(40))],
      });
      await expectHarmless(answer);
    });

    it('a negative `first`: the subgraph says which bounds', async () => {
      const answer = await sendQuery('{ sector(code: "stalingrad") { outreachRounds(first: -5) { id } } }');
      expect({ status: answer.status, data: answer.data, errors: answer.errors }).toEqual({
        status: 200,
        data: { sector: { outreachRounds: null } },
        errors: [
          {
            message: 'outreachRounds: "first" must be between 0 and 500, got -5',
            path: ['sector', 'outreachRounds'],
            extensions: { code: 'BAD_USER_INPUT', argumentName: 'first', serviceName: 'social' },
          },
        ],
      });
      await expectHarmless(answer);
    });
  });
});

// Dashboards send codes they were given by hand: a typo must say what the valid codes are, and not cost the rest of the page.
describe('unknown sector and station codes at the gateway', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(engine!, 'badinputcodes');
  });
  afterAll(() => graph?.stop());

  it('are refused with BAD_USER_INPUT listing the valid codes, beside the other fields of the query, answered (200, partial data)', async () => {
    const response = await fetch(graph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `{ sector(code: "stalingrd") { name } ratpStation(code: "gare-du-nord") { name } ratpStations(sector: "la-villette") { code }
                  healthFacilities(sector: "montmartre") { id } stalingrad: sector(code: "stalingrad") { name stations { code } }
                  policeJusticeFigures { evictions { year(year: 2023) { value } } } }`,
      }),
    });
    expect(response.status).toBe(200);
    const { data, errors } = (await response.json()) as { data: Record<string, unknown>; errors: ReturnedError[] };
    expect(data).toEqual({
      sector: null,
      ratpStation: null,
      ratpStations: null,
      healthFacilities: null,
      stalingrad: { name: 'Stalingrad', stations: [{ code: 'jaures' }, { code: 'stalingrad' }] },
      policeJusticeFigures: { evictions: { year: { value: expect.any(Number) } } },
    });
    const stations =
      'corentin-cariou, jaures, la-chapelle, laumiere, marx-dormoy, ourcq, porte-de-la-chapelle, porte-de-la-villette, rosa-parks, stalingrad';
    const planList = 'stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval';
    expect(
      errors
        .map((error) => ({ message: error.message, code: error.extensions?.code, argumentName: error.extensions?.argumentName }))
        .sort((a, b) => a.message.localeCompare(b.message)),
    ).toEqual([
      {
        message: `healthFacilities: "sector" is not a sector of the plan: "montmartre" (known: ${planList})`,
        code: 'BAD_USER_INPUT',
        argumentName: 'sector',
      },
      {
        message: `ratpStation: "code" is not a station of the sectors: "gare-du-nord" (known: ${stations})`,
        code: 'BAD_USER_INPUT',
        argumentName: 'code',
      },
      {
        message: `ratpStations: "sector" is not a sector of the plan: "la-villette" (known: ${planList})`,
        code: 'BAD_USER_INPUT',
        argumentName: 'sector',
      },
      {
        message: `sector: "code" is not a sector of the plan: "stalingrd" (known: ${sectorCodes.join(', ')})`,
        code: 'BAD_USER_INPUT',
        argumentName: 'code',
      },
    ]);
  });

  it('are refused anonymously too, with the same list (the codes are public)', async () => {
    const answer = await graph.queryWith(null, '{ ratpStation(code: "gare-du-nord") { name } sectors { code } }');
    expect(answer.data).toEqual({ ratpStation: null, sectors: sectorCodes.map((code) => ({ code })) });
    expect(answer.errors?.map((error) => error.extensions?.code)).toEqual(['BAD_USER_INPUT']);
  });
});

// The gateway cannot check a custom scalar (Date): the subgraph refuses the operation with 400. The
// user must get the subgraph's reason, and one user's bad dates must not open the circuit for all.
describe('malformed dates at the gateway', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(engine!, 'badinputdates');
  });
  afterAll(() => graph?.stop());

  it('answer the subgraph’s reason, and valid queries of that subgraph still succeed', async () => {
    for (let attempt = 0; attempt < 6; attempt++) {
      const answer = await graph.query(
        '{ sector(code: "stalingrad") { outreachCoverage(from: "not a date", to: "2023-11-30") { rounds } } }',
      );
      expect(answer.errors?.map((error) => error.message)).toEqual(['Date must be a real calendar date "YYYY-MM-DD", got "not a date"']);
    }
    expect(
      await graph.query('{ sector(code: "stalingrad") { outreachCoverage(from: "2023-01-01", to: "2023-11-30") { rounds } } }'),
    ).toEqual({
      data: { sector: { outreachCoverage: { rounds: 1336 } } },
    });
  });

  it('refuses an impossible day in a DateTime as in a Date (2023-02-30 used to roll over to 2 March)', async () => {
    const writer = await mintToken({ partner: 'ratp', scopes: ['ratp:write'] });
    const answer = await graph.queryWith(
      writer,
      'mutation ($input: RecordStationIncidentInput!) { recordStationIncident(input: $input) { replayed } }',
      {
        input: {
          idempotencyKey: 'ratp-impossible-day',
          station: 'jaures',
          occurredAt: '2023-02-30T10:00:00Z',
          kind: 'DEALING',
          trainTrafficInterrupted: false,
        },
      },
    );
    expect(answer.errors?.map((error) => error.message)).toEqual([
      'Variable "$input" got invalid value "2023-02-30T10:00:00Z" at "input.occurredAt"; DateTime must be a real calendar date and time, got "2023-02-30T10:00:00Z"',
    ]);
  });

  it('bounds Query.policeOperations however wide the range: 100 unless first says otherwise, at most 1000', async () => {
    const wide = await graph.query<{ policeOperations: unknown[] }>(
      '{ policeOperations(from: "2019-01-01", to: "2023-12-31", first: 3) { id } }',
    );
    expect(wide.data?.policeOperations).toHaveLength(3);
    const tooMany = await graph.query('{ policeOperations(first: 1001) { id } }');
    expect(tooMany.errors?.map((error) => error.message)).toEqual(['policeOperations: "first" must be between 0 and 1000, got 1001']);
  });
});

/**
 * The status and error code of a POST sent over node:http in 64 KB pieces a millisecond apart, as
 * over a real uplink, or the socket error that came instead.
 */
function postOverNodeHttp(url: string, body: Buffer): Promise<string> {
  return new Promise((resolve) => {
    const outgoing = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': body.length } });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code ?? error.message);
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        const answer = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { errors: { extensions: { code: string } }[] };
        resolve(`${String(response.statusCode)} ${answer.errors[0]?.extensions.code ?? 'no code'}`);
      });
    });
    void (async () => {
      for (let offset = 0; offset < body.length; offset += 65_536) {
        if (outgoing.destroyed) return;
        outgoing.write(body.subarray(offset, offset + 65_536));
        await new Promise((wait) => setTimeout(wait, 1));
      }
      outgoing.end();
    })();
  });
}
