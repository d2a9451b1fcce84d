import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { PoliceDeployment, PoliceOperation } from '../entities/index.js';
import { definition as policeJustice } from '../server.js';
import type { DatabaseConfig } from '../../shared/database.js';
import { idempotentWrite, IdempotencyRecord } from '../../shared/writes.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';
import { lastingDatabase, refusal, removeLastingDatabase, rowCount, sleep } from '../../../test/support/writes.js';

/** An agent of the Préfecture de police who records operations and reads the figures they move. */
const officer: Identity = {
  agent: 'pp-desk',
  partner: 'pref-police',
  scopes: new Set(['police-justice:write', 'police-justice:read', 'report:read']),
};

const recordOperation = `mutation ($input: RecordPoliceOperationInput!) {
  recordPoliceOperation(input: $input) { replayed operation { id date kind description sector { code } leadPartner { code } } } }`;
const recordDeployment = `mutation ($input: RecordPoliceDeploymentInput!) {
  recordPoliceDeployment(input: $input) { replayed deployment { date sector { code } shift officers } } }`;

/** The 2023 figures a write moves: plan-wide, and for two sectors (per-sector figures need report:read). */
const figures2023 = `query ($representations: [_Any!]!) {
  policeJusticeFigures { policeOperations { year(year: 2023) { value } } officerShifts { year(year: 2023) { value } } }
  _entities(representations: $representations) { ... on Sector { code policeJusticeFigures {
    policeOperations { year(year: 2023) { value } } officerShifts { year(year: 2023) { value } } } } } }`;
const twoSectors = {
  representations: [
    { __typename: 'Sector', code: 'rosa-parks' },
    { __typename: 'Sector', code: 'forceval' },
  ],
};
/** A year with its value, or null: the series has no row that year. */
const yearValue = (value: number | null) => ({ year: value === null ? null : { value } });
const figures = (operations: number, officerShifts: number, rosaParks: [number, number], forceval: [number | null, number | null]) => ({
  policeJusticeFigures: { policeOperations: yearValue(operations), officerShifts: yearValue(officerShifts) },
  _entities: [
    { code: 'rosa-parks', policeJusticeFigures: { policeOperations: yearValue(rosaParks[0]), officerShifts: yearValue(rosaParks[1]) } },
    { code: 'forceval', policeJusticeFigures: { policeOperations: yearValue(forceval[0]), officerShifts: yearValue(forceval[1]) } },
  ],
});

const search = {
  idempotencyKey: 'pj-search-2023-06-15',
  date: '2023-06-15',
  sector: 'rosa-parks',
  kind: 'SEARCH',
  description: '  Perquisition d’un point de revente rue d’Aubervilliers  ',
  leadPartner: 'parquet-paris',
};
const forcevalDayShift = {
  idempotencyKey: 'pj-deployment-forceval-day',
  date: '2023-06-15',
  sector: 'forceval',
  shift: 'DAY',
  officers: 42,
};

/** Seeded rows (scale 1): 1 + 3 × 23 months of operations; 2 shifts × 5 sectors × 421 days of deployments. */
const SEEDED_OPERATIONS = 70;
const SEEDED_DEPLOYMENTS = 4210;

