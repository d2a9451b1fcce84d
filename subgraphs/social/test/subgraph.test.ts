import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition as social } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

const sectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq', 'forceval'];

/** Every field social adds to Sector, with the sites' attendance as well. */
const allSectorFields = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector {
  code
  outreachCoverage(from: "2023-10-01", to: "2023-10-31") { daysInRange rounds daysCovered daysWithBothSlots daysWithBothLevels daysFullyCovered weekdays slots levels sectors { code } contactsMade }
  outreachRounds(from: "2023-10-01", to: "2023-10-31", first: 2) { id date slot level sector { code } }
  residentReports(from: "2023-01-01", to: "2023-11-30") { received handled pending averageHandlingMinutes byReporterKind { reporterKind received handled pending averageHandlingMinutes } }
  receptionSites { code attendance(from: "2023-10-01", to: "2023-10-31") { visits } }
  publicMeetings { id date }
  socialFigures {
    outreachRounds { metric unit years { year value change(period: WHOLE_YEARS) } }
    outreachContacts { metric unit years { year value } }
    residentReports { metric unit years { year value } }
    residentReportsHandled { metric unit years { year value } }
  }
} } }`;

describe.each(testEngines)('social subgraph on $kind', (engine) => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph(social, await engine.freshDatabase('social', 'unit'));
  });
  afterAll(() => subgraph?.stop());

  it('S1: the Porte de la Chapelle rest space, renovated and enlarged in October 2023, receives about 150 people a day', async () => {
    const { data, errors } = await subgraph.query(`{ receptionSite(code: "porte-de-la-chapelle-rest-space") {
          code name kind sector { code } operator { code } funders { code } history { date kind }
          november: attendance(from: "2023-11-01", to: "2023-11-30") { from to firstDay lastDay days visits averagePerDay minVisits maxVisits } } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      receptionSite: {
        code: 'porte-de-la-chapelle-rest-space',
        name: 'Espace de repos de la Porte de la Chapelle',
        kind: 'REST_SPACE',
        sector: { code: 'porte-de-la-chapelle' },
        operator: { code: 'ville-paris' },
        funders: [{ code: 'ars-idf' }, { code: 'ville-paris' }],
        history: [
          { date: '2021-06-01', kind: 'OPENED' },
          { date: '2023-10-02', kind: 'RENOVATED_AND_ENLARGED' },
        ],
        november: {
          from: '2023-11-01',
          to: '2023-11-30',
          firstDay: '2023-11-01',
          lastDay: '2023-11-30',
          days: 30,
          visits: 4500,
          averagePerDay: 150,
          minVisits: 145,
          maxVisits: 155,
        },
      },
    });
  });

  it('S2–S4: visits, people and women cared for, rights-access acts per year, the changes computed by the graph', async () => {
    const series =
      'metric unit years { year value previousValue(period: WHOLE_YEARS) change(period: WHOLE_YEARS) } compare(from: 2022, to: 2023, period: WHOLE_YEARS) { fromValue toValue change }';
    const { data, errors } = await subgraph.query(
      `{ socialFigures { restSpaceVisits { ${series} } peopleCaredFor { ${series} } womenCaredFor { ${series} } rightsAccessActs { ${series} } } }`,
    );
    expect(errors).toBeUndefined();
    const figures = (metric: string, unit: string, v2022: number, v2023: number) => ({
      metric,
      unit,
      years: [
        { year: 2022, value: v2022, previousValue: null, change: null },
        { year: 2023, value: v2023, previousValue: v2022, change: v2023 - v2022 },
      ],
      compare: { fromValue: v2022, toValue: v2023, change: v2023 - v2022 },
    });
    expect(data).toEqual({
      socialFigures: {
        restSpaceVisits: figures('rest-space-visits', 'visit', 31_241, 36_741),
        peopleCaredFor: figures('people-cared-for', 'person', 2_565, 3_565),
        womenCaredFor: figures('women-cared-for', 'person', 250, 380),
        rightsAccessActs: figures('rights-access-acts', 'act', 750, 1_000),
      },
    });
  });

  it('adds social figures to Year from the same series, null where there is no data', async () => {
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Year { year social {
          restSpaceVisits { value change(period: WHOLE_YEARS) } peopleCaredFor { value change(period: WHOLE_YEARS) } womenCaredFor { value change(period: WHOLE_YEARS) } rightsAccessActs { value }
          outreachRounds { value } residentReports { value } } } } }`,
      {
        representations: [
          { __typename: 'Year', year: 2023 },
          { __typename: 'Year', year: 2021 },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        {
          year: 2023,
          social: {
            restSpaceVisits: { value: 36_741, change: 5_500 },
            peopleCaredFor: { value: 3_565, change: 1_000 },
            womenCaredFor: { value: 380, change: 130 },
            rightsAccessActs: { value: 1_000 },
            outreachRounds: { value: 334 * 24 },
            residentReports: { value: 330 },
          },
        },
        {
          year: 2021,
          social: {
            restSpaceVisits: null,
            peopleCaredFor: null,
            womenCaredFor: null,
            rightsAccessActs: null,
            outreachRounds: null,
            residentReports: null,
          },
        },
      ],
    });
  });

  it('S5: outreach rounds cover every sector 7 days a week, twice a day, above and below ground', async () => {
    const { data, errors } = await subgraph.query(`{ outreachCoverage(from: "2022-01-01", to: "2023-11-30") {
          from to daysInRange rounds daysCovered daysWithBothSlots daysWithBothLevels daysFullyCovered weekdays slots levels sectors { code } contactsMade } }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      outreachCoverage: {
        from: '2022-01-01',
        to: '2023-11-30',
        daysInRange: 699,
        rounds: 699 * 2 * 2 * 6,
        daysCovered: 699,
        daysWithBothSlots: 699,
        daysWithBothLevels: 699,
        daysFullyCovered: 699,
        weekdays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
        slots: ['MORNING', 'EVENING'],
        levels: ['SURFACE', 'UNDERGROUND'],
        sectors: [...sectorCodes].sort().map((code) => ({ code })),
        // Synthetic.
        contactsMade: 158_895,
      },
    });
  });

  it('S5: a range beyond the data is covered only where rounds exist', async () => {
    const { data } = await subgraph.query(
      '{ outreachCoverage(from: "2023-11-29", to: "2023-12-05", sector: "eole") { daysInRange rounds daysCovered daysFullyCovered weekdays sectors { code } } }',
    );
    expect(data).toEqual({
      outreachCoverage: {
        daysInRange: 7,
        rounds: 8,
        daysCovered: 2,
        daysFullyCovered: 2,
        weekdays: ['WEDNESDAY', 'THURSDAY'],
        sectors: [{ code: 'eole' }],
      },
    });
  });

  it('reads an open end of a coverage range as the first or last day with a recorded round', async () => {
    const fields = 'from to daysInRange rounds daysCovered';
    const { data, errors } = await subgraph.query(`{
      everyDay: outreachCoverage { ${fields} }
      sinceNovember: outreachCoverage(from: "2023-11-01") { ${fields} }
      upTo2022: outreachCoverage(to: "2022-01-31", sector: "eole") { ${fields} }
      stalingrad: _entities(representations: [{ __typename: "Sector", code: "stalingrad" }]) { ... on Sector { outreachCoverage { ${fields} } } }
    }`);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      everyDay: { from: '2022-01-01', to: '2023-11-30', daysInRange: 699, rounds: 699 * 2 * 2 * 6, daysCovered: 699 },
      sinceNovember: { from: '2023-11-01', to: '2023-11-30', daysInRange: 30, rounds: 30 * 2 * 2 * 6, daysCovered: 30 },
      upTo2022: { from: '2022-01-01', to: '2022-01-31', daysInRange: 31, rounds: 31 * 2 * 2, daysCovered: 31 },
      stalingrad: [{ outreachCoverage: { from: '2022-01-01', to: '2023-11-30', daysInRange: 699, rounds: 699 * 2 * 2, daysCovered: 699 } }],
    });
    // Six sectors with an open end: the data's days read once for the request, then the coverage's one statement.
    subgraph.built.statements.reset();
    const six = await subgraph.query(
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector { outreachCoverage(from: "2023-11-01") { to daysCovered } } } }',
      {
        representations: sectorCodes.map((code) => ({ __typename: 'Sector', code })),
      },
    );
    expect(six.errors).toBeUndefined();
    expect(six.data).toEqual({ _entities: sectorCodes.map(() => ({ outreachCoverage: { to: '2023-11-30', daysCovered: 30 } })) });
    expect(subgraph.built.statements.count).toBe(2);
  });

  it('still answers the deprecated Sector.outreach as Sector.outreachCoverage', async () => {
    const fields =
      'from to daysInRange rounds daysCovered daysWithBothSlots daysWithBothLevels daysFullyCovered weekdays slots levels sectors { code } contactsMade';
    const { data, errors } =
      await subgraph.query(`{ _entities(representations: [{ __typename: "Sector", code: "eole" }, { __typename: "Sector", code: "forceval" }]) { ... on Sector {
      old: outreach(from: "2023-10-01", to: "2023-10-31") { ${fields} }
      new: outreachCoverage(from: "2023-10-01", to: "2023-10-31") { ${fields} }
    } } }`);
    expect(errors).toBeUndefined();
    const entities = (data as { _entities: { old: unknown; new: unknown }[] })._entities;
    expect(entities.map((entity) => entity.old)).toEqual(entities.map((entity) => entity.new));
    expect(entities[0]?.new).toMatchObject({ from: '2023-10-01', to: '2023-10-31', daysInRange: 31, rounds: 124 });
    const reversed = await subgraph.query(
      '{ _entities(representations: [{ __typename: "Sector", code: "eole" }]) { ... on Sector { outreach(from: "2023-11-30", to: "2023-11-01") { rounds } } } }',
    );
    expect(reversed.errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([
      { message: 'outreach: "from" (2023-11-30) is after "to" (2023-11-01)', code: 'BAD_USER_INPUT' },
    ]);
  });

  it('S6: reports from residents, shopkeepers and district mayors, answered by the UASA mobile teams', async () => {
    const { data, errors } = await subgraph.query(`{ residentReportSummary(from: "2023-01-01", to: "2023-11-30") {
          from to received handled pending averageHandlingMinutes byReporterKind { reporterKind received handled pending averageHandlingMinutes } }
         eole: residentReportSummary(sector: "eole", from: "2023-10-01", to: "2023-10-31") { received handled byReporterKind { reporterKind received } } }`);
    expect(errors).toBeUndefined();
    // Synthetic values.
    expect(data).toEqual({
      residentReportSummary: {
        from: '2023-01-01',
        to: '2023-11-30',
        received: 330,
        handled: 313,
        pending: 17,
        averageHandlingMinutes: 156,
        byReporterKind: [
          { reporterKind: 'RESIDENT', received: 200, handled: 185, pending: 15, averageHandlingMinutes: 154 },
          { reporterKind: 'SHOPKEEPER', received: 95, handled: 94, pending: 1, averageHandlingMinutes: 160 },
          { reporterKind: 'DISTRICT_MAYOR', received: 35, handled: 34, pending: 1, averageHandlingMinutes: 154 },
        ],
      },
      eole: {
        received: 5,
        handled: 5,
        byReporterKind: [
          { reporterKind: 'RESIDENT', received: 2 },
          { reporterKind: 'SHOPKEEPER', received: 2 },
          { reporterKind: 'DISTRICT_MAYOR', received: 1 },
        ],
      },
    });
  });

  it('S7: the public meeting with the residents of Rosa Parks on 18 October 2023', async () => {
    const { data, errors } = await subgraph.query(
      '{ publicMeetings(from: "2023-10-01", to: "2023-10-31") { id date title audience sector { code } } }',
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      publicMeetings: [
        {
          id: 'rosa-parks-2023-10-18',
          date: '2023-10-18',
          title: 'Réunion publique avec les riverains du quartier Rosa Parks',
          audience: 'RESIDENTS',
          sector: { code: 'rosa-parks' },
        },
      ],
    });
  });

  it('resolves several representations of several types with one statement per batch', async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on ReceptionSite { code kind attendance(from: "2023-11-01", to: "2023-11-30") { days visits } }
        ... on OutreachRound { id slot level operator sector { code } }
        ... on PlanAction { id residentReports(from: "2023-11-01", to: "2023-11-30") { received handled } }
        ... on Year { year social { restSpaceVisits { value } } } } }`,
      {
        representations: [
          { __typename: 'ReceptionSite', code: 'porte-de-la-chapelle-rest-space' },
          { __typename: 'OutreachRound', id: '2023-10-18-EVENING-UNDERGROUND-rosa-parks' },
          { __typename: 'ReceptionSite', code: 'rosa-parks-night-shelter' },
          { __typename: 'PlanAction', id: '2.04' },
          { __typename: 'OutreachRound', id: '2022-01-01-MORNING-SURFACE-stalingrad' },
          { __typename: 'ReceptionSite', code: 'no-such-site' },
          { __typename: 'Year', year: 2022 },
          { __typename: 'PlanAction', id: '1.01' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        { code: 'porte-de-la-chapelle-rest-space', kind: 'REST_SPACE', attendance: { days: 30, visits: 4500 } },
        {
          id: '2023-10-18-EVENING-UNDERGROUND-rosa-parks',
          slot: 'EVENING',
          level: 'UNDERGROUND',
          operator: 'Aurore avec la RATP',
          sector: { code: 'rosa-parks' },
        },
        { code: 'rosa-parks-night-shelter', kind: 'NIGHT_SHELTER', attendance: { days: 30, visits: 696 } },
        { id: '2.04', residentReports: { received: 28, handled: 27 } },
        {
          id: '2022-01-01-MORNING-SURFACE-stalingrad',
          slot: 'MORNING',
          level: 'SURFACE',
          operator: 'Gaïa Paris',
          sector: { code: 'stalingrad' },
        },
        null,
        { year: 2022, social: { restSpaceVisits: { value: 31_241 } } },
        { id: '1.01', residentReports: { received: 0, handled: 0 } },
      ],
    });
    // Sites, rounds, the sites' attendance, the actions' reports, the visits series.
    expect(subgraph.built.statements.count).toBe(5);
  });

  it('resolves every Sector field for the six sectors in the same statements whatever the number of rows', async () => {
    const representations = sectorCodes.map((code) => ({ __typename: 'Sector', code }));
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(allSectorFields, { representations });
    expect(errors).toBeUndefined();
    const statementsAtScale1 = subgraph.built.statements.count;
    // Coverage (1: the days added up, with which weekdays, slots, levels and sectors had rounds), rounds, reports,
    // sites, the sites' attendance, meetings, the sector figures (2: rounds and contacts from one GROUP BY, reports
    // received and handled from another), and the first and last days of their metrics, for their comparisons (1, a UNION ALL).
    expect(statementsAtScale1).toBe(9);
    const entities = (data as { _entities: Record<string, unknown>[] })._entities;
    expect(entities[3]).toEqual({
      code: 'rosa-parks',
      outreachCoverage: {
        daysInRange: 31,
        rounds: 124,
        daysCovered: 31,
        daysWithBothSlots: 31,
        daysWithBothLevels: 31,
        daysFullyCovered: 31,
        weekdays: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
        slots: ['MORNING', 'EVENING'],
        levels: ['SURFACE', 'UNDERGROUND'],
        sectors: [{ code: 'rosa-parks' }],
        contactsMade: 1_187,
      },
      // Latest first: the evening before the morning.
      outreachRounds: [
        {
          id: '2023-10-31-EVENING-SURFACE-rosa-parks',
          date: '2023-10-31',
          slot: 'EVENING',
          level: 'SURFACE',
          sector: { code: 'rosa-parks' },
        },
        {
          id: '2023-10-31-EVENING-UNDERGROUND-rosa-parks',
          date: '2023-10-31',
          slot: 'EVENING',
          level: 'UNDERGROUND',
          sector: { code: 'rosa-parks' },
        },
      ],
      residentReports: {
        received: 73,
        handled: 71,
        pending: 2,
        averageHandlingMinutes: 164,
        byReporterKind: [
          { reporterKind: 'RESIDENT', received: 45, handled: 44, pending: 1, averageHandlingMinutes: 166 },
          { reporterKind: 'SHOPKEEPER', received: 21, handled: 21, pending: 0, averageHandlingMinutes: 168 },
          { reporterKind: 'DISTRICT_MAYOR', received: 7, handled: 6, pending: 1, averageHandlingMinutes: 130 },
        ],
      },
      receptionSites: [{ code: 'rosa-parks-night-shelter', attendance: { visits: 754 } }],
      publicMeetings: [{ id: 'rosa-parks-2023-10-18', date: '2023-10-18' }],
      socialFigures: {
        // 2 slots × 2 levels a day: 365 days of 2022, 334 of 2023 (to 30 November).
        outreachRounds: {
          metric: 'outreach-rounds',
          unit: 'round',
          years: [
            { year: 2022, value: 1_460, change: null },
            { year: 2023, value: 1_336, change: -124 },
          ],
        },
        // Synthetic.
        outreachContacts: {
          metric: 'outreach-contacts',
          unit: 'contact',
          years: [
            { year: 2022, value: 13_711 },
            { year: 2023, value: 12_709 },
          ],
        },
        // Reports start in 2023: the same as residentReports over January–November 2023 above.
        residentReports: { metric: 'resident-reports', unit: 'report', years: [{ year: 2023, value: 73 }] },
        residentReportsHandled: { metric: 'resident-reports-handled', unit: 'report', years: [{ year: 2023, value: 71 }] },
      },
    });
    expect(entities.map((sector) => (sector.residentReports as { received: number }).received)).toEqual([58, 73, 59, 73, 31, 36]);

    const scaled = await startSubgraph(social, await engine.freshDatabase('social', 'scale3'), { scale: 3 });
    try {
      scaled.built.statements.reset();
      const scaledResult = await scaled.query(allSectorFields, { representations });
      expect(scaledResult.errors).toBeUndefined();
      expect(scaled.built.statements.count).toBe(statementsAtScale1);
      // Three times the reports behind the same statements.
      type ScaledSector = {
        residentReports: { received: number };
        socialFigures: { residentReports: { years: { year: number; value: number }[] } };
      };
      const scaledEntities = (scaledResult.data as { _entities: ScaledSector[] })._entities;
      expect(scaledEntities.reduce((sum, sector) => sum + sector.residentReports.received, 0)).toBe(990);
      expect(
        scaledEntities.reduce(
          (sum, sector) => sum + (sector.socialFigures.residentReports.years.find((y) => y.year === 2023)?.value ?? 0),
          0,
        ),
      ).toBe(990);
    } finally {
      await scaled.stop();
    }
  });

  it("the six sectors' yearly figures add up to the plan-wide series, a sector without rows has none", async () => {
    const perYear = 'metric unit y2022: year(year: 2022) { value } y2023: year(year: 2023) { value }';
    const sectorFigures = `socialFigures { outreachRounds { ${perYear} } outreachContacts { ${perYear} } residentReports { ${perYear} } residentReportsHandled { ${perYear} } }`;
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) {
        socialFigures { outreachRounds { ${perYear} } residentReports { ${perYear} } }
        _entities(representations: $representations) { ... on Sector { code ${sectorFigures} } } }`,
      { representations: sectorCodes.map((code) => ({ __typename: 'Sector', code })) },
    );
    expect(errors).toBeUndefined();
    type Series = { metric: string; unit: string; y2022: { value: number } | null; y2023: { value: number } | null };
    const { socialFigures: planWide, _entities: sectors } = data as {
      socialFigures: Record<'outreachRounds' | 'residentReports', Series>;
      _entities: {
        code: string;
        socialFigures: Record<'outreachRounds' | 'outreachContacts' | 'residentReports' | 'residentReportsHandled', Series>;
      }[];
    };
    // A year with no row is null plan-wide and in every sector (reports start in 2023); otherwise the sectors add up.
    const sumOfSectors = (metric: 'outreachRounds' | 'residentReports', year: 'y2022' | 'y2023') =>
      sectors.every((sector) => sector.socialFigures[metric][year] === null)
        ? null
        : { value: sectors.reduce((sum, sector) => sum + (sector.socialFigures[metric][year]?.value ?? 0), 0) };
    for (const metric of ['outreachRounds', 'residentReports'] as const) {
      for (const sector of sectors) {
        expect({ metric: sector.socialFigures[metric].metric, unit: sector.socialFigures[metric].unit }).toEqual({
          metric: planWide[metric].metric,
          unit: planWide[metric].unit,
        });
      }
      expect({ y2022: sumOfSectors(metric, 'y2022'), y2023: sumOfSectors(metric, 'y2023') }).toEqual({
        y2022: planWide[metric].y2022,
        y2023: planWide[metric].y2023,
      });
    }
    expect(planWide.outreachRounds.y2023).toEqual({ value: 334 * 24 });
    expect(planWide.residentReports).toMatchObject({ y2022: null, y2023: { value: 330 } });
    // Every day of 2022, 2 slots × 2 levels: 1,460 rounds in each sector; the Stalingrad reports of 2023 (see the six-sector test).
    const stalingrad = sectors.find((sector) => sector.code === 'stalingrad')!.socialFigures;
    expect(stalingrad.outreachRounds.y2022).toEqual({ value: 365 * 4 });
    expect(stalingrad.residentReports).toMatchObject({ y2022: null, y2023: { value: 58 } });
    // Contacts have no plan-wide series: over both years they add up to the coverage's contacts (S5).
    expect(
      sectors.reduce(
        (sum, sector) =>
          sum + (sector.socialFigures.outreachContacts.y2022?.value ?? 0) + (sector.socialFigures.outreachContacts.y2023?.value ?? 0),
        0,
      ),
    ).toBe(158_895);
    // Handled reports, counted in their year of reception, add up to the summary's handled count (S6).
    expect(sectors.reduce((sum, sector) => sum + (sector.socialFigures.residentReportsHandled.y2023?.value ?? 0), 0)).toBe(313);

    // A sector whose rows are all gone gets series with no years.
    const empty = await subgraph.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector { socialFigures { outreachRounds { metric years { year } } residentReportsHandled { years { year } } } } } }`,
      { representations: [{ __typename: 'Sector', code: 'no-rows-here' }] },
    );
    expect(empty.errors).toBeUndefined();
    expect(empty.data).toEqual({
      _entities: [{ socialFigures: { outreachRounds: { metric: 'outreach-rounds', years: [] }, residentReportsHandled: { years: [] } } }],
    });
  });

  it('refuses bad input with BAD_USER_INPUT, naming the argument', async () => {
    const cases: [string, string][] = [
      [
        '{ outreachCoverage(from: "2023-11-30", to: "2023-11-01") { rounds } }',
        'outreachCoverage: "from" (2023-11-30) is after "to" (2023-11-01)',
      ],
      [
        '{ outreachCoverage(from: "2023-01-01", to: "2023-11-30", sector: "montmartre") { rounds } }',
        'outreachCoverage: "sector" is not a sector of the plan: "montmartre" (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
      ],
      [
        '{ residentReportSummary(sector: "nowhere") { received } }',
        'residentReportSummary: "sector" is not a sector of the plan: "nowhere" (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
      ],
      [
        '{ receptionSite(code: "porte-de-la-chapelle-rest-space") { attendance(from: "2023-12-01", to: "2023-11-01") { visits } } }',
        'attendance: "from" (2023-12-01) is after "to" (2023-11-01)',
      ],
      [
        '{ _entities(representations: [{ __typename: "Sector", code: "eole" }]) { ... on Sector { outreachRounds(first: -1) { id } } } }',
        'outreachRounds: "first" must be between 0 and 500, got -1',
      ],
      [
        '{ _entities(representations: [{ __typename: "Sector", code: "eole" }]) { ... on Sector { outreachRounds(first: 501) { id } } } }',
        'outreachRounds: "first" must be between 0 and 500, got 501',
      ],
    ];
    for (const [query, message] of cases) {
      const { errors } = await subgraph.query(query);
      expect(errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([
        { message, code: 'BAD_USER_INPUT' },
      ]);
    }
    // Sent as a variable, the impossible date fails coercion with BAD_USER_INPUT (as a literal, validation refuses it).
    const impossible = await subgraph.query('query ($from: Date) { publicMeetings(from: $from) { id } }', { from: '2023-02-30' });
    expect(impossible.errors?.[0]?.message).toMatch(/real calendar date.*2023-02-30/);
    expect(impossible.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe.each(testEngines)('social small-count suppression on $kind', (engine) => {
  type Series = { years: { year: number; value: number | null; suppressed: { reason: string; threshold: number } | null }[] };
  type Figures = { residentReports: Series; residentReportsHandled: Series; outreachRounds: Series };
  const query = `query ($representations: [_Any!]!) {
    socialFigures { residentReports { years { year value } } }
    _entities(representations: $representations) { ... on Sector { code socialFigures {
      residentReports { years { year value suppressed { reason threshold } } }
      residentReportsHandled { years { year value suppressed { reason threshold } } }
      outreachRounds { years { year value suppressed { reason threshold } } } } } } }`;
  const representations = (codes: readonly string[]) => ({ representations: codes.map((code) => ({ __typename: 'Sector', code })) });
  const shown = (value: number) => ({ years: [{ year: 2023, value, suppressed: null }] });
  const hidden = (reason: string) => ({ years: [{ year: 2023, value: null, suppressed: { reason, threshold: 35 } }] });

  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    // High enough that Canal de l'Ourcq's 31 reports of 2023 fall below it.
    subgraph = await startSubgraph(social, await engine.freshDatabase('social', 'threshold35'), { scale: 1 }, { disclosureThreshold: 35 });
  });
  afterAll(() => subgraph?.stop());

  it('hides a count below the threshold with its complement, two counts below it with one too, and never the plan-wide one', async () => {
    const { data, errors } = await subgraph.query<{ socialFigures: unknown; _entities: { code: string; socialFigures: Figures }[] }>(
      query,
      representations(sectorCodes),
    );
    expect(errors).toBeUndefined();
    const bySector = (pick: (figures: Figures) => Series) =>
      Object.fromEntries((data?._entities ?? []).map((sector) => [sector.code, pick(sector.socialFigures)]));
    expect(bySector((figures) => figures.residentReports)).toEqual({
      stalingrad: shown(58),
      eole: shown(73),
      'porte-de-la-chapelle': shown(59),
      // The others in code order from 2023 mod 5 = 3: Rosa Parks' 73 first. Shown, 330 − the four others would give the 31 back.
      'rosa-parks': hidden('RECOVERABLE_BY_SUBTRACTION'),
      'canal-ourcq': hidden('BELOW_THRESHOLD'),
      forceval: shown(36),
    });
    // 31 and 34: alone they would say that the two add up to 65, so a complement is hidden too (from 2023 mod 4 = 3: Stalingrad).
    expect(bySector((figures) => figures.residentReportsHandled)).toEqual({
      stalingrad: hidden('RECOVERABLE_BY_SUBTRACTION'),
      eole: shown(66),
      'porte-de-la-chapelle': shown(57),
      'rosa-parks': shown(71),
      'canal-ourcq': hidden('BELOW_THRESHOLD'),
      forceval: hidden('BELOW_THRESHOLD'),
    });
    for (const sector of data?._entities ?? []) {
      expect(sector.socialFigures.outreachRounds.years).toEqual([
        { year: 2022, value: 1460, suppressed: null },
        { year: 2023, value: 1336, suppressed: null },
      ]);
    }
    expect(data?.socialFigures).toEqual({ residentReports: { years: [{ year: 2023, value: 330 }] } });
  });

  it('hides the same counts when one sector is asked for alone', async () => {
    const { data, errors } = await subgraph.query<{ _entities: { code: string; socialFigures: Figures }[] }>(
      query,
      representations(['rosa-parks']),
    );
    expect(errors).toBeUndefined();
    expect(data?._entities.map((sector) => [sector.code, sector.socialFigures.residentReports])).toEqual([
      ['rosa-parks', hidden('RECOVERABLE_BY_SUBTRACTION')],
    ]);
  });
});
