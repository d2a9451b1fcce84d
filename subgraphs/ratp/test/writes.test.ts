import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { StationIncident } from '../entities/index.js';
import { definition as ratp } from '../server.js';
import type { DatabaseConfig } from '../../shared/database.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';
import { lastingDatabase, refusal, removeLastingDatabase, rowCount } from '../../../test/support/writes.js';

/** An RATP agent who records incidents and reads the figures they move. */
const ratpAgent: Identity = { agent: 'ratp-security', partner: 'ratp', scopes: new Set(['ratp:write', 'ratp:read', 'report:read']) };

const recordIncident = `mutation ($input: RecordStationIncidentInput!) {
  recordStationIncident(input: $input) { replayed incident { id station { code name } occurredAt kind trainTrafficInterrupted } } }`;

/** The 2023 incident figures: plan-wide, and for the Stalingrad sector (per-sector figures need report:read). */
const figures2023 = `query ($representations: [_Any!]!) {
  ratpFigures { incidents { year(year: 2023) { value } } }
  _entities(representations: $representations) { ... on Sector { code ratpFigures {
    incidents { year(year: 2023) { value } } trainTrafficInterruptions { year(year: 2023) { value } } } } } }`;
const stalingrad = { representations: [{ __typename: 'Sector', code: 'stalingrad' }] };
const figures = (incidents: number, sectorIncidents: number, sectorInterruptions: number) => ({
  data: {
    ratpFigures: { incidents: { year: { value: incidents } } },
    _entities: [
      {
        code: 'stalingrad',
        ratpFigures: {
          incidents: { year: { value: sectorIncidents } },
          trainTrafficInterruptions: { year: { value: sectorInterruptions } },
        },
      },
    ],
  },
});

const dealing = {
  idempotencyKey: 'ratp-incident-jaures-0001',
  station: 'jaures',
  occurredAt: '2023-09-14T22:15:00+02:00',
  kind: 'DEALING',
  trainTrafficInterrupted: true,
};

/** Seeded (scale 1): 3,000 incidents. */
const SEEDED_INCIDENTS = 3000;

const badInput = (field: string, problem: string, message: string) => ({
  value: null,
  errors: [{ message, extensions: { code: 'BAD_USER_INPUT', argumentName: 'input', field, problem } }],
});

