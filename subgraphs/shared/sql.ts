import type { DataSource } from 'typeorm';
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
export function dateRangeFilter(column: string, range: DateRange, kind: 'date' | 'datetime' = 'date'): { conditions: string[]; params: string[] } {
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

/** Calendar days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Drivers return aggregates as numbers, strings (MySQL DECIMAL) or null: a count, 0 when null. */
export const toInt = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
/** The same for a figure that stays null when there is nothing to aggregate (MIN, MAX, AVG of no row). */
export const toNullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
