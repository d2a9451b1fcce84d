/**
 * The bench's own arithmetic and inputs (npm run bench measures; this checks what it measures with).
 * Nothing here needs the bench's packages, a database or a running graph.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchServerUrl, scaleForRows } from '../bench/gateways/data.js';
import { readBenchSubgraphs } from '../bench/gateways/peers/environment.js';
import { firstDifference, percentile } from '../bench/gateways/measure.js';
import { summarizeProfile } from '../bench/gateways/profile.js';
import { selectQueries } from '../bench/gateways/queries/index.js';

describe('percentiles by nearest rank', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);
  it('reads the value at rank ⌈p·n⌉', () => {
    expect([50, 95, 99, 100].map((p) => percentile(oneToHundred, p))).toEqual([50, 95, 99, 100]);
    expect(percentile([10, 20, 30], 95)).toBe(30);
    expect(percentile([10, 20, 30], 50)).toBe(20);
  });
  it('is NaN without latencies', () => {
    expect(percentile([], 95)).toBeNaN();
  });
});

describe('rows to the seeds’ scale', () => {
  it('picks the smallest scale with at least that many rows', () => {
    expect(scaleForRows(1_000_000)).toBe(150);
    expect(scaleForRows(100_000)).toBe(9);
    expect(scaleForRows(50_132)).toBe(1);
    expect(scaleForRows(50_133)).toBe(2);
  });
  it('never goes below scale 1, the smallest data set', () => {
    expect(scaleForRows(10_000)).toBe(1);
  });
  it('refuses a count that is not a whole number of at least 1', () => {
    expect(() => scaleForRows(0)).toThrow('--rows must be a whole number of at least 1, got 0');
    expect(() => scaleForRows(1.5)).toThrow('--rows must be a whole number of at least 1, got 1.5');
  });
});

describe('the database server', () => {
  it('is a mysql:// URL without a database', () => {
    expect(benchServerUrl('mysql://root@127.0.0.1:3306/')).toBe('mysql://root@127.0.0.1:3306');
  });
  it('refuses a database in the URL, another scheme, or no URL', () => {
    expect(() => benchServerUrl('mysql://root@127.0.0.1:3306/plancrack')).toThrow('names the server only');
    expect(() => benchServerUrl('postgres://root@127.0.0.1/')).toThrow('must start with mysql://, got "postgres://root@127.0.0.1/"');
    expect(() => benchServerUrl('root@127.0.0.1:3306')).toThrow(
      'must be a URL like mysql://root@127.0.0.1:3306, got "root@127.0.0.1:3306"',
    );
    expect(() => benchServerUrl('not a url')).toThrow('must be a URL like mysql://root@127.0.0.1:3306, got "not a url"');
  });
});

describe('comparing the gateways’ answers', () => {
  it('finds no difference when only the key order differs', () => {
    expect(firstDifference({ data: { a: 1, b: [{ c: 'x', d: null }] } }, { data: { b: [{ d: null, c: 'x' }], a: 1 } })).toBe('');
  });
  it('names the path of the first difference', () => {
    expect(
      firstDifference(
        { data: { sectors: [{ name: 'Eole' }, { name: 'Stalingrad' }] } },
        { data: { sectors: [{ name: 'Eole' }, { name: 'Jaurès' }] } },
      ),
    ).toBe('data.sectors[1].name: "Stalingrad" ≠ "Jaurès"');
    expect(firstDifference({ data: { sectors: [1, 2] } }, { data: { sectors: [1] } })).toBe('data.sectors: 2 items ≠ 1 items');
    expect(firstDifference({ data: { a: 1 } }, { data: {} })).toBe('data.a: missing');
    expect(firstDifference({ data: {} }, { data: { a: 1 } })).toBe('data.a: unexpected 1');
    expect(firstDifference({ data: null }, { data: { a: 1 } })).toBe('data: null ≠ {"a":1}');
  });
});

describe('the peer gateways’ subgraphs (BENCH_SUBGRAPHS)', () => {
  it('reads each subgraph’s URL and proof', () => {
    expect(readBenchSubgraphs('{"plan":{"url":"http://127.0.0.1:1/","proof":"p"}}')).toEqual({
      plan: { url: 'http://127.0.0.1:1/', proof: 'p' },
    });
  });
  it('refuses what it cannot use, saying what', () => {
    expect(() => readBenchSubgraphs(undefined)).toThrow('BENCH_SUBGRAPHS is required');
    expect(() => readBenchSubgraphs('{')).toThrow('BENCH_SUBGRAPHS is not JSON');
    expect(() => readBenchSubgraphs('[]')).toThrow('BENCH_SUBGRAPHS must be a JSON object keyed by subgraph name');
    expect(() => readBenchSubgraphs('{"plan":{"url":"http://x/"}}')).toThrow(
      'BENCH_SUBGRAPHS.plan must be { "url": string, "proof": string }',
    );
  });
});

describe('self time from a CPU profile', () => {
  // Samples every 1 ms from t = 1000 µs: a, a, b, (idle), a, then b past the window.
  const profile = {
    nodes: [
      { id: 1, callFrame: { functionName: '(root)', url: '', lineNumber: -1 } },
      {
        id: 2,
        callFrame: { functionName: 'plan', url: 'file:///app/node_modules/@apollo/gateway/dist/executeQueryPlan.js', lineNumber: 41 },
      },
      { id: 3, callFrame: { functionName: '', url: 'node:internal/deps/undici/undici', lineNumber: 9 } },
      { id: 4, callFrame: { functionName: '(idle)', url: '', lineNumber: -1 } },
    ],
    startTime: 0,
    endTime: 7000,
    samples: [2, 2, 3, 4, 2, 3],
    timeDeltas: [1000, 1000, 1000, 1000, 1000, 1000],
  };
  let file: string;
  beforeAll(() => {
    file = join(mkdtempSync(join(tmpdir(), 'plancrack-bench-test-')), 'test.cpuprofile');
    writeFileSync(file, JSON.stringify(profile));
  });
  afterAll(() => {
    rmSync(dirname(file), { recursive: true, force: true });
  });

  it('counts each sample until the next one, inside the window only, idle apart', () => {
    expect(summarizeProfile(file, 1000, 5000)).toEqual({
      file,
      window: 'load',
      busyMs: 4,
      idleMs: 1,
      top: [
        { name: 'plan (@apollo/gateway/dist/executeQueryPlan.js:42)', ms: 3, percent: 75 },
        { name: '(anonymous) (node:internal/deps/undici/undici:10)', ms: 1, percent: 25 },
      ],
    });
  });
  it('falls back to the whole profile when the window misses it', () => {
    expect(summarizeProfile(file, 10_000, 20_000)).toMatchObject({ window: 'whole profile', busyMs: 5, idleMs: 1 });
  });
});

describe('the named queries', () => {
  // Each is a registered operation: test/operations.test.ts validates them against the graph and its limits.
  it('are picked by name, and an unknown name is refused with the known ones', () => {
    expect(selectQueries('small-lookup,sector-page').map((query) => query.name)).toEqual(['sector-page', 'small-lookup']);
    expect(() => selectQueries('sector-page,nope')).toThrow(
      '--queries: unknown nope; the named queries are sector-page, yearly-report, year-on-year, deep-entities, line-hops, outreach-rounds, station-page, small-lookup',
    );
  });
});
