import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import type { DatabaseConfig } from '../../shared/database.js';
import { OutreachRound, ResidentReport } from '../entities/index.js';
import { definition as social } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';
import { lastingDatabase, refusal, removeLastingDatabase, rowCount } from '../../../test/support/writes.js';

/** An agent of the Ville de Paris who records rounds and reports and reads the figures they move. */
const socialWorker: Identity = {
  agent: 'uasa-desk',
  partner: 'ville-paris',
  scopes: new Set(['social:write', 'social:read', 'report:read']),
};

const recordRound = `mutation ($input: RecordOutreachRoundInput!) {
  recordOutreachRound(input: $input) { replayed round { id date slot level sector { code } operator contactsMade } } }`;
const reportFields = 'id receivedAt sector { code } reporterKind handledAt handledByTeam planAction { id }';
const recordReport = `mutation ($input: RecordResidentReportInput!) { recordResidentReport(input: $input) { replayed report { ${reportFields} } } }`;
const recordHandled = `mutation ($input: RecordResidentReportHandledInput!) { recordResidentReportHandled(input: $input) { replayed report { ${reportFields} } } }`;

/** The 2023 figures the writes move: plan-wide, and for Stalingrad and Éole (per-sector figures need report:read). */
const figures2023 = `query ($representations: [_Any!]!) {
  socialFigures { outreachRounds { year(year: 2023) { value } } residentReports { year(year: 2023) { value } } }
  _entities(representations: $representations) { ... on Sector { code socialFigures {
    outreachRounds { year(year: 2023) { value } } outreachContacts { year(year: 2023) { value } }
    residentReports { year(year: 2023) { value } } residentReportsHandled { year(year: 2023) { value } } } } } }`;
const twoSectors = {
  representations: [
    { __typename: 'Sector', code: 'stalingrad' },
    { __typename: 'Sector', code: 'eole' },
  ],
};
type SectorValues = { rounds: number; contacts: number; reports: number; handled: number };
const figures = (rounds: number, reports: number, stalingrad: SectorValues, eole: SectorValues) => ({
  data: {
    socialFigures: { outreachRounds: { year: { value: rounds } }, residentReports: { year: { value: reports } } },
    _entities: Object.entries({ stalingrad, eole }).map(([code, values]) => ({
      code,
      socialFigures: {
        outreachRounds: { year: { value: values.rounds } },
        outreachContacts: { year: { value: values.contacts } },
        residentReports: { year: { value: values.reports } },
        residentReportsHandled: { year: { value: values.handled } },
      },
    })),
  },
});

/** Rounds ran every day to 30 November 2023: 1 December is free for a new one. */
const morningRound = {
  idempotencyKey: 'round-2023-12-01-morning-surface-stalingrad',
  date: '2023-12-01',
  slot: 'MORNING',
  level: 'SURFACE',
  sector: 'stalingrad',
  operator: '  Aurore  ',
  contactsMade: 7,
};
const shopkeeperReport = {
  idempotencyKey: 'report-eole-2023-12-02-shop',
  receivedAt: '2023-12-02T09:30:00.750Z',
  sector: 'eole',
  reporterKind: 'SHOPKEEPER',
};

/** Seeded (scale 1): 24 rounds a day from 1 January 2022 to 30 November 2023 (699 days); 330 reports. */
const SEEDED_ROUNDS = 16_776;
const SEEDED_REPORTS = 330;
const newReportId = String(SEEDED_REPORTS + 1);

const badInput = (field: string, problem: string, message: string) => ({
  value: null,
  errors: [{ message, extensions: { code: 'BAD_USER_INPUT', argumentName: 'input', field, problem } }],
});

