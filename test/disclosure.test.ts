import { describe, expect, it } from 'vitest';
import {
  publishedSeries,
  sectorSeries,
  smallCountsProtected,
  suppressSmallCounts,
  type FigureCell,
  type MetricDefinition,
} from '../subgraphs/shared/disclosure.js';
import { compareYears, figureForYear, type FigureContext, type FigureSeries } from '../subgraphs/shared/figures.js';

/** What a series shows of each year (its previous value and change are the comparison's: see figures-periods.test.ts). */
const shown = (series: FigureSeries) => series.years.map(({ year, value, suppressed }) => ({ year, value, suppressed }));
/** Data on every day of 2022 and 2023: both years complete. */
const wholeYears: Pick<FigureContext, 'figureDays' | 'figureExtent'> = {
  figureDays: async () => ({
    days: [
      { day: '2022-01-01', value: 1 },
      { day: '2023-12-31', value: 1 },
    ],
    divisible: true,
  }),
  figureExtent: async () => ({ first: '2022-01-01', last: '2023-12-31', divisible: true }),
};

/** One year's row: sector → value. */
const row = (year: number, values: Record<string, number>): FigureCell[] =>
  Object.entries(values).map(([sector, value]) => ({ sector, year, value }));

/** The hidden cells as [sector, value, reason], in the order suppressSmallCounts gives them. */
const hidden = (cells: readonly FigureCell[], threshold: number) =>
  suppressSmallCounts(cells, threshold).map((cell) => [cell.sector, cell.value, cell.reason]);

