import { parse } from 'graphql';
import { describe, expect, it } from 'vitest';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { cacheBudgets, documentBytes, heapLimitBytes } from '../../gateway/memory.js';
import { v8StringBytes } from '../../platform/heap-size.js';
import { exceededJsonShape, type JsonShapeLimits } from '../../platform/json-shape.js';
import { testGatewayEnv } from '../support/identity.js';

const MiB = 2 ** 20;

describe('the caches’ budgets', () => {
  it('are shares of the heap limit: under docker-compose’s 192 MB heap (a 240 MiB limit), a third of it in all', () => {
    const budgets = cacheBudgets(240 * MiB, {});
    expect(budgets).toEqual({
      responseCache: 48 * MiB,
      documents: 12 * MiB,
      plans: 12 * MiB,
      proofs: Math.floor(2.4 * MiB),
      tokens: Math.floor(2.4 * MiB),
      costEstimates: Math.floor(2.4 * MiB),
    });
  });

  it('stop at their ceilings on a large heap', () => {
    expect(cacheBudgets(4096 * MiB, {})).toEqual({
      responseCache: 256 * MiB,
      documents: 32 * MiB,
      plans: 32 * MiB,
      proofs: 8 * MiB,
      tokens: 8 * MiB,
      costEstimates: 8 * MiB,
    });
  });

  it('refuse at start configured sizes that cannot fit in half the heap, naming the setting and the heap', () => {
    expect(() => cacheBudgets(240 * MiB, { responseCache: { bytes: 128 * MiB, variable: 'RESPONSE_CACHE_MAX_MB' } })).toThrow(
      "the gateway's caches would take 159 MiB (RESPONSE_CACHE_MAX_MB=128 MiB and the defaults of the others), more than half of the heap limit of 240 MiB: lower them or raise the heap (NODE_OPTIONS=--max-old-space-size=<MiB>)",
    );
    const heap = Math.round(heapLimitBytes() / MiB);
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, RESPONSE_CACHE_MAX_MB: String(heap) })).toThrow(
      /more than half of the heap limit/,
    );
    expect(() => gatewayConfigFromEnv({ ...testGatewayEnv, MEMORY_SHED_PERCENT: '100' })).toThrow(
      'MEMORY_SHED_PERCENT must be a percentage from 1 to 99, got "100"',
    );
  });

  it('count strings as V8 keeps them: one byte a Latin-1 character, two for any other', () => {
    expect(v8StringBytes('Stalingrad')).toBe(10);
    expect(v8StringBytes('Jaurès')).toBe(6);
    expect(v8StringBytes('Métro 2 — Porte Dauphine ↔ Nation')).toBe(2 * 'Métro 2 — Porte Dauphine ↔ Nation'.length);
  });

  it('count a parsed query by its tokens (measured at 260 to 350 bytes each on the heap) and its text', () => {
    const query = '{ sector(code: "stalingrad") { name } }';
    expect(documentBytes(parse(query))).toBe(400 * 13 + query.length);
  });
});

describe('the bounds on a request’s JSON, read on its bytes', () => {
  const limits: JsonShapeLimits = { maxDepth: 3, maxListLength: 4, maxValues: 12 };
  const check = (json: string) => exceededJsonShape(Buffer.from(json), limits);

  it('pass what is within them, keys not counted as values', () => {
    expect(check('{"a":{"b":[1,2,3,4]}}')).toBeNull();
    expect(check('{"k1":1,"k2":2,"k3":3,"k4":4,"k5":5,"k6":6,"k7":7,"k8":8,"k9":9,"k10":10,"k11":11}')).toBeNull();
  });

  it('ignore brackets and quotes inside strings, escaped quotes included', () => {
    expect(check('{"a":"[[[[[[{{{{\\"]]]]"}')).toBeNull();
  });

  it('find each bound exceeded', () => {
    expect(check('{"a":{"b":{"c":[1]}}}')).toEqual({ limit: 'maxDepth', maximum: 3 });
    expect(check('{"a":[1,2,3,4,5]}')).toEqual({ limit: 'maxListLength', maximum: 4 });
    expect(check('{"a":[[1,2,3],[4,5,6],[7,8,9]]}')).toEqual({ limit: 'maxValues', maximum: 12 });
  });

  it('read a megabyte of nesting without recursion', () => {
    expect(
      exceededJsonShape(Buffer.from('['.repeat(1024 * 1024)), { maxDepth: 2_000_000, maxListLength: 10, maxValues: 2_000_000 }),
    ).toBeNull();
  });
});
