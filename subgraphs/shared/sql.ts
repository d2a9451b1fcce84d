import type { DataSource, EntityManager, EntityMetadata, EntityTarget, ObjectLiteral } from 'typeorm';
import type { DateRange } from './arguments.js';

/** SQL and date helpers of the subgraphs' loaders: raw statements that run the same on SQLite and MySQL/MariaDB. */

/** Whether the data source speaks MySQL's dialect (MySQL or MariaDB) rather than SQLite's. */
export function isMysql(db: DataSource): boolean {
  return db.options.type === 'mysql' || db.options.type === 'mariadb';
}

/** An instant as a query parameter: SQLite stores datetimes as UTC text, MySQL binds a Date (the connection is in UTC). */
export function instantParameter(db: DataSource, instant: Date): Date | string {
  return isMysql(db) ? instant : instant.toISOString().replace('T', ' ').replace('Z', '');
}

/** SQL for the calendar year of a date or datetime column, on either driver. */
export function yearOf(db: DataSource, column: string): string {
  return isMysql(db) ? `YEAR(${column})` : `CAST(strftime('%Y', ${column}) AS INTEGER)`;
}

/** SQL for the calendar day (UTC, `YYYY-MM-DD`) of a datetime column, on either driver: the key of the daily rollups. */
export function dayOf(db: DataSource, column: string): string {
  return isMysql(db) ? `DATE(${column})` : `date(${column})`;
}

/** SQL for the whole minutes between two datetime columns, on either driver (julianday is rounded so both agree). */
export function minutesBetween(db: DataSource, from: string, to: string): string {
  return isMysql(db) ? `TIMESTAMPDIFF(MINUTE, ${from}, ${to})` : `ROUND((julianday(${to}) - julianday(${from})) * 1440)`;
}

/** SQL for the day of the week of a date column, 0 = Sunday … 6 = Saturday, on either driver. */
export function weekdayOf(db: DataSource, column: string): string {
  return isMysql(db) ? `(DAYOFWEEK(${column}) - 1)` : `CAST(strftime('%w', ${column}) AS INTEGER)`;
}

/** `?, ?, ?` for an IN list (both drivers take `?` placeholders in raw queries). */
export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

/** `WHERE a AND b`, or nothing when there is no condition. */
export const whereAll = (conditions: readonly string[]): string => (conditions.length === 0 ? '' : `WHERE ${conditions.join(' AND ')}`);

/**
 * The conditions of an optional date range, inclusive, for a raw query. A `datetime` column takes
 * the whole last day: it is compared with `< next day`.
 */
export function dateRangeFilter(
  column: string,
  range: DateRange,
  kind: 'date' | 'datetime' = 'date',
): { conditions: string[]; params: string[] } {
  const conditions: string[] = [];
  const params: string[] = [];
  if (range.from !== null) {
    conditions.push(`${column} >= ?`);
    params.push(range.from);
  }
  if (range.to !== null) {
    conditions.push(kind === 'date' ? `${column} <= ?` : `${column} < ?`);
    params.push(kind === 'date' ? range.to : nextDay(range.to));
  }
  return { conditions, params };
}

/** A `YYYY-MM-DD` date moved by `days` (negative goes back), in UTC so that no time zone shifts it. */
export function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + days);
  return day.toISOString().slice(0, 10);
}

/** The day after a `YYYY-MM-DD` date, so that a datetime column can be bounded by `< next day`. */
export const nextDay = (date: string): string => addDays(date, 1);

/** SQL for the first day of the calendar month (`YYYY-MM-01`) of a date or datetime column, on either driver: the key of the monthly rollups. */
export function monthOf(db: DataSource, column: string): string {
  return isMysql(db) ? `DATE_FORMAT(${column}, '%Y-%m-01')` : `strftime('%Y-%m-01', ${column})`;
}

/** The first day (`YYYY-MM-01`) of the calendar month of a `YYYY-MM-DD` day or of an instant (UTC), as `monthOf` reads it. */
export const calendarMonth = (day: string | Date): string => `${calendarDay(day).slice(0, 7)}-01`;

/** The first day of the month `months` after (negative: before) the month of a `YYYY-MM-DD` day. */
function addMonths(day: string, months: number): string {
  const date = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  date.setUTCMonth(date.getUTCMonth() + months);
  return date.toISOString().slice(0, 10);
}

/**
 * A date range cut for a monthly rollup beside a daily one: the whole calendar months inside it (as a
 * range of their first days, null when there is none) and the days left at either edge. A sum over
 * two years then reads 24 month rows and at most 60 day rows per key instead of 730 day rows.
 */
export interface MonthCut {
  readonly months: DateRange | null;
  readonly days: readonly DateRange[];
}

