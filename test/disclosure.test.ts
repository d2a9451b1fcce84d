import { describe, expect, it } from 'vitest';
import { suppressedSectorSeries, suppressSmallCounts, type FigureCell } from '../subgraphs/shared/disclosure.js';
import { compareYears, figureForYear } from '../subgraphs/shared/figures.js';

/** One year's row: sector → value. */
const row = (year: number, values: Record<string, number>): FigureCell[] => Object.entries(values).map(([sector, value]) => ({ sector, year, value }));

describe('suppressSmallCounts', () => {
  it('hides a single cell below the threshold and the smallest other non-zero cell of its row', () => {
    expect(suppressSmallCounts(row(2023, { stalingrad: 40, eole: 3, 'rosa-parks': 12, 'canal-ourcq': 25, forceval: 0 }), 5)).toEqual([
      { sector: 'eole', year: 2023, value: 3, reason: 'BELOW_THRESHOLD' },
      { sector: 'rosa-parks', year: 2023, value: 12, reason: 'RECOVERABLE_BY_SUBTRACTION' },
    ]);
  });

  it('needs no complementary cell when two cells of the row are below the threshold', () => {
    expect(suppressSmallCounts(row(2023, { stalingrad: 40, eole: 3, 'rosa-parks': 12, forceval: 1 }), 5)).toEqual([
      { sector: 'eole', year: 2023, value: 3, reason: 'BELOW_THRESHOLD' },
      { sector: 'forceval', year: 2023, value: 1, reason: 'BELOW_THRESHOLD' },
    ]);
  });

  it('shows zeros, and never picks a zero as the complementary cell while a non-zero one is left', () => {
    expect(suppressSmallCounts(row(2022, { stalingrad: 0, eole: 0, 'rosa-parks': 0 }), 5)).toEqual([]);
    expect(suppressSmallCounts(row(2022, { stalingrad: 0, eole: 4, 'rosa-parks': 9, forceval: 0 }), 5)).toEqual([
      { sector: 'eole', year: 2022, value: 4, reason: 'BELOW_THRESHOLD' },
      { sector: 'rosa-parks', year: 2022, value: 9, reason: 'RECOVERABLE_BY_SUBTRACTION' },
    ]);
    expect(suppressSmallCounts([], 5)).toEqual([]);
  });

  it('hides a zero, the lowest sector code, when every other cell of the row is zero', () => {
    expect(suppressSmallCounts(row(2022, { stalingrad: 0, eole: 2, 'rosa-parks': 0, 'canal-ourcq': 0 }), 5)).toEqual([
      { sector: 'canal-ourcq', year: 2022, value: 0, reason: 'RECOVERABLE_BY_SUBTRACTION' },
      { sector: 'eole', year: 2022, value: 2, reason: 'BELOW_THRESHOLD' },
    ]);
    // A row of one cell is the total itself: nothing to pair it with.
    expect(suppressSmallCounts(row(2022, { eole: 2 }), 5)).toEqual([{ sector: 'eole', year: 2022, value: 2, reason: 'BELOW_THRESHOLD' }]);
  });

  it('hides nothing with a threshold of 0 or 1', () => {
    const cells = row(2023, { stalingrad: 1, eole: 0, 'rosa-parks': 7 });
    expect(suppressSmallCounts(cells, 0)).toEqual([]);
    expect(suppressSmallCounts(cells, 1)).toEqual([]);
    expect(suppressSmallCounts(cells, 2)).toEqual([
      { sector: 'rosa-parks', year: 2023, value: 7, reason: 'RECOVERABLE_BY_SUBTRACTION' },
      { sector: 'stalingrad', year: 2023, value: 1, reason: 'BELOW_THRESHOLD' },
    ]);
  });

  it('keeps a value equal to the threshold', () => {
    expect(suppressSmallCounts(row(2023, { stalingrad: 5, eole: 9 }), 5)).toEqual([]);
  });

  it('breaks a tie for the smallest cell by sector code, whatever the order of the cells', () => {
    const cells = row(2022, { stalingrad: 10, 'rosa-parks': 5, eole: 5, 'porte-de-la-chapelle': 6, forceval: 4 });
    const expected = [
      { sector: 'eole', year: 2022, value: 5, reason: 'RECOVERABLE_BY_SUBTRACTION' },
      { sector: 'forceval', year: 2022, value: 4, reason: 'BELOW_THRESHOLD' },
    ];
    expect(suppressSmallCounts(cells, 5)).toEqual(expected);
    expect(suppressSmallCounts([...cells].reverse(), 5)).toEqual(expected);
  });

  it('judges each year on its own row, and leaves no row with a single hidden cell', () => {
    const cells = [...row(2022, { stalingrad: 3, eole: 20, forceval: 8 }), ...row(2023, { stalingrad: 30, eole: 20, forceval: 8 })];
    const suppressed = suppressSmallCounts(cells, 5);
    expect(suppressed).toEqual([
      { sector: 'forceval', year: 2022, value: 8, reason: 'RECOVERABLE_BY_SUBTRACTION' },
      { sector: 'stalingrad', year: 2022, value: 3, reason: 'BELOW_THRESHOLD' },
    ]);
    for (const year of [2022, 2023]) expect(suppressed.filter((cell) => cell.year === year).length).not.toBe(1);
  });
});

