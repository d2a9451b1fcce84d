/**
 * Measures a 24-month series for the six sectors on an existing database, read only:
 *   npm run measure:series -- [mysql://root@127.0.0.1:3306]
 * against the bench's databases plancrack_bench_<subgraph> (npm run bench loads them).
 * Prints the statements and the milliseconds per batch (median of 7, after a warm-up).
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { figureDays as healthDays } from '../../subgraphs/health/loaders.js';
import { figureDays as policeJusticeDays } from '../../subgraphs/police-justice/loaders.js';
import { figureDays as ratpDays } from '../../subgraphs/ratp/loaders.js';
import { figureDays as socialDays } from '../../subgraphs/social/loaders.js';
import { figurePeriodsLoader, type FigureDaySources } from '../../subgraphs/shared/figure-days.js';
import { sectorCodes } from '../../subgraphs/shared/sectors.js';
import { readCommandLine } from '../../scripts/cli.js';

const { positionals } = readCommandLine({
  name: 'measure:series',
  usage: `usage: npm run measure:series -- [mysql://root@127.0.0.1:3306]

A 24-month series for the six sectors, read only from the bench's databases plancrack_bench_<subgraph>
on that server (npm run bench loads them): the statements and the milliseconds per batch, median of
7 after a warm-up.`,
  config: { options: {}, allowPositionals: true },
});
const server = (positionals[0] ?? 'mysql://root@127.0.0.1:3306').replace(/\/$/, '');
const args = { granularity: 'MONTH', from: '2022-01-01', to: '2023-12-31' } as const;

async function measure(database: string, sources: FigureDaySources, metrics: readonly string[]): Promise<void> {
  const db = new DataSource({ type: 'mysql', url: `${server}/${database}`, entities: [], dateStrings: ['DATE'] });
  await db.initialize();
  let statements = 0;
  let inSql = 0;
  const query = db.query.bind(db);
  db.query = (async (sql: string, parameters?: unknown[]) => {
    statements += 1;
    const started = performance.now();
    try {
      return await query(sql, parameters);
    } finally {
      inSql += performance.now() - started;
    }
  }) as typeof db.query;
  const times: number[] = [];
  const sqlTimes: number[] = [];
  for (let run = 0; run < 8; run += 1) {
    statements = 0;
    inSql = 0;
    const loader = figurePeriodsLoader(db, sources, 5);
    const started = performance.now();
    await Promise.all(metrics.flatMap((metric) => sectorCodes.map((sectorCode) => loader.load(args, { metric, sectorCode }))));
    if (run > 0) {
      times.push(performance.now() - started);
      sqlTimes.push(inSql);
    }
  }
  times.sort((a, b) => a - b);
  const ms = (time: number | undefined): string => time?.toFixed(1) ?? 'n/a';
  sqlTimes.sort((a, b) => a - b);
  console.log(
    `${database}: ${metrics.join(', ')} × 6 sectors × 24 months: ${statements} statement(s), median ${ms(times[3])} ms (min ${ms(times[0])}, max ${ms(times.at(-1))}), of which SQL ${ms(sqlTimes[3])} ms`,
  );
  await db.destroy();
}

await measure('plancrack_bench_police_justice', policeJusticeDays, ['police-operations']);
await measure('plancrack_bench_police_justice', policeJusticeDays, ['police-operations', 'evictions', 'officer-shifts']);
await measure('plancrack_bench_social', socialDays, ['outreach-rounds']);
await measure('plancrack_bench_social', socialDays, ['outreach-rounds', 'resident-reports']);
await measure('plancrack_bench_ratp', ratpDays, ['station-incidents']);
await measure('plancrack_bench_ratp', ratpDays, ['station-incidents', 'train-traffic-interruptions', 'joint-patrols']);
await measure('plancrack_bench_health', healthDays, ['hospital-team-interventions']);
