/**
 * Sends fuzz requests to the gateway with a bounded concurrency for a given time, checks every
 * answer (checks.ts) and tallies them per category. Shared by the fuzz test and `npm run fuzz`.
 */
import { Agent, request as httpRequest } from 'node:http';
import {
  checkAnswer,
  fuzzBounds,
  reproduction,
  violationKinds,
  type Answer,
  type FuzzBounds,
  type Violation,
  type ViolationKind,
} from './checks.js';
import { categories, type Category, type FuzzRequest } from './generators.js';
import type { FuzzGraph } from './graph.js';

export interface CategoryStats {
  requests: number;
  status2xx: number;
  status4xx: number;
  status5xx: number;
  /** 1xx, 3xx: counted apart, none expected. */
  statusOther: number;
  noAnswer: number;
  readonly latenciesMs: number[];
  maxBytes: number;
  readonly violations: Record<ViolationKind, number>;
}

export interface FuzzRunReport {
  readonly stats: ReadonlyMap<Category, CategoryStats>;
  /** The violations, at most `keptPerKind` of each category and kind (the counts are in `stats`). */
  readonly violations: readonly Violation[];
  readonly requests: number;
  readonly elapsedMs: number;
  /** Each exit of the gateway during the run: its exit code and the last thing it printed. */
  readonly gatewayExits: readonly string[];
}

export interface FuzzRunOptions {
  readonly graph: FuzzGraph;
  readonly requests: Iterator<FuzzRequest, unknown>;
  /** No request is sent after this long; those in flight are awaited. */
  readonly durationMs: number;
  readonly concurrency: number;
  /** A request with no complete answer by then counts as unanswered. */
  readonly requestTimeoutMs: number;
  readonly bounds?: FuzzBounds;
  readonly onViolation?: (violation: Violation) => void;
}

const keptPerKind = 20;

interface Flight {
  readonly request: FuzzRequest;
  readonly startedAt: number;
  endedAt: number | null;
}

/** Sends one request as it is, over node:http: fetch would add a content type, refuse a body on GET, or normalise headers. */
export function send(baseUrl: string, request: FuzzRequest, agent: Agent, maxBytes: number, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Omit<Answer, 'ms'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...answer, ms: performance.now() - started });
    };
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const headers: Record<string, string> = {
      ...request.headers,
      ...(body === undefined ? {} : { 'content-length': String(body.length) }),
    };
    const outgoing = httpRequest(new URL(request.path, baseUrl), { method: request.method, headers, agent });
    const timer = setTimeout(() => {
      finish({ status: null, bytes: 0, text: '', truncated: false, failure: `no answer within ${timeoutMs} ms` });
      outgoing.destroy();
    }, timeoutMs);
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      finish({ status: null, bytes: 0, text: '', truncated: false, failure: error.code ?? error.message });
    });
    outgoing.on('response', (response) => {
      const chunks: Buffer[] = [];
      let bytes = 0;
      let truncated = false;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        if (truncated) return;
        if (bytes > maxBytes) {
          // Past the bound: stop reading, so a runaway answer cannot exhaust this process.
          truncated = true;
          const text = Buffer.concat(chunks).toString('utf8');
          finish({ status: response.statusCode ?? null, bytes, text, truncated, failure: null });
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        finish({ status: response.statusCode ?? null, bytes, text: Buffer.concat(chunks).toString('utf8'), truncated, failure: null });
      });
      response.on('error', (error: NodeJS.ErrnoException) => {
        finish({ status: null, bytes, text: '', truncated, failure: error.code ?? error.message });
      });
    });
    outgoing.end(body);
  });
}

