import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anonymousIdentity } from '../../../platform/identity.js';
import { definition as ratp } from '../server.js';
import { addDays } from '../../shared/sql.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

const sectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq', 'forceval'];

/** Every Sector field RATP adds, for the six sectors at once. */
const allSectorFields = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector {
  code stations { code }
  ratpJointPatrols(from: "2023-01-01", to: "2023-11-30") { patrols days ratpAgents }
  stationIncidents(from: "2023-01-01", to: "2023-11-30") { total trainTrafficInterruptions byKind { kind count } }
  latestStationIncidents(first: 2) { id occurredAt kind station { code } }
  ratpFigures { incidents { metric unit years { year value } } trainTrafficInterruptions { years { year value } }
    jointPatrols { years { year value } } } } } }`;
const sixSectors = { representations: sectorCodes.map((code) => ({ __typename: 'Sector', code })) };

describe.each(testEngines)('ratp subgraph on $kind', (engine) => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph(ratp, await engine.freshDatabase('ratp', 'unit'));
  });
  afterAll(() => subgraph?.stop());

  it('R2: covers the metro and RER stations of every sector, with their lines', async () => {
    const { data, errors } = await subgraph.query('{ ratpStations { code name sector { code } lines { code mode } } }');
    expect(errors).toBeUndefined();
    const m = (code: string) => ({ code, mode: 'METRO' });
    expect(data).toEqual({
      ratpStations: [
        { code: 'corentin-cariou', name: 'Corentin Cariou', sector: { code: 'rosa-parks' }, lines: [m('M7')] },
        { code: 'jaures', name: 'Jaurès', sector: { code: 'stalingrad' }, lines: [m('M2'), m('M5'), m('M7B')] },
        { code: 'la-chapelle', name: 'La Chapelle', sector: { code: 'eole' }, lines: [m('M2')] },
        { code: 'laumiere', name: 'Laumière', sector: { code: 'canal-ourcq' }, lines: [m('M5')] },
        { code: 'marx-dormoy', name: 'Marx Dormoy', sector: { code: 'eole' }, lines: [m('M12')] },
        { code: 'ourcq', name: 'Ourcq', sector: { code: 'canal-ourcq' }, lines: [m('M5')] },
        { code: 'porte-de-la-chapelle', name: 'Porte de la Chapelle', sector: { code: 'porte-de-la-chapelle' }, lines: [m('M12')] },
        { code: 'porte-de-la-villette', name: 'Porte de la Villette', sector: { code: 'forceval' }, lines: [m('M7')] },
        { code: 'rosa-parks', name: 'Rosa Parks', sector: { code: 'rosa-parks' }, lines: [{ code: 'RER-E', mode: 'RER' }] },
        { code: 'stalingrad', name: 'Stalingrad', sector: { code: 'stalingrad' }, lines: [m('M2'), m('M5'), m('M7')] },
      ],
    });
  });

  it('R2: lists the lines run by the RATP and their stations in the sectors, and filters stations by sector', async () => {
    const { data, errors } = await subgraph.query(
      '{ ratpLines { code stations { code } operator { code } } ratpStations(sector: "eole") { code } ratpLine(code: "RER-E") { name mode } }',
    );
    expect(errors).toBeUndefined();
    const line = (code: string, stations: string[]) => ({ code, stations: stations.map((s) => ({ code: s })), operator: { code: 'ratp' } });
    expect(data).toEqual({
      ratpLines: [
        line('M12', ['marx-dormoy', 'porte-de-la-chapelle']),
        line('M2', ['jaures', 'la-chapelle', 'stalingrad']),
        line('M5', ['jaures', 'laumiere', 'ourcq', 'stalingrad']),
        line('M7', ['corentin-cariou', 'porte-de-la-villette', 'stalingrad']),
        line('M7B', ['jaures']),
        line('RER-E', ['rosa-parks']),
      ],
      ratpStations: [{ code: 'la-chapelle' }, { code: 'marx-dormoy' }],
      ratpLine: { name: 'RER E — Haussmann–Saint-Lazare ↔ Chelles–Gournay / Tournan', mode: 'RER' },
    });
  });

  it('R1: links underground outreach rounds to the RATP agents who joined them, and counts them per year in SQL', async () => {
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on OutreachRound { id ratpJointPatrols { id date slot ratpAgents station { code } outreachRound { id } } } }
        ratpFigures { jointPatrols { metric unit years { year value previousValue(period: WHOLE_YEARS) change(period: WHOLE_YEARS) changePercent(period: WHOLE_YEARS) } } } }`,
      {
        representations: [
          { __typename: 'OutreachRound', id: '2023-11-28-EVENING-UNDERGROUND-stalingrad' },
          { __typename: 'OutreachRound', id: '2023-11-28-MORNING-UNDERGROUND-stalingrad' },
          { __typename: 'OutreachRound', id: '2023-11-28-EVENING-SURFACE-stalingrad' },
          { __typename: 'OutreachRound', id: '2023-11-27-EVENING-UNDERGROUND-porte-de-la-chapelle' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        {
          id: '2023-11-28-EVENING-UNDERGROUND-stalingrad',
          ratpJointPatrols: [
            {
              id: 'ratp-2023-11-28-EVENING-UNDERGROUND-stalingrad',
              date: '2023-11-28',
              slot: 'EVENING',
              ratpAgents: 2,
              station: { code: 'jaures' },
              outreachRound: { id: '2023-11-28-EVENING-UNDERGROUND-stalingrad' },
            },
          ],
        },
        // RATP did not join that morning round; surface rounds are never joined underground.
        { id: '2023-11-28-MORNING-UNDERGROUND-stalingrad', ratpJointPatrols: [] },
        { id: '2023-11-28-EVENING-SURFACE-stalingrad', ratpJointPatrols: [] },
        {
          id: '2023-11-27-EVENING-UNDERGROUND-porte-de-la-chapelle',
          ratpJointPatrols: [
            {
              id: 'ratp-2023-11-27-EVENING-UNDERGROUND-porte-de-la-chapelle',
              date: '2023-11-27',
              slot: 'EVENING',
              ratpAgents: 3,
              station: { code: 'porte-de-la-chapelle' },
              outreachRound: { id: '2023-11-27-EVENING-UNDERGROUND-porte-de-la-chapelle' },
            },
          ],
        },
      ],
      ratpFigures: {
        jointPatrols: {
          metric: 'joint-patrols',
          unit: 'patrol',
          years: [
            { year: 2022, value: 1871, previousValue: null, change: null, changePercent: null },
            { year: 2023, value: 1746, previousValue: 1871, change: -125, changePercent: -6.7 },
          ],
        },
      },
    });
  });

  it('counts incidents per year, per station and kind in SQL, and lists a station’s latest incidents', async () => {
    const { data, errors } =
      await subgraph.query(`{ ratpFigures { incidents { years { year value } compare(from: 2022, to: 2023, period: WHOLE_YEARS) { change changePercent ratio } } }
        ratpStation(code: "porte-de-la-chapelle") {
          jointPatrols(from: "2023-01-01", to: "2023-11-30") { from to patrols days ratpAgents }
          incidents(from: "2023-10-01", to: "2023-10-31") { from to total trainTrafficInterruptions byKind { kind count } }
          latestIncidents(first: 3) { id occurredAt kind trainTrafficInterrupted station { code } } } }`);
    expect(errors).toBeUndefined();
    const incident = (id: string, occurredAt: string, kind: string, trainTrafficInterrupted: boolean) => ({
      id,
      occurredAt,
      kind,
      trainTrafficInterrupted,
      station: { code: 'porte-de-la-chapelle' },
    });
    expect(data).toEqual({
      ratpFigures: {
        incidents: {
          years: [
            { year: 2022, value: 1575 },
            { year: 2023, value: 1425 },
          ],
          compare: { change: -150, changePercent: -9.5, ratio: 0.9 },
        },
      },
      ratpStation: {
        jointPatrols: { from: '2023-01-01', to: '2023-11-30', patrols: 340, days: 272, ratpAgents: 1027 },
        incidents: {
          from: '2023-10-01',
          to: '2023-10-31',
          total: 12,
          trainTrafficInterruptions: 1,
          byKind: [
            { kind: 'CONSUMPTION', count: 3 },
            { kind: 'DEALING', count: 2 },
            { kind: 'AGGRESSION', count: 1 },
            { kind: 'NUISANCE', count: 3 },
            { kind: 'MEDICAL', count: 3 },
          ],
        },
        latestIncidents: [
          incident('2302', '2023-11-29T12:56:00.000Z', 'NUISANCE', false),
          incident('2100', '2023-11-27T20:17:00.000Z', 'DEALING', false),
          incident('1091', '2023-11-27T13:46:00.000Z', 'AGGRESSION', true),
        ],
      },
    });
  });

  it('resolves several representations of several types in one statement per loader', async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Station { code name lines { code } }
        ... on OutreachRound { id joined: ratpJointPatrols { id station { code } } }
        ... on Year { year ratp { incidents { value previousValue(period: WHOLE_YEARS) change(period: WHOLE_YEARS) } jointPatrols { value } } }
        ... on Sector { code stations { code } } } }`,
      {
        representations: [
          { __typename: 'Station', code: 'stalingrad' },
          { __typename: 'OutreachRound', id: '2023-11-28-EVENING-UNDERGROUND-stalingrad' },
          { __typename: 'Station', code: 'rosa-parks' },
          { __typename: 'Year', year: 2023 },
          { __typename: 'Station', code: 'no-such-station' },
          { __typename: 'Sector', code: 'eole' },
          { __typename: 'Year', year: 2021 },
          { __typename: 'OutreachRound', id: '2023-11-27-EVENING-UNDERGROUND-porte-de-la-chapelle' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        { code: 'stalingrad', name: 'Stalingrad', lines: [{ code: 'M2' }, { code: 'M5' }, { code: 'M7' }] },
        {
          id: '2023-11-28-EVENING-UNDERGROUND-stalingrad',
          joined: [{ id: 'ratp-2023-11-28-EVENING-UNDERGROUND-stalingrad', station: { code: 'jaures' } }],
        },
        { code: 'rosa-parks', name: 'Rosa Parks', lines: [{ code: 'RER-E' }] },
        { year: 2023, ratp: { incidents: { value: 1425, previousValue: 1575, change: -150 }, jointPatrols: { value: 1746 } } },
        null,
        { code: 'eole', stations: [{ code: 'la-chapelle' }, { code: 'marx-dormoy' }] },
        // No RATP data before 2022.
        { year: 2021, ratp: { incidents: null, jointPatrols: null } },
        {
          id: '2023-11-27-EVENING-UNDERGROUND-porte-de-la-chapelle',
          joined: [{ id: 'ratp-2023-11-27-EVENING-UNDERGROUND-porte-de-la-chapelle', station: { code: 'porte-de-la-chapelle' } }],
        },
      ],
    });
    // Stations by code; patrols by round; one GROUP BY year per metric (2); stations by sector;
    // station-line links; lines; then the patrols' stations not already loaded (jaures); the incidents' first and last days (coverage): 9.
    expect(subgraph.built.statements.count).toBe(9);
  });

  it('adds every RATP field to the six sectors with a fixed number of statements, whatever the number of rows', async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(allSectorFields, sixSectors);
    expect(errors).toBeUndefined();
    const scale1Statements = subgraph.built.statements.count;
    // Stations by sector, patrol summaries, incident counts, latest incidents, their stations,
    // and one GROUP BY sector, year per yearly metric (3): 8.
    expect(scale1Statements).toBe(8);
    const entities = (
      data as {
        _entities: { code: string; ratpJointPatrols: unknown; stationIncidents: { total: number; trainTrafficInterruptions: number } }[];
      }
    )._entities;
    expect(
      entities.map((s) => [s.code, s.ratpJointPatrols, s.stationIncidents.total, s.stationIncidents.trainTrafficInterruptions]),
    ).toEqual([
      ['stalingrad', { patrols: 332, days: 270, ratpAgents: 1011 }, 399, 19],
      ['eole', { patrols: 273, days: 273, ratpAgents: 808 }, 322, 16],
      ['porte-de-la-chapelle', { patrols: 340, days: 272, ratpAgents: 1027 }, 224, 12],
      ['rosa-parks', { patrols: 265, days: 265, ratpAgents: 760 }, 232, 18],
      ['canal-ourcq', { patrols: 276, days: 276, ratpAgents: 821 }, 163, 16],
      ['forceval', { patrols: 260, days: 260, ratpAgents: 762 }, 85, 5],
    ]);
    expect(entities[0]).toEqual({
      code: 'stalingrad',
      stations: [{ code: 'jaures' }, { code: 'stalingrad' }],
      ratpJointPatrols: { patrols: 332, days: 270, ratpAgents: 1011 },
      stationIncidents: {
        total: 399,
        trainTrafficInterruptions: 19,
        byKind: [
          { kind: 'CONSUMPTION', count: 164 },
          { kind: 'DEALING', count: 60 },
          { kind: 'AGGRESSION', count: 32 },
          { kind: 'NUISANCE', count: 100 },
          { kind: 'MEDICAL', count: 43 },
        ],
      },
      // The sector's newest incidents across its two stations.
      latestStationIncidents: [
        { id: '1935', occurredAt: '2023-11-30T17:59:00.000Z', kind: 'NUISANCE', station: { code: 'jaures' } },
        { id: '804', occurredAt: '2023-11-30T12:02:00.000Z', kind: 'MEDICAL', station: { code: 'stalingrad' } },
      ],
      // The detail ends on 2023-11-30, so 2023's values are the January–November totals above.
      ratpFigures: {
        incidents: {
          metric: 'station-incidents',
          unit: 'incident',
          years: [
            { year: 2022, value: 401 },
            { year: 2023, value: 399 },
          ],
        },
        trainTrafficInterruptions: {
          years: [
            { year: 2022, value: 23 },
            { year: 2023, value: 19 },
          ],
        },
        jointPatrols: {
          years: [
            { year: 2022, value: 364 },
            { year: 2023, value: 332 },
          ],
        },
      },
    });

    const larger = await startSubgraph(ratp, await engine.freshDatabase('ratp', 'scale3'), { scale: 3 });
    try {
      larger.built.statements.reset();
      const scaled = await larger.query(allSectorFields, sixSectors);
      expect(scaled.errors).toBeUndefined();
      const scaledEntities = (
        scaled.data as { _entities: { ratpJointPatrols: { patrols: number }; stationIncidents: { total: number } }[] }
      )._entities;
      // About three times the incidents (4,262 against 1,425 in 2023); joint patrols are bounded by the rounds, so unchanged.
      expect(scaledEntities.reduce((sum, s) => sum + s.stationIncidents.total, 0)).toBe(4262);
      expect(scaledEntities.map((s) => s.ratpJointPatrols.patrols)).toEqual([332, 273, 340, 265, 276, 260]);
      expect(larger.built.statements.count).toBe(scale1Statements);
    } finally {
      await larger.stop();
    }
  });

  it('counts the incidents of any period, whole months or not, as the incidents recorded in it (monthly and daily rollups together)', async () => {
    // Periods that start and end mid-month, on a month's edge, within one month, and open-ended.
    const periods = [
      { from: '2022-01-15', to: '2023-11-20' },
      { from: '2022-03-01', to: '2022-05-31' },
      { from: '2023-02-10', to: '2023-02-20' },
      { from: '2022-12-31', to: '2023-01-01' },
      { from: '2023-06-17', to: null },
      { from: null, to: '2022-07-04' },
    ];
    for (const period of periods) {
      const { data, errors } = await subgraph.query(
        `query ($representations: [_Any!]!, $from: Date, $to: Date) { _entities(representations: $representations) { ... on Sector { code
          stationIncidents(from: $from, to: $to) { total trainTrafficInterruptions byKind { kind count } }
          stations { code incidents(from: $from, to: $to) { total } } } } }`,
        { ...sixSectors, ...period },
      );
      expect(errors).toBeUndefined();
      const bounds = [...(period.from ? ['occurredAt >= ?'] : []), ...(period.to ? ['occurredAt < ?'] : [])];
      const params = [...(period.from ? [period.from] : []), ...(period.to ? [addDays(period.to, 1)] : [])];
      const recorded = await subgraph.built.db.query<{ sector: string; station: string; kind: string; n: unknown; stopped: unknown }[]>(
        `SELECT s.sectorCode AS sector, i.stationCode AS station, i.kind AS kind, COUNT(*) AS n, SUM(CASE WHEN i.trainTrafficInterrupted = 1 THEN 1 ELSE 0 END) AS stopped
           FROM ratp_station_incidents i JOIN ratp_stations s ON s.code = i.stationCode ${bounds.length ? `WHERE ${bounds.map((b) => `i.${b}`).join(' AND ')}` : ''}
           GROUP BY s.sectorCode, i.stationCode, i.kind`,
        params,
      );
      const sum = (rows: typeof recorded, value: (row: (typeof recorded)[number]) => unknown) =>
        rows.reduce((total, row) => total + Number(value(row)), 0);
      type Entity = {
        code: string;
        stationIncidents: { total: number; trainTrafficInterruptions: number; byKind: { kind: string; count: number }[] };
        stations: { code: string; incidents: { total: number } }[];
      };
      for (const sector of (data as { _entities: Entity[] })._entities) {
        const rows = recorded.filter((row) => row.sector === sector.code);
        const label = `${sector.code} ${String(period.from)}..${String(period.to)}`;
        expect(sector.stationIncidents.total, label).toBe(sum(rows, (row) => row.n));
        expect(sector.stationIncidents.trainTrafficInterruptions, label).toBe(sum(rows, (row) => row.stopped));
        for (const { kind, count } of sector.stationIncidents.byKind)
          expect(count, `${label} ${kind}`).toBe(
            sum(
              rows.filter((row) => row.kind === kind),
              (row) => row.n,
            ),
          );
        for (const station of sector.stations)
          expect(station.incidents.total, `${label} ${station.code}`).toBe(
            sum(
              rows.filter((row) => row.station === station.code),
              (row) => row.n,
            ),
          );
      }
    }
  });

  it('counts each sector’s yearly figures by its stations, adding up to the plan-wide figures', async () => {
    const series = '{ metric unit years { year value } }';
    const period = (year: number) => `from: "${year}-01-01", to: "${year}-12-31"`;
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) { ... on Sector { code
          ratpFigures { incidents ${series} trainTrafficInterruptions ${series} jointPatrols ${series} }
          incidents2022: stationIncidents(${period(2022)}) { total trainTrafficInterruptions } patrols2022: ratpJointPatrols(${period(2022)}) { patrols }
          incidents2023: stationIncidents(${period(2023)}) { total trainTrafficInterruptions } patrols2023: ratpJointPatrols(${period(2023)}) { patrols } } }
        ratpFigures { incidents ${series} jointPatrols ${series} } }`,
      { representations: [...sixSectors.representations, { __typename: 'Sector', code: 'montmartre' }] },
    );
    expect(errors).toBeUndefined();
    type Series = { metric: string; unit: string; years: { year: number; value: number }[] };
    type Summaries = Record<`incidents${2022 | 2023}`, { total: number; trainTrafficInterruptions: number }> &
      Record<`patrols${2022 | 2023}`, { patrols: number }>;
    type SectorFigures = Summaries & {
      code: string;
      ratpFigures: { incidents: Series; trainTrafficInterruptions: Series; jointPatrols: Series };
    };
    const { _entities: entities, ratpFigures: planWide } = data as {
      _entities: SectorFigures[];
      ratpFigures: { incidents: Series; jointPatrols: Series };
    };
    const sectors = entities.slice(0, 6);
    const valueOf = (figures: Series, year: number) => figures.years.find((figure) => figure.year === year)?.value ?? 0;
    for (const year of [2022, 2023] as const) {
      for (const metric of ['incidents', 'jointPatrols'] as const) {
        // The same metric and unit as the plan-wide series, and the six sectors add up to it.
        for (const sector of sectors)
          expect(sector.ratpFigures[metric]).toMatchObject({ metric: planWide[metric].metric, unit: planWide[metric].unit });
        expect(sectors.reduce((sum, sector) => sum + valueOf(sector.ratpFigures[metric], year), 0)).toBe(valueOf(planWide[metric], year));
      }
      // Each sector's year agrees with its own summary over that calendar year (another statement).
      expect(sectors.map((sector) => valueOf(sector.ratpFigures.incidents, year))).toEqual(
        sectors.map((sector) => sector[`incidents${year}`].total),
      );
      expect(sectors.map((sector) => valueOf(sector.ratpFigures.trainTrafficInterruptions, year))).toEqual(
        sectors.map((sector) => sector[`incidents${year}`].trainTrafficInterruptions),
      );
      expect(sectors.map((sector) => valueOf(sector.ratpFigures.jointPatrols, year))).toEqual(
        sectors.map((sector) => sector[`patrols${year}`].patrols),
      );
    }
    expect([2022, 2023].map((year) => valueOf(planWide.incidents, year))).toEqual([1575, 1425]);
    expect([2022, 2023].map((year) => valueOf(planWide.jointPatrols, year))).toEqual([1871, 1746]);
    // Forceval: Porte de la Villette weighs 4 until the scene was dismantled (2022-10-05), then 1;
    // the detail ends on 2023-11-30, so 2023 is the January–November total of the six-sector test.
    expect(sectors[5]?.ratpFigures.incidents).toEqual({
      metric: 'station-incidents',
      unit: 'incident',
      years: [
        { year: 2022, value: 253 },
        { year: 2023, value: 85 },
      ],
    });
    expect(sectors[5]?.ratpFigures.trainTrafficInterruptions).toMatchObject({
      metric: 'train-traffic-interruptions',
      unit: 'interruption',
    });
    // A sector without stations has series with no years.
    expect(entities[6]?.ratpFigures).toEqual({
      incidents: { metric: 'station-incidents', unit: 'incident', years: [] },
      trainTrafficInterruptions: { metric: 'train-traffic-interruptions', unit: 'interruption', years: [] },
      jointPatrols: { metric: 'joint-patrols', unit: 'patrol', years: [] },
    });
  });

  it('still answers the deprecated ratpJointPatrolOverview as ratpJointPatrolSummary, under the same rule for anonymous periods', async () => {
    const fields = 'from to patrols days ratpAgents sectors { code }';
    const { data, errors } = await subgraph.query(`{
      old: ratpJointPatrolOverview(from: "2023-01-01", to: "2023-11-30") { ${fields} }
      new: ratpJointPatrolSummary(from: "2023-01-01", to: "2023-11-30") { ${fields} }
    }`);
    expect(errors).toBeUndefined();
    const answers = data as { old: unknown; new: unknown };
    expect(answers.old).toEqual(answers.new);
    expect(answers.new).toMatchObject({ from: '2023-01-01', to: '2023-11-30', patrols: 1746, days: 334, ratpAgents: 5189 });
    for (const field of ['ratpJointPatrolOverview', 'ratpJointPatrolSummary']) {
      const oneDay = await subgraph.query(`{ ${field}(from: "2023-05-02", to: "2023-05-02") { patrols } }`, undefined, anonymousIdentity);
      expect(oneDay.errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([
        {
          message: `${field}: anonymously, a total is given for a period of at least 28 days with both "from" and "to", or for every day (neither); this one is 1 day. An agent's token allows shorter periods.`,
          code: 'BAD_USER_INPUT',
        },
      ]);
    }
  });

  it('refuses bad input, naming the argument', async () => {
    // The impossible date comes as a variable: written inline, GraphQL validation refuses it first.
    const impossible = await subgraph.query(
      'query ($from: Date) { ratpStation(code: "stalingrad") { incidents(from: $from) { total } } }',
      { from: '2023-02-30' },
    );
    expect(impossible.errors?.[0]?.message).toMatch(/real calendar date "YYYY-MM-DD", got "2023-02-30"/);
    expect(impossible.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const cases: [string, string, string][] = [
      [
        '{ ratpStation(code: "stalingrad") { jointPatrols(from: "2023-06-01", to: "2023-01-01") { patrols } } }',
        'Station.jointPatrols: "from" (2023-06-01) is after "to" (2023-01-01)',
        'from',
      ],
      [
        '{ ratpStations(sector: "montmartre") { code } }',
        'ratpStations: "sector" is not a sector of the plan: "montmartre" (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
        'sector',
      ],
      [
        '{ ratpStation(code: "jaures") { latestIncidents(first: -1) { id } } }',
        'Station.latestIncidents: "first" must be between 0 and 100, got -1',
        'first',
      ],
      [
        '{ ratpStation(code: "gare-du-nord") { name } }',
        'ratpStation: "code" is not a station of the sectors: "gare-du-nord" (known: corentin-cariou, jaures, la-chapelle, laumiere, marx-dormoy, ourcq, porte-de-la-chapelle, porte-de-la-villette, rosa-parks, stalingrad)',
        'code',
      ],
    ];
    for (const [query, message, argumentName] of cases) {
      const { errors } = await subgraph.query(query);
      expect(errors?.[0]?.message).toBe(message);
      expect(errors?.[0]?.extensions).toEqual({ code: 'BAD_USER_INPUT', argumentName });
    }
  });
});

