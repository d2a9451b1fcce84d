import { GraphQLError } from 'graphql';
import { periodsOf, type FigurePoint, type SeriesArgs, type SeriesKey } from './figure-days.js';
import type { AccessContext } from './access.js';
import type { FigureSeriesSeriesArgs, Resolvers, YearlyFigureComparisonArgs } from './generated/resolvers.js';

/** One row of a `GROUP BY year` aggregate. */
export interface YearCount {
  readonly year: number;
  readonly value: number;
}

export type SuppressionReason = 'BELOW_THRESHOLD' | 'RECOVERABLE_BY_SUBTRACTION';

/** Why a value is hidden, and the threshold it was judged by. */
export interface FigureSuppression {
  readonly reason: SuppressionReason;
  readonly threshold: number;
}

/** The days a yearly figure counts, or the days two years are compared over. */
export interface FigureCoverage {
  readonly from: string;
  readonly to: string;
  /** Whether it is the whole calendar year. */
  readonly complete: boolean;
}

/** A yearly figure as the subgraph computed it; previousValue and change are resolved against its series. */
export interface YearlyFigure {
  readonly year: number;
  /** Null when suppressed. */
  readonly value: number | null;
  readonly suppressed: FigureSuppression | null;
  /** The series it belongs to (not in the SDL): what previousValue, change and coverage compare with. */
  readonly series: FigureSeries;
}

export interface FigureSeries {
  readonly metric: string;
  readonly unit: string;
  readonly years: readonly YearlyFigure[];
  /**
   * Whether the series is the partner's plan-wide one. Only then may a comparison cut a year to part
   * of it: a sector's, team's or site's count over some months is a cell the suppression rule never
   * judged (a whole year minus its first eleven months is December's count).
   */
  readonly planWide: boolean;
  /** The sector of a per-sector series (its series by period are suppressed per cell); null otherwise. */
  readonly sectorCode: string | null;
}

export type ComparisonPeriod = 'SAME_PERIOD' | 'WHOLE_YEARS';

/** Why a comparison shows no values. */
export type ComparisonGap = 'MISSING' | 'SUPPRESSED' | 'NO_COMMON_PERIOD' | 'PART_YEAR_NOT_PUBLISHED' | 'NOT_DIVISIBLE';

export interface FigureComparison {
  readonly from: number;
  readonly to: number;
  readonly period: ComparisonPeriod;
  /** The days of each year that the values count. */
  readonly fromPeriod: FigureCoverage | null;
  readonly toPeriod: FigureCoverage | null;
  /** Both sides count the same days of their year. */
  readonly likeForLike: boolean;
  readonly fromValue: number | null;
  readonly toValue: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly ratio: number | null;
  readonly suppressed: FigureSuppression | null;
  readonly reason: ComparisonGap | null;
}

/** One day of a metric, plan-wide. */
export interface DayValue {
  readonly day: string;
  readonly value: number;
}

/** What the data says of a metric's days, plan-wide; null for a yearly stock (places), which counts a whole year. */
export interface MetricDays {
  /** Every day with data, oldest first. */
  readonly days: readonly DayValue[];
  /** Whether a year's value is the sum of its days: not for people counted once a year however often they came. */
  readonly divisible: boolean;
}

/** A metric's first and last recorded day, plan-wide (null when it has no row), and whether its years can be cut. */
export interface MetricExtent {
  readonly first: string | null;
  readonly last: string | null;
  readonly divisible: boolean;
}

/** What the figure resolvers need from a request's context, loaded on demand (subgraph.ts); null for a yearly stock. */
export interface FigureContext extends AccessContext {
  /** A bare MIN/MAX per metric, which an index on the day answers: what coverage needs. */
  readonly figureExtent: (metric: string) => Promise<MetricExtent | null>;
  /** Every day's value: only read to cut a plan-wide year to part of it. */
  readonly figureDays: (metric: string) => Promise<MetricDays | null>;
  readonly figurePeriods: { load: (args: SeriesArgs, key: SeriesKey) => Promise<FigurePoint[]> };
  /** Whether a metric is a yearly stock (places), known without a statement. */
  readonly isYearlyStock: (metric: string) => boolean;
}

