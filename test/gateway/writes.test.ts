import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PathwayAdmission } from '../../subgraphs/health/entities/index.js';
import { PoliceOperation } from '../../subgraphs/police-justice/entities/index.js';
import { StationIncident } from '../../subgraphs/ratp/entities/index.js';
import { OutreachRound } from '../../subgraphs/social/entities/index.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken } from '../support/identity.js';
import { refusal, rowCount } from '../support/writes.js';

const recordOperation = `mutation RecordOperation($input: RecordPoliceOperationInput!) {
  recordPoliceOperation(input: $input) { replayed operation { date kind sector { code name } leadPartner { code name } } } }`;
const operation = {
  idempotencyKey: 'gw-operation-0001',
  date: '2023-11-20',
  sector: 'rosa-parks',
  kind: 'CLEARANCE',
  description: 'Évacuation d’un regroupement de consommateurs, rue Cesária-Évora',
  leadPartner: 'pref-police',
};
/** The police operations of 2023, published plan-wide and per year: a write moves both. */
const operations2023 =
  '{ policeJusticeFigures { policeOperations { year(year: 2023) { value } } } year(year: 2023) { policeJustice { policeOperations { value } } } }';
const operationsFigures = (value: number) => ({
  data: { policeJusticeFigures: { policeOperations: { year: { value } } }, year: { policeJustice: { policeOperations: { value } } } },
});

/** Seeded (scale 1): 1 + 3 × 23 months of police operations. */
const SEEDED_OPERATIONS = 70;

