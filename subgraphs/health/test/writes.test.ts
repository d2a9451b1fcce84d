import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { CarePathway, PathwayAdmission } from '../entities/index.js';
import { definition as health } from '../server.js';
import { AuditEntry } from '../../shared/audit.js';
import type { DatabaseConfig } from '../../shared/database.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';
import { lastingDatabase, refusal, removeLastingDatabase, rowCount } from '../../../test/support/writes.js';

/** An AP-HP agent: a health partner, so the owner:health policy admits them. */
const nurse: Identity = { agent: 'nurse-7', partner: 'ap-hp', scopes: new Set(['health:write', 'health:read']) };
/** A Ville de Paris agent holding health:write by mistake: the policy still refuses them. */
const cityAgent: Identity = { agent: 'city-clerk', partner: 'ville-paris', scopes: new Set(['health:write', 'health:read']) };

const recordAdmission = `mutation ($input: RecordPathwayAdmissionInput!) {
  recordPathwayAdmission(input: $input) { replayed admission { date facility { id kind } kind dischargedOn } } }`;
const admissionsOf =
  'query ($pseudonym: ID!) { healthPerson(pseudonym: $pseudonym) { pseudonym admissions { date facility { id } kind dischargedOn } } }';

/** A pseudonym no pathway of the seed has (the seed's are a bijective hash of 1 to 300). */
const NEW_PSEUDONYM = 'PX-00C0FFEE';

const badInput = (field: string, problem: string, message: string) => ({
  value: null,
  errors: [{ message, extensions: { code: 'BAD_USER_INPUT', argumentName: 'input', field, problem } }],
});

