import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Sector } from '../entities/index.js';
import { checkSectorContract, sectors } from '../seed.js';
import { definition as plan } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

describe.each(testEngines)('plan subgraph on $kind', (engine) => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph(plan, await engine.freshDatabase('plan', 'unit'));
  });
  afterAll(() => subgraph?.stop());

  it('lists the signatories of the plan and the year it was signed', async () => {
    const { data, errors } = await subgraph.query('{ plan { name signedOn signatories { code } } }');
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      plan: {
        name: 'Plan crack',
        signedOn: '2019-05-27',
        signatories: ['ap-hp', 'ars-idf', 'mildeca', 'pref-idf', 'pref-police', 'ratp', 'ville-paris'].map((code) => ({ code })),
      },
    });
  });

  it('counts step-1 actions by status in SQL: 85 % done totally or partially', async () => {
    const { data } = await subgraph.query(
      '{ planStep(number: 1) { completion { total done partiallyDone notDone doneOrPartiallyDonePercent } } }',
    );
    expect(data).toEqual({
      planStep: { completion: { total: 40, done: 24, partiallyDone: 10, notDone: 6, doneOrPartiallyDonePercent: 85 } },
    });
  });

  it('filters a step’s actions by axis and resolves their lead partner', async () => {
    const { data } = await subgraph.query('{ planStep(number: 2) { priorities actions(axis: CARE_PATHWAY) { id leadPartner { code } } } }');
    expect(data).toEqual({
      planStep: {
        priorities: ['CALM_PUBLIC_SPACE', 'CARE_PATHWAY', 'SOCIAL_PATHWAY'],
        actions: [
          { id: '2.06', leadPartner: { code: 'ars-idf' } },
          { id: '2.07', leadPartner: { code: 'ars-idf' } },
          { id: '2.08', leadPartner: { code: 'ars-idf' } },
        ],
      },
    });
  });

  it('resolves several entity representations in one statement per type', async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(
      `query ($representations: [_Any!]!) { _entities(representations: $representations) {
        ... on Sector { code name } ... on Partner { code kind } ... on PlanAction { id status } } }`,
      {
        representations: [
          { __typename: 'Sector', code: 'stalingrad' },
          { __typename: 'Partner', code: 'ratp' },
          { __typename: 'Sector', code: 'rosa-parks' },
          { __typename: 'PlanAction', id: '1.01' },
          { __typename: 'Sector', code: 'no-such-sector' },
          { __typename: 'Partner', code: 'ars-idf' },
        ],
      },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
        { code: 'stalingrad', name: 'Stalingrad' },
        { code: 'ratp', kind: 'TRANSPORT' },
        { code: 'rosa-parks', name: 'Rosa Parks' },
        { id: '1.01', status: 'DONE' },
        null,
        { code: 'ars-idf', kind: 'HEALTH_AUTHORITY' },
      ],
    });
    // One SELECT for sectors, one for partners, one for actions.
    expect(subgraph.built.statements.count).toBe(3);
  });

  it('gives the steering committee of 29 November 2023 with its attendees', async () => {
    const { data } = await subgraph.query('{ committeeMeetings(from: "2023-11-01", to: "2023-11-30") { date kind attendees { code } } }');
    expect(data).toEqual({
      committeeMeetings: [
        {
          date: '2023-11-29',
          kind: 'STEERING_COMMITTEE',
          attendees: ['ap-hp', 'ars-idf', 'mildeca', 'pref-idf', 'pref-police', 'ratp', 'ville-paris'].map((code) => ({ code })),
        },
      ],
    });
  });

  it('refuses an impossible date and a year outside the plan, naming the argument', async () => {
    const badDate = await subgraph.query('{ committeeMeetings(from: "2023-02-30") { id } }');
    expect(badDate.errors?.[0]?.message).toMatch(/real calendar date.*2023-02-30/);
    const badYear = await subgraph.query('{ year(year: 2012) { year } }');
    expect(badYear.errors?.[0]?.message).toBe(`year: 2012 is outside the plan, which runs from 2019 to ${new Date().getUTCFullYear()}`);
    expect(badYear.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('refuses an unknown sector code with the codes of its own sectors table, and answers the rest of the query', async () => {
    const { data, errors } = await subgraph.query('{ sector(code: "montmartre") { name } plan { name } }');
    expect(data).toEqual({ sector: null, plan: { name: 'Plan crack' } });
    expect(errors?.map((error) => ({ message: error.message, path: error.path, extensions: error.extensions }))).toEqual([
      {
        message:
          'sector: "code" is not a sector of the plan: "montmartre" (known: canal-ourcq, eole, forceval, porte-de-la-chapelle, rosa-parks, stalingrad)',
        path: ['sector'],
        extensions: { code: 'BAD_USER_INPUT', argumentName: 'code' },
      },
    ]);
    // The codes are read from the table, not from a list in the code: a sector added to the table is listed.
    await subgraph.built.db.getRepository(Sector).insert({ code: 'la-villette', name: 'La Villette', arrondissements: ['19'] });
    try {
      const { errors: after } = await subgraph.query('{ sector(code: "montmartre") { name } }');
      expect(after?.[0]?.message).toBe(
        'sector: "code" is not a sector of the plan: "montmartre" (known: canal-ourcq, eole, forceval, la-villette, porte-de-la-chapelle, rosa-parks, stalingrad)',
      );
    } finally {
      await subgraph.built.db.getRepository(Sector).delete({ code: 'la-villette' });
    }
  });
});

describe('plan sectors and the shared sector codes', () => {
  it('seeds exactly the codes the other subgraphs accept as filters, and refuses to seed anything else', () => {
    expect(() => {
      checkSectorContract(sectors);
    }).not.toThrow();
    expect(() => {
      checkSectorContract([...sectors, { code: 'montmartre' }]);
    }).toThrow(/not in the shared list \[montmartre\]/);
    expect(() => {
      checkSectorContract(sectors.filter((sector) => sector.code !== 'forceval'));
    }).toThrow(/missing \[forceval\]/);
    expect(() => {
      checkSectorContract([...sectors, { code: 'eole' }]);
    }).toThrow(/repeated \[eole\]/);
  });
});
