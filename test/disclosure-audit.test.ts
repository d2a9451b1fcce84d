import highsModule from 'highs';
import { Kind, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue, subgraphNames } from '../subgraphs/registry.js';
import { suppressSmallCounts } from '../subgraphs/shared/disclosure.js';
import { subgraphTypeDefs } from '../subgraphs/shared/subgraph.js';
import { sectorCodes } from '../subgraphs/shared/sectors.js';
import { testEngines } from './support/databases.js';
import { startSubgraph } from './support/subgraphs.js';

/**
 * The disclosure audit: every per-sector table the seed publishes (each partner's per-sector series,
 * each year), at the thresholds 3, 5 and 11 (the health data rule), attacked as statistical
 * disclosure control audits a table. For each hidden cell, an integer program (HiGHS) finds the
 * least and the most it can be given all that is published: the cells shown, the row total (the
 * plan-wide figure; given even where no plan-wide series is published), non-negativity, every
 * BELOW_THRESHOLD cell in [1, threshold − 1] and every RECOVERABLE_BY_SUBTRACTION cell 0 or at
 * least the threshold. The protection rule (README, "Small counts are suppressed"): each small
 * count can still be anything in [1, threshold − 1]. This shares no code with the rule that chose
 * the cells.
 *
 * An attacker who also replays the rule (every way of filling the hidden cells that the rule would
 * have hidden the same way, as issue 15's attacker did with "the smallest other cell") is audited
 * too, by enumeration: that one runs the rule, necessarily.
 */

// highs ships an ES module to `import` but types TypeScript reads as CommonJS: its default export is the loader itself.
const loadHighs = highsModule as unknown as (typeof highsModule)['default'];
type Highs = Awaited<ReturnType<typeof loadHighs>>;

const thresholds = [3, 5, 11] as const;

