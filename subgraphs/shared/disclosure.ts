import { figureSeries, type FigureSeries, type FigureSuppression, type SuppressionReason } from './figures.js';
import { sectorCodes } from './sectors.js';

/**
 * Small-count suppression of per-sector figures. A per-sector count below the threshold can point
 * at a few people, and the six sectors of a metric and year add up to the partner's plan-wide
 * figure, which is published: hiding one cell of such a row alone would not hide it.
 */

/** One sector's value of one metric in one year. */
export interface FigureCell {
  readonly sector: string;
  readonly year: number;
  readonly value: number;
}

export interface SuppressedCell extends FigureCell {
  readonly reason: SuppressionReason;
}

/**
 * The cells of one metric to hide, in year then sector order. Pass every sector of every year,
 * zeros included (a row is the cells of one year, and they add up to the published total):
 * - a value with 0 < value < threshold is BELOW_THRESHOLD (zero is shown: it points at nobody);
 * - a row with exactly one such cell would give it back by subtraction from the total, so the
 *   smallest non-zero shown cell of the row (ties: the lowest sector code) is
 *   RECOVERABLE_BY_SUBTRACTION too. When every other cell is zero, a zero cell is hidden instead,
 *   so that no row ever shows a single hidden cell; the total then equals the hidden value anyway,
 *   which only suppressing the plan-wide figure could prevent. A row of one cell stays as it is.
 * A threshold of 0 or 1 hides nothing.
 */
export function suppressSmallCounts(cells: readonly FigureCell[], threshold: number): SuppressedCell[] {
  if (threshold <= 1) return [];
  const rows = new Map<number, FigureCell[]>();
  for (const cell of cells) {
    const row = rows.get(cell.year) ?? [];
    row.push(cell);
    rows.set(cell.year, row);
  }
  const suppressed: SuppressedCell[] = [];
  for (const row of rows.values()) {
    const small = row.filter((cell) => cell.value > 0 && cell.value < threshold);
    suppressed.push(...small.map((cell): SuppressedCell => ({ ...cell, reason: 'BELOW_THRESHOLD' })));
    if (small.length !== 1) continue;
    const [complement] = row
      .filter((cell) => !small.includes(cell))
      .sort((a, b) => Number(a.value === 0) - Number(b.value === 0) || a.value - b.value || compareCodes(a.sector, b.sector));
    if (complement) suppressed.push({ ...complement, reason: 'RECOVERABLE_BY_SUBTRACTION' });
  }
  return suppressed.sort((a, b) => a.year - b.year || compareCodes(a.sector, b.sector));
}

/** Code point order, the same on every machine (localeCompare is not). */
const compareCodes = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One row of a `GROUP BY sector, year` aggregate (drivers may return numbers as strings). */
export interface SectorYearRow {
  readonly sectorCode: unknown;
  readonly year: unknown;
  readonly value: unknown;
}

/**
 * Each sector's series of one metric from the aggregate of every sector (not only those asked
 * for: whether a cell is hidden depends on the whole row), small counts suppressed.
 * Returns the series of any sector code; a sector without rows gets no years, unless one of its
 * zeros had to be hidden.
 */
export function suppressedSectorSeries(metric: string, unit: string, rows: readonly SectorYearRow[], threshold: number): (sectorCode: string) => FigureSeries {
  const cells = rows.map((row): FigureCell => ({ sector: String(row.sectorCode), year: Number(row.year), value: Number(row.value) }));
  const sectors = new Set<string>([...sectorCodes, ...cells.map((cell) => cell.sector)]);
  const years = new Set(cells.map((cell) => cell.year));
  // A sector without rows in a year is a zero in that year's row: it adds to the total like any other.
  const zeros = [...years].flatMap((year) =>
    [...sectors].filter((sector) => !cells.some((cell) => cell.sector === sector && cell.year === year)).map((sector): FigureCell => ({ sector, year, value: 0 })),
  );
  const suppressed = suppressSmallCounts([...cells, ...zeros], threshold);
  return (sectorCode) => {
    const hidden = suppressed.filter((cell) => cell.sector === sectorCode);
    const suppressions = new Map(hidden.map((cell): [number, FigureSuppression] => [cell.year, { reason: cell.reason, threshold }]));
    const own = cells.filter((cell) => cell.sector === sectorCode);
    // A hidden zero must show as hidden too: a missing year would say it is zero.
    const hiddenZeros = hidden.filter((cell) => !own.some((mine) => mine.year === cell.year));
    return figureSeries(metric, unit, [...own, ...hiddenZeros], suppressions);
  };
}