describe.each(testEngines)('health writes on $kind', (engine) => {
  let database: DatabaseConfig;
  let subgraph: RunningSubgraph;
  let seededAdmissions = 0;
  let seededPathways = 0;
  let pseudonym = '';
  const assessment = () => ({
    idempotencyKey: 'admission-sainte-anne-0001',
    pseudonym,
    date: '2024-03-05',
    facility: 'sainte-anne-assessment-unit',
    kind: 'ASSESSMENT',
  });

  beforeAll(async () => {
    database = await lastingDatabase(engine, 'health', 'writes');
    subgraph = await startSubgraph(health, database);
    seededAdmissions = await rowCount(subgraph, PathwayAdmission);
    seededPathways = await rowCount(subgraph, CarePathway);
    const people = await subgraph.query<{ healthPeople: { pseudonym: string }[] }>(
      '{ healthPeople(first: 1) { pseudonym } }',
      undefined,
      nurse,
    );
    pseudonym = people.data?.healthPeople[0]?.pseudonym ?? '';
  });
  afterAll(async () => {
    await subgraph?.stop();
    removeLastingDatabase(database);
  });

  it("records an admission once, after the person's earlier ones; a replay answers the same and writes nothing", async () => {
    const before = await subgraph.query<{ healthPerson: { admissions: unknown[] } }>(admissionsOf, { pseudonym }, nurse);
    const earlier = before.data?.healthPerson.admissions ?? [];
    const admission = {
      date: '2024-03-05',
      facility: { id: 'sainte-anne-assessment-unit', kind: 'ASSESSMENT_UNIT' },
      kind: 'ASSESSMENT',
      dischargedOn: null,
    };
    expect(await subgraph.query(recordAdmission, { input: assessment() }, nurse)).toEqual({
      data: { recordPathwayAdmission: { replayed: false, admission } },
    });
    expect(await subgraph.query(recordAdmission, { input: assessment() }, nurse)).toEqual({
      data: { recordPathwayAdmission: { replayed: true, admission } },
    });
    expect(await rowCount(subgraph, PathwayAdmission)).toBe(seededAdmissions + 1);
    expect(await subgraph.query(admissionsOf, { pseudonym }, nurse)).toEqual({
      data: {
        healthPerson: {
          pseudonym,
          admissions: [
            ...earlier,
            { date: '2024-03-05', facility: { id: 'sainte-anne-assessment-unit' }, kind: 'ASSESSMENT', dischargedOn: null },
          ],
        },
      },
    });
  });

  it('starts the pathway of a person health had not cared for', async () => {
    expect(await subgraph.query(admissionsOf, { pseudonym: NEW_PSEUDONYM }, nurse)).toEqual({ data: { healthPerson: null } });
    const input = {
      idempotencyKey: 'admission-new-person-01',
      pseudonym: NEW_PSEUDONYM,
      date: '2024-03-06',
      facility: 'lariboisiere-addictologie',
      kind: 'EMERGENCY',
    };
    const response = await subgraph.query(recordAdmission, { input }, nurse);
    expect(response.errors).toBeUndefined();
    expect(await rowCount(subgraph, CarePathway)).toBe(seededPathways + 1);
    expect(await subgraph.query(admissionsOf, { pseudonym: NEW_PSEUDONYM }, nurse)).toEqual({
      data: {
        healthPerson: {
          pseudonym: NEW_PSEUDONYM,
          admissions: [{ date: '2024-03-06', facility: { id: 'lariboisiere-addictologie' }, kind: 'EMERGENCY', dischargedOn: null }],
        },
      },
    });
  });

  it('refuses the same key with another input (IDEMPOTENCY_KEY_REUSED) and writes nothing', async () => {
    const response = await subgraph.query(recordAdmission, { input: { ...assessment(), date: '2024-03-04' } }, nurse);
    expect(refusal(response, 'recordPathwayAdmission')).toEqual({
      value: null,
      errors: [
        {
          message:
            'idempotency key "admission-sainte-anne-0001" was already used by recordPathwayAdmission with a different input; a new write needs a new key',
          extensions: {
            code: 'IDEMPOTENCY_KEY_REUSED',
            field: 'input.idempotencyKey',
            idempotencyKey: 'admission-sainte-anne-0001',
            mutation: 'recordPathwayAdmission',
          },
        },
      ],
    });
    expect(await rowCount(subgraph, PathwayAdmission)).toBe(seededAdmissions + 2);
  });

  it.each([
    [
      'an unknown facility',
      { facility: 'hopital-imaginaire' },
      'input.facility',
      'UNKNOWN',
      'input.facility: "hopital-imaginaire" is not a care facility health knows',
    ],
    [
      'a name instead of a pseudonym',
      { pseudonym: 'Jean Dupont' },
      'input.pseudonym',
      'MALFORMED',
      'input.pseudonym: "Jean Dupont" is not a pseudonym: PX- and 8 hex digits in capitals, e.g. PX-F4E03077',
    ],
    ['a date in the future', { date: '2099-12-31' }, 'input.date', 'IN_THE_FUTURE', 'input.date: 2099-12-31 is in the future'],
  ])('refuses an admission with %s, naming the field, and writes nothing', async (_, change, field, problem, message) => {
    const input = { ...assessment(), idempotencyKey: 'admission-refused-01', ...change };
    expect(refusal(await subgraph.query(recordAdmission, { input }, nurse), 'recordPathwayAdmission')).toEqual(
      badInput(field, problem, message),
    );
    expect(await rowCount(subgraph, PathwayAdmission)).toBe(seededAdmissions + 2);
    expect(await rowCount(subgraph, CarePathway)).toBe(seededPathways + 1);
  });

  it("refuses a partner that is not health's, even with health:write (owner:health policy), and audits the attempt", async () => {
    const auditsBefore = await rowCount(subgraph, AuditEntry);
    const response = await subgraph.query(
      recordAdmission,
      { input: { ...assessment(), idempotencyKey: 'admission-by-the-city' } },
      cityAgent,
    );
    expect(refusal(response, 'recordPathwayAdmission')).toEqual({
      value: null,
      errors: [
        {
          message:
            'Mutation.recordPathwayAdmission is readable only by its owning partner (policy owner:health); partner "ville-paris" is not one of them',
          extensions: { code: 'FORBIDDEN', field: 'Mutation.recordPathwayAdmission', policies: [['owner:health']] },
        },
      ],
    });
    expect(await rowCount(subgraph, PathwayAdmission)).toBe(seededAdmissions + 2);
    const audits = await subgraph.built.db.getRepository(AuditEntry).find({ order: { id: 'ASC' } });
    expect(audits.slice(auditsBefore)).toEqual([
      expect.objectContaining({
        agent: 'city-clerk',
        partner: 'ville-paris',
        fields: 'Mutation.recordPathwayAdmission',
        outcome: 'DENIED',
      }),
    ]);
  });

  it('audits every admission written or replayed, as an individual-level call', async () => {
    const audits = await subgraph.built.db
      .getRepository(AuditEntry)
      .find({ where: { fields: 'Mutation.recordPathwayAdmission', outcome: 'ALLOWED' } });
    // Two writes, one replay, one reused key and three refused inputs: each reached the field.
    expect(audits.map((audit) => [audit.agent, audit.partner])).toEqual(Array.from({ length: 7 }, () => ['nurse-7', 'ap-hp']));
  });

  it('writes once for two concurrent requests with one key', async () => {
    const input = { ...assessment(), idempotencyKey: 'admission-concurrent-01', date: '2024-04-01' };
    const answers = await Promise.all([
      subgraph.query(recordAdmission, { input }, nurse),
      subgraph.query(recordAdmission, { input }, nurse),
    ]);
    const payloads = answers.map((answer) => answer.data?.recordPathwayAdmission as { replayed: boolean; admission: unknown });
    expect(payloads.map((payload) => payload.replayed).sort()).toEqual([false, true]);
    expect(payloads[0]?.admission).toEqual(payloads[1]?.admission);
    expect(await rowCount(subgraph, PathwayAdmission)).toBe(seededAdmissions + 3);
  });

  it('keeps the writes across a restart on the same database, without seeding again', async () => {
    await subgraph.stop();
    subgraph = await startSubgraph(health, database);
    expect(await rowCount(subgraph, PathwayAdmission)).toBe(seededAdmissions + 3);
    expect(await subgraph.query(admissionsOf, { pseudonym: NEW_PSEUDONYM }, nurse)).toEqual({
      data: {
        healthPerson: {
          pseudonym: NEW_PSEUDONYM,
          admissions: [{ date: '2024-03-06', facility: { id: 'lariboisiere-addictologie' }, kind: 'EMERGENCY', dischargedOn: null }],
        },
      },
    });
  });
});