const emptyStats = (): CategoryStats => ({
  requests: 0,
  status2xx: 0,
  status4xx: 0,
  status5xx: 0,
  statusOther: 0,
  noAnswer: 0,
  latenciesMs: [],
  maxBytes: 0,
  violations: Object.fromEntries(violationKinds.map((kind) => [kind, 0])) as Record<ViolationKind, number>,
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Why the gateway exited, from what it printed: V8's fatal line when there is one (e.g. out of memory), else its last error line. */
function lastWords(output: string): string {
  const tail = output.slice(-20_000);
  const fatal = /^.*FATAL ERROR.*$/m.exec(tail)?.[0];
  const lastError = tail
    .split('\n')
    .filter((line) => /error/i.test(line))
    .at(-1);
  return (fatal ?? lastError ?? tail.slice(-300)).trim().slice(0, 300);
}

export async function runFuzz(options: FuzzRunOptions): Promise<FuzzRunReport> {
  const { graph, concurrency, requestTimeoutMs } = options;
  const bounds = options.bounds ?? fuzzBounds;
  const stats = new Map<Category, CategoryStats>(categories.map((category) => [category, emptyStats()]));
  const kept: Violation[] = [];
  const keptCount = new Map<string, number>();
  const gatewayExits: string[] = [];
  // Requests to send again: they went out after the gateway had already exited, so they tell nothing.
  const retries: FuzzRequest[] = [];
  // The last requests sent, answered or not: what ran alongside a slow answer or an exit.
  const recent: Flight[] = [];
  let restarting: Promise<void> | null = null;
  let sent = 0;
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const started = Date.now();
  const deadline = started + options.durationMs;

  const record = (violation: Violation) => {
    const stat = stats.get(violation.request.category)!;
    stat.violations[violation.kind] += 1;
    const key = `${violation.request.category}\n${violation.kind}`;
    const count = keptCount.get(key) ?? 0;
    keptCount.set(key, count + 1);
    if (count < keptPerKind) kept.push(violation);
    options.onViolation?.(violation);
  };

  /** One restart for all the workers that found the gateway gone. */
  const ensureGatewayRuns = async () => {
    if (graph.gateway.exitedAt === null) return;
    restarting ??= (async () => {
      const code = await graph.gateway.service.exited;
      gatewayExits.push(`${code === null ? 'killed by a signal' : `exit code ${code}`}: ${lastWords(graph.gateway.service.output())}`);
      await graph.restartGateway();
    })().finally(() => {
      restarting = null;
    });
    await restarting;
  };

  /** The other requests in flight at some time between `from` and `to`, with their notes (e.g. `100000 nulls for …`). */
  const alongside = (flight: Flight, from: number, to: number): string => {
    const others = new Set(
      recent
        .filter((other) => other !== flight && other.startedAt <= to && (other.endedAt ?? Infinity) >= from)
        .map((other) => `${other.request.category} (${other.request.note})`),
    );
    const listed = [...others].slice(0, 6);
    return listed.length === 0
      ? ''
      : `; alongside: ${listed.join(', ')}${others.size > listed.length ? ` and ${others.size - listed.length} more` : ''}`;
  };

  const nextRequest = (): FuzzRequest | undefined => {
    const retry = retries.shift();
    if (retry !== undefined) return retry;
    const next = options.requests.next();
    return next.done === true ? undefined : next.value;
  };

  const worker = async () => {
    while (Date.now() < deadline) {
      await ensureGatewayRuns();
      const request = nextRequest();
      if (request === undefined) return;
      const gateway = graph.gateway;
      const flight: Flight = { request, startedAt: Date.now(), endedAt: null };
      recent.push(flight);
      if (recent.length > 8 * concurrency) recent.shift();
      const answer = await send(gateway.url, request, agent, bounds.maxAnswerBytes, requestTimeoutMs);
      flight.endedAt = Date.now();
      let cutByExit = false;
      if (answer.status === null) {
        // Give the exit event time to arrive before deciding why there was no answer.
        await sleep(200);
        const exitedAt = gateway.exitedAt;
        if (exitedAt !== null && exitedAt < flight.startedAt) {
          retries.push(request);
          continue;
        }
        if (exitedAt !== null) {
          cutByExit = true;
          record({
            kind: 'gateway exit',
            detail: `the gateway exited while this was in flight (${lastWords(gateway.service.output())})${alongside(flight, exitedAt, exitedAt)}`,
            request,
            answer,
          });
        }
      }
      sent += 1;
      const stat = stats.get(request.category)!;
      stat.requests += 1;
      stat.latenciesMs.push(answer.ms);
      stat.maxBytes = Math.max(stat.maxBytes, answer.bytes);
      if (answer.status === null) stat.noAnswer += 1;
      else if (answer.status >= 500) stat.status5xx += 1;
      else if (answer.status >= 400) stat.status4xx += 1;
      else if (answer.status >= 200 && answer.status < 300) stat.status2xx += 1;
      else stat.statusOther += 1;
      for (const violation of checkAnswer(request, answer, bounds)) {
        // A request cut by the gateway's exit is reported as that exit, not again as slow or unanswered.
        if (cutByExit && (violation.kind === 'no answer' || violation.kind === 'too slow')) continue;
        // A slow answer may be slow because of another request: name what ran alongside.
        record(
          violation.kind === 'too slow'
            ? { ...violation, detail: `${violation.detail}${alongside(flight, flight.startedAt, flight.endedAt)}` }
            : violation,
        );
      }
    }
  };

  try {
    await Promise.all(Array.from({ length: concurrency }, worker));
    await ensureGatewayRuns();
  } finally {
    agent.destroy();
  }
  return { stats, violations: kept, requests: sent, elapsedMs: Date.now() - started, gatewayExits };
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

/** The run as a table: one row per category, violations by kind in the last column. */
export function formatReport(report: FuzzRunReport): string {
  const header = ['category', 'requests', '2xx', '4xx', '5xx', 'none', 'p50 ms', 'p99 ms', 'max ms', 'max bytes', 'violations'];
  const rows = [...report.stats]
    .filter(([, stat]) => stat.requests > 0)
    .map(([category, stat]) => {
      const sorted = [...stat.latenciesMs].sort((a, b) => a - b);
      const violations = violationKinds
        .filter((kind) => stat.violations[kind] > 0)
        .map((kind) => `${kind} ${stat.violations[kind]}`)
        .join(', ');
      return [
        category,
        String(stat.requests),
        String(stat.status2xx),
        String(stat.status4xx),
        String(stat.status5xx),
        String(stat.noAnswer + stat.statusOther),
        String(Math.round(percentile(sorted, 0.5))),
        String(Math.round(percentile(sorted, 0.99))),
        String(Math.round(sorted.at(-1) ?? NaN)),
        String(stat.maxBytes),
        violations || '-',
      ];
    });
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  // Text left-aligned, numbers right-aligned.
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

/**
 * The violations of some kinds, for an assertion message: 'none', or how many in each category
 * with a reproduction of the first few.
 */
export function describeViolations(report: FuzzRunReport, kinds: readonly ViolationKind[], examplesPerCategory = 2): string {
  const lines: string[] = [];
  for (const [category, stat] of report.stats) {
    const count = kinds.reduce((sum, kind) => sum + stat.violations[kind], 0);
    if (count === 0) continue;
    lines.push(`- ${category}: ${count} of ${stat.requests} requests`);
    const examples = report.violations
      .filter((violation) => violation.request.category === category && kinds.includes(violation.kind))
      .slice(0, examplesPerCategory);
    for (const violation of examples) lines.push(`  ${reproduction(violation).replaceAll('\n', '\n  ')}`);
  }
  return lines.length === 0 ? 'none' : `${kinds.join(' / ')}:\n${lines.join('\n')}`;
}