describe.each(testEngines)('social writes on $kind', (engine) => {
  let database: DatabaseConfig;
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    database = await lastingDatabase(engine, 'social', 'writes');
    subgraph = await startSubgraph(social, database);
  });
  afterAll(async () => {
    await subgraph?.stop();
    removeLastingDatabase(database);
  });

  it('records an outreach round once under its deterministic id; a replay answers the same and writes nothing; the 2023 figures move', async () => {
    expect(await subgraph.query(figures2023, twoSectors, socialWorker)).toEqual(
      figures(
        8016,
        330,
        { rounds: 1336, contacts: 12_808, reports: 58, handled: 54 },
        { rounds: 1336, contacts: 12_337, reports: 73, handled: 66 },
      ),
    );
    const round = {
      id: '2023-12-01-MORNING-SURFACE-stalingrad',
      date: '2023-12-01',
      slot: 'MORNING',
      level: 'SURFACE',
      sector: { code: 'stalingrad' },
      operator: 'Aurore',
      contactsMade: 7,
    };
    expect(await subgraph.query(recordRound, { input: morningRound }, socialWorker)).toEqual({
      data: { recordOutreachRound: { replayed: false, round } },
    });
    expect(await subgraph.query(recordRound, { input: morningRound }, socialWorker)).toEqual({
      data: { recordOutreachRound: { replayed: true, round } },
    });
    expect(await rowCount(subgraph, OutreachRound)).toBe(SEEDED_ROUNDS + 1);
    expect(
      await subgraph.query(
        '{ outreachRound(id: "2023-12-01-MORNING-SURFACE-stalingrad") { operator contactsMade } }',
        undefined,
        socialWorker,
      ),
    ).toEqual({
      data: { outreachRound: { operator: 'Aurore', contactsMade: 7 } },
    });
    expect(await subgraph.query(figures2023, twoSectors, socialWorker)).toEqual(
      figures(
        8017,
        330,
        { rounds: 1337, contacts: 12_815, reports: 58, handled: 54 },
        { rounds: 1336, contacts: 12_337, reports: 73, handled: 66 },
      ),
    );
  });

  it('refuses the same key with another input (IDEMPOTENCY_KEY_REUSED) and writes nothing', async () => {
    const response = await subgraph.query(recordRound, { input: { ...morningRound, contactsMade: 8 } }, socialWorker);
    expect(refusal(response, 'recordOutreachRound')).toEqual({
      value: null,
      errors: [
        {
          message:
            'idempotency key "round-2023-12-01-morning-surface-stalingrad" was already used by recordOutreachRound with a different input; a new write needs a new key',
          extensions: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            field: 'input.idempotencyKey',
            idempotencyKey: 'round-2023-12-01-morning-surface-stalingrad',
            mutation: 'recordOutreachRound',
          },
        },
      ],
    });
    expect(await rowCount(subgraph, OutreachRound)).toBe(SEEDED_ROUNDS + 1);
  });

  it.each([
    ['the round just written', morningRound, '2023-12-01-MORNING-SURFACE-stalingrad'],
    [
      'a seeded round',
      { ...morningRound, date: '2023-10-18', slot: 'EVENING', level: 'UNDERGROUND' },
      '2023-10-18-EVENING-UNDERGROUND-stalingrad',
    ],
  ])('refuses a second round with the id of %s under another key (CONFLICT naming the id)', async (_, input, id) => {
    const response = await subgraph.query(
      recordRound,
      { input: { ...input, idempotencyKey: `another-key-for-${input.date}` } },
      socialWorker,
    );
    expect(refusal(response, 'recordOutreachRound')).toEqual({
      value: null,
      errors: [{ message: `outreach round ${id} is already recorded`, extensions: { code: 'CONFLICT', id } }],
    });
    expect(await rowCount(subgraph, OutreachRound)).toBe(SEEDED_ROUNDS + 1);
  });

  it.each([
    ['a date in the future', { date: '2099-01-01' }, 'input.date', 'IN_THE_FUTURE', 'input.date: 2099-01-01 is in the future'],
    [
      'an unknown sector',
      { sector: 'Stalingrad' },
      'input.sector',
      'UNKNOWN',
      'input.sector: "Stalingrad" is not a sector of the plan (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
    ],
    [
      'a negative count',
      { contactsMade: -1 },
      'input.contactsMade',
      'NEGATIVE',
      'input.contactsMade: -1 is negative; a count is 0 or more',
    ],
    [
      'a count that is not whole',
      { contactsMade: 3.5 },
      'input.contactsMade',
      'NOT_AN_INTEGER',
      'input.contactsMade: 3.5 is not a whole number',
    ],
    [
      'a count out of bounds',
      { contactsMade: 501 },
      'input.contactsMade',
      'TOO_LARGE',
      'input.contactsMade: 501 is more than 500, the most one record may count',
    ],
    ['an empty operator', { operator: '' }, 'input.operator', 'EMPTY', 'input.operator: is empty'],
  ])('refuses a round with %s, naming the field, and writes nothing', async (_, change, field, problem, message) => {
    const input = { ...morningRound, idempotencyKey: 'refused-round-0001', date: '2023-12-02', ...change };
    expect(refusal(await subgraph.query(recordRound, { input }, socialWorker), 'recordOutreachRound')).toEqual(
      badInput(field, problem, message),
    );
    expect(await rowCount(subgraph, OutreachRound)).toBe(SEEDED_ROUNDS + 1);
  });

  it('records a report, kept to the second, under action 2.04; a replay answers the same; the 2023 report figures move by one', async () => {
    const report = {
      id: newReportId,
      receivedAt: '2023-12-02T09:30:00.000Z',
      sector: { code: 'eole' },
      reporterKind: 'SHOPKEEPER',
      handledAt: null,
      handledByTeam: null,
      planAction: { id: '2.04' },
    };
    expect(await subgraph.query(recordReport, { input: shopkeeperReport }, socialWorker)).toEqual({
      data: { recordResidentReport: { replayed: false, report } },
    });
    expect(await subgraph.query(recordReport, { input: shopkeeperReport }, socialWorker)).toEqual({
      data: { recordResidentReport: { replayed: true, report } },
    });
    expect(await rowCount(subgraph, ResidentReport)).toBe(SEEDED_REPORTS + 1);
    expect(await subgraph.query(figures2023, twoSectors, socialWorker)).toEqual(
      figures(
        8017,
        331,
        { rounds: 1337, contacts: 12_815, reports: 58, handled: 54 },
        { rounds: 1336, contacts: 12_337, reports: 74, handled: 66 },
      ),
    );
  });

  it('refuses a report received in the future or in an unknown sector, and writes nothing', async () => {
    const future = await subgraph.query(
      recordReport,
      { input: { ...shopkeeperReport, idempotencyKey: 'refused-report-1', receivedAt: '2099-01-01T08:00:00Z' } },
      socialWorker,
    );
    expect(refusal(future, 'recordResidentReport')).toEqual(
      badInput('input.receivedAt', 'IN_THE_FUTURE', 'input.receivedAt: 2099-01-01T08:00:00.000Z is in the future'),
    );
    const nowhere = await subgraph.query(
      recordReport,
      { input: { ...shopkeeperReport, idempotencyKey: 'refused-report-2', sector: 'belleville' } },
      socialWorker,
    );
    expect(refusal(nowhere, 'recordResidentReport')).toEqual(
      badInput(
        'input.sector',
        'UNKNOWN',
        'input.sector: "belleville" is not a sector of the plan (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
      ),
    );
    expect(await rowCount(subgraph, ResidentReport)).toBe(SEEDED_REPORTS + 1);
  });

  it.each([
    [
      'an answer before the report was received',
      { handledAt: '2023-12-02T09:29:59Z' },
      'input.handledAt',
      'OUT_OF_ORDER',
      "input.handledAt: 2023-12-02T09:29:59.000Z is before the report's receivedAt (2023-12-02T09:30:00.000Z)",
    ],
    [
      'an unknown report',
      { reportId: '99999' },
      'input.reportId',
      'UNKNOWN',
      'input.reportId: "99999" is not a report social services received',
    ],
    [
      'a report id that is no number',
      { reportId: 'R-12' },
      'input.reportId',
      'UNKNOWN',
      'input.reportId: "R-12" is not a report social services received',
    ],
    ['a blank team', { team: ' \t ' }, 'input.team', 'EMPTY', 'input.team: is empty'],
  ])('refuses an answer with %s, naming the field, and writes nothing', async (_, change, field, problem, message) => {
    const input = {
      idempotencyKey: 'refused-answer-1',
      reportId: newReportId,
      handledAt: '2023-12-02T11:00:00Z',
      team: 'UASA – équipe mobile 2',
      ...change,
    };
    expect(refusal(await subgraph.query(recordHandled, { input }, socialWorker), 'recordResidentReportHandled')).toEqual(
      badInput(field, problem, message),
    );
    expect(await subgraph.built.db.getRepository(ResidentReport).findOneBy({ id: Number(newReportId) })).toMatchObject({
      handledAt: null,
      handledByTeam: null,
    });
  });

  it('records the answer to a report once; another answer to it is a CONFLICT; the handled figure moves by one', async () => {
    const input = {
      idempotencyKey: 'answer-report-331',
      reportId: newReportId,
      handledAt: '2023-12-02T10:45:00Z',
      team: ' UASA – équipe mobile 2 ',
    };
    const report = {
      id: newReportId,
      receivedAt: '2023-12-02T09:30:00.000Z',
      sector: { code: 'eole' },
      reporterKind: 'SHOPKEEPER',
      handledAt: '2023-12-02T10:45:00.000Z',
      handledByTeam: 'UASA – équipe mobile 2',
      planAction: { id: '2.04' },
    };
    expect(await subgraph.query(recordHandled, { input }, socialWorker)).toEqual({
      data: { recordResidentReportHandled: { replayed: false, report } },
    });
    expect(await subgraph.query(recordHandled, { input }, socialWorker)).toEqual({
      data: { recordResidentReportHandled: { replayed: true, report } },
    });
    const second = await subgraph.query(
      recordHandled,
      { input: { ...input, idempotencyKey: 'answer-report-331-again', handledAt: '2023-12-02T12:00:00Z' } },
      socialWorker,
    );
    expect(refusal(second, 'recordResidentReportHandled')).toEqual({
      value: null,
      errors: [
        {
          message: `report ${newReportId} was already answered, at 2023-12-02T10:45:00.000Z`,
          extensions: { code: 'CONFLICT', id: newReportId },
        },
      ],
    });
    expect(await subgraph.query(figures2023, twoSectors, socialWorker)).toEqual(
      figures(
        8017,
        331,
        { rounds: 1337, contacts: 12_815, reports: 58, handled: 54 },
        { rounds: 1336, contacts: 12_337, reports: 74, handled: 67 },
      ),
    );
  });

  it('writes one report for two concurrent requests with one key, and two for two keys', async () => {
    const input = { ...shopkeeperReport, idempotencyKey: 'concurrent-report-1', receivedAt: '2023-12-03T08:00:00Z' };
    const sameKey = await Promise.all([
      subgraph.query(recordReport, { input }, socialWorker),
      subgraph.query(recordReport, { input }, socialWorker),
    ]);
    const payloads = sameKey.map((answer) => answer.data?.recordResidentReport as { replayed: boolean; report: { id: string } });
    expect(payloads.map((payload) => payload.replayed).sort()).toEqual([false, true]);
    expect(payloads.map((payload) => payload.report.id)).toEqual([String(SEEDED_REPORTS + 2), String(SEEDED_REPORTS + 2)]);
    expect(await rowCount(subgraph, ResidentReport)).toBe(SEEDED_REPORTS + 2);

    // Two keys: both compute the same next id; the loser fails on it and takes the one after.
    const twoKeys = await Promise.all(
      ['concurrent-report-2', 'concurrent-report-3'].map((idempotencyKey) =>
        subgraph.query(recordReport, { input: { ...input, idempotencyKey } }, socialWorker),
      ),
    );
    expect(twoKeys.map((answer) => (answer.data?.recordResidentReport as { report: { id: string } }).report.id).sort()).toEqual([
      String(SEEDED_REPORTS + 3),
      String(SEEDED_REPORTS + 4),
    ]);
    expect(await rowCount(subgraph, ResidentReport)).toBe(SEEDED_REPORTS + 4);
  });

  it('keeps the writes across a restart on the same database, without seeding again', async () => {
    await subgraph.stop();
    subgraph = await startSubgraph(social, database);
    expect(await rowCount(subgraph, OutreachRound)).toBe(SEEDED_ROUNDS + 1);
    expect(await rowCount(subgraph, ResidentReport)).toBe(SEEDED_REPORTS + 4);
    const { data, errors } = await subgraph.query(
      `{ outreachRound(id: "2023-12-01-MORNING-SURFACE-stalingrad") { operator contactsMade }
         residentReportSummary(from: "2023-12-01", to: "2023-12-31") { received handled byReporterKind { reporterKind received handled } } }`,
      undefined,
      socialWorker,
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      outreachRound: { operator: 'Aurore', contactsMade: 7 },
      residentReportSummary: { received: 4, handled: 1, byReporterKind: [{ reporterKind: 'SHOPKEEPER', received: 4, handled: 1 }] },
    });
  });
});