describe('suppressSmallCounts', () => {
  it('hides a count below the threshold and a complement taken in a fixed order of the sectors, not by its value', () => {
    // The row: police operations of 2022. The old rule hid the smallest other cell (eole, 5), which bounded it.
    const operations2022 = { stalingrad: 10, eole: 5, 'porte-de-la-chapelle': 6, 'rosa-parks': 5, 'canal-ourcq': 7, forceval: 4 };
    // The five others in code order (canal-ourcq, eole, porte-de-la-chapelle, rosa-parks, stalingrad), from 2022 mod 5 = 2.
    expect(hidden(row(2022, operations2022), 5)).toEqual([
      ['forceval', 4, 'BELOW_THRESHOLD'],
      ['porte-de-la-chapelle', 6, 'RECOVERABLE_BY_SUBTRACTION'],
    ]);
    // The same values another year start elsewhere: no sector always pays.
    expect(hidden(row(2024, operations2022), 5)).toEqual([
      ['forceval', 4, 'BELOW_THRESHOLD'],
      ['stalingrad', 10, 'RECOVERABLE_BY_SUBTRACTION'],
    ]);
  });

  it('adds complements in that order until the small count can again be anything below the threshold', () => {
    // a = 5 alone: 1 + 5 = 6 hidden, a at least 5, so b is 1 exactly. With c too, b is anywhere in [1, 4].
    expect(hidden(row(2019, { a: 5, b: 1, c: 30, d: 9 }), 5)).toEqual([
      ['a', 5, 'RECOVERABLE_BY_SUBTRACTION'],
      ['b', 1, 'BELOW_THRESHOLD'],
      ['c', 30, 'RECOVERABLE_BY_SUBTRACTION'],
    ]);
    // a = 8: 9 hidden, a at least 5, so b is anywhere in [1, 4]: one complement is enough.
    expect(hidden(row(2019, { a: 8, b: 1, c: 30, d: 9 }), 5)).toEqual([
      ['a', 8, 'RECOVERABLE_BY_SUBTRACTION'],
      ['b', 1, 'BELOW_THRESHOLD'],
    ]);
  });

  it('hides a complement even when several small counts already hide each other', () => {
    // 3 + 2 = 5 alone would say each is in [1, 4] but that they add up to 5; "no complement was needed" would tell that too.
    expect(hidden(row(2021, { a: 3, b: 2, c: 40 }), 5)).toEqual([
      ['a', 3, 'BELOW_THRESHOLD'],
      ['b', 2, 'BELOW_THRESHOLD'],
      ['c', 40, 'RECOVERABLE_BY_SUBTRACTION'],
    ]);
  });

  it('shows zeros, may take one as a complement, and hides the whole row when nothing less protects it', () => {
    expect(hidden(row(2022, { stalingrad: 0, eole: 0, 'rosa-parks': 0 }), 5)).toEqual([]);
    // The plan-wide figure is 2: whatever is hidden, the small count is at most 2. Hiding every cell is the most a row can do.
    expect(hidden(row(2021, { a: 0, b: 2, c: 0, d: 0 }), 5)).toEqual([
      ['a', 0, 'RECOVERABLE_BY_SUBTRACTION'],
      ['b', 2, 'BELOW_THRESHOLD'],
      ['c', 0, 'RECOVERABLE_BY_SUBTRACTION'],
      ['d', 0, 'RECOVERABLE_BY_SUBTRACTION'],
    ]);
    // Care places of 2019 per sector at a threshold of 11 (were they suppressed): the zero of canal-ourcq is the complement.
    expect(
      hidden(row(2019, { stalingrad: 12, eole: 6, 'porte-de-la-chapelle': 8, 'rosa-parks': 4, 'canal-ourcq': 0, forceval: 0 }), 11),
    ).toEqual([
      ['canal-ourcq', 0, 'RECOVERABLE_BY_SUBTRACTION'],
      ['eole', 6, 'BELOW_THRESHOLD'],
      ['porte-de-la-chapelle', 8, 'BELOW_THRESHOLD'],
      ['rosa-parks', 4, 'BELOW_THRESHOLD'],
    ]);
    expect(suppressSmallCounts([], 5)).toEqual([]);
    // A row of one cell is the total itself: nothing to pair it with.
    expect(hidden(row(2022, { eole: 2 }), 5)).toEqual([['eole', 2, 'BELOW_THRESHOLD']]);
  });

  it('hides nothing with a threshold of 0 or 1, and keeps a value equal to the threshold', () => {
    const cells = row(2023, { stalingrad: 1, eole: 0, 'rosa-parks': 7 });
    expect(suppressSmallCounts(cells, 0)).toEqual([]);
    expect(suppressSmallCounts(cells, 1)).toEqual([]);
    expect(hidden(cells, 2)).toEqual([
      ['rosa-parks', 7, 'RECOVERABLE_BY_SUBTRACTION'],
      ['stalingrad', 1, 'BELOW_THRESHOLD'],
    ]);
    expect(suppressSmallCounts(row(2023, { stalingrad: 5, eole: 9 }), 5)).toEqual([]);
  });

  it('gives the same cells whatever the order of the input, and judges each year on its own row', () => {
    const cells = [...row(2022, { stalingrad: 3, eole: 20, forceval: 8 }), ...row(2023, { stalingrad: 30, eole: 20, forceval: 8 })];
    expect(suppressSmallCounts([...cells].reverse(), 5)).toEqual(suppressSmallCounts(cells, 5));
    // 2022: eole and forceval in code order from 2022 mod 2 = 0; eole = 20 is enough.
    expect(hidden(cells, 5)).toEqual([
      ['eole', 20, 'RECOVERABLE_BY_SUBTRACTION'],
      ['stalingrad', 3, 'BELOW_THRESHOLD'],
    ]);
  });

  it('chooses the same complements for any values of them that protect equally: the choice says nothing of them', () => {
    // Four others in code order from 2023 mod 4 = 3: stalingrad, whether it is 5 or 400 (4 + 5 = 9 leaves forceval anywhere in [1, 4]).
    for (const stalingrad of [5, 9, 40, 400]) {
      expect(
        hidden(row(2023, { stalingrad, eole: 9, 'rosa-parks': 12, 'canal-ourcq': 25, forceval: 4 }), 5).map(([sector]) => sector),
      ).toEqual(['forceval', 'stalingrad']);
    }
  });
});

describe('smallCountsProtected', () => {
  const cell = (sector: string, value: number): FigureCell => ({ sector, year: 2023, value });

  it('holds when every small count can be anything from 1 to threshold − 1 given the hidden sum', () => {
    // 4 + 5 = 9 hidden: the small one in [1, 4], the complement in [5, 8].
    expect(smallCountsProtected([cell('a', 4)], [cell('b', 5)], 5)).toBe(true);
    // 1 + 5 = 6 hidden: the complement is at least 5, so the small one is 1.
    expect(smallCountsProtected([cell('a', 1)], [cell('b', 5)], 5)).toBe(false);
    // Alone, a small count is exact.
    expect(smallCountsProtected([cell('a', 3)], [], 5)).toBe(false);
    // Two small counts summing to 2 are both 1.
    expect(smallCountsProtected([cell('a', 1), cell('b', 1)], [], 5)).toBe(false);
  });

  it('counts on a complement that might be 0 as well as one that might be large', () => {
    // 10 hidden among three small counts and a zero: if the zero were large (≥ 11) they would add up to less than 3.
    expect(smallCountsProtected([cell('a', 4), cell('b', 3), cell('c', 3)], [cell('z', 0)], 11)).toBe(false);
    // 22 hidden: either the complement is 0 and the small ones share 22, or it is 11 or more and they share the rest.
    expect(smallCountsProtected([cell('a', 4), cell('b', 3), cell('c', 3)], [cell('d', 12)], 11)).toBe(true);
  });
});