const round = (value: number, decimals: number): number => {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
};

export function percentChange(from: number, to: number): number | null {
  return from === 0 ? null : round(((to - from) / from) * 100, 1);
}

/**
 * Builds a series from aggregate rows (any order, drivers may return numbers as strings).
 * A year in `suppressions` shows no value, and no comparison involving it shows one either.
 * `planWide`: the partner's plan-wide series (see FigureSeries.planWide).
 */
export function figureSeries(
  metric: string,
  unit: string,
  rows: readonly { year: unknown; value: unknown }[],
  suppressions: ReadonlyMap<number, FigureSuppression> = new Map(),
  planWide = false,
  sectorCode: string | null = null,
): FigureSeries {
  const counts = rows.map((row) => ({ year: Number(row.year), value: Number(row.value) })).sort((a, b) => a.year - b.year);
  const years: YearlyFigure[] = [];
  const series: FigureSeries = { metric, unit, years, planWide, sectorCode };
  for (const { year, value } of counts) {
    const suppressed = suppressions.get(year) ?? null;
    years.push({ year, value: suppressed === null ? value : null, suppressed, series });
  }
  return series;
}

/** The same series, marked as the partner's plan-wide one. */
export const planWideSeries = (metric: string, unit: string, rows: readonly { year: unknown; value: unknown }[]): FigureSeries =>
  figureSeries(metric, unit, rows, new Map(), true);

export function figureForYear(series: FigureSeries, year: number): YearlyFigure | null {
  return series.years.find((figure) => figure.year === year) ?? null;
}

/**
 * The days a year of a metric covers, from the data: the metric's first and last recorded day (over
 * every year: a partner records continuously between them), cut to the year. A first day in the first
 * week of its year counts from 1 January, a last day in the last week until 31 December: a series
 * that records a few rows a day has quiet holidays, not a shorter year. A yearly stock covers its whole
 * year. Null when the data has no day in the year.
 */
export function coverageOf(year: number, extent: MetricExtent | null): FigureCoverage | null {
  const first = `${year}-01-01`;
  const last = `${year}-12-31`;
  if (extent === null) return { from: first, to: last, complete: true };
  const { first: recordedFrom, last: recordedTo } = extent;
  if (recordedFrom === null || recordedTo === null) return null;
  const start = recordedFrom.slice(5) <= '01-07' ? `${recordedFrom.slice(0, 4)}-01-01` : recordedFrom;
  const end = recordedTo.slice(5) >= '12-25' ? `${recordedTo.slice(0, 4)}-12-31` : recordedTo;
  const from = start > first ? start : first;
  const to = end < last ? end : last;
  return from > to ? null : { from, to, complete: from === first && to === last };
}

const monthDay = (day: string): string => day.slice(5);
const samePeriod = (a: FigureCoverage, b: FigureCoverage): boolean => a.from === b.from && a.to === b.to;

function sumOver(days: readonly DayValue[], period: FigureCoverage): number {
  let sum = 0;
  for (const { day, value } of days) if (day >= period.from && day <= period.to) sum += value;
  return sum;
}

/**
 * Compares two years of a series. SAME_PERIOD (the default): when either year is partial, both are
 * cut to the days of the year both cover (e.g. 1 January to 30 November), from the metric's daily
 * data; WHOLE_YEARS: each year as recorded, partial or not, and `likeForLike` says whether that is
 * fair. A side missing or suppressed, or a cut that cannot be made, leaves every value null with the
 * reason: a shown side next to a hidden one would give it back.
 */
