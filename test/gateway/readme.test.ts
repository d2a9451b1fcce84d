import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationsOf } from '../../operations/index.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';

// The README's queries (operations/readme/, which test/operations.test.ts keeps equal to the README)
// are what dashboard developers copy first: each must run as written. Its write is validated with the
// other operations (test/operations.test.ts); test/gateway/writes.test.ts runs writes.
const queries = operationsOf('readme').filter((operation) => operation.type === 'query');

describe('the README’s example queries', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(testEngines[0]!, 'readme');
  });
  afterAll(() => graph?.stop());

  it('are there', () => {
    expect(queries.length).toBeGreaterThanOrEqual(5);
  });

  it.each(queries)('$name answers without errors', async ({ body }) => {
    const response = await graph.query(body);
    expect(response.errors).toBeUndefined();
    expect(Object.values(response.data ?? {}).every((value) => value !== null)).toBe(true);
  });
});