describe.each(testEngines)('ratp writes on $kind', (engine) => {
  let database: DatabaseConfig;
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    database = await lastingDatabase(engine, 'ratp', 'writes');
    subgraph = await startSubgraph(ratp, database);
  });
  afterAll(async () => {
    await subgraph?.stop();
    removeLastingDatabase(database);
  });

  it('records an incident once; a replay answers the same and writes nothing; the 2023 figures move by one', async () => {
    expect(await subgraph.query(figures2023, stalingrad, ratpAgent)).toEqual(figures(1425, 399, 19));
    const incident = {
      id: String(SEEDED_INCIDENTS + 1),
      station: { code: 'jaures', name: 'Jaurès' },
      occurredAt: '2023-09-14T20:15:00.000Z',
      kind: 'DEALING',
      trainTrafficInterrupted: true,
    };
    expect(await subgraph.query(recordIncident, { input: dealing }, ratpAgent)).toEqual({
      data: { recordStationIncident: { replayed: false, incident } },
    });
    expect(await subgraph.query(recordIncident, { input: dealing }, ratpAgent)).toEqual({
      data: { recordStationIncident: { replayed: true, incident } },
    });
    expect(await rowCount(subgraph, StationIncident)).toBe(SEEDED_INCIDENTS + 1);
    expect(await subgraph.query(figures2023, stalingrad, ratpAgent)).toEqual(figures(1426, 400, 20));
  });

  it('refuses the same key with another input (IDEMPOTENCY_KEY_REUSED) and writes nothing', async () => {
    const response = await subgraph.query(recordIncident, { input: { ...dealing, trainTrafficInterrupted: false } }, ratpAgent);
    expect(refusal(response, 'recordStationIncident')).toEqual({
      value: null,
      errors: [
        {
          message:
            'idempotency key "ratp-incident-jaures-0001" was already used by recordStationIncident with a different input; a new write needs a new key',
          extensions: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            field: 'input.idempotencyKey',
            idempotencyKey: 'ratp-incident-jaures-0001',
            mutation: 'recordStationIncident',
          },
        },
      ],
    });
    expect(await rowCount(subgraph, StationIncident)).toBe(SEEDED_INCIDENTS + 1);
  });

  it.each([
    [
      'an unknown station',
      { station: 'chatelet' },
      'input.station',
      'UNKNOWN',
      'input.station: "chatelet" is not a station of the sectors',
    ],
    [
      'an instant in the future',
      { occurredAt: '2099-03-01T10:00:00Z' },
      'input.occurredAt',
      'IN_THE_FUTURE',
      'input.occurredAt: 2099-03-01T10:00:00.000Z is in the future',
    ],
    [
      'an instant before the plan (in Paris)',
      { occurredAt: '2018-12-31T22:59:59Z' },
      'input.occurredAt',
      'BEFORE_THE_PLAN',
      "input.occurredAt: 2018-12-31T22:59:59.000Z is before the plan's first day (2019-01-01)",
    ],
  ])('refuses an incident with %s, naming the field, and writes nothing', async (_, change, field, problem, message) => {
    const input = { ...dealing, idempotencyKey: 'ratp-refused-0001', ...change };
    expect(refusal(await subgraph.query(recordIncident, { input }, ratpAgent), 'recordStationIncident')).toEqual(
      badInput(field, problem, message),
    );
    expect(await rowCount(subgraph, StationIncident)).toBe(SEEDED_INCIDENTS + 1);
  });

  it('accepts the first minute of the plan in Paris, which is still 2018 in UTC', async () => {
    const input = { ...dealing, idempotencyKey: 'ratp-first-minute', occurredAt: '2018-12-31T23:00:00Z', trainTrafficInterrupted: false };
    const response = await subgraph.query<{ recordStationIncident: { incident: { id: string; occurredAt: string } } }>(
      recordIncident,
      { input },
      ratpAgent,
    );
    expect(response.data?.recordStationIncident.incident).toMatchObject({
      id: String(SEEDED_INCIDENTS + 2),
      occurredAt: '2018-12-31T23:00:00.000Z',
    });
    expect(await rowCount(subgraph, StationIncident)).toBe(SEEDED_INCIDENTS + 2);
  });

  it('writes once for two concurrent requests with one key', async () => {
    const input = { ...dealing, idempotencyKey: 'ratp-concurrent-0001', occurredAt: '2023-10-01T07:00:00Z', kind: 'NUISANCE' };
    const answers = await Promise.all([
      subgraph.query(recordIncident, { input }, ratpAgent),
      subgraph.query(recordIncident, { input }, ratpAgent),
    ]);
    const payloads = answers.map((answer) => answer.data?.recordStationIncident as { replayed: boolean; incident: unknown });
    expect(payloads.map((payload) => payload.replayed).sort()).toEqual([false, true]);
    expect(payloads[0]?.incident).toEqual(payloads[1]?.incident);
    expect(await rowCount(subgraph, StationIncident)).toBe(SEEDED_INCIDENTS + 3);
  });

  it('keeps the writes across a restart on the same database, without seeding again', async () => {
    await subgraph.stop();
    subgraph = await startSubgraph(ratp, database);
    expect(await rowCount(subgraph, StationIncident)).toBe(SEEDED_INCIDENTS + 3);
    const { data, errors } = await subgraph.query(
      '{ ratpStation(code: "jaures") { incidents(from: "2023-09-14", to: "2023-09-14") { total trainTrafficInterruptions } } }',
      undefined,
      ratpAgent,
    );
    expect(errors).toBeUndefined();
    // The seed has no incident at Jaurès that day: the one written.
    expect(data).toEqual({ ratpStation: { incidents: { total: 1, trainTrafficInterruptions: 1 } } });
  });
});
