import DataLoader from 'dataloader';
import { GraphQLError } from 'graphql';
import type { DataSource } from 'typeorm';
import { suppressSmallCounts, type FigureCell } from './disclosure.js';
import type { FigureSuppression, MetricDays, MetricExtent } from './figures.js';
import { LoaderFamily } from './loaders.js';
import { sectorCodes } from './sectors.js';
import { addDays, calendarDay, isMysql } from './sql.js';

/**
 * Where a metric's days are: a table (a daily rollup where there is one, else the detail rows), its
 * day column, the aggregate of a day's value, and, for the metrics published per sector, the column
 * or expression that gives a row's sector (with the join it needs). `divisible`: a year's value is
 * the sum of its days' values.
 */
export interface DaySource {
  readonly table: string;
  readonly day: string;
  readonly value: string;
  readonly where: readonly string[];
  readonly sector: { readonly column: string; readonly join: string } | null;
  readonly divisible: boolean;
}

/** Every metric a subgraph serves, by `FigureSeries.metric`: its days, or `yearly-stock` for a count of a whole year (places). */
export type FigureDaySources = Readonly<Record<string, DaySource | 'yearly-stock'>>;

/** A table's rows summed by day; `sector` when the metric is published per sector too. */
export const daily = (
  table: string,
  day: string,
  value: string,
  options: { where?: readonly string[]; sector?: string; join?: string } = {},
): DaySource => ({
  table,
  day,
  value,
  where: options.where ?? [],
  sector: options.sector === undefined ? null : { column: options.sector, join: options.join ?? '' },
  divisible: true,
});

const whereSql = (conditions: readonly string[]) => (conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '');

/** The statement of a metric's days: `day`, `value`, and `sectorCode` when asked per sector. */
function daysSql(source: DaySource, bySector: boolean): string {
  const sector = bySector && source.sector !== null ? source.sector : null;
  return `SELECT ${sector ? `${sector.column} AS sectorCode, ` : ''}${source.day} AS day, ${source.value} AS value
    FROM ${source.table} ${sector?.join ?? ''} ${whereSql(source.where)} GROUP BY ${sector ? `${sector.column}, ` : ''}${source.day}`;
}

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
            dated
              .map(
                ([metric, source], i) =>
                  `SELECT '${metric}' AS metric, d${i}.day AS day, d${i}.value AS value FROM (${daysSql(source, false)}) d${i}`,
              )
              .join(' UNION ALL '),
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

/**
 * Each metric's first and last recorded day, for coverage: every metric of the subgraph in one
 * statement on the request's first need, each a bare MIN/MAX over its table (an index on the day
 * answers it without reading rows). All at once rather than those asked so far, so that a request
 * costs one statement however its operations' resolvers are interleaved (a batch runs several).
 */
export function figureExtentLoader(db: DataSource, sources: FigureDaySources): (metric: string) => Promise<MetricExtent | null> {
  let extents: Promise<ReadonlyMap<string, MetricExtent>> | null = null;
  const loadAll = async (): Promise<ReadonlyMap<string, MetricExtent>> => {
    const dated = Object.entries(sources).flatMap(([metric, source]) => (source === 'yearly-stock' ? [] : [[metric, source] as const]));
    const rows =
      dated.length === 0
        ? []
        : await db.query<{ metric: string; first: unknown; last: unknown }[]>(
            dated
              .map(
                ([metric, source]) =>
                  `SELECT '${metric}' AS metric, MIN(${source.day}) AS first, MAX(${source.day}) AS last FROM ${source.table} ${whereSql(source.where)}`,
              )
              .join(' UNION ALL '),
          );
    const day = (value: unknown) => (value === null || value === undefined ? null : calendarDay(value as string | Date));
    return new Map(
      dated.map(([metric, source]) => {
        const row = rows.find((candidate) => candidate.metric === metric);
        return [metric, { first: day(row?.first), last: day(row?.last), divisible: source.divisible }];
      }),
    );
  };
  return async (metric) => {
    const source = sources[metric];
    if (source === undefined) throw new Error(`metric ${metric} declares no days (FigureDaySources)`);
    if (source === 'yearly-stock') return null;
    extents ??= loadAll();
    return (await extents).get(metric) ?? null;
  };
}

