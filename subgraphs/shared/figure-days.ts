import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { MetricDays } from './figures.js';
import { calendarDay } from './sql.js';

/**
 * Where a metric's days are, plan-wide: a statement selecting `day` and `value`, one row per day with
 * data (a daily rollup where there is one). `divisible`: a year's value is the sum of its days' values.
 */
export interface DaySource {
  readonly select: (db: DataSource) => string;
  readonly divisible: boolean;
}

/** Every metric a subgraph serves, by `FigureSeries.metric`: its days, or `yearly-stock` for a count of a whole year (places). */
export type FigureDaySources = Readonly<Record<string, DaySource | 'yearly-stock'>>;

/**
 * Each metric's days, loaded only when a coverage or a comparison is asked for: every metric of a
 * request in one statement (a UNION ALL). An unknown metric is a programming error, said so.
 */
export function figureDaysLoader(db: DataSource, sources: FigureDaySources): (metric: string) => Promise<MetricDays | null> {
  const loader = new DataLoader<string, MetricDays | null>(async (metrics) => {
    const dated = metrics.flatMap((metric) => {
      const source = sources[metric];
      return source === undefined || source === 'yearly-stock' ? [] : [[metric, source] as const];
    });
    const rows =
      dated.length === 0
        ? []
        : await db.query<{ metric: string; day: unknown; value: unknown }[]>(
            dated.map(([metric, source], i) => `SELECT '${metric}' AS metric, d${i}.day AS day, d${i}.value AS value FROM (${source.select(db)}) d${i}`).join(' UNION ALL '),
          );
    return metrics.map((metric) => {
      const source = sources[metric];
      if (source === undefined) return new Error(`metric ${metric} declares no days (FigureDaySources)`);
      if (source === 'yearly-stock') return null;
      const days = rows
        .filter((row) => row.metric === metric)
        .map((row) => ({ day: calendarDay(row.day as string | Date), value: Number(row.value) }))
        .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
      return { days, divisible: source.divisible };
    });
  });
  return (metric) => loader.load(metric);
}

/** A detail or daily table's rows summed by day: `value` an aggregate, `day` a date column or expression. */
export const daily = (table: string, day: string, value: string, where: readonly string[] = []): DaySource => ({
  select: () => `SELECT ${day} AS day, ${value} AS value FROM ${table} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY ${day}`,
  divisible: true,
});