export async function compareYears(
  series: FigureSeries,
  from: number,
  to: number,
  period: ComparisonPeriod,
  ctx: Pick<FigureContext, 'figureDays' | 'figureExtent'>,
): Promise<FigureComparison> {
  const empty = {
    from,
    to,
    period,
    fromPeriod: null,
    toPeriod: null,
    likeForLike: false,
    fromValue: null,
    toValue: null,
    change: null,
    changePercent: null,
    ratio: null,
  };
  const fromFigure = figureForYear(series, from);
  const toFigure = figureForYear(series, to);
  if (fromFigure === null || toFigure === null) return { ...empty, suppressed: null, reason: 'MISSING' };
  if (fromFigure.value === null || toFigure.value === null) {
    return { ...empty, suppressed: fromFigure.suppressed ?? toFigure.suppressed, reason: 'SUPPRESSED' };
  }
  const extent = await ctx.figureExtent(series.metric);
  const fromCoverage = coverageOf(from, extent);
  const toCoverage = coverageOf(to, extent);
  if (fromCoverage === null || toCoverage === null) return { ...empty, suppressed: null, reason: 'MISSING' };
  const values = (fromValue: number, toValue: number, fromPeriod: FigureCoverage, toPeriod: FigureCoverage): FigureComparison => ({
    from,
    to,
    period,
    fromPeriod,
    toPeriod,
    likeForLike: monthDay(fromPeriod.from) === monthDay(toPeriod.from) && monthDay(fromPeriod.to) === monthDay(toPeriod.to),
    fromValue,
    toValue,
    change: toValue - fromValue,
    changePercent: percentChange(fromValue, toValue),
    ratio: fromValue === 0 ? null : round(toValue / fromValue, 2),
    suppressed: null,
    reason: null,
  });
  if (period === 'WHOLE_YEARS' || (fromCoverage.complete && toCoverage.complete))
    return values(fromFigure.value, toFigure.value, fromCoverage, toCoverage);
  // The later of the two starts and the earlier of the two ends ("MM-DD" strings compare as dates).
  const [fromStart, toStart, fromEnd, toEnd] = [
    monthDay(fromCoverage.from),
    monthDay(toCoverage.from),
    monthDay(fromCoverage.to),
    monthDay(toCoverage.to),
  ];
  const start = fromStart > toStart ? fromStart : toStart;
  const end = fromEnd < toEnd ? fromEnd : toEnd;
  const cut = (year: number): FigureCoverage => ({
    from: `${year}-${start}`,
    to: `${year}-${end}`,
    complete: start === '01-01' && end === '12-31',
  });
  const fromPeriod = cut(from);
  const toPeriod = cut(to);
  if (start > end) return { ...empty, fromPeriod: fromCoverage, toPeriod: toCoverage, suppressed: null, reason: 'NO_COMMON_PERIOD' };
  // Both years already count exactly those days: nothing to cut.
  if (samePeriod(fromPeriod, fromCoverage) && samePeriod(toPeriod, toCoverage))
    return values(fromFigure.value, toFigure.value, fromPeriod, toPeriod);
  const gap = (reason: ComparisonGap): FigureComparison => ({
    ...empty,
    fromPeriod,
    toPeriod,
    likeForLike: true,
    suppressed: null,
    reason,
  });
  if (!series.planWide) return gap('PART_YEAR_NOT_PUBLISHED');
  if (extent === null || !extent.divisible) return gap('NOT_DIVISIBLE');
  const days = await ctx.figureDays(series.metric);
  if (days === null) return gap('NOT_DIVISIBLE');
  return values(sumOver(days.days, fromPeriod), sumOver(days.days, toPeriod), fromPeriod, toPeriod);
}

/** A yearly stock by period: each period shows the value of the year it starts in. */
function stockPoints(series: FigureSeries, args: SeriesArgs): FigurePoint[] {
  return periodsOf(args.granularity, args.from, args.to).map((period) => {
    const figure = figureForYear(series, Number(period.start.slice(0, 4)));
    const complete = period.start >= args.from && period.end <= args.to;
    if (figure === null) return { ...period, value: null, complete: false, suppressed: null, reason: 'NOT_COVERED' };
    if (figure.value === null) return { ...period, value: null, complete, suppressed: figure.suppressed, reason: 'SUPPRESSED' };
    return { ...period, value: figure.value, complete, suppressed: null, reason: null };
  });
}

/**
 * A series' range with its open ends filled from the days the data covers: the metric's first and
 * last recorded day, or for a yearly stock its first and last year whole. Null when no day is left.
 */
