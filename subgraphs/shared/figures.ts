import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper/index.js';

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

export interface YearlyFigure {
  readonly year: number;
  /** Null when suppressed. */
  readonly value: number | null;
  readonly previousValue: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly suppressed: FigureSuppression | null;
}

export interface FigureSeries {
  readonly metric: string;
  readonly unit: string;
  readonly years: readonly YearlyFigure[];
}

export interface FigureComparison {
  readonly from: number;
  readonly to: number;
  readonly fromValue: number | null;
  readonly toValue: number | null;
  readonly change: number | null;
  readonly changePercent: number | null;
  readonly ratio: number | null;
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
 * A year in `suppressions` shows no value, and neither it nor the year after shows a change:
 * a change next to a shown value would give the hidden one back.
 */
export function figureSeries(
  metric: string,
  unit: string,
  rows: readonly { year: unknown; value: unknown }[],
  suppressions: ReadonlyMap<number, FigureSuppression> = new Map(),
): FigureSeries {
  const counts = rows
    .map((row) => ({ year: Number(row.year), value: Number(row.value) }))
    .sort((a, b) => a.year - b.year);
  const byYear = new Map(counts.map((row) => [row.year, row.value]));
  const years = counts.map(({ year, value }): YearlyFigure => {
    const suppressed = suppressions.get(year) ?? null;
    if (suppressed !== null) return { year, value: null, previousValue: null, change: null, changePercent: null, suppressed };
    const previousValue = suppressions.has(year - 1) ? null : (byYear.get(year - 1) ?? null);
    return {
      year,
      value,
      previousValue,
      change: previousValue === null ? null : value - previousValue,
      changePercent: previousValue === null ? null : percentChange(previousValue, value),
      suppressed: null,
    };
  });
  return { metric, unit, years };
}

export function figureForYear(series: FigureSeries, year: number): YearlyFigure | null {
  return series.years.find((figure) => figure.year === year) ?? null;
}

export function compareYears(series: FigureSeries, from: number, to: number): FigureComparison | null {
  const fromFigure = figureForYear(series, from);
  const toFigure = figureForYear(series, to);
  if (fromFigure === null || toFigure === null) return null;
  // Either side hidden hides both: the shown side and the change would give the other back.
  if (fromFigure.value === null || toFigure.value === null) {
    return { from, to, fromValue: null, toValue: null, change: null, changePercent: null, ratio: null };
  }
  return {
    from,
    to,
    fromValue: fromFigure.value,
    toValue: toFigure.value,
    change: toFigure.value - fromFigure.value,
    changePercent: percentChange(fromFigure.value, toFigure.value),
    ratio: fromFigure.value === 0 ? null : round(toFigure.value / fromFigure.value, 2),
  };
}

/** Resolvers of the shared value types; every subgraph that returns figures includes them. */
export const figureResolvers: GraphQLResolverMap<unknown> = {
  FigureSeries: {
    year: (series: FigureSeries, args: { year: number }) => figureForYear(series, args.year),
    compare: (series: FigureSeries, args: { from: number; to: number }) => compareYears(series, args.from, args.to),
  },
};