/** Each subgraph's per-sector series: the FigureSeries fields of the type its `Sector.<x>Figures` returns, read from its SDL. */
function perSectorSeries(name: (typeof subgraphNames)[number]): { figuresField: string; series: string[] } | null {
  const definitions = subgraphTypeDefs(catalogue[name].schemaFile).definitions.filter(
    (node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION,
  );
  const named = (type: TypeNode): string => (type.kind === Kind.NAMED_TYPE ? type.name.value : named(type.type));
  const figuresField = definitions
    .find((node) => node.name.value === 'Sector')
    ?.fields?.find((field) => named(field.type).endsWith('SectorFigures'));
  if (figuresField === undefined) return null;
  const figuresType = definitions.find((node) => node.name.value === named(figuresField.type));
  const series = (figuresType?.fields ?? []).filter((field) => named(field.type) === 'FigureSeries').map((field) => field.name.value);
  return { figuresField: figuresField.name.value, series };
}

type Reason = 'BELOW_THRESHOLD' | 'RECOVERABLE_BY_SUBTRACTION';
interface PublishedCell {
  readonly sector: string;
  readonly value: number | null;
  readonly reason: Reason | null;
}
/** One row as published: a metric's six sectors in one year. */
interface PublishedRow {
  readonly table: string;
  readonly year: number;
  readonly total: number;
  readonly cells: readonly PublishedCell[];
  /** The true values, to check that each lies in its interval. */
  readonly truth: Readonly<Record<string, number>>;
}

type SeriesAnswer = { years: { year: number; value: number | null; suppressed: { reason: Reason } | null }[] };
type SectorsAnswer = { _entities: ({ code: string } & Record<string, Record<string, SeriesAnswer>>)[] };

/** Every sector's series of one subgraph as the subgraph serves them at `threshold`. */
async function sectorTables(name: (typeof subgraphNames)[number], threshold: number, tag: string, engine: (typeof testEngines)[number]) {
  const shape = perSectorSeries(name);
  if (shape === null) return null;
  const subgraph = await startSubgraph(
    catalogue[name],
    await engine.freshDatabase(name, `audit${tag}`),
    { scale: 1 },
    { disclosureThreshold: threshold },
  );
  try {
    const { data, errors } = await subgraph.query<SectorsAnswer>(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector { code
        ${shape.figuresField} { ${shape.series.map((series) => `${series} { years { year value suppressed { reason } } }`).join(' ')} } } } }`,
      { representations: sectorCodes.map((code) => ({ __typename: 'Sector', code })) },
    );
    expect(errors).toBeUndefined();
    return { shape, sectors: data?._entities ?? [] };
  } finally {
    await subgraph.stop();
  }
}

/** The least and the most a hidden cell can be, by two integer programs. */
function feasibleInterval(highs: Highs, row: PublishedRow, threshold: number, sector: string): { lowest: number; highest: number } {
  const hidden = row.cells.filter((cell) => cell.value === null);
  const hiddenSum = row.total - row.cells.reduce((sum, cell) => sum + (cell.value ?? 0), 0);
  const x = (cell: PublishedCell) => `x_${cell.sector.replace(/-/g, '_')}`;
  const isLarge = (cell: PublishedCell) => `large_${cell.sector.replace(/-/g, '_')}`;
  const complements = hidden.filter((cell) => cell.reason === 'RECOVERABLE_BY_SUBTRACTION');
  const program = (sense: 'Minimize' | 'Maximize') =>
    [
      sense,
      ` obj: ${x({ sector, value: null, reason: null })}`,
      'Subject To',
      ` total: ${hidden.map(x).join(' + ')} = ${hiddenSum}`,
      // A complement is 0 (large = 0) or between the threshold and the hidden sum (large = 1).
      ...complements.flatMap((cell) => [
        ` low_${x(cell)}: ${x(cell)} - ${threshold} ${isLarge(cell)} >= 0`,
        ` high_${x(cell)}: ${x(cell)} - ${Math.max(hiddenSum, threshold)} ${isLarge(cell)} <= 0`,
      ]),
      'Bounds',
      ...hidden.map((cell) =>
        cell.reason === 'BELOW_THRESHOLD' ? ` 1 <= ${x(cell)} <= ${threshold - 1}` : ` 0 <= ${x(cell)} <= ${Math.max(hiddenSum, 0)}`,
      ),
      'General',
      ` ${hidden.map(x).join(' ')}`,
      ...(complements.length > 0 ? ['Binary', ` ${complements.map(isLarge).join(' ')}`] : []),
      'End',
    ].join('\n');
  const solve = (sense: 'Minimize' | 'Maximize') => {
    const solution = highs.solve(program(sense), { output_flag: false });
    if (solution.Status !== 'Optimal') throw new Error(`${row.table} ${row.year} ${sector}: ${solution.Status}`);
    return Math.round(solution.ObjectiveValue);
  };
  return { lowest: solve('Minimize'), highest: solve('Maximize') };
}

/** The least and the most each hidden small count can be for an attacker who replays the rule on every filling of the hidden cells. */
function replayedIntervals(row: PublishedRow, threshold: number): Map<string, { lowest: number; highest: number }> {
  const hidden = row.cells.filter((cell) => cell.value === null);
  const hiddenSum = row.total - row.cells.reduce((sum, cell) => sum + (cell.value ?? 0), 0);
  const pattern = (cells: readonly { sector: string; reason: Reason | null }[]) =>
    JSON.stringify(cells.map((cell) => [cell.sector, cell.reason]).sort());
  const published = pattern(hidden);
  const intervals = new Map(
    hidden.filter((cell) => cell.reason === 'BELOW_THRESHOLD').map((cell) => [cell.sector, { lowest: Infinity, highest: -Infinity }]),
  );
  const values = new Map<string, number>();
  const candidates = (cell: PublishedCell, left: number) =>
    cell.reason === 'BELOW_THRESHOLD'
      ? Array.from({ length: Math.min(threshold - 1, left) }, (_, i) => i + 1)
      : [0, ...Array.from({ length: Math.max(0, left - threshold + 1) }, (_, i) => threshold + i)];
  const fill = (index: number, left: number) => {
    const cell = hidden[index];
    if (cell === undefined) {
      if (left !== 0) return;
      const filled = row.cells.map((shown) => ({
        sector: shown.sector,
        year: row.year,
        value: shown.value ?? values.get(shown.sector) ?? NaN,
      }));
      if (pattern(suppressSmallCounts(filled, threshold)) !== published) return;
      for (const [sector, interval] of intervals) {
        const value = values.get(sector) ?? NaN;
        interval.lowest = Math.min(interval.lowest, value);
        interval.highest = Math.max(interval.highest, value);
      }
      return;
    }
    for (const value of candidates(cell, left)) {
      values.set(cell.sector, value);
      fill(index + 1, left - value);
    }
  };
  fill(0, hiddenSum);
  return intervals;
}

describe.each(testEngines)('disclosure audit of the seed on $kind', (engine) => {
  let highs: Highs;
  /** The published rows with a hidden cell, by threshold, and every row's count. */
  const audited = new Map<number, { rows: number; hiddenRows: PublishedRow[] }>();

  beforeAll(async () => {
    highs = await loadHighs();
    for (const name of subgraphNames) {
      const truth = await sectorTables(name, 0, `${name}0`, engine);
      if (truth === null) continue;
      for (const threshold of thresholds) {
        const published = await sectorTables(name, threshold, `${name}${threshold}`, engine);
        if (published === null) continue;
        const entry = audited.get(threshold) ?? { rows: 0, hiddenRows: [] };
        for (const series of truth.shape.series) {
          const valueOf = (answer: typeof truth.sectors, sector: string, year: number) =>
            answer
              .find((candidate) => candidate.code === sector)
              ?.[truth.shape.figuresField]?.[series]?.years.find((figure) => figure.year === year);
          const years = [
            ...new Set(
              truth.sectors.flatMap((sector) => sector[truth.shape.figuresField]?.[series]?.years.map((figure) => figure.year) ?? []),
            ),
          ];
          for (const year of years) {
            const trueRow = Object.fromEntries(sectorCodes.map((sector) => [sector, valueOf(truth.sectors, sector, year)?.value ?? 0]));
            const cells = sectorCodes.map((sector): PublishedCell => {
              const figure = valueOf(published.sectors, sector, year);
              // A year a sector has no figure for is a zero, as the API says.
              return { sector, value: figure === undefined ? 0 : figure.value, reason: figure?.suppressed?.reason ?? null };
            });
            const row = {
              table: `${name} ${series}`,
              year,
              total: Object.values(trueRow).reduce((sum, value) => sum + value, 0),
              cells,
              truth: trueRow,
            };
            entry.rows += 1;
            if (cells.some((cell) => cell.value === null)) entry.hiddenRows.push(row);
          }
        }
        audited.set(threshold, entry);
      }
    }
  }, 600_000);
  afterAll(() => {
    audited.clear();
  });

  it.each(thresholds)('leaves every small count anywhere in [1, threshold − 1] at a threshold of %i', (threshold) => {
    const { rows, hiddenRows } = audited.get(threshold) ?? { rows: 0, hiddenRows: [] };
    expect(rows).toBeGreaterThan(20);
    const intervals = hiddenRows.flatMap((row) =>
      row.cells
        .filter((cell) => cell.value === null)
        .map((cell) => ({
          row: `${row.table} ${row.year}`,
          sector: cell.sector,
          reason: cell.reason,
          truth: row.truth[cell.sector] ?? NaN,
          ...feasibleInterval(highs, row, threshold, cell.sector),
        })),
    );
    for (const interval of intervals) {
      expect(interval.truth, `${interval.row} ${interval.sector}`).toBeGreaterThanOrEqual(interval.lowest);
      expect(interval.truth, `${interval.row} ${interval.sector}`).toBeLessThanOrEqual(interval.highest);
    }
    const small = intervals.filter((interval) => interval.reason === 'BELOW_THRESHOLD');
    for (const interval of small)
      expect([interval.row, interval.sector, interval.lowest, interval.highest]).toEqual([interval.row, interval.sector, 1, threshold - 1]);
    // What the note reports: the narrowest interval of a small count, and of a complement.
    const width = (list: typeof intervals) =>
      list.length === 0 ? null : Math.min(...list.map((interval) => interval.highest - interval.lowest));
    const complements = intervals.filter((interval) => interval.reason === 'RECOVERABLE_BY_SUBTRACTION');
    console.info(
      `threshold ${threshold}: ${rows} rows published, ${hiddenRows.length} with hidden cells; ${small.length} small counts, narrowest interval width ${String(width(small))}; ` +
        `${complements.length} complements, narrowest ${String(width(complements))}`,
    );
    if (threshold === 3) expect(small).toEqual([]);
    else expect(small.length).toBeGreaterThan(0);
  });

  it.each(thresholds)(
    'leaves every small count anywhere in [1, threshold − 1] to an attacker who replays the rule, at a threshold of %i',
    (threshold) => {
      const { hiddenRows } = audited.get(threshold) ?? { hiddenRows: [] };
      const replayed = hiddenRows.flatMap((row) =>
        [...replayedIntervals(row, threshold)].map(([sector, interval]) => [
          `${row.table} ${row.year}`,
          sector,
          interval.lowest,
          interval.highest,
        ]),
      );
      expect(replayed).toEqual(replayed.map(([row, sector]) => [row, sector, 1, threshold - 1]));
      expect(replayed.length).toBe(threshold === 3 ? 0 : threshold === 5 ? 4 : 11);
    },
  );
});