describe('suppressedSectorSeries', () => {
  const rows = [
    { sectorCode: 'stalingrad', year: 2022, value: 10 },
    { sectorCode: 'stalingrad', year: 2023, value: 12 },
    { sectorCode: 'eole', year: 2022, value: '3' },
    { sectorCode: 'eole', year: 2023, value: 9 },
    { sectorCode: 'rosa-parks', year: 2022, value: 7 },
    { sectorCode: 'rosa-parks', year: 2023, value: 8 },
  ];
  const seriesOf = suppressedSectorSeries('evictions', 'eviction', rows, 5);

  it('hides the cells with a reason and the threshold, and no change next to them', () => {
    expect(seriesOf('eole').years).toEqual([
      { year: 2022, value: null, previousValue: null, change: null, changePercent: null, suppressed: { reason: 'BELOW_THRESHOLD', threshold: 5 } },
      { year: 2023, value: 9, previousValue: null, change: null, changePercent: null, suppressed: null },
    ]);
    expect(seriesOf('rosa-parks').years).toEqual([
      { year: 2022, value: null, previousValue: null, change: null, changePercent: null, suppressed: { reason: 'RECOVERABLE_BY_SUBTRACTION', threshold: 5 } },
      { year: 2023, value: 8, previousValue: null, change: null, changePercent: null, suppressed: null },
    ]);
    expect(seriesOf('stalingrad').years).toEqual([
      { year: 2022, value: 10, previousValue: null, change: null, changePercent: null, suppressed: null },
      { year: 2023, value: 12, previousValue: 10, change: 2, changePercent: 20, suppressed: null },
    ]);
  });

  it('gives a sector without rows no years, and any code a series', () => {
    expect(seriesOf('forceval')).toEqual({ metric: 'evictions', unit: 'eviction', years: [] });
    expect(seriesOf('montmartre').years).toEqual([]);
  });

  it('compares two years only when neither is hidden', () => {
    expect(compareYears(seriesOf('eole'), 2022, 2023)).toEqual({ from: 2022, to: 2023, fromValue: null, toValue: null, change: null, changePercent: null, ratio: null });
    expect(compareYears(seriesOf('stalingrad'), 2022, 2023)).toEqual({ from: 2022, to: 2023, fromValue: 10, toValue: 12, change: 2, changePercent: 20, ratio: 1.2 });
  });

  it('shows a hidden zero as a hidden year rather than leaving the year out', () => {
    const alone = suppressedSectorSeries('police-operations', 'operation', [{ sectorCode: 'eole', year: 2023, value: 2 }], 5);
    // The six sectors' row: eole's 2, five zeros; canal-ourcq is the lowest code among the zeros.
    expect(figureForYear(alone('canal-ourcq'), 2023)).toEqual({
      year: 2023,
      value: null,
      previousValue: null,
      change: null,
      changePercent: null,
      suppressed: { reason: 'RECOVERABLE_BY_SUBTRACTION', threshold: 5 },
    });
    expect(alone('stalingrad').years).toEqual([]);
  });

  it('changes nothing below a threshold of 2', () => {
    const shown = suppressedSectorSeries('evictions', 'eviction', rows, 1);
    expect(shown('eole').years.map((figure) => [figure.value, figure.suppressed])).toEqual([
      [3, null],
      [9, null],
    ]);
  });
});
