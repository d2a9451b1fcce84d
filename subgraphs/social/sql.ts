/** SQL and date helpers of the social subgraph's loaders. */

/** `?, ?, ?` for an IN list (both drivers take `?` placeholders in raw queries). */
export const placeholders = (values: readonly unknown[]): string => values.map(() => '?').join(', ');

/** A filter on an optional date range, inclusive, for a raw query. */
export function dateRangeFilter(column: string, range: { readonly from: string | null; readonly to: string | null }): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  if (range.from) {
    parts.push(`${column} >= ?`);
    params.push(range.from);
  }
  if (range.to) {
    parts.push(`${column} <= ?`);
    params.push(range.to);
  }
  return { sql: parts.map((part) => ` AND ${part}`).join(''), params };
}

/** The day after a `YYYY-MM-DD` date, so a datetime column can be compared with `< next day`. */
export function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

/** Calendar days from `from` to `to`, both included. */
export function daysInRange(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Drivers return aggregates as numbers, strings (MySQL DECIMAL) or null. */
export const toInt = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
export const toNullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : Number(value));