export const granularities = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;
export type Granularity = (typeof granularities)[number];

/** The most periods one series may answer: a decade of weeks, three years of days. */
export const MAX_PERIODS = 1100;

/** Why a period shows no value. */
export type PointGap = 'NOT_COVERED' | 'SUPPRESSED';

/** One period of a series. */
export interface FigurePoint {
  readonly start: string;
  readonly end: string;
  readonly value: number | null;
  /** The period is whole: inside the range asked and inside the days the data covers. */
  readonly complete: boolean;
  readonly suppressed: FigureSuppression | null;
  readonly reason: PointGap | null;
}

/** SQL for the first day of the period a date falls in, on either driver, as `YYYY-MM-DD`. */
function periodStartSql(db: DataSource, granularity: Granularity, day: string): string {
  const mysql = isMysql(db);
  switch (granularity) {
    case 'DAY':
      return mysql ? `DATE_FORMAT(${day}, '%Y-%m-%d')` : `date(${day})`;
    case 'WEEK': // ISO weeks: Monday first.
      return mysql
        ? `DATE_FORMAT(DATE_SUB(${day}, INTERVAL WEEKDAY(${day}) DAY), '%Y-%m-%d')`
        : `date(${day}, '-' || ((CAST(strftime('%w', ${day}) AS INTEGER) + 6) % 7) || ' days')`;
    case 'MONTH':
      return mysql ? `DATE_FORMAT(${day}, '%Y-%m-01')` : `strftime('%Y-%m-01', ${day})`;
    case 'QUARTER':
      return mysql
        ? `DATE_FORMAT(MAKEDATE(YEAR(${day}), 1) + INTERVAL (QUARTER(${day}) - 1) QUARTER, '%Y-%m-%d')`
        : `printf('%s-%02d-01', strftime('%Y', ${day}), ((CAST(strftime('%m', ${day}) AS INTEGER) - 1) / 3) * 3 + 1)`;
    case 'YEAR':
      return mysql ? `DATE_FORMAT(${day}, '%Y-01-01')` : `strftime('%Y-01-01', ${day})`;
  }
}

/** The periods from the one holding `from` to the one holding `to`, each with its first and last day. */
/** The first period's start and the last one's end: a valid range (from ≤ to) has at least one period. */
function spanOf(periods: readonly { start: string; end: string }[]): { start: string; end: string } {
  const [first] = periods;
  const last = periods.at(-1);
  if (first === undefined || last === undefined) throw new Error('a range without any period');
  return { start: first.start, end: last.end };
}

export function periodsOf(granularity: Granularity, from: string, to: string): { start: string; end: string }[] {
  const startOf = (day: string): string => {
    const date = new Date(`${day}T00:00:00Z`);
    const [y, m] = [date.getUTCFullYear(), date.getUTCMonth()];
    const iso = (d: Date) => d.toISOString().slice(0, 10);
    switch (granularity) {
      case 'DAY':
        return day;
      case 'WEEK':
        return addDays(day, -((date.getUTCDay() + 6) % 7));
      case 'MONTH':
        return iso(new Date(Date.UTC(y, m, 1)));
      case 'QUARTER':
        return iso(new Date(Date.UTC(y, m - (m % 3), 1)));
      case 'YEAR':
        return `${y}-01-01`;
    }
  };
  const next = (start: string): string => {
    const date = new Date(`${start}T00:00:00Z`);
    const [years, months, days] = ({ DAY: [0, 0, 1], WEEK: [0, 0, 7], MONTH: [0, 1, 0], QUARTER: [0, 3, 0], YEAR: [1, 0, 0] } as const)[
      granularity
    ];
    return new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth() + months, date.getUTCDate() + days))
      .toISOString()
      .slice(0, 10);
  };
  const periods: { start: string; end: string }[] = [];
  for (let start = startOf(from); start <= to; start = next(start)) {
    if (periods.length === MAX_PERIODS) {
      throw new GraphQLError(
        `series: from ${from} to ${to} by ${granularity} is more than ${MAX_PERIODS} periods; ask a shorter range or a coarser granularity`,
        {
          extensions: { code: 'BAD_USER_INPUT', argumentName: 'granularity' },
        },
      );
    }
    periods.push({ start, end: addDays(next(start), -1) });
  }
  return periods;
}

