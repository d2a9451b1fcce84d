import type { CpuPerRequest } from './cpu.js';
import type { SubgraphData } from './data.js';
import type { LoadResult } from './measure.js';
import type { ProfileSummary } from './profile.js';

export interface QueryRun {
  readonly query: string;
  /** fixed: one body over and over; varied: a body not sent before each time. */
  readonly mode: 'fixed' | 'varied';
  /** req/s of every round, when there were several (this run is the median one). */
  readonly rounds?: readonly number[];
  readonly load: LoadResult;
  /** Median of the requests sent one at a time after the warm-up (ms). */
  readonly sequentialMedianMs: number;
  /** The gateway's VmHWM after this query's load: its peak so far. */
  readonly peakRssMb: number;
  /** CPU time (user + system) per response during the load: the gateway's, the subgraphs', autocannon's, the rest. */
  readonly cpuMsPerRequest: CpuPerRequest;
}

/** What one request of a query cost one subgraph, or all five together. */
export interface SubgraphCost {
  /** GraphQL HTTP requests the subgraph received. */
  readonly requests: number;
  /** SQL statements it ran. */
  readonly statements: number;
  /** Time its HTTP server spent answering them, from its /metrics histogram. */
  readonly serverMs: number;
  /** Time its SQL statements took, from its /metrics histogram. */
  readonly sqlMs: number;
}

/** What one request of a query cost the subgraphs through a gateway (varied bodies sent one at a time, nothing cached; the mean of a few). */
export interface SubgraphCalls extends SubgraphCost {
  readonly bySubgraph: Readonly<Record<string, SubgraphCost>>;
}

export interface GatewayRun {
  readonly gateway: string;
  readonly queries: readonly QueryRun[];
}

export interface BenchReport {
  readonly startedAt: string;
  readonly machine: {
    readonly node: string;
    readonly cpus: number;
    readonly cpuModel: string;
    readonly database: string;
    /** 1-minute load average before the run: above ~0.5, other processes were using the cores. */
    readonly loadAverageAtStart: number;
  };
  readonly options: {
    readonly rowsAsked: number;
    readonly scale: number;
    readonly durationSeconds: number;
    readonly connections: number;
    readonly warmupSeconds: number;
    readonly timeoutSeconds: number;
    readonly sequentialCount: number;
    readonly rounds: number;
  };
  readonly data: { readonly subgraphs: readonly SubgraphData[]; readonly totalRows: number; readonly loadSeconds: number | null };
  readonly gateways: readonly { readonly id: string; readonly label: string; readonly what: string; readonly version: string }[];
  readonly runs: readonly GatewayRun[];
  /** By `<gateway id> <query>`. */
  readonly subgraphCalls: Readonly<Record<string, SubgraphCalls>>;
  readonly queries: readonly { readonly name: string; readonly what: string; readonly pool: number }[];
  readonly profiles: readonly { readonly query: string; readonly summary: ProfileSummary }[];
}

/** A 1-minute load average above this before the run means other processes were busy. */
export const busyLoadAverage = 0.5;

const ms = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '–');
/** A mean count: whole when it is. */
const count = (value: number): string => (Number.isInteger(value) ? String(value) : value.toFixed(1));
const ratio = (value: number): string => (Number.isFinite(value) ? `${value.toFixed(2)}×` : '–');
const row = (cells: readonly (string | number)[]): string => `| ${cells.join(' | ')} |`;