describe.each(testEngines)('ratp small-count suppression on $kind', (engine) => {
  type Figure = { year: number; value: number | null; change: number | null; suppressed: { reason: string; threshold: number } | null };
  let subgraph: RunningSubgraph;
  beforeAll(async () => {
    // High enough that Forceval's 85 incidents of 2023 fall below it, and nothing else of that metric.
    subgraph = await startSubgraph(ratp, await engine.freshDatabase('ratp', 'threshold100'), { scale: 1 }, { disclosureThreshold: 100 });
  });
  afterAll(() => subgraph?.stop());

  it('hides a sector count below the threshold and a complement of its year, never the plan-wide one', async () => {
    const { data, errors } = await subgraph.query<{
      ratpFigures: unknown;
      _entities: { code: string; ratpFigures: { incidents: { years: Figure[] }; jointPatrols: { years: Figure[] } } }[];
    }>(
      `query ($representations: [_Any!]!) {
        ratpFigures { incidents { years { year value } } }
        _entities(representations: $representations) { ... on Sector { code ratpFigures {
          incidents { years { year value change(period: WHOLE_YEARS) suppressed { reason threshold } } }
          jointPatrols { years { year value change(period: WHOLE_YEARS) suppressed { reason threshold } } } } } } }`,
      sixSectors,
    );
    expect(errors).toBeUndefined();
    const shown = (year: number, value: number, change: number | null = null) => ({ year, value, change, suppressed: null });
    const hidden = (year: number, reason: string) => ({ year, value: null, change: null, suppressed: { reason, threshold: 100 } });
    expect(Object.fromEntries((data?._entities ?? []).map((sector) => [sector.code, sector.ratpFigures.incidents.years]))).toEqual({
      stalingrad: [shown(2022, 401), shown(2023, 399, -2)],
      eole: [shown(2022, 300), shown(2023, 322, 22)],
      'porte-de-la-chapelle': [shown(2022, 229), shown(2023, 224, -5)],
      // The others in code order from 2023 mod 5 = 3: Rosa Parks' 232 first. Shown, 1425 − the four others would give Forceval's 85 back.
      'rosa-parks': [shown(2022, 237), hidden(2023, 'RECOVERABLE_BY_SUBTRACTION')],
      'canal-ourcq': [shown(2022, 155), shown(2023, 163, 8)],
      forceval: [shown(2022, 253), hidden(2023, 'BELOW_THRESHOLD')],
    });
    // Joint patrols are all above 100: unchanged.
    expect(
      Object.fromEntries(
        (data?._entities ?? []).map((sector) => [sector.code, sector.ratpFigures.jointPatrols.years.map((figure) => figure.value)]),
      ),
    ).toEqual({
      stalingrad: [364, 332],
      eole: [288, 273],
      'porte-de-la-chapelle': [345, 340],
      'rosa-parks': [284, 265],
      'canal-ourcq': [301, 276],
      forceval: [289, 260],
    });
    expect(data?.ratpFigures).toEqual({
      incidents: {
        years: [
          { year: 2022, value: 1575 },
          { year: 2023, value: 1425 },
        ],
      },
    });
  });
});