/** What a series by period is asked for: its metric, and its sector (null: plan-wide). */
export interface SeriesKey {
  readonly metric: string;
  readonly sectorCode: string | null;
}

export interface SeriesArgs {
  readonly granularity: Granularity;
  readonly from: string;
  readonly to: string;
}

/**
 * Series by period, computed in SQL from each metric's days: one statement per batch (a UNION ALL
 * of one GROUP BY period per metric, plan-wide or by sector, and each metric's first and last day),
 * whatever the number of periods or sectors.
 *
 * A sector's cells are suppressed as its yearly figures are, each period a row whose six sectors add
 * up to the plan-wide value (public). Two more margins are public and would give a hidden cell back:
 * the sector's yearly figure (its periods add up to it) and another range or granularity. So a
 * sector's periods are always whole (the range only picks them: a range cut a day apart would give
 * that day), suppression is judged on every period of the years the range touches, whatever part
 * was asked, and once one period of a sector's year is hidden, every period of that year starting in
 * it is: the year's figure then tells only the sum of hidden cells.
 */
export function figurePeriodsLoader(db: DataSource, sources: FigureDaySources, threshold: number) {
  return new LoaderFamily<SeriesArgs, SeriesKey, FigurePoint[]>(
    (args) =>
      new DataLoader<SeriesKey, FigurePoint[], string>(
        async (keys) => {
          const periods = periodsOf(args.granularity, args.from, args.to);
          // Every period of the years touched, for the sectors' suppression (at most a few years more of periods).
          const judged = keys.some((key) => key.sectorCode !== null)
            ? periodsOf(args.granularity, `${spanOf(periods).start.slice(0, 4)}-01-01`, `${spanOf(periods).end.slice(0, 4)}-12-31`)
            : periods;
          const asked = [...new Map(keys.map((key) => [`${key.metric}:${key.sectorCode === null ? 'plan' : 'sector'}`, key])).values()];
          const parts: string[] = [];
          const params: string[] = [];
          asked.forEach((key) => {
            const source = sources[key.metric];
            if (source === undefined || source === 'yearly-stock') return;
            const bySector = key.sectorCode !== null;
            const scope = `${key.metric}:${bySector ? 'sector' : 'plan'}`;
            // Grouped by period at once (no inner GROUP BY day), the range inside the WHERE so that an index on the day serves it;
            // the first and last day as a bare MIN/MAX, which an index answers without reading the rows.
            const start = periodStartSql(db, args.granularity, source.day);
            const sector = bySector && source.sector !== null ? source.sector : null;
            parts.push(
              `SELECT '${scope}' AS scope, ${sector ? sector.column : `'*'`} AS sectorCode, ${start} AS start, ${source.value} AS value
               FROM ${source.table} ${sector?.join ?? ''} ${whereSql([...source.where, `${source.day} >= ?`, `${source.day} <= ?`])}
              GROUP BY ${sector ? `${sector.column}, ` : ''}${start}`,
              `SELECT '${scope}' AS scope, 'extent' AS sectorCode, MIN(${source.day}) AS start, MAX(${source.day}) AS value FROM ${source.table} ${whereSql(source.where)}`,
            );
            // Plan-wide, the range as asked (its first and last periods may be cut); a sector's, whole periods of whole years.
            params.push(...(bySector ? [spanOf(judged).start, spanOf(judged).end] : [args.from, args.to]));
          });
          const rows =
            parts.length === 0
              ? []
              : await db.query<{ scope: string; sectorCode: string; start: unknown; value: unknown }[]>(parts.join(' UNION ALL '), params);
          return keys.map((key) => {
            const source = sources[key.metric];
            if (source === undefined) return new Error(`metric ${key.metric} declares no days (FigureDaySources)`);
            if (source === 'yearly-stock') return new Error(`${key.metric} is a yearly stock: its periods are its years' (figures.ts)`);
            if (key.sectorCode !== null && source.sector === null)
              return new GraphQLError(`${key.metric} is not published per sector`, { extensions: { code: 'BAD_USER_INPUT' } });
            const bySector = key.sectorCode !== null;
            const scope = `${key.metric}:${bySector ? 'sector' : 'plan'}`;
            const mine = rows.filter((row) => row.scope === scope);
            const extent = mine.find((row) => row.sectorCode === 'extent');
            const first = extent?.start == null ? null : calendarDay(extent.start as string | Date);
            const last = extent?.value == null ? null : calendarDay(extent.value as string | Date);
            const valueOf = new Map(
              mine
                .filter((row) => row.sectorCode !== 'extent')
                .map((row) => [`${row.sectorCode}|${calendarDay(row.start as string | Date)}`, Number(row.value)]),
            );
            const covered = (period: { start: string; end: string }) =>
              first !== null && last !== null && period.end >= first && period.start <= last;
            const hidden = new Map<string, FigureSuppression>();
            if (bySector) {
              // Every sector's cell of every covered period, zeros included; a period's start as a number turns the order of its row.
              const cells: FigureCell[] = judged.flatMap((period) =>
                covered(period)
                  ? sectorCodes.map((sector) => ({
                      sector,
                      year: Number(period.start.replaceAll('-', '')),
                      value: valueOf.get(`${sector}|${period.start}`) ?? 0,
                    }))
                  : [],
              );
              const startOf = (ordinal: number) =>
                `${String(ordinal).slice(0, 4)}-${String(ordinal).slice(4, 6)}-${String(ordinal).slice(6, 8)}`;
              for (const cell of suppressSmallCounts(cells, threshold))
                hidden.set(`${cell.sector}|${startOf(cell.year)}`, { reason: cell.reason, threshold });
              // A sector's year with one hidden period hides all its periods: its yearly figure would give a lone one back.
              const hiddenYears = new Set([...hidden.keys()].map((cellKey) => cellKey.slice(0, cellKey.indexOf('|') + 5)));
              for (const period of judged) {
                for (const sector of sectorCodes) {
                  const cellKey = `${sector}|${period.start}`;
                  if (covered(period) && !hidden.has(cellKey) && hiddenYears.has(cellKey.slice(0, cellKey.indexOf('|') + 5))) {
                    hidden.set(cellKey, { reason: 'RECOVERABLE_BY_SUBTRACTION', threshold });
                  }
                }
              }
            }
            const cellKey = key.sectorCode ?? '*';
            return periods.map((period): FigurePoint => {
              const inRange = bySector || (period.start >= args.from && period.end <= args.to);
              const complete = inRange && first !== null && last !== null && period.start >= first && period.end <= last;
              if (!covered(period)) return { ...period, value: null, complete: false, suppressed: null, reason: 'NOT_COVERED' };
              const suppressed = hidden.get(`${cellKey}|${period.start}`) ?? null;
              if (suppressed !== null) return { ...period, value: null, complete, suppressed, reason: 'SUPPRESSED' };
              return { ...period, value: valueOf.get(`${cellKey}|${period.start}`) ?? 0, complete, suppressed: null, reason: null };
            });
          });
        },
        { cacheKeyFn: (key) => `${key.metric}:${key.sectorCode ?? '*'}` },
      ),
  );
}
