import autocannon from 'autocannon';
import type { NamedQuery } from './queries/index.js';

/** The p-th percentile (0 < p ≤ 100) by nearest rank: a latency some request really had. */
export function percentile(sortedAscending: readonly number[], p: number): number {
  if (sortedAscending.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1] as number;
}

export const median = (values: readonly number[]): number =>
  percentile(
    [...values].sort((a, b) => a - b),
    50,
  );

export interface LoadResult {
  /** autocannon's mean of the requests answered in each second of the run. */
  readonly requestsPerSecond: number;
  readonly responses: number;
  /** ms, over every response, from the latency of each (autocannon's `response` event, not its histogram). */
  readonly latency: { readonly p50: number; readonly p95: number; readonly p99: number; readonly max: number };
  readonly non2xx: number;
  /** Connection errors and timeouts. */
  readonly errors: number;
  /** 2xx responses whose body carries a GraphQL `errors` array. */
  readonly graphqlErrors: number;
  /** The first GraphQL error seen, to say what went wrong. */
  readonly firstGraphqlError: string | null;
}

export const bodyModes = ['fixed', 'varied'] as const;
/** fixed: the query's one body, over and over (what caches answer); varied: a new body each time (a miss). */
export type BodyMode = (typeof bodyModes)[number];

/** The bodies a load sends: the query's one fixed body, or its varied ones from a position on. */
export type BodySource = { readonly kind: 'fixed' } | { readonly kind: 'varied'; readonly next: () => string };

export interface LoadOptions {
  readonly url: string;
  readonly query: NamedQuery;
  readonly bodies: BodySource;
  readonly token: string;
  readonly durationSeconds: number;
  readonly connections: number;
  /** A request without an answer after this long counts as an error (autocannon's timeout). */
  readonly timeoutSeconds: number;
}

export const requestBody = (query: NamedQuery, variables: Readonly<Record<string, unknown>> = query.variables): string =>
  JSON.stringify({ query: query.query, variables });

/**
 * The query's varied bodies in turn, from `start`: each load of a gateway continues where the last
 * stopped, so no body is sent twice to a gateway while the pool lasts (`sent` tells how many were).
 */
export function variedBodies(query: NamedQuery, start = 0): { readonly next: () => string; readonly sent: () => number } {
  let i = start;
  return { next: () => requestBody(query, query.varied.variables(i++)), sent: () => i - start };
}

/** Whether a response body carries GraphQL errors; the cheap test first, since it runs on every response. */
function graphqlErrorsOf(body: string): string | null {
  if (!body.includes('"errors"')) return null;
  try {
    const parsed = JSON.parse(body) as { errors?: unknown };
    return Array.isArray(parsed.errors) && parsed.errors.length > 0 ? JSON.stringify(parsed.errors[0]).slice(0, 300) : null;
  } catch {
    return `not JSON: ${body.slice(0, 200)}`;
  }
}

/** autocannon's per-request hook: the next body (autocannon writes its Content-Length). */
const withBody =
  (next: () => string) =>
  <Request extends { body?: string | Buffer }>(request: Request): Request => ({ ...request, body: next() });

/** Drives `query` at the gateway with autocannon for a while and returns what the clients saw. */
export function loadTest(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let graphqlErrors = 0;
  let firstGraphqlError: string | null = null;
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        method: 'POST',
        connections: options.connections,
        duration: options.durationSeconds,
        timeout: options.timeoutSeconds,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${options.token}` },
        body: requestBody(options.query),
        requests: [
          {
            ...(options.bodies.kind === 'varied' && { setupRequest: withBody(options.bodies.next) }),
            onResponse: (status, body) => {
              if (status < 200 || status >= 300) return;
              const error = graphqlErrorsOf(body);
              if (error === null) return;
              graphqlErrors += 1;
              firstGraphqlError ??= error;
            },
          },
        ],
      },
      (error: unknown, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`));
          return;
        }
        latencies.sort((a, b) => a - b);
        resolve({
          requestsPerSecond: result.requests.average,
          responses: latencies.length,
          latency: {
            p50: percentile(latencies, 50),
            p95: percentile(latencies, 95),
            p99: percentile(latencies, 99),
            max: latencies.at(-1) ?? Number.NaN,
          },
          non2xx: result.non2xx,
          errors: result.errors + result.timeouts,
          graphqlErrors,
          firstGraphqlError,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
}

/** Sends one request and returns the parsed answer, refusing an HTTP error with its body. */
export async function queryOnce(url: string, query: NamedQuery, token: string, body = requestBody(query)): Promise<unknown> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${query.name}: HTTP ${response.status} from ${url}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as unknown;
}

/** Latencies (ms) of `count` requests sent one after the other: the time one request costs, unloaded. */
export async function sequentialLatencies(
  url: string,
  query: NamedQuery,
  token: string,
  count: number,
  bodies: BodySource,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < count; i++) {
    const body = bodies.kind === 'varied' ? bodies.next() : requestBody(query);
    const started = performance.now();
    await queryOnce(url, query, token, body);
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/**
 * The first place two answers differ ('' when they are the same JSON), as a path like
 * `data.sectors[2].stations[0].name: "a" ≠ "b"`. Object keys are compared whatever their order.
 */
export function firstDifference(expected: unknown, actual: unknown, path = ''): string {
  if (Object.is(expected, actual)) return '';
  // JSON.stringify gives undefined for undefined and functions, which its declared type leaves out.
  const describe = (value: unknown) => (JSON.stringify(value) as string | undefined)?.slice(0, 120) ?? String(value);
  if (Array.isArray(expected) && Array.isArray(actual)) {
    if (expected.length !== actual.length) return `${path}: ${expected.length} items ≠ ${actual.length} items`;
    for (let i = 0; i < expected.length; i++) {
      const difference = firstDifference(expected[i], actual[i], `${path}[${i}]`);
      if (difference) return difference;
    }
    return '';
  }
  const isObject = (value: unknown): value is Record<string, unknown> =>
    typeof value === 'object' && value !== null && !Array.isArray(value);
  if (isObject(expected) && isObject(actual)) {
    const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const key of [...keys].sort()) {
      const child = path ? `${path}.${key}` : key;
      if (!(key in actual)) return `${child}: missing`;
      if (!(key in expected)) return `${child}: unexpected ${describe(actual[key])}`;
      const difference = firstDifference(expected[key], actual[key], child);
      if (difference) return difference;
    }
    return '';
  }
  return `${path}: ${describe(expected)} ≠ ${describe(actual)}`;
}