/** The run as Markdown: the load table, (a)'s ratios against the others, one-at-a-time latencies, data and profiles. */
export function renderReport(report: BenchReport): string {
  const { options, data } = report;
  const label = (id: string) => report.gateways.find((gateway) => gateway.id === id)?.label ?? id;
  const queries = report.queries.map((query) => query.name);
  const modes = (['fixed', 'varied'] as const).filter((mode) =>
    report.runs.some((run) => run.queries.some((query) => query.mode === mode)),
  );
  const find = (gateway: string, query: string, mode: string) =>
    report.runs.find((run) => run.gateway === gateway)?.queries.find((run) => run.query === query && run.mode === mode);
  const lines: string[] = [];

  lines.push(`# Gateway bench, ${report.startedAt}`);
  lines.push('');
  lines.push(
    `${data.totalRows.toLocaleString('en')} rows in all tables (seed scale ${options.scale}) in MariaDB/MySQL; ${options.connections} connections, ` +
      `${options.durationSeconds} s per query, mode and gateway after ${options.warmupSeconds} s of warm-up, ${options.rounds} round${options.rounds > 1 ? 's (the gateways in turn in each; the median round shown)' : ''}, a request unanswered after ${options.timeoutSeconds} s counted as an error; ` +
      `${report.machine.cpus} CPUs (${report.machine.cpuModel}) shared by the subgraphs, the gateways, the database and autocannon; Node ${report.machine.node}, ${report.machine.database}.`,
  );
  if (report.machine.loadAverageAtStart > busyLoadAverage) {
    lines.push('');
    lines.push(
      `**Warning:** the machine was already busy when the run started (load average ${report.machine.loadAverageAtStart.toFixed(2)}): other processes shared the cores, so these figures are low and noisy; see the CPU table's "rest".`,
    );
  }
  lines.push('');
  for (const gateway of report.gateways) lines.push(`- **${gateway.label}**: ${gateway.what}; ${gateway.version}`);
  lines.push('');
  lines.push(
    'Queries (operations/), each sent with its one fixed body, and with varied bodies: a new set of variables each request, from a pool of that many:',
  );
  lines.push('');
  for (const query of report.queries) lines.push(`- **${query.name}**: ${query.what}; ${query.pool.toLocaleString('en')} varied bodies`);

  const others = report.runs.filter((run) => run.gateway !== 'plan-wide');
  if (report.runs.some((run) => run.gateway === 'plan-wide') && others.length > 0) {
    lines.push('');
    lines.push('## (a) against the others');
    lines.push('');
    lines.push(
      "req/s of (a) ÷ req/s of the other: above 1× (a) serves more. Then the gateway's own CPU per request under varied bodies, and the subgraph HTTP requests one varied request caused.",
    );
    lines.push('');
    const gatewayIds = report.runs.map((run) => run.gateway);
    lines.push(
      row([
        'query',
        ...modes.flatMap((mode) => others.map((run) => `${mode}: ÷ ${label(run.gateway)}`)),
        'gateway CPU ms/req, varied',
        'subgraph requests',
      ]),
    );
    lines.push(row(['---', ...modes.flatMap(() => others.map(() => '---:')), '---', '---']));
    for (const query of queries) {
      const cells = modes.flatMap((mode) =>
        others.map((run) => {
          const own = find('plan-wide', query, mode);
          const other = find(run.gateway, query, mode);
          return own && other ? ratio(own.load.requestsPerSecond / other.load.requestsPerSecond) : '–';
        }),
      );
      const cpu = gatewayIds.map((id) => ms(find(id, query, 'varied')?.cpuMsPerRequest.gateway ?? Number.NaN)).join(' / ');
      const calls = gatewayIds
        .map((id) => {
          const calls = report.subgraphCalls[`${id} ${query}`];
          return calls ? count(calls.requests) : '–';
        })
        .join(' / ');
      lines.push(row([query, ...cells, cpu, calls]));
    }
    lines.push('');
    lines.push(`CPU and subgraph requests are given for ${gatewayIds.map((id) => label(id)).join(' / ')}.`);
  }

  lines.push('');
  lines.push('## Under load');
  lines.push('');
  lines.push(
    "Latencies are exact percentiles (nearest rank) over every response, from autocannon's `response` event. Errors: non-2xx / connection errors and timeouts / responses with a GraphQL `errors` array; – where no request was answered in time. Peak RSS: the gateway's VmHWM so far. One at a time: the median of requests sent alone, before the load.",
  );
  lines.push('');
  lines.push(
    row([
      'query',
      'bodies',
      'gateway',
      'req/s',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'errors',
      'one at a time ms',
      'peak RSS MB',
      'gateway CPU ms/req',
      'subgraph requests / SQL statements per request',
    ]),
  );
  lines.push(row(['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const query of queries) {
    for (const mode of modes) {
      for (const run of report.runs) {
        const result = find(run.gateway, query, mode);
        if (result === undefined) continue;
        const { load } = result;
        const calls = report.subgraphCalls[`${run.gateway} ${query}`];
        lines.push(
          row([
            query,
            mode,
            label(run.gateway),
            load.requestsPerSecond.toFixed(1) +
              (result.rounds && result.rounds.length > 1 ? ` (${result.rounds.map((value) => value.toFixed(0)).join(', ')})` : ''),
            ms(load.latency.p50),
            ms(load.latency.p95),
            ms(load.latency.p99),
            `${load.non2xx} / ${load.errors} / ${load.graphqlErrors}`,
            ms(result.sequentialMedianMs),
            result.peakRssMb,
            ms(result.cpuMsPerRequest.gateway),
            calls ? `${count(calls.requests)} / ${count(calls.statements)}` : '–',
          ]),
        );
      }
    }
  }

  const planWideCalls = queries.flatMap((query) => {
    const calls = report.subgraphCalls[`plan-wide ${query}`];
    return calls ? [[query, calls] as const] : [];
  });
  if (planWideCalls.length > 0) {
    lines.push('');
    lines.push('## What one request costs each subgraph, through (a)');
    lines.push('');
    lines.push(
      "Varied bodies sent one at a time (nothing cached), the mean per request: each subgraph's HTTP requests, SQL statements, time its server spent answering and time its statements took (from the subgraphs' /metrics histograms).",
    );
    lines.push('');
    lines.push(row(['query', 'subgraph', 'requests', 'SQL statements', 'server ms', 'SQL ms']));
    lines.push(row(['---', '---', '---:', '---:', '---:', '---:']));
    for (const [query, calls] of planWideCalls) {
      for (const [subgraph, cost] of Object.entries(calls.bySubgraph)) {
        if (cost.requests === 0) continue;
        lines.push(row([query, subgraph, count(cost.requests), count(cost.statements), ms(cost.serverMs), ms(cost.sqlMs)]));
      }
      lines.push(row([query, '**all**', count(calls.requests), count(calls.statements), ms(calls.serverMs), ms(calls.sqlMs)]));
    }
  }

  lines.push('');
  lines.push('## Where the CPU went under load (ms per response)');
  lines.push('');
  lines.push(
    'From /proc: the gateway process, the five subgraph processes, the local MariaDB/MySQL server, autocannon (this script), and the rest of the machine (the kernel, and any other process: high when something else was running).',
  );
  lines.push('');
  lines.push(row(['query', 'bodies', 'gateway', 'gateway', 'subgraphs', 'database', 'autocannon', 'rest', 'all cores busy']));
  lines.push(row(['---', '---', '---', '---:', '---:', '---:', '---:', '---:', '---:']));
  for (const query of queries) {
    for (const mode of modes) {
      for (const run of report.runs) {
        const cpu = find(run.gateway, query, mode)?.cpuMsPerRequest;
        if (cpu !== undefined)
          lines.push(
            row([
              query,
              mode,
              label(run.gateway),
              ms(cpu.gateway),
              ms(cpu.subgraphs),
              ms(cpu.database),
              ms(cpu.bench),
              ms(cpu.rest),
              `${cpu.machineBusyPercent.toFixed(0)} %`,
            ]),
          );
      }
    }
  }

  lines.push('');
  lines.push('## Data');
  lines.push('');
  lines.push(
    `Seed scale ${options.scale} for ${options.rowsAsked.toLocaleString('en')} detail rows asked; rows of every table, rollups and other derived tables included.`,
  );
  lines.push('');
  lines.push(row(['subgraph', 'database', 'rows', 'tables', 'load']));
  lines.push(row(['---', '---', '---:', '---:', '---:']));
  for (const subgraph of data.subgraphs) {
    lines.push(
      row([
        subgraph.subgraph,
        subgraph.database,
        subgraph.rows.toLocaleString('en'),
        subgraph.tables,
        subgraph.loadMs === null ? 'kept' : `${(subgraph.loadMs / 1000).toFixed(1)} s`,
      ]),
    );
  }
  lines.push(row(['all', '', data.totalRows.toLocaleString('en'), '', data.loadSeconds === null ? 'kept' : `${data.loadSeconds} s`]));

  for (const { query, summary } of report.profiles) {
    lines.push('');
    lines.push(`## Profile of (a) under ${query}: top ${summary.top.length} by self time`);
    lines.push('');
    lines.push(`\`${summary.file}\`; ${summary.busyMs} ms busy and ${summary.idleMs} ms idle in the ${summary.window}.`);
    lines.push('');
    lines.push(row(['self %', 'self ms', 'function']));
    lines.push(row(['---:', '---:', '---']));
    for (const entry of summary.top) lines.push(row([entry.percent.toFixed(1), entry.ms, `\`${entry.name.replace(/\|/g, '\\|')}\``]));
  }
  return `${lines.join('\n')}\n`;
}