async function seriesRange(series: FigureSeries, args: FigureSeriesSeriesArgs, ctx: FigureContext): Promise<SeriesArgs | null> {
  const { granularity } = args;
  if (args.from && args.to) return { granularity, from: args.from, to: args.to };
  let first: string | null;
  let last: string | null;
  if (ctx.isYearlyStock(series.metric)) {
    const years = series.years.map((figure) => figure.year);
    first = years.length > 0 ? `${Math.min(...years)}-01-01` : null;
    last = years.length > 0 ? `${Math.max(...years)}-12-31` : null;
  } else {
    const extent = await ctx.figureExtent(series.metric);
    first = extent?.first ?? null;
    last = extent?.last ?? null;
  }
  const from = args.from ?? first;
  const to = args.to ?? last;
  // A given end beyond the data leaves no day between it and the open one: no point, rather than a range the client never wrote.
  return from === null || to === null || from > to ? null : { granularity, from, to };
}

/** Every comparison's `period` argument: the same days of both years unless asked otherwise. */
const periodOf = (args: YearlyFigureComparisonArgs): ComparisonPeriod => args.period ?? 'SAME_PERIOD';
const withPreviousYear = (figure: YearlyFigure, args: YearlyFigureComparisonArgs, ctx: FigureContext) =>
  compareYears(figure.series, figure.year - 1, figure.year, periodOf(args), ctx);

/** Resolvers of the shared value types; every subgraph that returns figures includes them. */
export const figureResolvers: Resolvers = {
  FigureSeries: {
    year: (series, args) => figureForYear(series, args.year),
    compare: (series, args, ctx) => compareYears(series, args.from, args.to, periodOf(args), ctx),
    series: async (series, openArgs, ctx) => {
      const args = await seriesRange(series, openArgs, ctx);
      if (args === null) return [];
      if (args.from > args.to)
        throw new GraphQLError(`series: from (${args.from}) is after to (${args.to})`, {
          extensions: { code: 'BAD_USER_INPUT', argumentName: 'from' },
        });
      // Plan-wide points are never suppressed: anonymously, none narrower than a month (a day's count can date one person).
      if (ctx.access.identity.agent === null && (args.granularity === 'DAY' || args.granularity === 'WEEK')) {
        throw new GraphQLError(`series: anonymously, points are by MONTH, QUARTER or YEAR; ${args.granularity} needs an agent's token`, {
          extensions: { code: 'BAD_USER_INPUT', argumentName: 'granularity' },
        });
      }
      // A yearly stock (places) holds all year: each period shows its year's, at any level its years are shown.
      if (ctx.isYearlyStock(series.metric)) return stockPoints(series, args);
      if (!series.planWide && series.sectorCode === null) {
        throw new GraphQLError(`series: ${series.metric} by period is served plan-wide and per sector, not for a team, site or facility`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      return ctx.figurePeriods.load(args, { metric: series.metric, sectorCode: series.sectorCode });
    },
  },
  YearlyFigure: {
    coverage: async (figure, _, ctx) => coverageOf(figure.year, await ctx.figureExtent(figure.series.metric)),
    comparison: (figure, args, ctx) => withPreviousYear(figure, args, ctx),
    previousValue: async (figure, args, ctx) => (await withPreviousYear(figure, args, ctx)).fromValue,
    change: async (figure, args, ctx) => (await withPreviousYear(figure, args, ctx)).change,
    changePercent: async (figure, args, ctx) => (await withPreviousYear(figure, args, ctx)).changePercent,
  },
};

/**
 * The resolvers of a figures type whose fields are each built the same way from the field's name
 * (its metric). `TFields` must be fields of the generated `TResolvers`, and each resolver is typed
 * as its field's, so a metric that is not a field of the SDL fails the typecheck.
 */
export function resolversByField<TResolvers extends object, TFields extends keyof TResolvers & string>(
  fields: readonly TFields[],
  resolve: (field: TFields) => NonNullable<TResolvers[TFields]>,
): { [F in TFields]: NonNullable<TResolvers[F]> } {
  return Object.fromEntries(fields.map((field) => [field, resolve(field)])) as { [F in TFields]: NonNullable<TResolvers[F]> };
}
