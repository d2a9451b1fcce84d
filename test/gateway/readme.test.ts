import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((match) => match[1]!);

// The README's queries are what dashboard developers copy first: each must run as written.
describe('the README’s example queries', () => {
  let graph: RunningGraph;
  beforeAll(async () => {
    graph = await startGraph(testEngines[0]!, 'readme');
  });
  afterAll(() => graph?.stop());

  it('are there', () => {
    expect(examples.length).toBeGreaterThanOrEqual(2);
  });

  it.each(examples.map((query, index) => ({ index, query })))('example $index answers without errors', async ({ query }) => {
    const response = await graph.query(query);
    expect(response.errors).toBeUndefined();
    expect(Object.values(response.data ?? {}).every((value) => value !== null)).toBe(true);
  });
});
