import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definition as health } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

const SECTOR_FIELDS = `... on Sector {
  code
  careFacilities { id kind operator { code } sector { code } planAction { id } places { years { year value } } }
  hospitalMobileTeams { id name sectors { code } staff { role count } interventions { years { year value } } }
  healthFigures { hospitalTeamInterventions { years { year value } } carePlaces { years { year value } } }
}`;
const sectorCodes = ['stalingrad', 'eole', 'porte-de-la-chapelle', 'rosa-parks', 'canal-ourcq', 'forceval'];
const sectorRepresentations = sectorCodes.map((code) => ({ __typename: 'Sector', code }));
interface SectorResult {
  readonly code: string;
  readonly careFacilities: readonly { id: string }[];
  readonly hospitalMobileTeams: readonly { id: string }[];
  readonly healthFigures: {
    readonly hospitalTeamInterventions: { readonly years: readonly { year: number; value: number }[] };
    readonly carePlaces: { readonly years: readonly { year: number; value: number }[] };
  };
}
const entitiesQuery = (fragment: string) =>
  `query ($representations: [_Any!]!) { _entities(representations: $representations) { ${fragment} } }`;

describe.each(testEngines)('health subgraph on $kind', (engine) => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph(health, await engine.freshDatabase('health', 'unit'));
  });
  afterAll(() => subgraph?.stop());

  it('H1: counts 610 ASSORE places in 2023, three times the 203 of 2019', async () => {
    const { data, errors } = await subgraph.query(
      '{ healthFigures { assorePlaces { metric unit years { year value change(period: WHOLE_YEARS) } compare(from: 2019, to: 2023, period: WHOLE_YEARS) { fromValue toValue change ratio } } } }',
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      healthFigures: {
        assorePlaces: {
          metric: 'assore-places',
          unit: 'place',
          years: [
            { year: 2019, value: 203, change: null },
            { year: 2020, value: 330, change: 127 },
            { year: 2021, value: 420, change: 90 },
            { year: 2022, value: 520, change: 100 },
            { year: 2023, value: 610, change: 90 },
          ],
          compare: { fromValue: 203, toValue: 610, change: 407, ratio: 3 },
        },
      },
    });
  });

  it('H2: computes −87 % consumption and 19 % stopped entirely from the INSERM/HCL measurements', async () => {
    const { data } =
      await subgraph.query(`{ healthEvaluations { id evaluator publishedOn facilityKind cohortSize stoppedEntirelyCount meanConsumptionBefore meanConsumptionAfter
         consumptionUnit consumptionChangePercent stoppedEntirelyPercent } }`);
    expect(data).toEqual({
      healthEvaluations: [
        {
          id: 'assore-inserm-hcl-2022',
          evaluator: 'INSERM — Hospices Civils de Lyon',
          publishedOn: '2022-11-15',
          facilityKind: 'SUPPORTED_HOTEL_HOUSING',
          cohortSize: 100,
          stoppedEntirelyCount: 19,
          meanConsumptionBefore: 15,
          meanConsumptionAfter: 1.95,
          consumptionUnit: 'uses per week',
          consumptionChangePercent: -87,
          stoppedEntirelyPercent: 19,
        },
      ],
    });
  });

  it('H3: has the 24/48 h mixed assessment and orientation unit at Sainte-Anne', async () => {
    const { data } = await subgraph.query(
      '{ healthFacilities(kind: ASSESSMENT_UNIT) { id name specialties operator { code } sector { code } planAction { id } assessmentWindow { minHours maxHours } } }',
    );
    expect(data).toEqual({
      healthFacilities: [
        {
          id: 'sainte-anne-assessment-unit',
          name: 'Unité d’évaluation et d’orientation 24/48 h — GHU-PPN Hôpital Sainte-Anne',
          specialties: ['SOMATIC', 'PSYCHIATRIC', 'ADDICTION'],
          operator: { code: 'ghu-paris' },
          sector: null,
          planAction: { id: '1.07' },
          assessmentWindow: { minHours: 24, maxHours: 48 },
        },
      ],
    });
  });

  it('H4: has more dedicated hospital addiction and psychiatry places every year', async () => {
    const { data } = await subgraph.query(`{ healthFigures {
         hospitalAddictionPlaces { years { year value change(period: WHOLE_YEARS) } compare(from: 2019, to: 2023, period: WHOLE_YEARS) { change ratio } }
         hospitalPsychiatryPlaces { years { year value change(period: WHOLE_YEARS) } compare(from: 2019, to: 2023, period: WHOLE_YEARS) { change ratio } } } }`);
    expect(data).toEqual({
      healthFigures: {
        hospitalAddictionPlaces: {
          years: [
            { year: 2019, value: 20, change: null },
            { year: 2020, value: 28, change: 8 },
            { year: 2021, value: 38, change: 10 },
            { year: 2022, value: 50, change: 12 },
            { year: 2023, value: 64, change: 14 },
          ],
          compare: { change: 44, ratio: 3.2 },
        },
        hospitalPsychiatryPlaces: {
          years: [
            { year: 2019, value: 10, change: null },
            { year: 2020, value: 16, change: 6 },
            { year: 2021, value: 22, change: 6 },
            { year: 2022, value: 30, change: 8 },
            { year: 2023, value: 40, change: 10 },
          ],
          compare: { change: 30, ratio: 4 },
        },
      },
    });
  });

  it('H5: counts 71 people admitted in 11 regions from the end of 2022 to 31 October 2023', async () => {
    const { data } =
      await subgraph.query(`{ byOctober: healthRegionalAdmissionSummary(from: "2022-12-01", to: "2023-10-31") { from to admissions regionCount regions { region admissions } }
         untilOctober: healthRegionalAdmissionSummary(to: "2023-10-31") { admissions regionCount }
         everything: healthRegionalAdmissionSummary { from to admissions regionCount } }`);
    expect(data).toEqual({
      byOctober: {
        from: '2022-12-01',
        to: '2023-10-31',
        admissions: 71,
        regionCount: 11,
        regions: [
          { region: 'Bretagne', admissions: 9 },
          { region: 'Hauts-de-France', admissions: 8 },
          { region: 'Normandie', admissions: 8 },
          { region: 'Centre-Val de Loire', admissions: 7 },
          { region: 'Grand Est', admissions: 7 },
          { region: 'Nouvelle-Aquitaine', admissions: 7 },
          { region: 'Bourgogne-Franche-Comté', admissions: 6 },
          { region: 'Pays de la Loire', admissions: 6 },
          { region: 'Auvergne-Rhône-Alpes', admissions: 5 },
          { region: 'Occitanie', admissions: 5 },
          { region: "Provence-Alpes-Côte d'Azur", admissions: 3 },
        ],
      },
      untilOctober: { admissions: 71, regionCount: 11 },
      // Five synthetic admissions in November 2023, after the communiqué's count.
      everything: { from: null, to: null, admissions: 76, regionCount: 11 },
    });
  });

  it('still answers the deprecated healthRegionalAdmissions(from, until) and its `until` as the summary and its `to`', async () => {
    const fields = 'from to until admissions regionCount regions { region admissions }';
    const { data, errors } = await subgraph.query(`{
      old: healthRegionalAdmissions(from: "2022-12-01", until: "2023-10-31") { ${fields} }
      new: healthRegionalAdmissionSummary(from: "2022-12-01", to: "2023-10-31") { ${fields} }
      oldOpen: healthRegionalAdmissions(until: "2023-10-31") { ${fields} }
      newOpen: healthRegionalAdmissionSummary(to: "2023-10-31") { ${fields} }
    }`);
    expect(errors).toBeUndefined();
    const answers = data as Record<'old' | 'new' | 'oldOpen' | 'newOpen', { until: string | null; to: string | null; admissions: number }>;
    expect(answers.old).toEqual(answers.new);
    expect(answers.oldOpen).toEqual(answers.newOpen);
    expect(answers.new).toMatchObject({ from: '2022-12-01', to: '2023-10-31', until: '2023-10-31', admissions: 71, regionCount: 11 });
    expect(answers.newOpen).toMatchObject({ from: null, to: '2023-10-31', until: '2023-10-31', admissions: 71 });
  });

  it('H6: has mobile hospital teams with nurses, psychologists and psychiatrists', async () => {
    const { data } =
      await subgraph.query(`{ withPsy: healthMobileTeams(withRoles: [NURSE, PSYCHOLOGIST, PSYCHIATRIST]) { id operator { code } planAction { id } staff { role count } }
         all: healthMobileTeams { id } }`);
    expect(data).toEqual({
      withPsy: [
        {
          id: 'emh-aphp-paris-nord',
          operator: { code: 'ap-hp' },
          planAction: { id: '1.03' },
          staff: [
            { role: 'ADDICTOLOGIST', count: 1 },
            { role: 'NURSE', count: 4 },
            { role: 'PSYCHIATRIST', count: 1 },
            { role: 'PSYCHOLOGIST', count: 1 },
          ],
        },
        {
          id: 'emh-ghu-paris-est',
          operator: { code: 'ghu-paris' },
          planAction: { id: '1.03' },
          staff: [
            { role: 'NURSE', count: 3 },
            { role: 'PSYCHIATRIST', count: 1 },
            { role: 'PSYCHOLOGIST', count: 2 },
            { role: 'SOCIAL_WORKER', count: 1 },
          ],
        },
      ],
      all: [{ id: 'emh-aphp-addictologie' }, { id: 'emh-aphp-paris-nord' }, { id: 'emh-ghu-paris-est' }],
    });
  });

  it('S4: counts over 3,000 nursing acts at the Porte de la Chapelle rest space in 2023, +1,600 on 2022', async () => {
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) {
        _entities(representations: $representations) {
          ... on ReceptionSite { code nursingActs { metric unit years { year value } compare(from: 2022, to: 2023, period: WHOLE_YEARS) { change } } }
        }
        healthFigures { nursingActs { year(year: 2023) { value previousValue(period: WHOLE_YEARS) change(period: WHOLE_YEARS) } } }
      }`,
      {
        representations: [
          { __typename: 'ReceptionSite', code: 'porte-de-la-chapelle-rest-space' },
          { __typename: 'ReceptionSite', code: 'other-site' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        {
          code: 'porte-de-la-chapelle-rest-space',
          nursingActs: {
            metric: 'nursing-acts',
            unit: 'act',
            years: [
              { year: 2022, value: 1450 },
              { year: 2023, value: 3050 },
            ],
            compare: { change: 1600 },
          },
        },
        // No year: a comparison without values (reason MISSING), not a null one.
        { code: 'other-site', nursingActs: { metric: 'nursing-acts', unit: 'act', years: [], compare: { change: null } } },
      ],
      healthFigures: { nursingActs: { year: { value: 3050, previousValue: 1450, change: 1600 } } },
    });
  });

  it('resolves several representations of several types in one statement per loader', async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(
      entitiesQuery(`
        ... on CareFacility { id kind }
        ... on Year { year health { assorePlaces { value previousValue(period: WHOLE_YEARS) } nursingActs { value change(period: WHOLE_YEARS) } regionalAdmissions { value } } }
        ... on PlanAction { id careFacilities { id } hospitalMobileTeams { id } }
        ... on ReceptionSite { code nursingActs { years { year value } } }`),
      {
        representations: [
          { __typename: 'CareFacility', id: 'sainte-anne-assessment-unit' },
          { __typename: 'Year', year: 2023 },
          { __typename: 'PlanAction', id: '1.05' },
          { __typename: 'CareFacility', id: 'no-such-facility' },
          { __typename: 'Year', year: 2019 },
          { __typename: 'CareFacility', id: 'post-cure-idf' },
          { __typename: 'PlanAction', id: '1.03' },
          { __typename: 'ReceptionSite', code: 'porte-de-la-chapelle-rest-space' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        { id: 'sainte-anne-assessment-unit', kind: 'ASSESSMENT_UNIT' },
        {
          year: 2023,
          health: {
            assorePlaces: { value: 610, previousValue: 520 },
            nursingActs: { value: 3050, change: 1600 },
            regionalAdmissions: { value: 71 },
          },
        },
        { id: '1.05', careFacilities: [{ id: 'bichat-addictologie' }, { id: 'lariboisiere-addictologie' }], hospitalMobileTeams: [] },
        null,
        { year: 2019, health: { assorePlaces: { value: 203, previousValue: null }, nursingActs: null, regionalAdmissions: null } },
        { id: 'post-cure-idf', kind: 'POST_CURE' },
        {
          id: '1.03',
          careFacilities: [],
          hospitalMobileTeams: [{ id: 'emh-aphp-addictologie' }, { id: 'emh-aphp-paris-nord' }, { id: 'emh-ghu-paris-est' }],
        },
        {
          code: 'porte-de-la-chapelle-rest-space',
          nursingActs: {
            years: [
              { year: 2022, value: 1450 },
              { year: 2023, value: 3050 },
            ],
          },
        },
      ],
    });
    // Facilities 1; Year series: places, admissions, nursing acts 3; actions' facilities and teams 2; the site's acts 1;
    // the first and last days of the compared metrics (their coverage) 1.
    expect(subgraph.built.statements.count).toBe(8);
  });

  describe('Sector fields', () => {
    let scaled: RunningSubgraph;
    beforeAll(async () => {
      scaled = await startSubgraph(health, await engine.freshDatabase('health', 'scale3'), { scale: 3 });
    });
    afterAll(() => scaled?.stop());

    const sectorsOf = async (target: RunningSubgraph) => {
      target.built.statements.reset();
      const response = await target.query<{ _entities: SectorResult[] }>(entitiesQuery(SECTOR_FIELDS), {
        representations: sectorRepresentations,
      });
      return { ...response, statements: target.built.statements.count };
    };

    it('answers the six sectors in as many statements at scale 1 and at scale 3', async () => {
      const one = await sectorsOf(subgraph);
      expect(one.errors).toBeUndefined();
      const sectors = one.data?._entities ?? [];
      expect(sectors.find((sector) => sector.code === 'porte-de-la-chapelle')).toEqual({
        code: 'porte-de-la-chapelle',
        careFacilities: [
          {
            id: 'bichat-addictologie',
            kind: 'HOSPITAL_ADDICTION_BEDS',
            operator: { code: 'ap-hp' },
            sector: { code: 'porte-de-la-chapelle' },
            planAction: { id: '1.05' },
            places: { years: [2019, 2020, 2021, 2022, 2023].map((year, i) => ({ year, value: [8, 12, 16, 22, 28][i] })) },
          },
        ],
        hospitalMobileTeams: [
          {
            id: 'emh-aphp-paris-nord',
            name: 'Équipe mobile hospitalière AP-HP Paris Nord',
            sectors: [{ code: 'eole' }, { code: 'porte-de-la-chapelle' }, { code: 'rosa-parks' }],
            staff: [
              { role: 'ADDICTOLOGIST', count: 1 },
              { role: 'NURSE', count: 4 },
              { role: 'PSYCHIATRIST', count: 1 },
              { role: 'PSYCHOLOGIST', count: 1 },
            ],
            interventions: {
              years: [
                { year: 2022, value: 415 },
                { year: 2023, value: 422 },
              ],
            },
          },
        ],
        healthFigures: {
          hospitalTeamInterventions: {
            years: [
              { year: 2022, value: 141 },
              { year: 2023, value: 149 },
            ],
          },
          // Bichat is the sector's only facility: its places.
          carePlaces: { years: [2019, 2020, 2021, 2022, 2023].map((year, i) => ({ year, value: [8, 12, 16, 22, 28][i] })) },
        },
      });
      // Synthetic outings; none at Forceval after its dismantling on 5 October 2022.
      expect(sectors.map((sector) => [sector.code, sector.healthFigures.hospitalTeamInterventions.years])).toEqual([
        [
          'stalingrad',
          [
            { year: 2022, value: 278 },
            { year: 2023, value: 276 },
          ],
        ],
        [
          'eole',
          [
            { year: 2022, value: 275 },
            { year: 2023, value: 268 },
          ],
        ],
        [
          'porte-de-la-chapelle',
          [
            { year: 2022, value: 141 },
            { year: 2023, value: 149 },
          ],
        ],
        [
          'rosa-parks',
          [
            { year: 2022, value: 294 },
            { year: 2023, value: 268 },
          ],
        ],
        [
          'canal-ourcq',
          [
            { year: 2022, value: 144 },
            { year: 2023, value: 127 },
          ],
        ],
        ['forceval', [{ year: 2022, value: 123 }]],
      ]);
      expect(
        sectors.map((sector) => [sector.code, sector.careFacilities.map((f) => f.id), sector.hospitalMobileTeams.map((t) => t.id)]),
      ).toEqual([
        ['stalingrad', ['lariboisiere-addictologie'], ['emh-aphp-addictologie', 'emh-ghu-paris-est']],
        ['eole', ['ghu-psychiatrie-paris-18'], ['emh-aphp-addictologie', 'emh-aphp-paris-nord']],
        ['porte-de-la-chapelle', ['bichat-addictologie'], ['emh-aphp-paris-nord']],
        ['rosa-parks', ['ghu-psychiatrie-paris-19'], ['emh-aphp-paris-nord', 'emh-ghu-paris-est']],
        ['canal-ourcq', [], ['emh-ghu-paris-est']],
        ['forceval', [], ['emh-ghu-paris-est']],
      ]);
      // No facility in the sectors of canal-ourcq and forceval: an empty series.
      expect(sectors.map((sector) => [sector.code, sector.healthFigures.carePlaces.years.at(-1) ?? null])).toEqual([
        ['stalingrad', { year: 2023, value: 36 }],
        ['eole', { year: 2023, value: 22 }],
        ['porte-de-la-chapelle', { year: 2023, value: 28 }],
        ['rosa-parks', { year: 2023, value: 18 }],
        ['canal-ourcq', null],
        ['forceval', null],
      ]);
      // Facilities, team sectors (by sector and by team), teams, places by facility, staff, interventions by team;
      // the sectors' figures: interventions and care places by sector.
      expect(one.statements).toBe(9);

      const three = await sectorsOf(scaled);
      expect(three.errors).toBeUndefined();
      const total = (result: typeof one) =>
        (result.data?._entities ?? [])
          .flatMap((sector) => sector.healthFigures.hospitalTeamInterventions.years)
          .reduce((sum, figure) => sum + figure.value, 0);
      expect(total(three)).toBeGreaterThan(2.5 * total(one));
      expect(three.statements).toBe(one.statements);
    });

    it("adds up the six sectors' figures of 2022 and 2023 to the plan-wide ones", async () => {
      const yearly = 'metric unit y2022: year(year: 2022) { value } y2023: year(year: 2023) { value }';
      type Yearly = { metric: string; unit: string; y2022: { value: number } | null; y2023: { value: number } | null };
      for (const target of [subgraph, scaled]) {
        const { data, errors } = await target.query<{
          _entities: { code: string; healthFigures: { hospitalTeamInterventions: Yearly; carePlaces: Yearly } }[];
          healthFigures: { hospitalTeamInterventions: Yearly; hospitalAddictionPlaces: Yearly; hospitalPsychiatryPlaces: Yearly };
        }>(
          `query ($representations: [_Any!]!) {
            _entities(representations: $representations) { ... on Sector { code healthFigures { hospitalTeamInterventions { ${yearly} } carePlaces { ${yearly} } } } }
            healthFigures { hospitalTeamInterventions { ${yearly} } hospitalAddictionPlaces { ${yearly} } hospitalPsychiatryPlaces { ${yearly} } }
          }`,
          { representations: sectorRepresentations },
        );
        expect(errors).toBeUndefined();
        const sectors = data?._entities ?? [];
        const planWide = data?.healthFigures;
        expect(sectors).toHaveLength(6);
        const sum = (field: 'hospitalTeamInterventions' | 'carePlaces', year: 'y2022' | 'y2023') =>
          sectors.reduce((total, sector) => total + (sector.healthFigures[field][year]?.value ?? 0), 0);
        for (const sector of sectors) {
          expect(sector.healthFigures.hospitalTeamInterventions).toMatchObject({
            metric: 'hospital-team-interventions',
            unit: 'intervention',
          });
          expect(sector.healthFigures.carePlaces).toMatchObject({ metric: 'care-places', unit: 'place' });
        }
        expect(planWide?.hospitalTeamInterventions).toMatchObject({ metric: 'hospital-team-interventions', unit: 'intervention' });
        for (const year of ['y2022', 'y2023'] as const) {
          // Every outing carries its sector: the sectors' outings are all the outings.
          expect(planWide?.hospitalTeamInterventions[year]?.value).toBeGreaterThan(0);
          expect(sum('hospitalTeamInterventions', year)).toBe(planWide?.hospitalTeamInterventions[year]?.value);
          // Care places have no plan-wide total; the facilities in the sectors are the four hospitals,
          // so the sectors' places are the hospital addiction and psychiatry places.
          expect(sum('carePlaces', year)).toBe(
            (planWide?.hospitalAddictionPlaces[year]?.value ?? NaN) + (planWide?.hospitalPsychiatryPlaces[year]?.value ?? NaN),
          );
        }
        const sector = (code: string) => sectors.find((s) => s.code === code)?.healthFigures;
        // The seed's places of Bichat, the only facility at the Porte de la Chapelle: 22 in 2022, 28 in 2023.
        expect(sector('porte-de-la-chapelle')?.carePlaces).toMatchObject({ y2022: { value: 22 }, y2023: { value: 28 } });
        // Forceval was dismantled on 5 October 2022: no outing there in 2023.
        expect(sector('forceval')?.hospitalTeamInterventions.y2023).toBeNull();
      }
    });
  });

  it('refuses an impossible date, a period that ends before it starts and an unknown sector', async () => {
    const badLiteral = await subgraph.query('{ healthRegionalAdmissions(until: "2023-02-30") { admissions } }');
    expect(badLiteral.errors?.[0]?.message).toMatch(/real calendar date.*2023-02-30/);
    const badVariable = await subgraph.query('query ($until: Date) { healthRegionalAdmissions(until: $until) { admissions } }', {
      until: '2023-02-30',
    });
    expect(badVariable.errors?.[0]?.message).toMatch(/"\$until".*real calendar date.*2023-02-30/);
    expect(badVariable.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const reversed = await subgraph.query('{ healthRegionalAdmissionSummary(from: "2023-11-01", to: "2023-10-31") { admissions } }');
    expect(reversed.errors?.[0]?.message).toBe('healthRegionalAdmissionSummary: "from" (2023-11-01) is after "to" (2023-10-31)');
    expect(reversed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    // The deprecated name says `until`, as its caller wrote it.
    const reversedOld = await subgraph.query('{ healthRegionalAdmissions(from: "2023-11-01", until: "2023-10-31") { admissions } }');
    expect(reversedOld.errors?.[0]?.message).toBe('healthRegionalAdmissions: "from" (2023-11-01) is after "until" (2023-10-31)');
    expect(reversedOld.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const sector = await subgraph.query('{ healthFacilities(sector: "montmartre") { id } }');
    expect(sector.errors?.[0]?.message).toBe(
      'healthFacilities: "sector" is not a sector of the plan: "montmartre" (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
    );
    expect(sector.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe.each(testEngines)('health small-count suppression on $kind', (engine) => {
  type Figure = {
    year: number;
    value: number | null;
    previousValue: number | null;
    change: number | null;
    suppressed: { reason: string; threshold: number } | null;
  };
  type Sectors = {
    _entities: { code: string; healthFigures: { hospitalTeamInterventions: { years: Figure[] }; carePlaces: { years: Figure[] } } }[];
  };
  const query = `query ($representations: [_Any!]!) {
    healthFigures { hospitalTeamInterventions { years { year value } } }
    _entities(representations: $representations) { ... on Sector { code healthFigures {
      hospitalTeamInterventions { years { year value previousValue(period: WHOLE_YEARS) change(period: WHOLE_YEARS) suppressed { reason threshold } } }
      carePlaces { years { year value previousValue(period: WHOLE_YEARS) change(period: WHOLE_YEARS) suppressed { reason threshold } } } } } } }`;
  const shown = (year: number, value: number, previousValue: number | null = null) => ({
    year,
    value,
    previousValue,
    change: previousValue === null ? null : value - previousValue,
    suppressed: null,
  });
  const hidden = (year: number, reason: string, threshold: number) => ({
    year,
    value: null,
    previousValue: null,
    change: null,
    suppressed: { reason, threshold },
  });
  const bySector = <T>(data: Sectors | null | undefined, pick: (figures: Sectors['_entities'][number]['healthFigures']) => T) =>
    Object.fromEntries((data?._entities ?? []).map((sector) => [sector.code, pick(sector.healthFigures)]));

  let subgraph: RunningSubgraph;
  let atDefault: RunningSubgraph;
  beforeAll(async () => {
    // High enough that Forceval's 123 outings of 2022 fall below it, and nothing else of that metric.
    subgraph = await startSubgraph(
      health,
      await engine.freshDatabase('health', 'threshold125'),
      { scale: 1 },
      { disclosureThreshold: 125 },
    );
    atDefault = await startSubgraph(health, await engine.freshDatabase('health', 'threshold_default'));
  });
  afterAll(async () => {
    await subgraph?.stop();
    await atDefault?.stop();
  });

  it('hides a sector count below the threshold and a complement of its year, never the plan-wide one nor places', async () => {
    const { data, errors } = await subgraph.query<Sectors & { healthFigures: unknown }>(query, { representations: sectorRepresentations });
    expect(errors).toBeUndefined();
    expect(bySector(data, (figures) => figures.hospitalTeamInterventions.years)).toEqual({
      stalingrad: [shown(2022, 278), shown(2023, 276, 278)],
      eole: [shown(2022, 275), shown(2023, 268, 275)],
      // The others in code order from 2022 mod 5 = 2: Porte de la Chapelle's 141 first. Shown, it would give Forceval's 123 back from the plan-wide 1255.
      'porte-de-la-chapelle': [hidden(2022, 'RECOVERABLE_BY_SUBTRACTION', 125), shown(2023, 149)],
      'rosa-parks': [shown(2022, 294), shown(2023, 268, 294)],
      'canal-ourcq': [shown(2022, 144), shown(2023, 127, 144)],
      forceval: [hidden(2022, 'BELOW_THRESHOLD', 125)],
    });
    // Every sector's places are below 125, and all shown: places are capacities, published at every level (health/loaders.ts).
    expect(bySector(data, (figures) => figures.carePlaces.years.map((figure) => figure.suppressed?.reason ?? figure.value))).toEqual({
      stalingrad: [12, 16, 22, 28, 36],
      eole: [6, 10, 12, 16, 22],
      'porte-de-la-chapelle': [8, 12, 16, 22, 28],
      'rosa-parks': [4, 6, 10, 14, 18],
      'canal-ourcq': [],
      forceval: [],
    });
    expect(data?.healthFigures).toEqual({
      hospitalTeamInterventions: {
        years: [
          { year: 2022, value: 1255 },
          { year: 2023, value: 1088 },
        ],
      },
    });
  });

  it('at the default threshold of 5, hides nothing: the care places of 2019 at Rosa Parks (4) and Eole (6) are capacities, as each facility shows', async () => {
    const { data, errors } = await atDefault.query<Sectors>(query, { representations: sectorRepresentations });
    expect(errors).toBeUndefined();
    const places = (values: number[]) => values.map((value, i) => shown(2019 + i, value, i === 0 ? null : (values[i - 1] ?? null)));
    expect(bySector(data, (figures) => figures.carePlaces.years)).toEqual({
      stalingrad: places([12, 16, 22, 28, 36]),
      eole: places([6, 10, 12, 16, 22]),
      'porte-de-la-chapelle': places([8, 12, 16, 22, 28]),
      'rosa-parks': places([4, 6, 10, 14, 18]),
      'canal-ourcq': [],
      forceval: [],
    });
    // The outings are unchanged.
    expect(bySector(data, (figures) => figures.hospitalTeamInterventions.years.map((figure) => figure.value))).toEqual({
      stalingrad: [278, 276],
      eole: [275, 268],
      'porte-de-la-chapelle': [141, 149],
      'rosa-parks': [294, 268],
      'canal-ourcq': [144, 127],
      forceval: [123],
    });
  });
});
