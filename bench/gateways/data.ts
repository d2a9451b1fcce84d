/**
 * The bench's data: each subgraph in its own MariaDB/MySQL database `plancrack_bench_<subgraph>`,
 * built by its migrations and seeded at a scale, through the same code as `npm run seed`. A small
 * table of the bench's own, `bench_meta`, records the scale of a complete load, the code that made
 * it and its row count, so a re-run at the same scale reuses the data instead of loading it again.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConnection, type Connection, type RowDataPacket } from 'mysql2/promise';
import { catalogue, type SubgraphName, subgraphNames } from '../../subgraphs/registry.js';
import { buildSubgraph } from '../../subgraphs/shared/subgraph.js';
import { projectDir } from '../../test/support/processes.js';

/**
 * The seeds' detail rows (the communiqué's and the synthetic ones, before any table derived from
 * them such as rollups) of every subgraph together at scale s: about fixedRows + rowsPerScaleUnit × s
 * (measured: 50,132 at scale 1, 1,002,048 at scale 150; some synthetic rows are drawn at random, so
 * it is not exact). The bench counts and prints the rows of every table really loaded.
 */
export const fixedRows = 43_743;
export const rowsPerScaleUnit = 6_389;

/** The smallest seed scale with at least `rows` detail rows in all (scale 1 is the smallest data set). */
export function scaleForRows(rows: number): number {
  if (!Number.isInteger(rows) || rows < 1) throw new RangeError(`--rows must be a whole number of at least 1, got ${rows}`);
  return Math.max(1, Math.ceil((rows - fixedRows) / rowsPerScaleUnit));
}

export const expectedRows = (scale: number): number => fixedRows + rowsPerScaleUnit * scale;

/** `mysql://user@host:port` with no database: the bench names its own. */
export function benchServerUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RangeError(`--mysql / BENCH_MYSQL_URL must be a URL like mysql://root@127.0.0.1:3306, got "${url}"`);
  }
  if (parsed.protocol !== 'mysql:') throw new RangeError(`--mysql / BENCH_MYSQL_URL must start with mysql://, got "${url}"`);
  if (parsed.pathname.length > 1)
    throw new RangeError(`--mysql / BENCH_MYSQL_URL names the server only (the bench makes plancrack_bench_<subgraph>), got "${url}"`);
  parsed.pathname = '';
  return parsed.toString().replace(/\/$/, '');
}

export const benchDatabaseName = (subgraph: SubgraphName): string => `plancrack_bench_${subgraph.replace(/-/g, '_')}`;
export const benchDatabaseUrl = (serverUrl: string, subgraph: SubgraphName): string => `${serverUrl}/${benchDatabaseName(subgraph)}`;

export interface SubgraphData {
  readonly subgraph: SubgraphName;
  readonly database: string;
  readonly scale: number;
  /** Rows in the subgraph's tables, counted after the load (or on reuse). */
  readonly rows: number;
  readonly tables: number;
  /** Whether the database already held this scale and was kept. */
  readonly reused: boolean;
  /** Migrations and seed, when loaded now. */
  readonly loadMs: number | null;
}

/**
 * What the subgraph's data depends on: its seed, entities and migrations, and the shared seeding
 * helpers. A change to any of them (a colleague's new column or seed rule) loads the data again.
 */
export function seedFingerprint(subgraph: SubgraphName): string {
  const files = [
    `subgraphs/${subgraph}/seed.ts`,
    'subgraphs/shared/seeding.ts',
    'subgraphs/shared/sectors.ts',
    ...[`subgraphs/${subgraph}/entities`, `subgraphs/${subgraph}/migrations`].flatMap((dir) =>
      readdirSync(join(projectDir, dir))
        .sort()
        .map((name) => `${dir}/${name}`),
    ),
  ];
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(join(projectDir, file)))
      .update('\0');
  return hash.digest('hex');
}

interface BenchMeta extends RowDataPacket {
  scale: number;
  /** A BIGINT: mysql2 gives it as a string when the connection asks for big numbers as strings. */
  rows: number | string;
  seed_hash: string;
}

