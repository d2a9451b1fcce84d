import 'reflect-metadata';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { DataSource, type DataSourceOptions, type Logger, type MigrationInterface } from 'typeorm';
import { ConfigError, readOptional, readString } from '../../platform/env.js';
import { logger } from '../../platform/log.js';
import { projectRoot } from '../../platform/project.js';

/** The project's root (also from dist/), so that no path depends on the working directory. */
export { projectRoot };

export type EntityClass = abstract new (...args: never[]) => object;
export type MigrationClass = new () => MigrationInterface;

/** Where a subgraph keeps its data: an embedded SQLite file, or its own MySQL database. */
export type DatabaseConfig = { readonly kind: 'sqlite'; readonly file: string } | { readonly kind: 'mysql'; readonly url: string };

export class DatabaseConfigError extends ConfigError {}

/** `<SUBGRAPH>_DATABASE_URL`, e.g. `POLICE_JUSTICE_DATABASE_URL` for `police-justice`. */
export function databaseUrlVariable(subgraph: string): string {
  return `${subgraph.toUpperCase().replace(/-/g, '_')}_DATABASE_URL`;
}

/**
 * Reads a subgraph's database from the environment: `mysql://user:password@host:port/database`
 * or `sqlite:path/to/file.sqlite`; unset means the embedded default, `data/<subgraph>.sqlite`.
 */
export function databaseConfigFromEnv(subgraph: string, env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const variable = databaseUrlVariable(subgraph);
  const url = readOptional(env, variable);
  if (url === undefined) {
    const dataDir = readString(env, 'DATA_DIR', resolve(projectRoot, 'data'));
    return { kind: 'sqlite', file: resolve(dataDir, `${subgraph}.sqlite`) };
  }
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    return { kind: 'sqlite', file: file === ':memory:' || isAbsolute(file) ? file : resolve(projectRoot, file) };
  }
  if (url.startsWith('mysql://')) {
    const parsed = new URL(url);
    if (parsed.pathname.length <= 1) {
      throw new DatabaseConfigError(
        `${variable} must name a database, e.g. mysql://user@host:3306/plancrack_${subgraph.replace(/-/g, '_')}`,
      );
    }
    return { kind: 'mysql', url };
  }
  throw new DatabaseConfigError(`${variable} must start with mysql:// or sqlite:, got "${String(url.split(':')[0])}:"`);
}

/** Counts the SQL statements a data source sends, so tests can prove that loaders batch. */
export class StatementCounter implements Logger {
  count = 0;

  reset(): void {
    this.count = 0;
  }

  logQuery(): void {
    this.count += 1;
  }
  /** The statement with its placeholders, never its parameters (which may hold a value). */
  logQueryError(error: string | Error, query: string): void {
    logger.warn({ sql: query.slice(0, 2000) }, `SQL error: ${error instanceof Error ? error.message : error}`);
  }
  logQuerySlow(): void {}
  logSchemaBuild(): void {}
  logMigration(): void {}
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') logger.warn(String(message));
  }
}

export interface OpenDatabaseOptions {
  readonly entities: readonly EntityClass[];
  readonly migrations: readonly MigrationClass[];
  /**
   * Build tables straight from the entities. Only for SQLite (embedded default) and tests;
   * MySQL runs the subgraph's migrations unless this is set.
   */
  readonly synchronize?: boolean;
  readonly counter?: StatementCounter;
}

/** TypeORM reads MariaDB's catalogue differently from MySQL's, so it must know which one it talks to. */
export type MysqlFlavor = 'mysql' | 'mariadb';

export function dataSourceOptions(config: DatabaseConfig, options: OpenDatabaseOptions, flavor: MysqlFlavor = 'mysql'): DataSourceOptions {
  const common = {
    entities: [...options.entities] as DataSourceOptions['entities'],
    migrations: [...options.migrations] as DataSourceOptions['migrations'],
    logger: options.counter ?? new StatementCounter(),
  };
  if (config.kind === 'sqlite') {
    return {
      ...common,
      type: 'better-sqlite3',
      database: config.file,
      synchronize: true,
      prepareDatabase: (db: { pragma(p: string): unknown }) => {
        db.pragma('journal_mode = WAL');
      },
    };
  }
  return {
    ...common,
    type: flavor,
    url: config.url,
    charset: 'utf8mb4',
    // Dates stay 'YYYY-MM-DD' strings and datetimes are UTC, the same as on SQLite.
    timezone: 'Z',
    dateStrings: ['DATE'],
    synchronize: options.synchronize ?? false,
    migrationsRun: !(options.synchronize ?? false),
    poolSize: 10,
    // mysql2 captures a stack trace on every query to give its errors the caller's frames: 2.6 % of a
    // subgraph's CPU under load, for frames that would only show TypeORM's query runner.
    trace: false,
  };
}

/** Opens a subgraph's database, creating its tables (SQLite file or MySQL database) if needed. */
export async function openDatabase(config: DatabaseConfig, options: OpenDatabaseOptions): Promise<DataSource> {
  if (config.kind === 'sqlite' && config.file !== ':memory:') mkdirSync(dirname(config.file), { recursive: true });
  const flavor = config.kind === 'mysql' ? await prepareMysqlDatabase(config.url) : undefined;
  const db = new DataSource(dataSourceOptions(config, options, flavor));
  await db.initialize();
  return db;
}

/** Creates the subgraph's database if it is missing, and tells MySQL from MariaDB. */
export async function prepareMysqlDatabase(url: string): Promise<MysqlFlavor> {
  const { createConnection } = await import('mysql2/promise');
  const parsed = new URL(url);
  const database = decodeURIComponent(parsed.pathname.slice(1));
  parsed.pathname = '/';
  const connection = await createConnection(parsed.toString());
  try {
    await connection.query(
      `CREATE DATABASE IF NOT EXISTS \`${database.replace(/`/g, '``')}\` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`,
    );
    const [rows] = await connection.query('SELECT VERSION() AS version');
    const version = (rows as { version: string }[])[0]?.version ?? '';
    return version.includes('MariaDB') ? 'mariadb' : 'mysql';
  } finally {
    await connection.end();
  }
}
