import { ApolloServer, type GraphQLResponse } from '@apollo/server';
import { buildSchema, parse } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import {
  CostEstimates,
  defaultQueryLimits,
  estimateCost,
  limitValidationRules,
  requestLimitsPlugin,
  type QueryLimits,
} from '../../gateway/limits.js';
import { testGatewayEnv } from '../support/identity.js';

// A small schema, so that each limit can be met exactly (test/operations.test.ts checks the registered operations against the graph's).
const schema = buildSchema(`
  type Query { node(id: ID): Node nodes(first: Int): [Node!]! }
  type Node { id: ID! name: String child: Node children(first: Int): [Node!]! }
`);

const limits: QueryLimits = { maxDepth: 4, maxAliases: 3, maxDirectives: 2, maxTokens: 40, maxCost: 50, maxNameLength: 12 };

interface Outcome {
  readonly status: number;
  readonly errors?: readonly { message: string; extensions?: Record<string, unknown> }[];
  readonly data?: unknown;
  /** Fields resolved: 0 when the operation was refused before execution. */
  readonly resolved: number;
}

describe('query limits as Apollo Server applies them', () => {
  let resolved = 0;
  const node = (id: number) => ({ id: String(id), name: `node ${id}` });
  const queryFields = schema.getQueryType()!.getFields();
  queryFields.node!.resolve = () => {
    resolved++;
    return { ...node(1), child: { ...node(2), child: { ...node(3), child: null } } };
  };
  queryFields.nodes!.resolve = (_source, { first }: { first?: number }) => {
    resolved++;
    return Array.from({ length: Math.max(0, Math.min(first ?? 2, 2)) }, (_, i) => ({ ...node(i), children: [] }));
  };
  const server = new ApolloServer({
    schema,
    introspection: true,
    includeStacktraceInErrorResponses: false,
    // Wired as gateway/server.ts wires them.
    parseOptions: { maxLexicalTokens: limits.maxTokens },
    validationRules: limitValidationRules(limits),
    plugins: [requestLimitsPlugin({ limits, estimates: new CostEstimates(2 ** 20), hideSchemaDetails: false })],
  });
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  async function run(query: string, variables?: Record<string, unknown>): Promise<Outcome> {
    resolved = 0;
    const response: GraphQLResponse = await server.executeOperation({ query, variables });
    if (response.body.kind !== 'single') throw new Error('expected a single result');
    const { errors, data } = response.body.singleResult;
    return {
      status: response.http.status ?? 200,
      resolved,
      ...(errors === undefined ? {} : { errors }),
      ...(data === undefined ? {} : { data }),
    };
  }

  const refused = (limit: string, maximum: number, found: number, message: string): Outcome => ({
    status: 400,
    errors: [{ message, extensions: { code: 'GRAPHQL_VALIDATION_FAILED', limit, maximum, found } }],
    resolved: 0,
  });

  describe('depth (fields nested)', () => {
    it('passes at the limit', async () => {
      expect(await run('{ node { child { child { name } } } }')).toEqual({
        status: 200,
        data: { node: { child: { child: { name: 'node 3' } } } },
        resolved: 1,
      });
    });
    it('refuses one above, naming the depth found', async () => {
      expect(await run('{ node { child { child { child { name } } } } }')).toEqual(
        refused('depth', 4, 5, 'The query nests fields 5 deep; the limit is 4.'),
      );
    });
    it('counts fields, not fragments', async () => {
      expect(await run('{ node { ... on Node { child { ...deeper } } } } fragment deeper on Node { child { name } }')).toEqual({
        status: 200,
        data: { node: { child: { child: { name: 'node 3' } } } },
        resolved: 1,
      });
    });
    it('does not count introspection (INTROSPECTION governs it)', async () => {
      const answer = await run('{ __schema { queryType { fields { type { ofType { name } } } } } }');
      expect(answer.status).toBe(200);
      expect(answer.errors).toBeUndefined();
    });
  });

  describe('aliases', () => {
    it('passes at the limit', async () => {
      expect(await run('{ a: node { id } b: node { id } c: node { id } }')).toEqual({
        status: 200,
        data: { a: { id: '1' }, b: { id: '1' }, c: { id: '1' } },
        resolved: 3,
      });
    });
    it('refuses one above, counting those in fragments', async () => {
      expect(await run('{ a: node { id } b: node { id } ...more } fragment more on Query { c: node { id } d: node { id } }')).toEqual(
        refused('aliases', 3, 4, 'The query uses 4 aliases; the limit is 3.'),
      );
    });
  });

  describe('directives', () => {
    it('passes at the limit', async () => {
      expect(await run('{ node { id @include(if: true) name @skip(if: true) } }')).toEqual({
        status: 200,
        data: { node: { id: '1' } },
        resolved: 1,
      });
    });
    it('refuses one above', async () => {
      expect(await run('{ node @include(if: true) { id @include(if: true) name @skip(if: true) } }')).toEqual(
        refused('directives', 2, 3, 'The query uses 3 directives; the limit is 2.'),
      );
    });
  });

  describe('tokens', () => {
    // `{ node { id` and `} }` are 6 tokens; each `name` one more.
    it('passes at the limit', async () => {
      const answer = await run(`{ node { id ${'name '.repeat(34)}} }`);
      expect(answer).toEqual({ status: 200, data: { node: { id: '1', name: 'node 1' } }, resolved: 1 });
    });
    it('refuses one above, while parsing', async () => {
      expect(await run(`{ node { id ${'name '.repeat(35)}} }`)).toEqual({
        status: 400,
        errors: [
          {
            message: 'Syntax Error: Document contains more that 40 tokens. Parsing aborted.',
            locations: [{ line: 1, column: 190 }],
            extensions: { code: 'GRAPHQL_PARSE_FAILED' },
          },
        ],
        resolved: 0,
      });
    });
  });

  const costOf51 =
    "The query's estimated cost is 51; the limit is 50 (each field costs 1, and a list field's selection counts `first` times, or 10 times without `first`).";

  describe('cost: 1 per field, a list’s selection counted `first` times or 10', () => {
    it('passes at the limit', async () => {
      // 1 + 49 × 1
      expect(await run('{ nodes(first: 49) { id } }')).toEqual({ status: 200, data: { nodes: [{ id: '0' }, { id: '1' }] }, resolved: 1 });
    });
    it('refuses one above, with the estimate and how it is made', async () => {
      expect(await run('{ nodes(first: 50) { id } }')).toEqual(refused('cost', 50, 51, costOf51));
    });
    it('reads `first` from the variables', async () => {
      const query = 'query ($first: Int) { nodes(first: $first) { id } }';
      expect((await run(query, { first: 49 })).status).toBe(200);
      expect(await run(query, { first: 50 })).toEqual(refused('cost', 50, 51, costOf51));
    });
    it('estimates again when a variable the cost depends on changes, whatever the other variables', async () => {
      const query =
        'query ($first: Int, $id: ID, $deep: Boolean!) { node(id: $id) { id } nodes(first: $first) { id children @include(if: $deep) { id } } }';
      const estimates = new CostEstimates(2 ** 20);
      const estimate = (variables: Record<string, unknown>) => estimates.get(schema, parse(query), 'same-hash', variables, undefined);
      // (1 + 1) + (1 + 2 × 1) without children, the same with another id; with children 2 + 1 + 2 × (1 + 10 × 1).
      expect(estimate({ first: 2, id: 'a', deep: false })).toEqual({ cost: 5 });
      expect(estimate({ first: 2, id: 'b', deep: false })).toEqual({ cost: 5 });
      expect(estimate({ first: 2, id: 'b', deep: true })).toEqual({ cost: 27 });
      expect(estimate({ first: 3, id: 'c', deep: true })).toEqual({ cost: 39 });
      // Absent: the list counts 10; null: also 10 here, but told apart from absent (a default could differ).
      expect(estimate({ id: 'c', deep: false })).toEqual({ cost: 13 });
      expect(estimate({ first: null, id: 'c', deep: false })).toEqual({ cost: 13 });
    });
    it('counts a list without `first` as 10, nested lists multiplied', async () => {
      // 1 + 10 × (1 + 10 × 1)
      expect(estimateCost(schema, parse('{ nodes { children { id } } }'), {})).toEqual({ cost: 111 });
      // 1 + 10 × (1 + (1 + 1)): a single object counts once.
      expect(estimateCost(schema, parse('{ nodes { child { id name } } }'), {})).toEqual({ cost: 31 });
    });
    it('does not let a negative `first` offset the rest', async () => {
      expect(await run('{ a: nodes(first: -1000) { id } b: nodes(first: 49) { id } }')).toEqual(refused('cost', 50, 51, costOf51));
    });
    it('leaves __typename and introspection free', async () => {
      expect(
        estimateCost(schema, parse('{ __typename nodes(first: 3) { __typename id } __schema { types { name fields { name } } } }'), {}),
      ).toEqual({ cost: 4 });
    });
    it('refuses a fragment bomb it cannot estimate', async () => {
      const fragments = Array.from({ length: 14 }, (_, i) => `fragment F${i} on Node { id ...F${i + 1} ...F${i + 1} }`).join(' ');
      expect(estimateCost(schema, parse(`{ node { ...F0 } } ${fragments} fragment F14 on Node { id }`), {})).toEqual({
        tooManyNodes: true,
      });
    });
    it('leaves variables of the wrong type to execution, which refuses them before resolving anything', async () => {
      expect(await run('query ($first: Int) { nodes(first: $first) { id } }', { first: 'many' })).toEqual({
        status: 400,
        errors: [
          {
            message: 'Variable "$first" got invalid value "many"; Int cannot represent non-integer value: "many"',
            locations: [{ line: 1, column: 8 }],
            extensions: { code: 'BAD_USER_INPUT' },
          },
        ],
        resolved: 0,
      });
    });
  });
});

