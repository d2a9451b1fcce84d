/**
 * Times the SQL behind the two reports (the sector page and the yearly cross-agency report) on
 * databases that are already seeded, e.g. by `npm run seed -- --scale 150`:
 *   npm run measure:reports -- --databases mysql://root@127.0.0.1:3306/plancrack_rollup_s150 [--runs 20] [--load 10] [--reports yearly-report]
 * `--databases` is a server and a prefix: subgraph `police-justice` reads `<prefix>_police_justice`.
 * Each report runs through a gateway over the five subgraphs; every SQL statement a subgraph sends
 * is timed, and the script prints, per report, the median and p95 of the SQL time summed over the
 * statements of one request, per subgraph, and the statements that cost the most. `--load N` also
 * drives each report with autocannon at N connections for 10 s and prints the gateway's p50/p95.
 * Prints figures; it asserts nothing.
 */
import autocannon from 'autocannon';
import type { DataSource, QueryRunner } from 'typeorm';
import { gatewayConfigFromEnv } from '../../gateway/config.js';
import { buildGateway, listenGateway } from '../../gateway/server.js';
import { registeredOperation } from '../../operations/index.js';
import { catalogue, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { buildSubgraph, listen, type ListeningSubgraph } from '../../subgraphs/shared/subgraph.js';
import { readCommandLine, refuse } from '../../scripts/cli.js';
import { gatewayPublicKey, mintToken, testGatewayEnv } from '../../test/support/identity.js';
import { postGraphQL } from '../../test/support/subgraphs.js';

const { values } = readCommandLine({
  name: 'measure:reports',
  usage: `usage: npm run measure:reports -- --databases mysql://root@127.0.0.1:3306/plancrack_rollup_s150 [--runs 20] [--load 10] [--reports sector-page,yearly-report]

The SQL time behind the sector page and the yearly cross-agency report, each run --runs times (20)
through a gateway over the five subgraphs, on databases already seeded (npm run seed -- --scale 150):
per report, the median and p95 of one request's SQL time per subgraph and the costliest statements.

  --databases   a server and a database prefix: subgraph police-justice reads <prefix>_police_justice
  --load N      also drive each report with autocannon at N connections for 10 s (default 0: no load)
  --reports     some of: sector-page, yearly-report (default both)`,
  config: {
    options: {
      databases: { type: 'string' },
      runs: { type: 'string', default: '20' },
      load: { type: 'string', default: '0' },
      reports: { type: 'string' },
    },
  },
});
const prefixUrl = values.databases;
if (prefixUrl === undefined || !/^mysql:\/\/[^/]+\/\w+$/.test(prefixUrl)) {
  refuse(
    'measure:reports',
    `--databases must be a server and a database prefix, e.g. mysql://root@127.0.0.1:3306/plancrack_rollup_s150; got ${prefixUrl ?? 'nothing'}`,
  );
}
const runs = Number(values.runs);
const connections = Number(values.load);
if (!Number.isInteger(runs) || runs < 1) throw new RangeError(`--runs must be a whole number ≥ 1, got "${values.runs}"`);
if (!Number.isInteger(connections) || connections < 0) throw new RangeError(`--load must be a whole number ≥ 0, got "${values.load}"`);

const allReports = [
  { name: 'sector-page', query: registeredOperation('dashboard', 'SectorPage').body, variables: { from: '2023-01-01', to: '2023-11-30' } },
  { name: 'yearly-report', query: registeredOperation('cross-agency-report', 'CrossAgencyReport').body, variables: { year: 2023 } },
] as const;
const wanted = values.reports?.split(',') ?? allReports.map((report) => report.name);
const unknownReports = wanted.filter((name) => !allReports.some((report) => report.name === name));
if (unknownReports.length > 0)
  throw new RangeError(
    `--reports: unknown ${unknownReports.join(', ')}; the reports are ${allReports.map((report) => report.name).join(', ')}`,
  );
const reports = allReports.filter((report) => wanted.includes(report.name));

/** SQL time per subgraph since the last reset, and each statement's times (by its text, parameters left out). */
const sqlMs = new Map<SubgraphName, number>();
const statementMs = new Map<string, number[]>();
/** The first call of each statement, to ANALYZE it once the timed runs are over. */
const firstCalls = new Map<string, { readonly name: SubgraphName; readonly sql: string; readonly parameters: unknown[] }>();
let recording = true;

/** Wraps every query runner a data source makes, so that each statement's wall time is added up. */
function timeStatements(name: SubgraphName, db: { createQueryRunner: (mode?: 'master' | 'slave') => QueryRunner }): void {
  const create = db.createQueryRunner.bind(db);
  db.createQueryRunner = (mode) => {
    const runner = create(mode);
    const query = runner.query.bind(runner) as (sql: string, parameters?: unknown[], structured?: boolean) => Promise<unknown>;
    runner.query = (async (sql: string, parameters?: unknown[], structured?: boolean) => {
      const started = performance.now();
      try {
        return await query(sql, parameters, structured);
      } finally {
        if (recording) record(name, sql, parameters ?? [], performance.now() - started);
      }
    }) as QueryRunner['query'];
    return runner;
  };
}

function record(name: SubgraphName, sql: string, parameters: unknown[], ms: number): void {
  sqlMs.set(name, (sqlMs.get(name) ?? 0) + ms);
  const key = `${name}: ${sql.replace(/\s+/g, ' ')}`;
  statementMs.set(key, [...(statementMs.get(key) ?? []), ms]);
  if (!firstCalls.has(key)) firstCalls.set(key, { name, sql, parameters });
}

/** Rows the engine read for a statement: r_loops × r_rows of every table access in MariaDB's ANALYZE FORMAT=JSON. */
function rowsRead(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((sum: number, item) => sum + rowsRead(item), 0);
  if (node === null || typeof node !== 'object') return 0;
  const entries = Object.entries(node);
  const own = 'r_rows' in node && 'r_loops' in node && 'table_name' in node ? Number(node.r_rows) * Number(node.r_loops) : 0;
  return own + entries.reduce((sum, [, value]) => sum + rowsRead(value), 0);
}

const quantile = (values: readonly number[], q: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
};
const ms = (value: number): string => `${value.toFixed(1)} ms`;

const listening: ListeningSubgraph[] = [];
const urls = {} as Record<SubgraphName, string>;
const databases = new Map<SubgraphName, DataSource>();
for (const name of subgraphNames) {
  const built = await buildSubgraph(catalogue[name], { database: { kind: 'mysql', url: `${prefixUrl}_${name.replace(/-/g, '_')}` } });
  timeStatements(name, built.db);
  databases.set(name, built.db);
  const subgraph = await listen(built, { port: 0, gatewayPublicKey });
  listening.push(subgraph);
  urls[name] = subgraph.url;
}
const gateway = await listenGateway(buildGateway({ ...gatewayConfigFromEnv(testGatewayEnv), subgraphUrls: urls }), 0, '127.0.0.1');
const token = await mintToken({ expiresIn: 3600 });

try {
  for (const report of reports) {
    const ask = async () => {
      const response = await postGraphQL(gateway.url, report.query, report.variables, { authorization: `Bearer ${token}` });
      if (response.errors) throw new Error(`${report.name}: ${JSON.stringify(response.errors).slice(0, 500)}`);
    };
    for (let i = 0; i < 3; i++) await ask();
    const totals: number[] = [];
    const perSubgraph = new Map<SubgraphName, number[]>();
    statementMs.clear();
    firstCalls.clear();
    for (let i = 0; i < runs; i++) {
      sqlMs.clear();
      await ask();
      totals.push([...sqlMs.values()].reduce((a, b) => a + b, 0));
      for (const name of subgraphNames) perSubgraph.set(name, [...(perSubgraph.get(name) ?? []), sqlMs.get(name) ?? 0]);
    }
    console.log(
      `\n${report.name}: SQL time of one request, summed over its statements (${runs} runs): median ${ms(quantile(totals, 0.5))}, p95 ${ms(quantile(totals, 0.95))}`,
    );
    for (const name of subgraphNames) console.log(`  ${name.padEnd(15)} median ${ms(quantile(perSubgraph.get(name) ?? [], 0.5))}`);
    const costliest = [...statementMs.entries()]
      .map(([sql, times]) => ({ sql, perRequest: times.reduce((a, b) => a + b, 0) / runs, count: times.length / runs }))
      .sort((a, b) => b.perRequest - a.perRequest)
      .slice(0, 8);
    // Rows read do not depend on the machine's load, unlike times: ANALYZE runs each statement once more.
    recording = false;
    const analysed = new Map<string, number>();
    for (const [key, call] of firstCalls) {
      const [row] = (await databases.get(call.name)?.query(`ANALYZE FORMAT=JSON ${call.sql}`, call.parameters)) as Record<string, string>[];
      analysed.set(key, rowsRead(JSON.parse(Object.values(row ?? {})[0] ?? '{}')));
    }
    recording = true;
    const totalRows = [...statementMs.entries()].reduce((sum, [key, times]) => sum + (analysed.get(key) ?? 0) * (times.length / runs), 0);
    console.log(
      `  rows read by its statements (ANALYZE): ${totalRows}; costliest statements (mean time per request, statements per request, rows read):`,
    );
    for (const statement of costliest) {
      console.log(
        `    ${ms(statement.perRequest).padStart(9)} ×${statement.count} ${String(analysed.get(statement.sql) ?? '?').padStart(8)} rows  ${statement.sql.slice(0, 150)}`,
      );
    }
    if (connections > 0) {
      const latencies: number[] = [];
      const result = await new Promise<autocannon.Result>((resolve, reject) => {
        const load = autocannon(
          {
            url: gateway.url,
            method: 'POST',
            connections,
            duration: 10,
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: report.query, variables: report.variables }),
          },
          (error: unknown, done: autocannon.Result) => {
            if (error) reject(error instanceof Error ? error : new Error(`autocannon failed: ${JSON.stringify(error)}`));
            else resolve(done);
          },
        );
        load.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
      });
      console.log(
        `  through the gateway at ${connections} connections for 10 s: ${Math.round(result.requests.average)} req/s, ` +
          `p50 ${ms(quantile(latencies, 0.5))}, p95 ${ms(quantile(latencies, 0.95))}, non-2xx ${result.non2xx}, errors ${result.errors}`,
      );
    }
  }
} finally {
  await gateway.stop();
  for (const subgraph of listening) await subgraph.stop();
}