describe.each(testEngines)('police-justice writes on $kind', (engine) => {
  let database: DatabaseConfig;
  let subgraph: RunningSubgraph;
  let written: { id: string } | undefined;

  beforeAll(async () => {
    database = await lastingDatabase(engine, 'police-justice', 'writes');
    subgraph = await startSubgraph(policeJustice, database);
  });
  afterAll(async () => {
    await subgraph?.stop();
    removeLastingDatabase(database);
  });

  it('records an operation once: the same key and input replays the answer and writes nothing; the 2023 figures move by one', async () => {
    expect(await subgraph.query(figures2023, twoSectors, officer)).toEqual({ data: figures(33, 146_231, [11, 29_372], [null, null]) });

    const first = await subgraph.query<{ recordPoliceOperation: { replayed: boolean; operation: { id: string } } }>(
      recordOperation,
      { input: search },
      officer,
    );
    expect(first.errors).toBeUndefined();
    const operation = first.data?.recordPoliceOperation.operation;
    expect(operation?.id).toMatch(/^op-2023-06-15-[0-9a-f]{12}$/);
    expect(first.data).toEqual({
      recordPoliceOperation: {
        replayed: false,
        operation: {
          id: operation?.id,
          date: '2023-06-15',
          kind: 'SEARCH',
          description: 'Perquisition d’un point de revente rue d’Aubervilliers',
          sector: { code: 'rosa-parks' },
          leadPartner: { code: 'parquet-paris' },
        },
      },
    });
    written = operation;

    const replay = await subgraph.query(recordOperation, { input: search }, officer);
    expect(replay).toEqual({ data: { recordPoliceOperation: { ...first.data?.recordPoliceOperation, replayed: true } } });
    expect(await rowCount(subgraph, PoliceOperation)).toBe(SEEDED_OPERATIONS + 1);
    expect(await subgraph.built.db.getRepository(PoliceOperation).findOneBy({ id: operation?.id })).toEqual({
      id: operation?.id,
      date: '2023-06-15',
      sectorCode: 'rosa-parks',
      kind: 'SEARCH',
      description: 'Perquisition d’un point de revente rue d’Aubervilliers',
      leadPartnerCode: 'parquet-paris',
    });
    expect(await subgraph.query(figures2023, twoSectors, officer)).toEqual({ data: figures(34, 146_231, [12, 29_372], [null, null]) });
  });

  it('refuses the same key with another input (IDEMPOTENCY_KEY_REUSED) and writes nothing', async () => {
    const response = await subgraph.query(recordOperation, { input: { ...search, kind: 'ARREST' } }, officer);
    expect(refusal(response, 'recordPoliceOperation')).toEqual({
      value: null,
      errors: [
        {
          message:
            'idempotency key "pj-search-2023-06-15" was already used by recordPoliceOperation with a different input; a new write needs a new key',
          extensions: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            field: 'input.idempotencyKey',
            idempotencyKey: 'pj-search-2023-06-15',
            mutation: 'recordPoliceOperation',
          },
        },
      ],
    });
    expect(await rowCount(subgraph, PoliceOperation)).toBe(SEEDED_OPERATIONS + 1);
  });

  it.each([
    ['a date in the future', { date: '2099-01-01' }, 'input.date', 'IN_THE_FUTURE', 'input.date: 2099-01-01 is in the future'],
    [
      'a date before the plan',
      { date: '2018-12-31' },
      'input.date',
      'BEFORE_THE_PLAN',
      "input.date: 2018-12-31 is before the plan's first day (2019-01-01)",
    ],
    [
      'an unknown sector',
      { sector: 'la-villette' },
      'input.sector',
      'UNKNOWN',
      'input.sector: "la-villette" is not a sector of the plan (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
    ],
    [
      'an unknown lead partner',
      { leadPartner: 'gendarmerie' },
      'input.leadPartner',
      'UNKNOWN',
      'input.leadPartner: "gendarmerie" is not a partner of the plan (known: pref-idf, mildeca, pref-police, parquet-paris, ars-idf, ap-hp, ghu-paris, ville-paris, ratp)',
    ],
    ['a blank description', { description: '   ' }, 'input.description', 'EMPTY', 'input.description: is empty'],
    [
      'a description of zero-width spaces',
      { description: '\u200b\u200b\u2060\ufeff' },
      'input.description',
      'EMPTY',
      'input.description: is empty',
    ],
    [
      'a description too long',
      { description: 'x'.repeat(301) },
      'input.description',
      'TOO_LONG',
      'input.description: is 301 characters long; at most 300',
    ],
    [
      'a key too short',
      { idempotencyKey: 'short' },
      'input.idempotencyKey',
      'MALFORMED',
      'input.idempotencyKey: must be 8 to 128 characters of A-Z, a-z, 0-9, _ and -, e.g. a UUID; got 5 characters',
    ],
    [
      'a key with a space',
      { idempotencyKey: 'pj search 0001' },
      'input.idempotencyKey',
      'MALFORMED',
      'input.idempotencyKey: must be 8 to 128 characters of A-Z, a-z, 0-9, _ and -, e.g. a UUID; got 14 characters',
    ],
  ])('refuses an operation with %s, naming the field, and writes nothing', async (_, change, field, problem, message) => {
    const response = await subgraph.query(
      recordOperation,
      { input: { ...search, idempotencyKey: 'pj-refused-operation', ...change } },
      officer,
    );
    expect(refusal(response, 'recordPoliceOperation')).toEqual({
      value: null,
      errors: [{ message, extensions: { code: 'BAD_USER_INPUT', argumentName: 'input', field, problem } }],
    });
    expect(await rowCount(subgraph, PoliceOperation)).toBe(SEEDED_OPERATIONS + 1);
    expect(await rowCount(subgraph, IdempotencyRecord)).toBe(1);
  });

  it('records a deployment once; the same shift under another key is a CONFLICT; officer shifts move by its officers', async () => {
    const first = await subgraph.query(recordDeployment, { input: forcevalDayShift }, officer);
    const deployment = { date: '2023-06-15', sector: { code: 'forceval' }, shift: 'DAY', officers: 42 };
    expect(first).toEqual({ data: { recordPoliceDeployment: { replayed: false, deployment } } });
    expect(await subgraph.query(recordDeployment, { input: forcevalDayShift }, officer)).toEqual({
      data: { recordPoliceDeployment: { replayed: true, deployment } },
    });

    const again = await subgraph.query(
      recordDeployment,
      { input: { ...forcevalDayShift, idempotencyKey: 'pj-deployment-forceval-day-2', officers: 40 } },
      officer,
    );
    expect(refusal(again, 'recordPoliceDeployment')).toEqual({
      value: null,
      errors: [
        {
          message: 'the DAY shift of 2023-06-15 on forceval is already recorded',
          extensions: { code: 'CONFLICT', id: 'forceval/2023-06-15/DAY' },
        },
      ],
    });
    expect(await rowCount(subgraph, PoliceDeployment)).toBe(SEEDED_DEPLOYMENTS + 1);
    // Forceval had no deployment in 2023: its year appears, with 42 (above the threshold of 5, so shown).
    expect(await subgraph.query(figures2023, twoSectors, officer)).toEqual({ data: figures(34, 146_273, [12, 29_372], [null, 42]) });
  });

  it.each([
    ['a negative count', -3, 'NEGATIVE', 'input.officers: -3 is negative; a count is 0 or more'],
    ['a count that is not whole', 2.5, 'NOT_AN_INTEGER', 'input.officers: 2.5 is not a whole number'],
    ['a count out of bounds', 1001, 'TOO_LARGE', 'input.officers: 1001 is more than 1000, the most one record may count'],
  ])('refuses a deployment with %s, naming the field, and writes nothing', async (_, officers, problem, message) => {
    const input = { ...forcevalDayShift, idempotencyKey: 'pj-refused-deployment', shift: 'NIGHT', officers };
    expect(refusal(await subgraph.query(recordDeployment, { input }, officer), 'recordPoliceDeployment')).toEqual({
      value: null,
      errors: [{ message, extensions: { code: 'BAD_USER_INPUT', argumentName: 'input', field: 'input.officers', problem } }],
    });
    expect(await rowCount(subgraph, PoliceDeployment)).toBe(SEEDED_DEPLOYMENTS + 1);
  });

  it('refuses an agent without police-justice:write (FORBIDDEN) and writes nothing', async () => {
    const reader: Identity = { agent: 'pp-analyst', partner: 'pref-police', scopes: new Set(['police-justice:read']) };
    const response = await subgraph.query(recordOperation, { input: { ...search, idempotencyKey: 'pj-reader-tries' } }, reader);
    expect(refusal(response, 'recordPoliceOperation')).toEqual({
      value: null,
      errors: [
        {
          message: 'Mutation.recordPoliceOperation requires the scope police-justice:write; the token lacks police-justice:write',
          extensions: {
            code: 'FORBIDDEN',
            field: 'Mutation.recordPoliceOperation',
            requiredScopes: [['police-justice:write']],
            missingScopes: [['police-justice:write']],
          },
        },
      ],
    });
    expect(await rowCount(subgraph, PoliceOperation)).toBe(SEEDED_OPERATIONS + 1);
  });

  it('writes once for two concurrent requests with one key: one answers, the other replays it', async () => {
    const input = { ...search, idempotencyKey: 'pj-concurrent-0001', date: '2023-07-01', kind: 'ARREST' };
    const answers = await Promise.all([
      subgraph.query(recordOperation, { input }, officer),
      subgraph.query(recordOperation, { input }, officer),
    ]);
    const payloads = answers.map((answer) => answer.data?.recordPoliceOperation as { replayed: boolean; operation: unknown });
    expect(payloads.map((payload) => payload.replayed).sort()).toEqual([false, true]);
    expect(payloads[0]?.operation).toEqual(payloads[1]?.operation);
    expect(await rowCount(subgraph, PoliceOperation)).toBe(SEEDED_OPERATIONS + 2);
  });

  it('keeps a key to the partner who wrote with it: another partner’s identical key and input is a write of its own, never the first answer', async () => {
    const prosecutor: Identity = { agent: 'parquet-desk', partner: 'parquet-paris', scopes: new Set(['police-justice:write']) };
    const input = { ...search, idempotencyKey: 'pj-shared-key-0001', date: '2023-06-20' };
    const first = await subgraph.query(recordOperation, { input }, officer);
    const other = await subgraph.query(recordOperation, { input }, prosecutor);
    const firstPayload = first.data?.recordPoliceOperation as { replayed: boolean; operation: { id: string } };
    const otherPayload = other.data?.recordPoliceOperation as { replayed: boolean; operation: { id: string } };
    expect({ first: firstPayload.replayed, other: otherPayload.replayed }).toEqual({ first: false, other: false });
    expect(otherPayload.operation.id).not.toBe(firstPayload.operation.id);
    // Each partner's retry replays its own answer.
    const retries = await Promise.all([
      subgraph.query(recordOperation, { input }, officer),
      subgraph.query(recordOperation, { input }, prosecutor),
    ]);
    expect(retries.map((retry) => retry.data?.recordPoliceOperation)).toEqual([
      { replayed: true, operation: firstPayload.operation },
      { replayed: true, operation: otherPayload.operation },
    ]);
    await subgraph.built.db.getRepository(PoliceOperation).delete([firstPayload.operation.id, otherPayload.operation.id]);
  });

  it('makes the loser of a race on one key roll back its write and replay the winner', async () => {
    // Each work waits until both are inside their transaction (or 1 s, as SQLite lets one in at a time),
    // then both insert the same row: on MySQL one blocks, fails on the duplicate and tries again.
    let inside = 0;
    let release = () => {};
    const bothInside = new Promise<void>((resolve) => (release = resolve));
    const row: PoliceOperation = {
      id: 'op-2023-07-02-race',
      date: '2023-07-02',
      sectorCode: 'eole',
      kind: 'CLEARANCE',
      description: 'Évacuation',
      leadPartnerCode: 'pref-police',
    };
    const request = { mutation: 'raceTest', key: 'race-key-0001', partner: 'pref-police', input: { id: row.id } };
    const write = () =>
      idempotentWrite(subgraph.built.db, request, async (manager) => {
        inside += 1;
        if (inside === 2) release();
        await Promise.race([bothInside, sleep(1000)]);
        await manager.insert(PoliceOperation, row);
        return row;
      });
    const outcomes = await Promise.all([write(), write()]);
    expect(outcomes.map((outcome) => outcome.replayed).sort()).toEqual([false, true]);
    expect(outcomes[0]?.result).toEqual(row);
    expect(outcomes[1]?.result).toEqual(row);
    expect(inside).toBe(engine.kind === 'mysql' ? 2 : 1);
    expect(await rowCount(subgraph, PoliceOperation)).toBe(SEEDED_OPERATIONS + 3);
  });

  it('keeps the writes across a restart on the same database, without seeding again', async () => {
    await subgraph.stop();
    subgraph = await startSubgraph(policeJustice, database);
    expect(await rowCount(subgraph, PoliceOperation)).toBe(SEEDED_OPERATIONS + 3);
    const { data, errors } = await subgraph.query(
      '{ policeOperations(from: "2023-06-15", to: "2023-06-15", sector: "rosa-parks", kind: SEARCH) { id description leadPartner { code } } }',
      undefined,
      officer,
    );
    expect(errors).toBeUndefined();
    expect(data?.policeOperations).toContainEqual({
      id: written?.id,
      description: 'Perquisition d’un point de revente rue d’Aubervilliers',
      leadPartner: { code: 'parquet-paris' },
    });
    // The key survives too: a retry after the restart still replays.
    const replay = await subgraph.query(recordOperation, { input: search }, officer);
    expect(replay.data?.recordPoliceOperation).toMatchObject({ replayed: true, operation: { id: written?.id } });
    expect(await rowCount(subgraph, PoliceOperation)).toBe(SEEDED_OPERATIONS + 3);
  });
});
