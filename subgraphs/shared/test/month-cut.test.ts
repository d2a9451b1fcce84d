import { describe, expect, it } from 'vitest';
import { addDays, cutIntoMonths, daysInRange } from '../sql.js';

/** Every day of a cut, its whole months expanded (not clipped: a month that is not whole shows as days outside the range). */
function daysOfCut(cut: ReturnType<typeof cutIntoMonths>, bounds: { from: string; to: string }): string[] {
  const days: string[] = [];
  const expand = (from: string, to: string) => {
    for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  };
  if (cut.months !== null) {
    const lastMonth = cut.months.to ?? bounds.to.slice(0, 7) + '-01';
    const firstMonth = cut.months.from ?? bounds.from.slice(0, 7) + '-01';
    for (let month = firstMonth; month <= lastMonth; month = addDays(month, 32).slice(0, 7) + '-01') {
      const end = addDays(addDays(month, 32).slice(0, 7) + '-01', -1);
      expand(month, end);
    }
  }
  for (const range of cut.days) expand(range.from ?? bounds.from, range.to ?? bounds.to);
  return days.sort();
}

describe('a date range cut into whole months and edge days (the monthly rollups)', () => {
  it('reads whole months from the monthly rollup and the rest from the daily one', () => {
    expect(cutIntoMonths({ from: '2022-01-15', to: '2023-11-30' })).toEqual({
      months: { from: '2022-02-01', to: '2023-11-01' },
      days: [{ from: '2022-01-15', to: '2022-01-31' }],
    });
    expect(cutIntoMonths({ from: '2023-01-01', to: '2023-12-31' })).toEqual({ months: { from: '2023-01-01', to: '2023-12-01' }, days: [] });
    expect(cutIntoMonths({ from: '2023-01-10', to: '2023-03-05' })).toEqual({
      months: { from: '2023-02-01', to: '2023-02-01' },
      days: [
        { from: '2023-01-10', to: '2023-01-31' },
        { from: '2023-03-01', to: '2023-03-05' },
      ],
    });
    // February of a leap year ends on the 29th.
    expect(cutIntoMonths({ from: '2024-02-01', to: '2024-02-29' })).toEqual({ months: { from: '2024-02-01', to: '2024-02-01' }, days: [] });
  });

  it('keeps a period within one month, or across two without a whole one, as days', () => {
    expect(cutIntoMonths({ from: '2023-05-02', to: '2023-05-30' })).toEqual({
      months: null,
      days: [{ from: '2023-05-02', to: '2023-05-30' }],
    });
    expect(cutIntoMonths({ from: '2023-05-20', to: '2023-06-10' })).toEqual({
      months: null,
      days: [{ from: '2023-05-20', to: '2023-06-10' }],
    });
  });

  it('leaves an open end open', () => {
    expect(cutIntoMonths({ from: null, to: null })).toEqual({ months: { from: null, to: null }, days: [] });
    expect(cutIntoMonths({ from: '2023-03-15', to: null })).toEqual({
      months: { from: '2023-04-01', to: null },
      days: [{ from: '2023-03-15', to: '2023-03-31' }],
    });
    expect(cutIntoMonths({ from: null, to: '2023-03-15' })).toEqual({
      months: { from: null, to: '2023-02-01' },
      days: [{ from: '2023-03-01', to: '2023-03-15' }],
    });
  });

  it('covers every day of any range exactly once', () => {
    const start = '2022-12-20';
    for (let offset = 0; offset < 75; offset += 3) {
      const from = addDays(start, offset);
      for (const length of [1, 10, 28, 31, 45, 62, 400]) {
        const to = addDays(from, length - 1);
        const days = daysOfCut(cutIntoMonths({ from, to }), { from, to });
        expect(days.length, `${from}..${to}`).toBe(daysInRange(from, to));
        expect(new Set(days).size).toBe(days.length);
        expect([days[0], days.at(-1)]).toEqual([from, to]);
      }
    }
  });
});
