import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition as policeJustice } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

const shift = (
  name: string,
  days: number,
  officerShifts: number,
  averageOfficers: number | null,
  minOfficers: number | null,
  maxOfficers: number | null,
) => ({
  shift: name,
  days,
  officerShifts,
  averageOfficers,
  minOfficers,
  maxOfficers,
});

const sectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq', 'forceval'];

/** The series of Sector.policeJusticeFigures, which have the same metric names as policeJusticeFigures. */
const sectorMetrics = [
  'evictions',
  'evictedConsumers',
  'policeOperations',
  'officerShifts',
  'prosecutableCases',
  'therapeuticInjunctions',
] as const;
type SectorMetric = (typeof sectorMetrics)[number];
const sectorFiguresSelection = `policeJusticeFigures { ${sectorMetrics.map((metric) => `${metric} { years { year value } }`).join(' ')} }`;
/** A sector's policeJusticeFigures as sectorFiguresSelection asks them, from each metric's values by year. */
const sectorFigures = (values: Record<SectorMetric, Record<number, number | null>>) =>
  Object.fromEntries(
    Object.entries(values).map(([metric, byYear]) => [
      metric,
      { years: Object.entries(byYear).map(([year, value]) => ({ year: Number(year), value })) },
    ]),
  );

/** Every field this subgraph adds to Sector: those with dates for January 2023, and the yearly series. */
const allSectorFields = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector { code
  policeDeployments(from: "2023-01-01", to: "2023-01-31") { daysCovered daysWithBothShifts officerShifts averageDailyOfficers minDailyOfficers maxDailyOfficers
    shifts { shift days officerShifts averageOfficers minOfficers maxOfficers } }
  policeOperations(from: "2023-01-01", to: "2023-01-31") { id date kind }
  policeEvictions(from: "2023-01-01", to: "2023-01-31") { evictions consumersEvicted reformingScenesEnded averageConsumersPerEviction lastEvictionAt }
  ${sectorFiguresSelection} } } }`;
const sectorRepresentations = { representations: sectorCodes.map((code) => ({ __typename: 'Sector', code })) };

describe.each(testEngines)('police-justice subgraph on $kind', (engine) => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph(policeJustice, await engine.freshDatabase('police-justice', 'unit'));
  });
  afterAll(() => subgraph?.stop());

  it('J1: records the definitive dismantling of the Forceval scene on 5 October 2022, and no operation there since', async () => {
    const { data, errors } =
      await subgraph.query(`{ dismantlings: policeOperations(kind: DISMANTLING) { id date kind description sector { code } leadPartner { code } }
         since: policeOperations(sector: "forceval", from: "2022-10-06") { id } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      dismantlings: [
        {
          id: 'op-2022-10-05-forceval',
          date: '2022-10-05',
          kind: 'DISMANTLING',
          description: 'Démantèlement définitif de la scène de consommation du square Forceval (19e)',
          sector: { code: 'forceval' },
          leadPartner: { code: 'pref-police' },
        },
      ],
      since: [],
    });
  });

  it('J2: several hundred officers every day and every night on the five sensitive sectors since the dismantling', async () => {
    const { data, errors } =
      await subgraph.query(`{ policeDeploymentSummary(from: "2022-10-06", to: "2023-11-30") { from to sectors { code } daysCovered daysWithBothShifts minSectorsPerDayAndShift
          officerShifts averageDailyOfficers minDailyOfficers maxDailyOfficers shifts { shift days officerShifts averageOfficers minOfficers maxOfficers } } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      policeDeploymentSummary: {
        from: '2022-10-06',
        to: '2023-11-30',
        sectors: ['canal-ourcq', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'stalingrad'].map((code) => ({ code })),
        // 421 days from 6 Oct 2022 to 30 Nov 2023, each with a day and a night shift on all five sectors.
        daysCovered: 421,
        daysWithBothShifts: 421,
        minSectorsPerDayAndShift: 5,
        officerShifts: 184345,
        averageDailyOfficers: 437.9,
        minDailyOfficers: 366,
        maxDailyOfficers: 504,
        shifts: [shift('DAY', 421, 95794, 227.5, 174, 273), shift('NIGHT', 421, 88551, 210.3, 168, 252)],
      },
    });
  });

  it('J3: evicts consumers when a scene re-forms, and Forceval has not re-formed', async () => {
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) {
        policeEvictionSummary(from: "2022-10-06", to: "2023-11-30") { from to evictions consumersEvicted reformingScenesEnded averageConsumersPerEviction lastEvictionAt }
        _entities(representations: $representations) { ... on Sector { code policeEvictions(from: "2022-10-06", to: "2023-11-30") { evictions reformingScenesEnded } } } }`,
      {
        representations: [
          { __typename: 'Sector', code: 'stalingrad' },
          { __typename: 'Sector', code: 'forceval' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      policeEvictionSummary: {
        from: '2022-10-06',
        to: '2023-11-30',
        evictions: 245,
        consumersEvicted: 2628,
        reformingScenesEnded: 100,
        averageConsumersPerEviction: 10.7,
        lastEvictionAt: '2023-11-29T15:06:00.000Z',
      },
      _entities: [
        { code: 'stalingrad', policeEvictions: { evictions: 50, reformingScenesEnded: 26 } },
        { code: 'forceval', policeEvictions: { evictions: 0, reformingScenesEnded: 0 } },
      ],
    });
  });

  it('J4–J6, J8: deportations 25 in 2023; cases +46 %; immediate appearances 117 → 226; therapeutic injunctions +18 %', async () => {
    const compare = 'compare(from: 2022, to: 2023, period: WHOLE_YEARS) { from to fromValue toValue change changePercent ratio }';
    const { data, errors } = await subgraph.query(`{ policeJusticeFigures {
          deportations { metric unit years { year value previousValue(period: WHOLE_YEARS) change(period: WHOLE_YEARS) changePercent(period: WHOLE_YEARS) } }
          prosecutableCases { metric unit ${compare} }
          immediateAppearances { metric unit ${compare} }
          therapeuticInjunctions { metric unit ${compare} } } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      policeJusticeFigures: {
        deportations: {
          metric: 'deportations',
          unit: 'person',
          years: [
            { year: 2022, value: 17, previousValue: null, change: null, changePercent: null },
            { year: 2023, value: 25, previousValue: 17, change: 8, changePercent: 47.1 },
          ],
        },
        prosecutableCases: {
          metric: 'prosecutable-cases',
          unit: 'case',
          compare: { from: 2022, to: 2023, fromValue: 500, toValue: 730, change: 230, changePercent: 46, ratio: 1.46 },
        },
        immediateAppearances: {
          metric: 'immediate-appearances',
          unit: 'case',
          compare: { from: 2022, to: 2023, fromValue: 117, toValue: 226, change: 109, changePercent: 93.2, ratio: 1.93 },
        },
        therapeuticInjunctions: {
          metric: 'therapeutic-injunctions',
          unit: 'injunction',
          compare: { from: 2022, to: 2023, fromValue: 250, toValue: 295, change: 45, changePercent: 18, ratio: 1.18 },
        },
      },
    });
  });

  it('J6: counts a year’s cases by procedure in SQL', async () => {
    const { data } = await subgraph.query('{ judicialCasesByProcedure(year: 2023) { procedure cases } }');
    expect(data).toEqual({
      judicialCasesByProcedure: [
        { procedure: 'IMMEDIATE_APPEARANCE', cases: 226 },
        { procedure: 'SUMMONS', cases: 331 },
        { procedure: 'JUDICIAL_INVESTIGATION', cases: 94 },
        { procedure: 'OTHER', cases: 79 },
      ],
    });
  });

  it('J7: sentences from a few months to several years, with area and territory bans', async () => {
    const { data, errors } = await subgraph.query(
      '{ judicialSentenceSummaries { year sentences minPrisonMonths maxPrisonMonths averagePrisonMonths withAreaBan withTerritoryBan } only2023: judicialSentenceSummaries(year: 2023) { year sentences } }',
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      judicialSentenceSummaries: [
        {
          year: 2022,
          sentences: 107,
          minPrisonMonths: 3,
          maxPrisonMonths: 60,
          averagePrisonMonths: 20.8,
          withAreaBan: 57,
          withTerritoryBan: 27,
        },
        {
          year: 2023,
          sentences: 192,
          minPrisonMonths: 3,
          maxPrisonMonths: 60,
          averagePrisonMonths: 19.7,
          withAreaBan: 114,
          withTerritoryBan: 63,
        },
      ],
      only2023: [{ year: 2023, sentences: 192 }],
    });
  });

  it('resolves Year and Sector representations together, one statement per kind of data', async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Year { year policeJustice { prosecutableCases { value change(period: WHOLE_YEARS) changePercent(period: WHOLE_YEARS) } deportations { value previousValue(period: WHOLE_YEARS) } therapeuticInjunctions { value } } }
        ... on Sector { code policeDeployments(from: "2023-11-30", to: "2023-11-30") { daysCovered daysWithBothShifts } } } }`,
      {
        representations: [
          { __typename: 'Year', year: 2023 },
          { __typename: 'Sector', code: 'stalingrad' },
          { __typename: 'Year', year: 2022 },
          { __typename: 'Sector', code: 'forceval' },
          { __typename: 'Year', year: 2019 },
          { __typename: 'Sector', code: 'rosa-parks' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        {
          year: 2023,
          policeJustice: {
            prosecutableCases: { value: 730, change: 230, changePercent: 46 },
            deportations: { value: 25, previousValue: 17 },
            therapeuticInjunctions: { value: 295 },
          },
        },
        { code: 'stalingrad', policeDeployments: { daysCovered: 1, daysWithBothShifts: 1 } },
        {
          year: 2022,
          policeJustice: {
            prosecutableCases: { value: 500, change: null, changePercent: null },
            deportations: { value: 17, previousValue: null },
            therapeuticInjunctions: { value: 250 },
          },
        },
        { code: 'forceval', policeDeployments: { daysCovered: 0, daysWithBothShifts: 0 } },
        { year: 2019, policeJustice: { prosecutableCases: null, deportations: null, therapeuticInjunctions: null } },
        { code: 'rosa-parks', policeDeployments: { daysCovered: 1, daysWithBothShifts: 1 } },
      ],
    });
    // One UNION ALL of the three yearly series for every year, one of the compared series' first and last days (their coverage), one deployment aggregate for every sector.
    expect(subgraph.built.statements.count).toBe(3);
  });

  it('resolves the six sectors with every police-justice field in a fixed number of statements', async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(allSectorFields, sectorRepresentations);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        {
          code: 'stalingrad',
          policeDeployments: {
            daysCovered: 31,
            daysWithBothShifts: 31,
            officerShifts: 2708,
            averageDailyOfficers: 87.4,
            minDailyOfficers: 67,
            maxDailyOfficers: 112,
            shifts: [shift('DAY', 31, 1455, 46.9, 32, 59), shift('NIGHT', 31, 1253, 40.4, 30, 54)],
          },
          policeOperations: [],
          policeEvictions: {
            evictions: 2,
            consumersEvicted: 31,
            reformingScenesEnded: 2,
            averageConsumersPerEviction: 15.5,
            lastEvictionAt: '2023-01-19T22:46:00.000Z',
          },
          policeJusticeFigures: sectorFigures({
            evictions: { 2022: 37, 2023: 41 },
            evictedConsumers: { 2022: 409, 2023: 480 },
            policeOperations: { 2022: 10, 2023: null },
            officerShifts: { 2022: 7620, 2023: 29124 },
            prosecutableCases: { 2022: 83, 2023: 157 },
            therapeuticInjunctions: { 2022: 40, 2023: 56 },
          }),
        },
        {
          code: 'eole',
          policeDeployments: {
            daysCovered: 31,
            daysWithBothShifts: 31,
            officerShifts: 2718,
            averageDailyOfficers: 87.7,
            minDailyOfficers: 63,
            maxDailyOfficers: 110,
            shifts: [shift('DAY', 31, 1460, 47.1, 32, 60), shift('NIGHT', 31, 1258, 40.6, 30, 53)],
          },
          policeOperations: [{ id: 'op-2023-01-06-0037', date: '2023-01-06', kind: 'CLEARANCE' }],
          policeEvictions: {
            evictions: 3,
            consumersEvicted: 39,
            reformingScenesEnded: 1,
            averageConsumersPerEviction: 13,
            lastEvictionAt: '2023-01-21T09:59:00.000Z',
          },
          policeJusticeFigures: sectorFigures({
            evictions: { 2022: 42, 2023: 34 },
            evictedConsumers: { 2022: 488, 2023: 365 },
            policeOperations: { 2022: 5, 2023: null },
            officerShifts: { 2022: 7630, 2023: 29250 },
            prosecutableCases: { 2022: 95, 2023: 129 },
            therapeuticInjunctions: { 2022: 48, 2023: 60 },
          }),
        },
        {
          code: 'porte-de-la-chapelle',
          policeDeployments: {
            daysCovered: 31,
            daysWithBothShifts: 31,
            officerShifts: 2747,
            averageDailyOfficers: 88.6,
            minDailyOfficers: 67,
            maxDailyOfficers: 110,
            shifts: [shift('DAY', 31, 1447, 46.7, 33, 59), shift('NIGHT', 31, 1300, 41.9, 30, 53)],
          },
          policeOperations: [{ id: 'op-2023-01-03-0039', date: '2023-01-03', kind: 'ARREST' }],
          policeEvictions: {
            evictions: 4,
            consumersEvicted: 27,
            reformingScenesEnded: 2,
            averageConsumersPerEviction: 6.8,
            lastEvictionAt: '2023-01-18T04:37:00.000Z',
          },
          policeJusticeFigures: sectorFigures({
            evictions: { 2022: 32, 2023: 44 },
            evictedConsumers: { 2022: 378, 2023: 434 },
            policeOperations: { 2022: null, 2023: null },
            officerShifts: { 2022: 7679, 2023: 29104 },
            prosecutableCases: { 2022: 81, 2023: 136 },
            therapeuticInjunctions: { 2022: 37, 2023: 52 },
          }),
        },
        {
          code: 'rosa-parks',
          policeDeployments: {
            daysCovered: 31,
            daysWithBothShifts: 31,
            officerShifts: 2843,
            averageDailyOfficers: 91.7,
            minDailyOfficers: 73,
            maxDailyOfficers: 107,
            shifts: [shift('DAY', 31, 1466, 47.3, 34, 59), shift('NIGHT', 31, 1377, 44.4, 33, 53)],
          },
          policeOperations: [{ id: 'op-2023-01-09-0038', date: '2023-01-09', kind: 'CLEARANCE' }],
          policeEvictions: {
            evictions: 4,
            consumersEvicted: 30,
            reformingScenesEnded: 2,
            averageConsumersPerEviction: 7.5,
            lastEvictionAt: '2023-01-24T23:18:00.000Z',
          },
          policeJusticeFigures: sectorFigures({
            evictions: { 2022: 37, 2023: 39 },
            evictedConsumers: { 2022: 386, 2023: 386 },
            policeOperations: { 2022: 5, 2023: 11 },
            officerShifts: { 2022: 7587, 2023: 29372 },
            prosecutableCases: { 2022: 111, 2023: 166 },
            therapeuticInjunctions: { 2022: 43, 2023: 69 },
          }),
        },
        {
          code: 'canal-ourcq',
          policeDeployments: {
            daysCovered: 31,
            daysWithBothShifts: 31,
            officerShifts: 2698,
            averageDailyOfficers: 87,
            minDailyOfficers: 63,
            maxDailyOfficers: 107,
            shifts: [shift('DAY', 31, 1377, 44.4, 32, 56), shift('NIGHT', 31, 1321, 42.6, 30, 53)],
          },
          policeOperations: [],
          policeEvictions: {
            evictions: 4,
            consumersEvicted: 33,
            reformingScenesEnded: 2,
            averageConsumersPerEviction: 8.3,
            lastEvictionAt: '2023-01-27T03:44:00.000Z',
          },
          policeJusticeFigures: sectorFigures({
            evictions: { 2022: 34, 2023: 39 },
            evictedConsumers: { 2022: 285, 2023: 439 },
            policeOperations: { 2022: 7, 2023: null },
            officerShifts: { 2022: 7598, 2023: 29381 },
            prosecutableCases: { 2022: 74, 2023: 142 },
            therapeuticInjunctions: { 2022: 51, 2023: 58 },
          }),
        },
        {
          code: 'forceval',
          policeDeployments: {
            daysCovered: 0,
            daysWithBothShifts: 0,
            officerShifts: 0,
            averageDailyOfficers: null,
            minDailyOfficers: null,
            maxDailyOfficers: null,
            shifts: [shift('DAY', 0, 0, null, null, null), shift('NIGHT', 0, 0, null, null, null)],
          },
          policeOperations: [],
          policeEvictions: {
            evictions: 0,
            consumersEvicted: 0,
            reformingScenesEnded: 0,
            averageConsumersPerEviction: null,
            lastEvictionAt: null,
          },
          policeJusticeFigures: sectorFigures({
            evictions: { 2022: 21 },
            evictedConsumers: { 2022: 216 },
            policeOperations: { 2022: null },
            officerShifts: {},
            prosecutableCases: { 2022: 56 },
            therapeuticInjunctions: { 2022: 31 },
          }),
        },
      ],
    });
    // Police operations are few per sector: below the default threshold of 5 (4, 3, 3 in 2023; Forceval's 4 in 2022) they are
    // hidden, with Porte de la Chapelle's 6 and 12, taken in the sectors' order, so that none can be narrowed (see test/disclosure.test.ts).
    // Deployments, operations, evictions: one statement each for the six sectors; the six yearly series of the six sectors: one more.
    expect(subgraph.built.statements.count).toBe(4);
  });

  it('gives each sector the plan-wide series restricted to it: the six sectors add up to the plan-wide value of every year without hidden counts', async () => {
    subgraph.built.statements.reset();
    type Series = { metric: string; unit: string; years: { year: number; value: number | null }[] };
    const selection = `{ ${sectorMetrics.map((metric) => `${metric} { metric unit years { year value } }`).join(' ')} }`;
    const { data, errors } = await subgraph.query<{
      policeJusticeFigures: Record<SectorMetric, Series>;
      _entities: {
        code: string;
        policeJusticeFigures: Record<SectorMetric, Series>;
        policeDeployments: { officerShifts: number };
        policeEvictions: { evictions: number };
      }[];
    }>(
      `query ($representations: [_Any!]!) { policeJusticeFigures ${selection}
        _entities(representations: $representations) { ... on Sector { code policeJusticeFigures ${selection}
          policeDeployments(from: "2022-01-01", to: "2022-12-31") { officerShifts } policeEvictions(from: "2023-01-01", to: "2023-12-31") { evictions } } } }`,
      sectorRepresentations,
    );
    expect(errors).toBeUndefined();
    const planWide = data!.policeJusticeFigures;
    const sectors = data!._entities;
    const valueOf = (series: Series, year: number) => series.years.find((figure) => figure.year === year)?.value ?? 0;
    for (const metric of sectorMetrics) {
      for (const sector of sectors) {
        // The same metric and unit as plan-wide, so that a sector's series means the same thing.
        expect(sector.policeJusticeFigures[metric]).toMatchObject({ metric: planWide[metric].metric, unit: planWide[metric].unit });
      }
      for (const year of [2022, 2023]) {
        const sum = sectors.reduce((total, sector) => total + valueOf(sector.policeJusticeFigures[metric], year), 0);
        const hidden = sectors.filter((sector) =>
          sector.policeJusticeFigures[metric].years.some((figure) => figure.year === year && figure.value === null),
        ).length;
        if (hidden === 0) expect({ metric, year, sum }).toEqual({ metric, year, sum: valueOf(planWide[metric], year) });
        // Hidden counts add nothing here, and never alone: one could be subtracted back from the plan-wide value.
        else
          expect({ metric, year, hiddenAlone: hidden === 1, short: sum < valueOf(planWide[metric], year) }).toEqual({
            metric,
            year,
            hiddenAlone: false,
            short: true,
          });
      }
    }
    expect(
      sectors.flatMap((sector) =>
        sectorMetrics.flatMap((metric) =>
          sector.policeJusticeFigures[metric].years
            .filter((figure) => figure.value === null)
            .map((figure) => `${sector.code} ${metric} ${figure.year}`),
        ),
      ),
    ).toEqual([
      'stalingrad policeOperations 2023',
      'eole policeOperations 2023',
      'porte-de-la-chapelle policeOperations 2022',
      'porte-de-la-chapelle policeOperations 2023',
      'canal-ourcq policeOperations 2023',
      'forceval policeOperations 2022',
    ]);
    // The communiqué's case and injunction counts are split over the sectors, not changed.
    expect(sectors.reduce((total, sector) => total + valueOf(sector.policeJusticeFigures.prosecutableCases, 2023), 0)).toBe(730);
    expect(sectors.reduce((total, sector) => total + valueOf(sector.policeJusticeFigures.therapeuticInjunctions, 2022), 0)).toBe(250);
    const [stalingrad] = sectors;
    const forceval = sectors[5];
    // Stalingrad's 2022 officers are its deployments from 6 October (the day after the dismantling) to the
    // year's end, and its 2023 evictions are those of the eviction summary over 2023: the same rows.
    expect(stalingrad?.code).toBe('stalingrad');
    expect(stalingrad?.policeJusticeFigures.officerShifts.years).toEqual([
      { year: 2022, value: 7620 },
      { year: 2023, value: 29124 },
    ]);
    expect(stalingrad?.policeDeployments.officerShifts).toBe(7620);
    expect(valueOf(stalingrad!.policeJusticeFigures.evictions, 2023)).toBe(stalingrad?.policeEvictions.evictions);
    // Police are never deployed on Forceval (only on the five sensitive sectors), and nothing happens
    // there after its dismantling in October 2022: an empty series, and 2022 only elsewhere, with the
    // dismantling among its operations (a hidden count: below the threshold).
    expect(forceval?.code).toBe('forceval');
    expect(forceval?.policeJusticeFigures.officerShifts).toEqual({ metric: 'officer-shifts', unit: 'officer-shift', years: [] });
    for (const metric of sectorMetrics)
      expect(forceval?.policeJusticeFigures[metric].years.map((figure) => figure.year)).toEqual(metric === 'officerShifts' ? [] : [2022]);
    expect(forceval?.policeJusticeFigures.policeOperations.years).toEqual([{ year: 2022, value: null }]);
    // Plan-wide series, the six sectors' series, deployments and evictions: one statement each.
    expect(subgraph.built.statements.count).toBe(4);
  });

  it('refuses bad arguments, naming the argument and the problem', async () => {
    const unknownSector = await subgraph.query('{ policeOperations(sector: "montmartre") { id } }');
    expect(unknownSector.errors?.[0]?.message).toBe(
      'policeOperations: "sector" is not a sector of the plan: "montmartre" (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
    );
    expect(unknownSector.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const negativeFirst = await subgraph.query('{ policeOperations(first: -1) { id } }');
    expect(negativeFirst.errors?.[0]?.message).toBe('policeOperations: "first" must be between 0 and 1000, got -1');
    expect(negativeFirst.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const reversed = await subgraph.query('{ policeDeploymentSummary(from: "2023-02-01", to: "2023-01-01") { daysCovered } }');
    expect(reversed.errors?.[0]?.message).toBe('policeDeploymentSummary: "from" (2023-02-01) is after "to" (2023-01-01)');
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const reversedOnSector = await subgraph.query(
      'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Sector { policeEvictions(from: "2023-02-01", to: "2023-01-01") { evictions } } } }',
      { r: [{ __typename: 'Sector', code: 'eole' }] },
    );
    expect(reversedOnSector.errors?.[0]?.message).toBe('Sector.policeEvictions: "from" (2023-02-01) is after "to" (2023-01-01)');
    expect(reversedOnSector.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const impossible = await subgraph.query('query ($from: Date) { policeEvictionSummary(from: $from) { evictions } }', {
      from: '2023-02-30',
    });
    expect(impossible.errors?.[0]?.message).toMatch(/real calendar date.*2023-02-30/);
    expect(impossible.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  describe('with three times the synthetic detail', () => {
    let scaled: RunningSubgraph;
    beforeAll(async () => {
      scaled = await startSubgraph(policeJustice, await engine.freshDatabase('police-justice', 'scale3'), { scale: 3 });
    });
    afterAll(() => scaled?.stop());

    it('answers the six sectors in the same number of statements, and keeps the communiqué figures', async () => {
      scaled.built.statements.reset();
      const { data, errors } = await scaled.query<{ _entities: { policeEvictions: { evictions: number } }[] }>(
        allSectorFields,
        sectorRepresentations,
      );
      expect(errors).toBeUndefined();
      expect(scaled.built.statements.count).toBe(4);
      // More rows behind the same statements: January 2023 had 17 evictions at scale 1.
      const evictions = (data?._entities ?? []).reduce((sum, sector) => sum + sector.policeEvictions.evictions, 0);
      expect(evictions).toBeGreaterThan(17 * 2);
      const figures = await scaled.query(
        '{ policeJusticeFigures { prosecutableCases { years { year value } } evictions { years { year value } } } }',
      );
      expect(figures.data).toEqual({
        policeJusticeFigures: {
          prosecutableCases: {
            years: [
              { year: 2022, value: 500 },
              { year: 2023, value: 730 },
            ],
          },
          evictions: {
            years: [
              { year: 2022, value: 618 },
              { year: 2023, value: 582 },
            ],
          },
        },
      });
    });
  });
});

describe.each(testEngines)('police-justice small-count suppression on $kind', (engine) => {
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    // High enough that Forceval's 21 evictions of 2022 fall below it, and nothing else of that metric.
    subgraph = await startSubgraph(
      policeJustice,
      await engine.freshDatabase('police-justice', 'threshold25'),
      { scale: 1 },
      { disclosureThreshold: 25 },
    );
  });
  afterAll(() => subgraph?.stop());

  it('hides a sector count below the threshold, and a complement of its year that keeps it from being given back', async () => {
    const { data, errors } = await subgraph.query<{
      policeJusticeFigures: unknown;
      _entities: { code: string; policeJusticeFigures: { evictions: unknown } }[];
    }>(
      `query ($representations: [_Any!]!) {
        policeJusticeFigures { evictions { years { year value suppressed { reason } } } }
        _entities(representations: $representations) { ... on Sector { code policeJusticeFigures { evictions {
          years { year value previousValue(period: WHOLE_YEARS) change(period: WHOLE_YEARS) changePercent(period: WHOLE_YEARS) suppressed { reason threshold } }
          compare(from: 2022, to: 2023, period: WHOLE_YEARS) { fromValue toValue change changePercent ratio } } } } } }`,
      sectorRepresentations,
    );
    expect(errors).toBeUndefined();
    const shown = (year: number, value: number, previousValue: number | null = null) => ({
      year,
      value,
      previousValue,
      change: previousValue === null ? null : value - previousValue,
      changePercent: previousValue === null ? null : Math.round(((value - previousValue) / previousValue) * 1000) / 10,
      suppressed: null,
    });
    const hidden = (year: number, reason: string) => ({
      year,
      value: null,
      previousValue: null,
      change: null,
      changePercent: null,
      suppressed: { reason, threshold: 25 },
    });
    const hiddenComparison = { fromValue: null, toValue: null, change: null, changePercent: null, ratio: null };
    expect(Object.fromEntries((data?._entities ?? []).map((sector) => [sector.code, sector.policeJusticeFigures.evictions]))).toEqual({
      stalingrad: {
        years: [shown(2022, 37), shown(2023, 41, 37)],
        compare: { fromValue: 37, toValue: 41, change: 4, changePercent: 10.8, ratio: 1.11 },
      },
      eole: {
        years: [shown(2022, 42), shown(2023, 34, 42)],
        compare: { fromValue: 42, toValue: 34, change: -8, changePercent: -19, ratio: 0.81 },
      },
      // The others in code order from 2022 mod 5 = 2: Porte de la Chapelle's 32 first. With it hidden, Forceval's 21 is anywhere in
      // [1, 24] (53 hidden, the complement at least 25); shown, 203 − the five others would give it back.
      'porte-de-la-chapelle': { years: [hidden(2022, 'RECOVERABLE_BY_SUBTRACTION'), shown(2023, 44)], compare: hiddenComparison },
      'rosa-parks': {
        years: [shown(2022, 37), shown(2023, 39, 37)],
        compare: { fromValue: 37, toValue: 39, change: 2, changePercent: 5.4, ratio: 1.05 },
      },
      'canal-ourcq': {
        years: [shown(2022, 34), shown(2023, 39, 34)],
        compare: { fromValue: 34, toValue: 39, change: 5, changePercent: 14.7, ratio: 1.15 },
      },
      // No 2023 row: a comparison without values (its reason says MISSING), not a null one.
      forceval: { years: [hidden(2022, 'BELOW_THRESHOLD')], compare: hiddenComparison },
    });
    // The plan-wide series is the published figure: never hidden.
    expect(data?.policeJusticeFigures).toEqual({
      evictions: {
        years: [
          { year: 2022, value: 203, suppressed: null },
          { year: 2023, value: 197, suppressed: null },
        ],
      },
    });
  });
});