/** What the last complete load of `database` recorded, or null (no database, no meta, or a load that did not finish). */
async function lastLoad(connection: Connection, database: string): Promise<BenchMeta | null> {
  const [columns] = await connection.query<RowDataPacket[]>(
    'SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?',
    [database, 'bench_meta'],
  );
  if (!columns.some((column) => column.COLUMN_NAME === 'seed_hash')) return null;
  const [rows] = await connection.query<BenchMeta[]>(`SELECT scale, \`rows\`, seed_hash FROM \`${database}\`.bench_meta LIMIT 1`);
  return rows[0] ?? null;
}

/** COUNT(*) of each of the subgraph's tables (the entities' tables, not TypeORM's nor the bench's). */
async function countRows(connection: Connection, database: string, tableNames: readonly string[]): Promise<number> {
  let total = 0;
  for (const table of tableNames) {
    const [rows] = await connection.query<RowDataPacket[]>(`SELECT COUNT(*) AS n FROM \`${database}\`.\`${table}\``);
    total += Number(rows[0]?.n ?? 0);
  }
  return total;
}

export interface PrepareOptions {
  readonly serverUrl: string;
  readonly scale: number;
  /** Drop and load again even when the database holds this scale. */
  readonly reload: boolean;
  readonly log: (line: string) => void;
}

/** Makes sure each subgraph's bench database holds the data of `scale`, loading it when it does not. */
export async function prepareBenchData(options: PrepareOptions): Promise<SubgraphData[]> {
  const connection = await createConnection(options.serverUrl);
  const prepared: SubgraphData[] = [];
  try {
    for (const subgraph of subgraphNames) {
      const database = benchDatabaseName(subgraph);
      const definition = catalogue[subgraph];
      const fingerprint = seedFingerprint(subgraph);
      const previous = await lastLoad(connection, database);
      if (previous !== null && previous.scale === options.scale && !options.reload) {
        const tableNames = await entityTableNames(connection, database);
        const rows = await countRows(connection, database, tableNames);
        const why =
          previous.seed_hash !== fingerprint
            ? 'its seed, entities or migrations changed'
            : Number(previous.rows) !== rows
              ? `it holds ${rows} rows, not the ${previous.rows} loaded`
              : null;
        if (why === null) {
          prepared.push({ subgraph, database, scale: options.scale, rows, tables: tableNames.length, reused: true, loadMs: null });
          options.log(
            `  ${subgraph.padEnd(14)} ${rows.toLocaleString('en')} rows in ${tableNames.length} tables, kept (scale ${options.scale} already loaded)`,
          );
          continue;
        }
        options.log(`  ${subgraph.padEnd(14)} loading again: ${why}`);
      }
      await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      const started = performance.now();
      // What `npm run seed` does: open the database (creating it and running the migrations), then seed it.
      const built = await buildSubgraph(definition, {
        database: { kind: 'mysql', url: benchDatabaseUrl(options.serverUrl, subgraph) },
        seedIfEmpty: { scale: options.scale },
      });
      const tableNames = built.db.entityMetadatas.map((entity) => entity.tableName);
      await built.db.destroy();
      if (!built.seeded) throw new Error(`${database} was not empty after it was dropped: another process is writing to it`);
      const loadMs = Math.round(performance.now() - started);
      const rows = await countRows(connection, database, tableNames);
      // Written last: a load that fails half-way leaves no meta, so the next run loads again.
      await connection.query(
        `CREATE TABLE \`${database}\`.bench_meta (scale INT NOT NULL, \`rows\` BIGINT NOT NULL, seed_hash CHAR(64) NOT NULL, load_ms INT NOT NULL, loaded_at DATETIME NOT NULL)`,
      );
      await connection.query(`INSERT INTO \`${database}\`.bench_meta VALUES (?, ?, ?, ?, UTC_TIMESTAMP())`, [
        options.scale,
        rows,
        fingerprint,
        loadMs,
      ]);
      prepared.push({ subgraph, database, scale: options.scale, rows, tables: tableNames.length, reused: false, loadMs });
      options.log(
        `  ${subgraph.padEnd(14)} ${rows.toLocaleString('en')} rows in ${tableNames.length} tables, loaded in ${(loadMs / 1000).toFixed(1)} s`,
      );
    }
  } finally {
    await connection.end();
  }
  return prepared;
}

/** The tables of a kept database: all but TypeORM's migrations table and the bench's own. */
async function entityTableNames(connection: Connection, database: string): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS name FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT IN ('bench_meta', 'migrations') ORDER BY TABLE_NAME",
    [database],
  );
  return rows.map((row) => String(row.name));
}
