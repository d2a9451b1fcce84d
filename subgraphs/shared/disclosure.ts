import { GraphQLError } from 'graphql';
import type { RequestAccess } from './access.js';
import { figureSeries, type FigureSeries, type FigureSuppression, type SuppressionReason } from './figures.js';
import { sectorCodes } from './sectors.js';

/**
 * What a metric's figures finer than the plan-wide one (per sector, facility, station, site…) may
 * show. Each subgraph declares it beside the metric's name and unit, with a comment saying why.
 */
export type DisclosurePolicy =
  /**
   * It counts people or events: a part's count below the threshold can point at a few people, so
   * it is hidden, with complements that keep it from being recovered. Plan-wide it is published.
   */
  | 'small-counts-suppressed'
  /**
   * A capacity or a fact the partner publishes anyway (places a facility is authorised for, say):
   * it counts no one, so it is shown at every level.
   */
  | 'published';

/** The two policies as values, so each metric declares one without respelling it. */
export const smallCountsSuppressed = 'small-counts-suppressed' satisfies DisclosurePolicy;
export const published = 'published' satisfies DisclosurePolicy;

/** A yearly series the graph serves: what `FigureSeries.metric` and `unit` show, and its policy. */
export interface MetricDefinition<TPolicy extends DisclosurePolicy = DisclosurePolicy> {
  readonly metric: string;
  readonly unit: string;
  readonly disclosure: TPolicy;
}

/** A series of a metric published at every level: the only kind a breakdown other than by sector may serve. */
export function publishedSeries(
  definition: MetricDefinition<'published'>,
  rows: readonly { year: unknown; value: unknown }[],
): FigureSeries {
  return figureSeries(definition.metric, definition.unit, rows);
}

/**
 * Small-count suppression of per-sector figures. A per-sector count below the threshold can point
 * at a few people, and the six sectors of a metric and year add up to the partner's plan-wide
 * figure, which is published: hiding one cell of such a row alone would not hide it.
 *
 * Who reads a row is assumed to know everything published about it — the cells shown, the
 * plan-wide total, that a BELOW_THRESHOLD cell is in [1, threshold − 1], that a
 * RECOVERABLE_BY_SUBTRACTION cell is 0 or at least the threshold — and this rule itself. The
 * complements are chosen so that each small count can still be any value of [1, threshold − 1]:
 * the row tells no more about it than "fewer than the threshold" (its protection interval).
 * No interval can be wider while the reason is shown: the reason alone bounds it.
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
 * - then the row's other cells, zeros included, are taken in a fixed order of the sectors (code
 *   order, starting at a sector that turns with the year, so that no sector always pays) and
 *   hidden as RECOVERABLE_BY_SUBTRACTION one after another — at least one — until every hidden
 *   small count can again be anything from 1 to threshold − 1 (see `smallCountsProtected`).
 *   When hiding every cell is not enough (the plan-wide figure itself is too small), every cell
 *   is hidden all the same: that is the most a row can hide.
 * The order never looks at the values: a choice made on them ("the smallest other cell") is one an
 * attacker replays to bound the hidden cells. A threshold of 0 or 1 hides nothing.
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
  for (const [year, row] of rows) {
    const small = row.filter((cell) => cell.value > 0 && cell.value < threshold);
    if (small.length === 0) continue;
    suppressed.push(...small.map((cell): SuppressedCell => ({ ...cell, reason: 'BELOW_THRESHOLD' })));
    const candidates = complementOrder(
      row.filter((cell) => !small.includes(cell)),
      year,
    );
    let complements = candidates.length;
    for (let count = Math.min(1, candidates.length); count < candidates.length; count += 1) {
      if (smallCountsProtected(small, candidates.slice(0, count), threshold)) {
        complements = count;
        break;
      }
    }
    suppressed.push(...candidates.slice(0, complements).map((cell): SuppressedCell => ({ ...cell, reason: 'RECOVERABLE_BY_SUBTRACTION' })));
  }
  return suppressed.sort((a, b) => a.year - b.year || compareCodes(a.sector, b.sector));
}

/** Sector code order, rotated so that the year's row starts at sector (year mod its size). */
function complementOrder(cells: readonly FigureCell[], year: number): FigureCell[] {
  const sorted = [...cells].sort((a, b) => compareCodes(a.sector, b.sector));
  const start = sorted.length === 0 ? 0 : ((year % sorted.length) + sorted.length) % sorted.length;
  return [...sorted.slice(start), ...sorted.slice(0, start)];
}