describe('sectorSeries', () => {
  const rows = [
    { sectorCode: 'stalingrad', year: 2022, value: 10 },
    { sectorCode: 'stalingrad', year: 2023, value: 12 },
    { sectorCode: 'eole', year: 2022, value: '3' },
    { sectorCode: 'eole', year: 2023, value: 9 },
    { sectorCode: 'rosa-parks', year: 2022, value: 7 },
    { sectorCode: 'rosa-parks', year: 2023, value: 8 },
  ];
  const evictions: MetricDefinition = { metric: 'evictions', unit: 'eviction', disclosure: 'small-counts-suppressed' };
  const seriesOf = sectorSeries(evictions, rows, 5);

  it('hides the cells with a reason and the threshold, and no change next to them', () => {
    expect(shown(seriesOf('eole'))).toEqual([
      { year: 2022, value: null, suppressed: { reason: 'BELOW_THRESHOLD', threshold: 5 } },
      { year: 2023, value: 9, suppressed: null },
    ]);
    // 2022's five others in code order from 2022 mod 5 = 2: porte-de-la-chapelle (0), then rosa-parks (7).
    expect(figureForYear(seriesOf('porte-de-la-chapelle'), 2022)?.suppressed).toEqual({
      reason: 'RECOVERABLE_BY_SUBTRACTION',
      threshold: 5,
    });
    expect(shown(seriesOf('rosa-parks'))).toEqual([
      { year: 2022, value: null, suppressed: { reason: 'RECOVERABLE_BY_SUBTRACTION', threshold: 5 } },
      { year: 2023, value: 8, suppressed: null },
    ]);
    expect(shown(seriesOf('stalingrad'))).toEqual([
      { year: 2022, value: 10, suppressed: null },
      { year: 2023, value: 12, suppressed: null },
    ]);
  });

  it('gives a sector without rows no years unless one of its zeros is hidden, and any code a series', () => {
    expect(seriesOf('forceval')).toMatchObject({ metric: 'evictions', unit: 'eviction', years: [] });
    expect(seriesOf('montmartre').years).toEqual([]);
  });

  it('compares two years only when neither is hidden', async () => {
    expect(await compareYears(seriesOf('eole'), 2022, 2023, 'SAME_PERIOD', wholeYears)).toMatchObject({
      from: 2022,
      to: 2023,
      fromValue: null,
      toValue: null,
      change: null,
      changePercent: null,
      ratio: null,
      reason: 'SUPPRESSED',
      suppressed: { reason: 'BELOW_THRESHOLD', threshold: 5 },
    });
    expect(await compareYears(seriesOf('stalingrad'), 2022, 2023, 'SAME_PERIOD', wholeYears)).toMatchObject({
      from: 2022,
      to: 2023,
      fromValue: 10,
      toValue: 12,
      change: 2,
      changePercent: 20,
      ratio: 1.2,
      reason: null,
      likeForLike: true,
    });
  });

  it('shows every value of a published metric, and nothing hidden below a threshold of 2', () => {
    const places: MetricDefinition<'published'> = { metric: 'care-places', unit: 'place', disclosure: 'published' };
    expect(sectorSeries(places, rows, 5)('eole').years.map((figure) => [figure.value, figure.suppressed])).toEqual([
      [3, null],
      [9, null],
    ]);
    expect(sectorSeries(evictions, rows, 1)('eole').years.map((figure) => [figure.value, figure.suppressed])).toEqual([
      [3, null],
      [9, null],
    ]);
    expect(shown(publishedSeries(places, [{ year: 2019, value: '4' }]))).toEqual([{ year: 2019, value: 4, suppressed: null }]);
  });
});