describe('the default limits', () => {
  it('are what the gateway reads when nothing is set, and each variable overrides its own', () => {
    const defaults = { maxDepth: 12, maxAliases: 30, maxDirectives: 20, maxTokens: 2000, maxCost: 20_000, maxNameLength: 256 };
    expect(gatewayConfigFromEnv(testGatewayEnv).queryLimits).toEqual(defaults);
    expect(defaultQueryLimits).toEqual(defaults);
    expect(
      gatewayConfigFromEnv({
        ...testGatewayEnv,
        QUERY_MAX_DEPTH: '8',
        QUERY_MAX_ALIASES: '5',
        QUERY_MAX_DIRECTIVES: '3',
        QUERY_MAX_TOKENS: '500',
        QUERY_MAX_COST: '1000',
        QUERY_MAX_NAME_LENGTH: '64',
      }).queryLimits,
    ).toEqual({ maxDepth: 8, maxAliases: 5, maxDirectives: 3, maxTokens: 500, maxCost: 1000, maxNameLength: 64 });
    expect(gatewayConfigFromEnv(testGatewayEnv).variableLimits).toEqual({ maxDepth: 16, maxListLength: 1000, maxValues: 10_000 });
    expect(
      gatewayConfigFromEnv({ ...testGatewayEnv, VARIABLES_MAX_DEPTH: '4', VARIABLES_MAX_LIST_LENGTH: '50', VARIABLES_MAX_VALUES: '500' })
        .variableLimits,
    ).toEqual({ maxDepth: 4, maxListLength: 50, maxValues: 500 });
  });

  it.each([
    'QUERY_MAX_DEPTH',
    'QUERY_MAX_ALIASES',
    'QUERY_MAX_DIRECTIVES',
    'QUERY_MAX_TOKENS',
    'QUERY_MAX_COST',
    'QUERY_MAX_NAME_LENGTH',
    'VARIABLES_MAX_DEPTH',
    'VARIABLES_MAX_LIST_LENGTH',
    'VARIABLES_MAX_VALUES',
    'MAX_RESPONSE_BYTES',
  ])('%s must be a whole number of at least 1', (variable) => {
    for (const value of ['0', '-3', '2.5', 'many']) {
      expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, [variable]: value })).toThrow(
        `${variable} must be a whole number of at least 1, got "${value}"`,
      );
    }
  });
});
