import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditEntry } from '../../subgraphs/shared/audit.js';
import { testEngines } from '../support/databases.js';
import { startGraph, type RunningGraph } from '../support/graph.js';
import { mintToken } from '../support/identity.js';

describe.each(testEngines)('the audit trail of individual-level reads, on $kind', (engine) => {
  let graph: RunningGraph;
  let pseudonym = '';
  const token = { hospital: '', police: '', auditor: '', analyst: '' };
  const rows = (subgraph: 'health' | 'social') =>
    graph.subgraphs[subgraph].built.db.getRepository(AuditEntry).find({ order: { id: 'ASC' } });

  beforeAll(async () => {
    graph = await startGraph(engine, 'audit');
    token.hospital = await mintToken({ agent: 'nurse-7', partner: 'ap-hp', scopes: ['health:read'] });
    token.police = await mintToken({ agent: 'officer-3', partner: 'pref-police', scopes: ['police-justice:read', 'report:read'] });
    token.auditor = await mintToken({ agent: 'auditor-1', partner: 'pref-idf', scopes: ['audit:read'] });
    token.analyst = await mintToken({ agent: 'analyst-2', partner: 'pref-idf', scopes: ['report:read', 'health:read', 'social:read'] });
    const people = await graph.queryWith<{ healthPeople: { pseudonym: string }[] }>(
      token.hospital,
      '{ healthPeople(first: 1) { pseudonym } }',
    );
    pseudonym = people.data!.healthPeople[0]!.pseudonym;
  });
  afterAll(() => graph?.stop());

  it('records a sensitive read in the owning subgraph: agent, partner, operation, fields, time and outcome', async () => {
    const before = (await rows('health')).length;
    const started = Date.now();
    const { errors } = await graph.queryWith(
      token.hospital,
      `query ReadPathway { healthPerson(pseudonym: "${pseudonym}") { admissions { date } housing { from } } }`,
    );
    expect(errors).toBeUndefined();
    const added = (await rows('health')).slice(before);
    expect(added).toEqual([
      expect.objectContaining({
        agent: 'nurse-7',
        partner: 'ap-hp',
        operationName: 'ReadPathway',
        fields: 'Person.admissions,Person.housing,Query.healthPerson',
        outcome: 'ALLOWED',
      }),
    ]);
    expect(added[0]!.at.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(await rows('social')).toEqual([]);
  });

  it('records a refused attempt too', async () => {
    const before = (await rows('health')).length;
    await graph.queryWith(token.police, `query Snoop { healthPerson(pseudonym: "${pseudonym}") { admissions { date } } }`);
    expect((await rows('health')).slice(before)).toEqual([
      expect.objectContaining({
        agent: 'officer-3',
        partner: 'pref-police',
        operationName: 'Snoop',
        fields: 'Query.healthPerson',
        outcome: 'DENIED',
      }),
    ]);
  });

  it('records nothing for aggregate-only reads, however many', async () => {
    const before = { health: (await rows('health')).length, social: (await rows('social')).length };
    const { errors } = await graph.queryWith(
      token.analyst,
      `query Report { healthFigures { assorePlaces { years { value } } } socialFigures { outreachRounds { years { value } } }
         sectors { healthFigures { carePlaces { years { value } } } socialFigures { outreachRounds { years { value } } } } }`,
    );
    expect(errors).toBeUndefined();
    expect({ health: (await rows('health')).length, social: (await rows('social')).length }).toEqual(before);
  });

  it('is readable through the graph under audit:read, newest first, and only so', async () => {
    const { data, errors } = await graph.queryWith<{
      healthAuditTrail: { agent: string; partner: string; operationName: string; fields: string[]; outcome: string; at: string }[];
    }>(token.auditor, '{ healthAuditTrail(first: 2) { at agent partner operationName fields outcome } }');
    expect(errors).toBeUndefined();
    expect(data?.healthAuditTrail.map(({ at: _at, ...entry }) => entry)).toEqual([
      { agent: 'officer-3', partner: 'pref-police', operationName: 'Snoop', fields: ['Query.healthPerson'], outcome: 'DENIED' },
      {
        agent: 'nurse-7',
        partner: 'ap-hp',
        operationName: 'ReadPathway',
        fields: ['Person.admissions', 'Person.housing', 'Query.healthPerson'],
        outcome: 'ALLOWED',
      },
    ]);
    expect(data?.healthAuditTrail[0]?.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    const denied = await graph.queryWith(token.hospital, '{ healthAuditTrail { at } }');
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('records every one of ten identical reads sent at once, allowed or refused: none is shared or cached', async () => {
    const before = (await rows('health')).length;
    const read = (token: string) =>
      graph.queryWith(token, `query Burst { healthPerson(pseudonym: "${pseudonym}") { admissions { date } } }`);
    const allowed = await Promise.all(Array.from({ length: 10 }, () => read(token.hospital)));
    const refused = await Promise.all(Array.from({ length: 10 }, () => read(token.police)));
    expect(allowed.every((answer) => answer.errors === undefined)).toBe(true);
    expect(refused.every((answer) => answer.errors?.[0]?.extensions?.code === 'FORBIDDEN')).toBe(true);
    const added = (await rows('health')).slice(before);
    expect(
      added
        .filter((row) => row.operationName === 'Burst')
        .map((row) => `${String(row.agent)} ${row.outcome}`)
        .sort(),
    ).toEqual([...Array.from({ length: 10 }, () => 'nurse-7 ALLOWED'), ...Array.from({ length: 10 }, () => 'officer-3 DENIED')]);
  });
});
