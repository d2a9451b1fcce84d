import { describe, expect, it } from 'vitest';
import {
  compareYears,
  coverageOf,
  figureSeries,
  planWideSeries,
  type FigureContext,
  type MetricDays,
  type MetricExtent,
} from '../subgraphs/shared/figures.js';

/** Daily data from `from` to `to` inclusive, `value` a day. */
function everyDay(from: string, to: string, value = 1): MetricDays['days'] {
  const days: { day: string; value: number }[] = [];
  for (let day = new Date(`${from}T00:00:00Z`); day.toISOString().slice(0, 10) <= to; day.setUTCDate(day.getUTCDate() + 1))
    days.push({ day: day.toISOString().slice(0, 10), value });
  return days;
}
const extentOf = (days: MetricDays | null): MetricExtent | null =>
  days === null ? null : { first: days.days[0]?.day ?? null, last: days.days.at(-1)?.day ?? null, divisible: days.divisible };
const contextOf = (days: MetricDays | null): Pick<FigureContext, 'figureDays' | 'figureExtent'> => ({
  figureDays: async () => days,
  figureExtent: async () => extentOf(days),
});

// 2022 from 5 October (as police deployments start), 2023 until 30 November (as every 2023 series ends).
const deployments: MetricDays = { days: everyDay('2022-10-05', '2023-11-30'), divisible: true };
const yearsOf = (days: MetricDays) =>
  [2022, 2023].map((year) => ({
    year,
    value: days.days.filter((day) => day.day.startsWith(`${year}`)).reduce((sum, day) => sum + day.value, 0),
  }));

describe('coverage, from the data', () => {
  it('cuts the metric’s recorded days to the year, and says whether that is the whole year', () => {
    expect(coverageOf(2022, extentOf(deployments))).toEqual({ from: '2022-10-05', to: '2022-12-31', complete: false });
    expect(coverageOf(2023, extentOf(deployments))).toEqual({ from: '2023-01-01', to: '2023-11-30', complete: false });
    expect(coverageOf(2021, extentOf(deployments))).toBeNull();
  });

  it('counts a quiet first or last week of a year as covered, and a stock as its whole year', () => {
    const sparse: MetricDays = {
      days: [
        { day: '2022-01-03', value: 1 },
        { day: '2022-12-27', value: 1 },
      ],
      divisible: true,
    };
    expect(coverageOf(2022, extentOf(sparse))).toEqual({ from: '2022-01-01', to: '2022-12-31', complete: true });
    expect(coverageOf(2019, null)).toEqual({ from: '2019-01-01', to: '2019-12-31', complete: true });
  });
});

describe('comparing two years', () => {
  const series = planWideSeries('officer-shifts', 'officer-shift', yearsOf(deployments));

  it('compares the same days of both years by default when either is partial', async () => {
    const comparison = await compareYears(series, 2022, 2023, 'SAME_PERIOD', contextOf(deployments));
    // 5 October to 30 November: 57 days in each year.
    expect(comparison).toMatchObject({
      period: 'SAME_PERIOD',
      fromPeriod: { from: '2022-10-05', to: '2022-11-30', complete: false },
      toPeriod: { from: '2023-10-05', to: '2023-11-30', complete: false },
      likeForLike: true,
      fromValue: 57,
      toValue: 57,
      change: 0,
      changePercent: 0,
      reason: null,
    });
  });

  it('gives the whole years when asked, saying they are not like for like', async () => {
    expect(await compareYears(series, 2022, 2023, 'WHOLE_YEARS', contextOf(deployments))).toMatchObject({
      fromValue: 88,
      toValue: 334,
      likeForLike: false,
      fromPeriod: { from: '2022-10-05', to: '2022-12-31' },
      toPeriod: { from: '2023-01-01', to: '2023-11-30' },
    });
  });

  it('says why a comparison has no values', async () => {
    const ctx = contextOf(deployments);
    expect(await compareYears(series, 2021, 2023, 'SAME_PERIOD', ctx)).toMatchObject({
      fromValue: null,
      toValue: null,
      change: null,
      reason: 'MISSING',
    });
    const hidden = figureSeries(
      'officer-shifts',
      'officer-shift',
      yearsOf(deployments),
      new Map([[2022, { reason: 'BELOW_THRESHOLD' as const, threshold: 5 }]]),
      true,
    );
    expect(await compareYears(hidden, 2022, 2023, 'SAME_PERIOD', ctx)).toMatchObject({
      fromValue: null,
      toValue: null,
      reason: 'SUPPRESSED',
      suppressed: { reason: 'BELOW_THRESHOLD', threshold: 5 },
    });
    // A sector's months are a count the suppression rule never judged.
    const sector = figureSeries('officer-shifts', 'officer-shift', yearsOf(deployments));
    expect(await compareYears(sector, 2022, 2023, 'SAME_PERIOD', ctx)).toMatchObject({
      fromValue: null,
      toValue: null,
      reason: 'PART_YEAR_NOT_PUBLISHED',
      likeForLike: true,
    });
    expect(await compareYears(sector, 2022, 2023, 'WHOLE_YEARS', ctx)).toMatchObject({ fromValue: 88, toValue: 334, reason: null });
    // People counted once a year cannot be cut to months.
    const people = { ...deployments, divisible: false };
    expect(await compareYears(series, 2022, 2023, 'SAME_PERIOD', contextOf(people))).toMatchObject({
      fromValue: null,
      reason: 'NOT_DIVISIBLE',
    });
    // From 5 October 2022 to 31 March 2023: no day of the year in both.
    const apart: MetricDays = { days: everyDay('2022-10-05', '2023-03-31'), divisible: true };
    expect(await compareYears(planWideSeries('m', 'u', yearsOf(apart)), 2022, 2023, 'SAME_PERIOD', contextOf(apart))).toMatchObject({
      fromValue: null,
      reason: 'NO_COMMON_PERIOD',
    });
  });

  it('compares whole years when both are complete, with or without daily data', async () => {
    const stock = planWideSeries('assore-places', 'place', [
      { year: 2019, value: 203 },
      { year: 2023, value: 610 },
    ]);
    expect(await compareYears(stock, 2019, 2023, 'SAME_PERIOD', contextOf(null))).toMatchObject({
      fromValue: 203,
      toValue: 610,
      ratio: 3,
      likeForLike: true,
      reason: null,
    });
  });
});
