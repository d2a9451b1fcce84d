import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { DocumentNode } from 'graphql';
import { ConfigError } from '../platform/env.js';
import { v8StringBytes } from '../platform/heap-size.js';
import type { Shedding } from '../platform/http.js';

/**
 * What every cache of the gateway may hold, in bytes as V8 holds them. A cache sized in characters
 * of JSON holds two to four times its limit on the heap, and one sized without regard to the heap
 * it lives in kills the process when it fills: here each default is a share of the heap limit
 * (`--max-old-space-size`, as docker-compose sets it), and configured sizes that cannot fit are
 * refused at start.
 */
export interface CacheBudgets {
  /** Cached answers (gateway/cache.ts). */
  readonly responseCache: number;
  /** Parsed and validated queries (Apollo's document store). */
  readonly documents: number;
  /** Query plans (@apollo/gateway's plan store). */
  readonly plans: number;
  /** Signed proofs reused for each identity, subgraph and operation name (platform/gateway-proof.ts). */
  readonly proofs: number;
  /** Verified bearer tokens (gateway/auth.ts). */
  readonly tokens: number;
  /** Cost estimates per query and variables (gateway/limits.ts). */
  readonly costEstimates: number;
}

export type CacheName = keyof CacheBudgets;

/** Each cache's default: a share of the heap limit, up to a ceiling (a 4 GiB heap need not keep 800 MB of answers). */
const defaults: Readonly<Record<CacheName, { readonly share: number; readonly ceiling: number }>> = {
  responseCache: { share: 0.2, ceiling: 256 * 2 ** 20 },
  documents: { share: 0.05, ceiling: 32 * 2 ** 20 },
  plans: { share: 0.05, ceiling: 32 * 2 ** 20 },
  proofs: { share: 0.01, ceiling: 8 * 2 ** 20 },
  tokens: { share: 0.01, ceiling: 8 * 2 ** 20 },
  costEstimates: { share: 0.01, ceiling: 8 * 2 ** 20 },
};

/** The caches together may take at most this share of the heap: the rest is for requests in flight. */
export const maxCachesShare = 0.5;

export const heapLimitBytes = (): number => getHeapStatistics().heap_size_limit;

const mib = (bytes: number): string => `${Math.round(bytes / 2 ** 20)} MiB`;

/**
 * The budgets for a heap limit: each configured size as given (bytes), the others their defaults;
 * refused when the total exceeds `maxCachesShare` of the heap.
 */
export function cacheBudgets(
  heapLimit: number,
  configured: Partial<Record<CacheName, { readonly bytes: number; readonly variable: string }>>,
): CacheBudgets {
  const budgets = Object.fromEntries(
    (Object.keys(defaults) as CacheName[]).map((name) => [
      name,
      configured[name]?.bytes ?? Math.min(defaults[name].ceiling, Math.floor(defaults[name].share * heapLimit)),
    ]),
  ) as Record<CacheName, number>;
  const total = Object.values(budgets).reduce((sum, bytes) => sum + bytes, 0);
  if (total > maxCachesShare * heapLimit) {
    const settings = [...new Set(Object.values(configured).map((setting) => `${setting.variable}=${mib(setting.bytes)}`))];
    throw new ConfigError(
      `the gateway's caches would take ${mib(total)} (${settings.join(', ')} and the defaults of the others), more than half of the heap limit of ${mib(heapLimit)}: ` +
        'lower them or raise the heap (NODE_OPTIONS=--max-old-space-size=<MiB>)',
    );
  }
  return budgets;
}

/**
 * A parsed query's size on the heap: measured at 260–350 bytes a token, whatever the query's layout
 * (the tokens stay linked from the document), plus its source text.
 */
export function documentBytes(document: DocumentNode): number {
  let tokens = 0;
  for (let token = document.loc?.startToken ?? null; token !== null; token = token.next) tokens += 1;
  const source = document.loc?.source.body ?? '';
  return 400 * Math.max(tokens, 1) + v8StringBytes(source);
}

/** Objects on the heap take about four times their JSON (measured on parsed queries). */
export const heapBytesPerJsonCharacter = 4;

export interface MemoryState {
  readonly heapLimitBytes: number;
  readonly heapUsedBytes: number;
  /** Heap in use right after the last full collection: what is really kept (at start, the heap then in use). */
  readonly retainedBytes: number;
  readonly shedding: boolean;
}

/**
 * Turns new work away (503 with Retry-After) before the heap fills: when what the last full
 * collection kept is above `shedAbove` of the limit, or the heap in use is above `hardAbove` (60%
 * of the way from `shedAbove` to the limit: 90% for 75%); in both cases only while the heap in use
 * is still above `shedAbove`, so a collection that freed it ends the shedding at once.
 */
export class MemoryGuard {
  /** Until the first full collection, the heap in use at start stands for what is kept. */
  private retained = getHeapStatistics().used_heap_size;
  private readonly observer: PerformanceObserver;
  private readonly hardAbove: number;
  readonly limit = heapLimitBytes();

  constructor(private readonly shedAbove = 0.75) {
    this.hardAbove = shedAbove + 0.6 * (1 - shedAbove);
    this.observer = new PerformanceObserver((list) => {
      const majors = list
        .getEntries()
        .filter(
          (entry) => (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR,
        );
      if (majors.length > 0) this.retained = getHeapStatistics().used_heap_size;
    });
    this.observer.observe({ entryTypes: ['gc'] });
  }

  readonly shed = (): Shedding | null => {
    const used = getHeapStatistics().used_heap_size;
    if (used <= this.shedAbove * this.limit) return null;
    const retainedHigh = this.retained > this.shedAbove * this.limit;
    if (!retainedHigh && used <= this.hardAbove * this.limit) return null;
    return { retryAfterSeconds: 2, reason: `its memory is ${Math.round((100 * used) / this.limit)}% full` };
  };

  state(): MemoryState {
    return {
      heapLimitBytes: this.limit,
      heapUsedBytes: getHeapStatistics().used_heap_size,
      retainedBytes: this.retained,
      shedding: this.shed() !== null,
    };
  }

  stop(): void {
    this.observer.disconnect();
  }
}