export function cutIntoMonths(range: DateRange): MonthCut {
  const { from, to } = range;
  const firstWholeMonth = from === null || from.endsWith('-01') ? from : addMonths(from, 1);
  // The day after the last whole month: `to` itself ends a month when its next day is the 1st.
  const afterWholeMonths = to === null ? null : nextDay(to).endsWith('-01') ? nextDay(to) : `${to.slice(0, 7)}-01`;
  if (firstWholeMonth !== null && afterWholeMonths !== null && firstWholeMonth >= afterWholeMonths) return { months: null, days: [range] };
  const days: DateRange[] = [];
  if (from !== null && firstWholeMonth !== null && from < firstWholeMonth) days.push({ from, to: addDays(firstWholeMonth, -1) });
  if (to !== null && afterWholeMonths !== null && afterWholeMonths <= to) days.push({ from: afterWholeMonths, to });
  return { months: { from: firstWholeMonth, to: afterWholeMonths === null ? null : addMonths(afterWholeMonths, -1) }, days };
}

/** Calendar days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Drivers return aggregates as numbers, strings (MySQL DECIMAL) or null: a count, 0 when null. */
export const toInt = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
/** The same for a figure that stays null when there is nothing to aggregate (MIN, MAX, AVG of no row). */
export const toNullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));

/*
 * Rollups: small tables that keep, per sector (or station, site, team) and year, the counts and
 * sums the yearly figures publish, so that a figure reads a few dozen rows instead of every detail
 * row. They are kept up to date on write, in the transaction of the detail row, and rebuilt from
 * the detail rows at the end of each seed.
 */

/** The table column of each named property of a rollup entity; an unknown property is a programming error, named. */
function columnsOf(metadata: EntityMetadata, properties: readonly string[]): string[] {
  return properties.map((property) => {
    const column = metadata.findColumnWithPropertyName(property);
    if (column === undefined) throw new Error(`${metadata.tableName} has no column for property "${property}"`);
    return column.databaseName;
  });
}

/**
 * Adds `increments` to the counters of the row of `key` in a rollup table, creating the row at
 * those increments when it is missing: one statement, `INSERT … ON DUPLICATE KEY UPDATE c = c + ?`
 * on MySQL, `INSERT … ON CONFLICT (key) DO UPDATE SET c = c + ?` on SQLite. (TypeORM's `upsert`
 * overwrites a column with the new value; a counter must add to it.) `key` must be the table's
 * whole primary key. Run it with the manager of the transaction that writes the detail row, so that
 * both commit or roll back together.
 */
export async function addToCounters<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  key: Partial<Record<keyof E & string, string | number>>,
  increments: Partial<Record<keyof E & string, number>>,
): Promise<void> {
  const metadata = manager.dataSource.getMetadata(entity);
  const keyProperties = Object.keys(key);
  const primary = metadata.primaryColumns.map((column) => column.propertyName).sort();
  if ([...keyProperties].sort().join() !== primary.join()) {
    throw new Error(
      `${metadata.tableName}: a counter row is keyed by its primary key (${primary.join(', ')}), got (${keyProperties.join(', ')})`,
    );
  }
  const counters = Object.entries(increments) as [string, number][];
  if (counters.length === 0) throw new Error(`${metadata.tableName}: no counter to add to`);
  const notWhole = counters.find(([, by]) => !Number.isSafeInteger(by));
  if (notWhole) throw new Error(`${metadata.tableName}.${notWhole[0]}: a counter moves by a whole number, got ${notWhole[1]}`);
  const keyColumns = columnsOf(metadata, keyProperties);
  const counterColumns = columnsOf(
    metadata,
    counters.map(([property]) => property),
  );
  const updates = counterColumns.map((column) => `${column} = ${column} + ?`).join(', ');
  const onConflict = isMysql(manager.dataSource) ? 'ON DUPLICATE KEY UPDATE' : `ON CONFLICT (${keyColumns.join(', ')}) DO UPDATE SET`;
  const values = [...Object.values(key), ...counters.map(([, by]) => by)];
  await manager.query(
    `INSERT INTO ${metadata.tableName} (${[...keyColumns, ...counterColumns].join(', ')}) VALUES (${placeholders(values)}) ${onConflict} ${updates}`,
    [...values, ...counters.map(([, by]) => by)],
  );
}

/**
 * Rebuilds a rollup table from the detail rows: empties it, then one `INSERT … SELECT … GROUP BY`.
 * `select` yields one row per key, its columns in the order of `properties`.
 */
export async function rebuildRollup<E extends ObjectLiteral>(
  manager: EntityManager,
  entity: EntityTarget<E>,
  properties: readonly (keyof E & string)[],
  select: string,
): Promise<void> {
  const metadata = manager.dataSource.getMetadata(entity);
  await manager.query(`DELETE FROM ${metadata.tableName}`);
  await manager.query(`INSERT INTO ${metadata.tableName} (${columnsOf(metadata, properties).join(', ')}) ${select}`);
}

/** The calendar day (`YYYY-MM-DD`, UTC, as `dayOf` reads a stored datetime) of an instant or a day. */
export const calendarDay = (day: string | Date): string => (typeof day === 'string' ? day.slice(0, 10) : day.toISOString().slice(0, 10));

/** The calendar year of a `YYYY-MM-DD` day or of an instant (in UTC, as `yearOf` reads a stored datetime). */
export const calendarYear = (day: string | Date): number => (typeof day === 'string' ? Number(day.slice(0, 4)) : day.getUTCFullYear());