/**
 * Whether, with `small` and `complements` hidden and the rest of the row shown, every small count
 * can still be anything from 1 to threshold − 1. The hidden cells add up to the total less the
 * cells shown; each small one lies in [1, threshold − 1], each complement is 0 or at least the
 * threshold. For each way of taking each complement as 0 or not, the range of a small count is
 * what the others' bounds leave of the hidden sum; the count is protected when the union of these
 * ranges covers [1, threshold − 1].
 */
export function smallCountsProtected(small: readonly FigureCell[], complements: readonly FigureCell[], threshold: number): boolean {
  if (small.length === 0) return true;
  const hiddenSum = [...small, ...complements].reduce((sum, cell) => sum + cell.value, 0);
  // Every small count has the same bounds, so one range stands for each of them.
  let lowestSeen = Infinity;
  let highestSeen = -Infinity;
  for (let zeros = 0; zeros < 2 ** complements.length; zeros += 1) {
    // Bit i of `zeros` set: complement i taken as 0; otherwise in [threshold, hiddenSum].
    const large = complements.filter((_, i) => ((zeros >> i) & 1) === 0).length;
    const lowest = small.length + large * threshold;
    const highest = small.length * (threshold - 1) + large * hiddenSum;
    if (hiddenSum < lowest || hiddenSum > highest) continue;
    // A small count's bounds are [1, threshold − 1]; the other hidden cells take up the rest of the sum.
    lowestSeen = Math.min(lowestSeen, Math.max(1, hiddenSum - (highest - (threshold - 1))));
    highestSeen = Math.max(highestSeen, Math.min(threshold - 1, hiddenSum - (lowest - 1)));
  }
  return lowestSeen <= 1 && highestSeen >= threshold - 1;
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
 * for: whether a cell is hidden depends on the whole row), under the metric's policy: small
 * counts suppressed, or every value shown.
 * Returns the series of any sector code; a sector without rows gets no years, unless one of its
 * zeros had to be hidden.
 */
export function sectorSeries(
  definition: MetricDefinition,
  rows: readonly SectorYearRow[],
  threshold: number,
): (sectorCode: string) => FigureSeries {
  const { metric, unit } = definition;
  const cells = rows.map((row): FigureCell => ({ sector: String(row.sectorCode), year: Number(row.year), value: Number(row.value) }));
  if (definition.disclosure === 'published')
    return (sectorCode) =>
      figureSeries(
        metric,
        unit,
        cells.filter((cell) => cell.sector === sectorCode),
        new Map(),
        false,
        sectorCode,
      );
  const sectors = new Set<string>([...sectorCodes, ...cells.map((cell) => cell.sector)]);
  const years = new Set(cells.map((cell) => cell.year));
  // A sector without rows in a year is a zero in that year's row: it adds to the total like any other.
  const zeros = [...years].flatMap((year) =>
    [...sectors]
      .filter((sector) => !cells.some((cell) => cell.sector === sector && cell.year === year))
      .map((sector): FigureCell => ({ sector, year, value: 0 })),
  );
  const suppressed = suppressSmallCounts([...cells, ...zeros], threshold);
  return (sectorCode) => {
    const hidden = suppressed.filter((cell) => cell.sector === sectorCode);
    const suppressions = new Map(hidden.map((cell): [number, FigureSuppression] => [cell.year, { reason: cell.reason, threshold }]));
    const own = cells.filter((cell) => cell.sector === sectorCode);
    // A hidden zero must show as hidden too: a missing year would say it is zero.
    const hiddenZeros = hidden.filter((cell) => !own.some((mine) => mine.year === cell.year));
    return figureSeries(metric, unit, [...own, ...hiddenZeros], suppressions, false, sectorCode);
  };
}

/**
 * Differencing through a write: an agent who records a partner's data and reads its per-sector
 * figures sees a hidden cell come out when a write lifts it to the threshold, and subtracts what
 * they wrote (Stalingrad's hidden police operations of 2023 shown as 5 after one more: it was 4).
 * Waiting does not help — the difference holds whenever it is read — so the cheap close is who
 * reads: an agent with `<subgraph>:write` but without `<subgraph>:read` gets none of that partner's
 * per-sector figures. Its readers see every count anyway; others cannot move the cells.
 * Throws FORBIDDEN, naming the scope that would allow it.
 */
export function refuseWriterWithoutRead(access: RequestAccess, subgraph: string, coordinate: string): void {
  const { scopes } = access.identity;
  const [write, read] = [`${subgraph}:write`, `${subgraph}:read`];
  if (!scopes.has(write) || scopes.has(read)) return;
  throw new GraphQLError(
    `${coordinate} is not served to an agent who may write ${subgraph}'s data without reading it (${write} without ${read}): ` +
      'a write would show what it changed in a hidden count',
    { extensions: { code: 'FORBIDDEN', field: coordinate, requiredScopes: [[read]], missingScopes: [[read]] } },
  );
}