describe.each(testEngines)('partners write through the gateway, on $kind', (engine) => {
  let graph: RunningGraph;
  const token = { police: '', policeReader: '', city: '', ratp: '', hospital: '' };
  const operations = () => rowCount(graph.subgraphs['police-justice'], PoliceOperation);

  beforeAll(async () => {
    graph = await startGraph(engine, 'writes_gw');
    token.police = await mintToken({ agent: 'pp-desk', partner: 'pref-police', scopes: ['police-justice:write'] });
    token.policeReader = await mintToken({ agent: 'pp-analyst', partner: 'pref-police', scopes: ['police-justice:read', 'report:read'] });
    token.city = await mintToken({ agent: 'uasa-desk', partner: 'ville-paris', scopes: ['social:write'] });
    token.ratp = await mintToken({ agent: 'ratp-security', partner: 'ratp', scopes: ['ratp:write'] });
    token.hospital = await mintToken({ agent: 'nurse-7', partner: 'ap-hp', scopes: ['health:write'] });
  });
  afterAll(() => graph?.stop());

  it('lets a token with police-justice:write record an operation; the published 2023 figure moves by one; a retry replays it', async () => {
    expect(await graph.queryWith(null, operations2023)).toEqual(operationsFigures(33));
    const answer = {
      date: '2023-11-20',
      kind: 'CLEARANCE',
      sector: { code: 'rosa-parks', name: 'Rosa Parks' },
      leadPartner: { code: 'pref-police', name: 'Préfecture de police' },
    };
    expect(await graph.queryWith(token.police, recordOperation, { input: operation })).toEqual({
      data: { recordPoliceOperation: { replayed: false, operation: answer } },
    });
    expect(await graph.queryWith(token.police, recordOperation, { input: operation })).toEqual({
      data: { recordPoliceOperation: { replayed: true, operation: answer } },
    });
    expect(await operations()).toBe(SEEDED_OPERATIONS + 1);
    expect(await graph.queryWith(null, operations2023)).toEqual(operationsFigures(34));
  });

  it('refuses a token without police-justice:write, naming the scope, and writes nothing', async () => {
    const response = await graph.queryWith(token.policeReader, recordOperation, {
      input: { ...operation, idempotencyKey: 'gw-reader-tries-1' },
    });
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
            serviceName: 'police-justice',
          },
        },
      ],
    });
    expect(await operations()).toBe(SEEDED_OPERATIONS + 1);
  });

  it("refuses another partner's write scope: social:write does not write police operations", async () => {
    const response = await graph.queryWith(token.city, recordOperation, { input: { ...operation, idempotencyKey: 'gw-city-tries-01' } });
    expect(refusal(response, 'recordPoliceOperation').errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(await operations()).toBe(SEEDED_OPERATIONS + 1);
  });

  it('refuses an anonymous request (UNAUTHENTICATED) and writes nothing', async () => {
    const response = await graph.queryWith(null, recordOperation, { input: { ...operation, idempotencyKey: 'gw-anonymous-01' } });
    expect(refusal(response, 'recordPoliceOperation')).toEqual({
      value: null,
      errors: [
        {
          message: 'Mutation.recordPoliceOperation requires an authenticated agent: send a bearer token',
          extensions: { code: 'UNAUTHENTICATED', field: 'Mutation.recordPoliceOperation', serviceName: 'police-justice' },
        },
      ],
    });
    expect(await operations()).toBe(SEEDED_OPERATIONS + 1);
  });

  // The gateway adds the subgraph that refused (`serviceName`) to what the subgraph said.
  it('passes a refused input back to the client with the field at fault', async () => {
    const response = await graph.queryWith(token.police, recordOperation, {
      input: { ...operation, idempotencyKey: 'gw-bad-input-01', sector: 'montmartre' },
    });
    expect(refusal(response, 'recordPoliceOperation')).toEqual({
      value: null,
      errors: [
        {
          message:
            'input.sector: "montmartre" is not a sector of the plan (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
          extensions: {
            code: 'BAD_USER_INPUT',
            argumentName: 'input',
            field: 'input.sector',
            problem: 'UNKNOWN',
            serviceName: 'police-justice',
          },
        },
      ],
    });
    expect(await operations()).toBe(SEEDED_OPERATIONS + 1);
  });

  it('passes a count that is not whole through to the subgraph, which names the field', async () => {
    const input = {
      idempotencyKey: 'gw-round-fraction',
      date: '2023-12-01',
      slot: 'EVENING',
      level: 'UNDERGROUND',
      sector: 'eole',
      operator: 'Aurore avec la RATP',
      contactsMade: 4.5,
    };
    const response = await graph.queryWith(
      token.city,
      'mutation ($input: RecordOutreachRoundInput!) { recordOutreachRound(input: $input) { replayed } }',
      { input },
    );
    expect(refusal(response, 'recordOutreachRound')).toEqual({
      value: null,
      errors: [
        {
          message: 'input.contactsMade: 4.5 is not a whole number',
          extensions: {
            code: 'BAD_USER_INPUT',
            argumentName: 'input',
            field: 'input.contactsMade',
            problem: 'NOT_AN_INTEGER',
            serviceName: 'social',
          },
        },
      ],
    });
  });

  it('writes once for two concurrent requests with one key through the gateway', async () => {
    const input = { ...operation, idempotencyKey: 'gw-concurrent-01', date: '2023-11-21' };
    const answers = await Promise.all([
      graph.queryWith(token.police, recordOperation, { input }),
      graph.queryWith(token.police, recordOperation, { input }),
    ]);
    expect(answers.map((answer) => (answer.data?.recordPoliceOperation as { replayed: boolean }).replayed).sort()).toEqual([false, true]);
    expect(await operations()).toBe(SEEDED_OPERATIONS + 2);
  });

  it("lets each partner write its own data with its own scope: social's rounds, RATP's incidents, health's admissions", async () => {
    const rounds = await rowCount(graph.subgraphs.social, OutreachRound);
    const incidents = await rowCount(graph.subgraphs.ratp, StationIncident);
    const admissions = await rowCount(graph.subgraphs.health, PathwayAdmission);
    const round = {
      idempotencyKey: 'gw-round-0001',
      date: '2023-12-01',
      slot: 'EVENING',
      level: 'UNDERGROUND',
      sector: 'eole',
      operator: 'Aurore avec la RATP',
      contactsMade: 5,
    };
    const incident = {
      idempotencyKey: 'gw-incident-0001',
      station: 'marx-dormoy',
      occurredAt: '2023-12-01T18:40:00Z',
      kind: 'AGGRESSION',
      trainTrafficInterrupted: false,
    };
    const admission = {
      idempotencyKey: 'gw-admission-0001',
      pseudonym: 'PX-0BADCAFE',
      date: '2024-01-15',
      facility: 'sainte-anne-assessment-unit',
      kind: 'ASSESSMENT',
    };
    expect(
      await graph.queryWith(
        token.city,
        'mutation ($input: RecordOutreachRoundInput!) { recordOutreachRound(input: $input) { replayed round { id sector { name } } } }',
        { input: round },
      ),
    ).toEqual({
      data: {
        recordOutreachRound: { replayed: false, round: { id: '2023-12-01-EVENING-UNDERGROUND-eole', sector: { name: "Jardins d'Éole" } } },
      },
    });
    expect(
      await graph.queryWith(
        token.ratp,
        'mutation ($input: RecordStationIncidentInput!) { recordStationIncident(input: $input) { replayed incident { station { name sector { code } } kind } } }',
        {
          input: incident,
        },
      ),
    ).toEqual({
      data: {
        recordStationIncident: {
          replayed: false,
          incident: { station: { name: 'Marx Dormoy', sector: { code: 'eole' } }, kind: 'AGGRESSION' },
        },
      },
    });
    expect(
      await graph.queryWith(
        token.hospital,
        'mutation ($input: RecordPathwayAdmissionInput!) { recordPathwayAdmission(input: $input) { replayed admission { date facility { name } } } }',
        {
          input: admission,
        },
      ),
    ).toEqual({
      data: {
        recordPathwayAdmission: {
          replayed: false,
          admission: {
            date: '2024-01-15',
            facility: { name: 'Unité d’évaluation et d’orientation 24/48 h — GHU-PPN Hôpital Sainte-Anne' },
          },
        },
      },
    });
    expect([
      await rowCount(graph.subgraphs.social, OutreachRound),
      await rowCount(graph.subgraphs.ratp, StationIncident),
      await rowCount(graph.subgraphs.health, PathwayAdmission),
    ]).toEqual([rounds + 1, incidents + 1, admissions + 1]);
  });
});
