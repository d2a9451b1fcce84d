import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registeredOperation } from '../../operations/index.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken } from '../support/identity.js';

interface Point {
  readonly start: string;
  readonly end: string;
  readonly value: number | null;
  readonly complete: boolean;
  readonly reason: string | null;
  readonly suppressed: { reason: string; threshold: number } | null;
}
const point = 'start end value complete reason suppressed { reason threshold }';

describe.each(testEngines)('figure series by period through the gateway on $kind', (engine) => {
  let graph: RunningGraph;
  let reader: string;
  beforeAll(async () => {
    graph = await startGraph(engine, 'series');
    reader = await mintToken({ agent: 'analyst', scopes: ['report:read'] });
  });
  afterAll(() => graph?.stop());

  it('draws two years of monthly rest-space visits in one small anonymous query, saying which months have no data', async () => {
    const { data, errors } = await graph.queryWith<{ socialFigures: { restSpaceVisits: { series: Point[] } } }>(
      null,
      `{ socialFigures { restSpaceVisits { series(granularity: MONTH, from: "2022-01-01", to: "2023-12-31") { ${point} } } } }`,
    );
    expect(errors).toBeUndefined();
    const series = data!.socialFigures.restSpaceVisits.series;
    expect(series).toHaveLength(24);
    expect(series[0]).toMatchObject({ start: '2022-01-01', end: '2022-01-31', complete: true, reason: null });
    // November 2023: 4,500 visits (150 a day); December 2023 is after the data's last day, so no value rather than 0.
    expect(series[22]).toEqual({ start: '2023-11-01', end: '2023-11-30', value: 4500, complete: true, reason: null, suppressed: null });
    expect(series[23]).toEqual({
      start: '2023-12-01',
      end: '2023-12-31',
      value: null,
      complete: false,
      reason: 'NOT_COVERED',
      suppressed: null,
    });
    // The months add up to the published years.
    const sum = (year: string) => series.filter((p) => p.start.startsWith(year)).reduce((total, p) => total + (p.value ?? 0), 0);
    expect([sum('2022'), sum('2023')]).toEqual([31_241, 36_741]);
  });

  it('answers the registered two-year monthly charts of a sector in one query, within the gateway’s default limits', async () => {
    const { data, errors } = await graph.queryWith<{
      socialFigures: { restSpaceVisits: { series: Point[] } };
      sector: { socialFigures: { outreachRounds: { series: Point[] } }; policeJusticeFigures: { policeOperations: { series: Point[] } } };
    }>(reader, registeredOperation('dashboard', 'MonthlyCharts').body, { sector: 'stalingrad', from: '2022-01-01', to: '2023-12-31' });
    expect(errors).toBeUndefined();
    expect(data!.socialFigures.restSpaceVisits.series).toHaveLength(24);
    const rounds = data!.sector.socialFigures.outreachRounds.series;
    // Four rounds a day (morning and evening, above and below ground) in January 2022; December 2023 not covered.
    expect(rounds[0]).toEqual({ start: '2022-01-01', value: 124, complete: true, reason: null });
    expect(rounds[23]).toEqual({ start: '2023-12-01', value: null, complete: false, reason: 'NOT_COVERED' });
    expect(data!.sector.policeJusticeFigures.policeOperations.series).toHaveLength(24);
  });

  it('reads an open end as the first or last day the data covers, as every other range of the graph', async () => {
    // Rest-space visits are recorded day by day from 1 January 2022 to 30 November 2023.
    const { data, errors } = await graph.queryWith<
      Record<'open' | 'closed' | 'openStart' | 'closedStart' | 'beforeTheData', { restSpaceVisits: { series: Point[] } }>
    >(
      null,
      `{ open: socialFigures { restSpaceVisits { series(granularity: YEAR) { ${point} } } }
         closed: socialFigures { restSpaceVisits { series(granularity: YEAR, from: "2022-01-01", to: "2023-11-30") { ${point} } } }
         openStart: socialFigures { restSpaceVisits { series(granularity: MONTH, to: "2022-03-31") { ${point} } } }
         closedStart: socialFigures { restSpaceVisits { series(granularity: MONTH, from: "2022-01-01", to: "2022-03-31") { ${point} } } }
         beforeTheData: socialFigures { restSpaceVisits { series(granularity: MONTH, to: "2021-12-31") { ${point} } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.open.restSpaceVisits.series).toEqual(data!.closed.restSpaceVisits.series);
    expect(data!.open.restSpaceVisits.series.map((p) => [p.start, p.end, p.value, p.complete])).toEqual([
      ['2022-01-01', '2022-12-31', 31_241, true],
      ['2023-01-01', '2023-12-31', 36_741, false],
    ]);
    expect(data!.openStart.restSpaceVisits.series).toEqual(data!.closedStart.restSpaceVisits.series);
    expect(data!.openStart.restSpaceVisits.series).toHaveLength(3);
    // Nothing between the data's first day and an end before it.
    expect(data!.beforeTheData.restSpaceVisits.series).toEqual([]);
  });

  it('cuts the first and last periods to the range asked, and says they are not whole', async () => {
    const { data, errors } = await graph.queryWith<{ socialFigures: { restSpaceVisits: { series: Point[] } } }>(
      null,
      `{ socialFigures { restSpaceVisits { series(granularity: QUARTER, from: "2023-11-01", to: "2023-11-30") { ${point} } } } }`,
    );
    expect(errors).toBeUndefined();
    expect(data!.socialFigures.restSpaceVisits.series).toEqual([
      { start: '2023-10-01', end: '2023-12-31', value: 4500, complete: false, reason: null, suppressed: null },
    ]);
  });

  it('gives every sector its monthly series in one statement per subgraph, whatever the number of months, with small cells suppressed', async () => {
    const query = (to: string) =>
      `{ sectors { code policeJusticeFigures { policeOperations { series(granularity: MONTH, from: "2022-01-01", to: "${to}") { ${point} } } }
                        socialFigures { outreachRounds { series(granularity: MONTH, from: "2022-01-01", to: "${to}") { value } } } } }`;
    const statements = async (to: string) => {
      await graph.queryWith(reader, '{ sectors { code } }');
      graph.resetCounts();
      const answer = await graph.queryWith<{
        sectors: { code: string; policeJusticeFigures: { policeOperations: { series: Point[] } } }[];
      }>(reader, query(to));
      const counts = graph.counts();
      return { answer, policeJustice: counts['police-justice'].statements, social: counts.social.statements };
    };
    const year = await statements('2022-12-31');
    const twoYears = await statements('2023-12-31');
    expect(twoYears.answer.errors).toBeUndefined();
    expect([twoYears.policeJustice, twoYears.social]).toEqual([year.policeJustice, year.social]);
    // The yearly series of the sector figures, then one statement for every sector's months of the metric.
    expect(twoYears.policeJustice).toBe(2);
    const cells = twoYears.answer.data!.sectors.flatMap((sector) => sector.policeJusticeFigures.policeOperations.series);
    expect(cells).toHaveLength(6 * 24);
    // A month's police operations in a sector are a handful: shown cells are 0 or at least the threshold, the others say why.
    expect(cells.filter((cell) => cell.value !== null && cell.value > 0 && cell.value < 5)).toEqual([]);
    expect(cells.some((cell) => cell.reason === 'SUPPRESSED' && cell.suppressed?.reason === 'BELOW_THRESHOLD')).toBe(true);
    expect(cells.filter((cell) => cell.reason === 'SUPPRESSED').every((cell) => cell.value === null && cell.suppressed !== null)).toBe(
      true,
    );
    // A sector's year hides all its months or none: its yearly figure minus eleven shown months would give the twelfth.
    for (const sector of twoYears.answer.data!.sectors) {
      for (const year of ['2022', '2023']) {
        const months = sector.policeJusticeFigures.policeOperations.series.filter(
          (cell) => cell.start.startsWith(year) && cell.reason !== 'NOT_COVERED',
        );
        expect(new Set(months.map((cell) => cell.reason === 'SUPPRESSED')).size, `${sector.code} ${year}`).toBe(1);
      }
    }
  });

  it('counts a sector’s periods whole, and judges them on whole years, whatever the range asked', async () => {
    const january = (from: string, to: string) =>
      graph.queryWith<{ sector: { socialFigures: { outreachRounds: { series: Point[] } } } }>(
        reader,
        `{ sector(code: "stalingrad") { socialFigures { outreachRounds { series(granularity: MONTH, from: "${from}", to: "${to}") { ${point} } } } } }`,
      );
    const [whole, fromThe15th, fromThe16th] = await Promise.all([
      january('2022-01-01', '2022-12-31'),
      january('2022-01-15', '2022-01-31'),
      january('2022-01-16', '2022-01-20'),
    ]);
    const first = whole.data!.sector.socialFigures.outreachRounds.series[0];
    // Ranges a day apart would otherwise give that day's count by difference.
    expect(fromThe15th.data!.sector.socialFigures.outreachRounds.series).toEqual([first]);
    expect(fromThe16th.data!.sector.socialFigures.outreachRounds.series).toEqual([first]);
    expect(first).toMatchObject({ start: '2022-01-01', end: '2022-01-31', value: 124, complete: true });
  });

  it.each([
    [
      'from after to',
      'series(granularity: MONTH, from: "2023-02-01", to: "2023-01-01")',
      'series: from (2023-02-01) is after to (2023-01-01)',
    ],
    [
      'too many periods',
      'series(granularity: DAY, from: "2019-01-01", to: "2023-12-31")',
      'series: from 2019-01-01 to 2023-12-31 by DAY is more than 1100 periods; ask a shorter range or a coarser granularity',
    ],
  ])('refuses %s with a message naming it', async (_, field, message) => {
    const { data, errors } = await graph.query(`{ socialFigures { restSpaceVisits { ${field} { value } } } }`);
    expect(errors?.map((error) => [error.message, error.extensions?.code])).toEqual([[message, 'BAD_USER_INPUT']]);
    // The series and the non-null fields above it are null up to the first nullable one.
    expect(data).toEqual({ socialFigures: null });
  });

  it('shows a yearly stock in each period as its year’s, and no value where the year has none', async () => {
    const { data, errors } = await graph.queryWith<{ healthFigures: { assorePlaces: { series: Point[] } } }>(
      null,
      '{ healthFigures { assorePlaces { series(granularity: QUARTER, from: "2023-07-01", to: "2024-03-31") { start value reason } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data!.healthFigures.assorePlaces.series).toEqual([
      { start: '2023-07-01', value: 610, reason: null },
      { start: '2023-10-01', value: 610, reason: null },
      { start: '2024-01-01', value: null, reason: 'NOT_COVERED' },
    ]);
  });

  it('gives the public no point and no total narrower than a month, which could date one person; an agent may ask finer', async () => {
    const daily =
      '{ healthFigures { hospitalTeamInterventions { series(granularity: DAY, from: "2023-03-01", to: "2023-03-03") { start value } } } }';
    const anonymousDaily = await graph.queryWith(null, daily);
    expect(anonymousDaily.errors?.[0]).toMatchObject({
      message: "series: anonymously, points are by MONTH, QUARTER or YEAR; DAY needs an agent's token",
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect((await graph.query(daily)).errors).toBeUndefined();

    const oneDay = '{ healthRegionalAdmissionSummary(from: "2023-05-02", to: "2023-05-02") { admissions } }';
    const anonymousDay = await graph.queryWith(null, oneDay);
    expect(anonymousDay.errors?.[0]).toMatchObject({
      message:
        'healthRegionalAdmissionSummary: anonymously, a total is given for a period of at least 28 days with both "from" and "to", or for every day (neither); this one is 1 day. An agent\'s token allows shorter periods.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    // The deprecated name keeps the rule, and names its own upper bound.
    const oldOneDay =
      '{ healthRegionalAdmissionSummary: healthRegionalAdmissions(from: "2023-05-02", until: "2023-05-02") { admissions } }';
    expect((await graph.queryWith(null, oldOneDay)).errors?.[0]).toMatchObject({
      message:
        'healthRegionalAdmissions: anonymously, a total is given for a period of at least 28 days with both "from" and "until", or for every day (neither); this one is 1 day. An agent\'s token allows shorter periods.',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect((await graph.query(oldOneDay)).data).toEqual((await graph.query(oneDay)).data);
    const openEnded = await graph.queryWith(null, '{ policeEvictionSummary(from: "2023-11-29") { evictions } }');
    expect(openEnded.errors?.[0]?.message).toContain('one end is missing');
    expect(
      (await graph.queryWith(null, '{ policeEvictionSummary(from: "2023-11-01", to: "2023-11-28") { evictions } }')).errors,
    ).toBeUndefined();
    expect((await graph.query(oneDay)).errors).toBeUndefined();
  });
});
