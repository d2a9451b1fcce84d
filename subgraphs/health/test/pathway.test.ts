import { readFileSync } from 'node:fs';
import { Kind, parse, print, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { CarePathway, PathwayAdmission, PathwayHousing, PathwayRegionalOrientation } from '../entities/index.js';
import { definition as health } from '../server.js';
import { PATHWAY_COUNT, pathwayPseudonym } from '../../shared/seeding.js';
import { testEngines } from '../../../test/support/databases.js';
import { reader } from '../../../test/support/identity.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

/** An agent of the AP-HP, one of the partners that own health's individual-level fields. */
const healthAgent: Identity = { agent: 'aphp-nurse', partner: 'ap-hp', scopes: new Set(['health:read']) };

const PSEUDONYM = /^PX-[0-9A-F]{8}$/;
/** Column or field names that would identify a person rather than a pathway. */
const NAME_LIKE = /name|surname|birth|phone|mail|address|nir|ssn/i;
const everyPseudonym = Array.from({ length: PATHWAY_COUNT }, (_, i) => pathwayPseudonym(i + 1));

const personFields = `pseudonym
  admissions { date kind facility { id } dischargedOn }
  housing { from to until facility { id } }
  regionalOrientations { date region outcome }`;
// Facilities only under admissions: housing's would share their loader, but on MySQL the housing rows may
// arrive a tick later than the admissions and send their facilities in a batch of their own.
const entitiesQuery = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person {
  pseudonym
  admissions { date kind facility { id } dischargedOn }
  housing { from to }
  regionalOrientations { date region outcome }
} } }`;

const schema = parse(readFileSync(health.schemaFile, 'utf8'));
const objectType = (name: string) =>
  schema.definitions.find(
    (node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === name,
  );

describe.each(testEngines)('health care pathways on $kind', (engine) => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph(health, await engine.freshDatabase('health', 'pathway'));
  });
  afterAll(() => subgraph?.stop());

  it('seeds a deterministic part of the shared pathways, under pseudonyms PX- and 8 hex digits, ordered by pseudonym', async () => {
    const { data, errors } = await subgraph.query<{ healthPeople: { pseudonym: string }[]; first3: { pseudonym: string }[] }>(
      '{ healthPeople(first: 500) { pseudonym } first3: healthPeople(first: 3) { pseudonym } }',
      undefined,
      healthAgent,
    );
    expect(errors).toBeUndefined();
    const pseudonyms = data?.healthPeople.map((person) => person.pseudonym) ?? [];
    // Synthetic: about 60 % of the 300 people social meets.
    expect(pseudonyms).toHaveLength(189);
    expect(pseudonyms).toEqual([...pseudonyms].sort());
    expect(pseudonyms.filter((pseudonym) => !everyPseudonym.includes(pseudonym))).toEqual([]);
    expect(pseudonyms.filter((pseudonym) => !PSEUDONYM.test(pseudonym))).toEqual([]);
    expect(data?.first3).toEqual(pseudonyms.slice(0, 3).map((pseudonym) => ({ pseudonym })));
  });

  it("gives one person's admissions, housing and regional orientations, oldest first, from the deterministic seed", async () => {
    const { data, errors } = await subgraph.query(
      `{ healthPerson(pseudonym: "PX-7462877B") { ${personFields} } nobody: healthPerson(pseudonym: "PX-00000000") { pseudonym } }`,
      undefined,
      healthAgent,
    );
    expect(errors).toBeUndefined();
    // Synthetic. One stay at a time; the stay begun on 23 December 2023 had not ended by the 31st.
    expect(data).toEqual({
      healthPerson: {
        pseudonym: 'PX-7462877B',
        admissions: [
          { date: '2022-08-10', kind: 'ASSESSMENT', facility: { id: 'sainte-anne-assessment-unit' }, dischargedOn: '2022-08-11' },
          { date: '2022-10-14', kind: 'SCHEDULED', facility: { id: 'lariboisiere-addictologie' }, dischargedOn: '2022-11-02' },
          { date: '2023-12-23', kind: 'SCHEDULED', facility: { id: 'bichat-addictologie' }, dischargedOn: null },
        ],
        // `until` is the deprecated name of `to`: the same day.
        housing: [{ from: '2022-09-20', to: '2023-09-30', until: '2023-09-30', facility: { id: 'assore-seine-saint-denis' } }],
        regionalOrientations: [{ date: '2023-07-11', region: 'Auvergne-Rhône-Alpes', outcome: 'DECLINED' }],
      },
      nobody: null,
    });
  });

  it('resolves 20 Person representations with one statement for the references and one per list field', async () => {
    // 19 pathways, some of which health does not follow, and a pseudonym nobody has.
    const representations = [...everyPseudonym.slice(0, 19), 'PX-00000000'].map((pseudonym) => ({ __typename: 'Person', pseudonym }));
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query<{ _entities: ({ pseudonym: string } | null)[] }>(
      entitiesQuery,
      { representations },
      healthAgent,
    );
    expect(errors).toBeUndefined();
    // The references, the admissions, the housing, the orientations, the admissions' facilities; and the request's audit row.
    expect(subgraph.built.statements.count).toBe(6);
    // Synthetic: health follows 10 of these 19 pathways; the others are null, as is the unknown pseudonym.
    expect(data?._entities.map((person) => person?.pseudonym ?? null)).toEqual([
      null,
      'PX-0A8389F7',
      null,
      null,
      'PX-B721A188',
      null,
      null,
      null,
      'PX-3CDEA7F8',
      null,
      'PX-99398C6E',
      'PX-2949FD73',
      null,
      null,
      'PX-75B2BBEA',
      'PX-4534CE37',
      'PX-5D068DC0',
      'PX-D78BFCAE',
      'PX-AAC60031',
      null,
    ]);

    subgraph.built.statements.reset();
    await subgraph.query(entitiesQuery, { representations: representations.slice(0, 2) }, healthAgent);
    expect(subgraph.built.statements.count).toBe(6);
  });

  it("gives anyone the key, but health's Person fields only to health's own agents: null and FORBIDDEN for another partner", async () => {
    // A plan analyst of the Préfecture holds every read scope, but is not an agent of health's partners.
    const { data, errors } = await subgraph.query(
      entitiesQuery,
      { representations: [{ __typename: 'Person', pseudonym: 'PX-7462877B' }] },
      reader,
    );
    expect(data).toEqual({ _entities: [{ pseudonym: 'PX-7462877B', admissions: null, housing: null, regionalOrientations: null }] });
    expect(errors?.map((error) => ({ code: error.extensions?.code, path: error.path }))).toEqual([
      { code: 'FORBIDDEN', path: ['_entities', 0, 'admissions'] },
      { code: 'FORBIDDEN', path: ['_entities', 0, 'housing'] },
      { code: 'FORBIDDEN', path: ['_entities', 0, 'regionalOrientations'] },
    ]);
    const root = await subgraph.query('{ healthPerson(pseudonym: "PX-7462877B") { pseudonym } }', undefined, reader);
    expect(root.data).toEqual({ healthPerson: null });
    expect(root.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('stores no name: pathway tables and Person fields hold pseudonyms, dates, codes and kinds only', () => {
    const columns = [CarePathway, PathwayAdmission, PathwayHousing, PathwayRegionalOrientation].flatMap((entity) =>
      subgraph.built.db
        .getMetadata(entity)
        .columns.map((column) => `${subgraph.built.db.getMetadata(entity).tableName}.${column.databaseName}`),
    );
    expect(columns.filter((column) => NAME_LIKE.test(column))).toEqual([]);
    const fields = ['Person', 'PathwayAdmission', 'PathwayHousing', 'PathwayRegionalOrientation'].flatMap((type) =>
      (objectType(type)?.fields ?? []).map((field) => `${type}.${field.name.value}`),
    );
    // 15 with PathwayHousing.to beside its deprecated name `until`.
    expect(fields).toHaveLength(15);
    expect(fields.filter((field) => NAME_LIKE.test(field))).toEqual([]);
  });

  it("marks every Person field but the key, and the root fields, health's: scope health:read, policy owner:health, nullable", () => {
    const directives = (field: FieldDefinitionNode) => (field.directives ?? []).map((directive) => print(directive));
    const ruled = [
      ...(objectType('Person')?.fields ?? []).filter((field) => field.name.value !== 'pseudonym'),
      ...(objectType('Query')?.fields ?? []).filter((field) => ['healthPerson', 'healthPeople'].includes(field.name.value)),
    ];
    expect(ruled.map((field) => field.name.value)).toEqual([
      'admissions',
      'housing',
      'regionalOrientations',
      'healthPerson',
      'healthPeople',
    ]);
    for (const field of ruled) {
      expect({ field: field.name.value, directives: directives(field), nonNull: field.type.kind === Kind.NON_NULL_TYPE }).toEqual({
        field: field.name.value,
        directives: ['@requiresScopes(scopes: [["health:read"]])', '@policy(policies: [["owner:health"]])'],
        nonNull: false,
      });
    }
    const key = objectType('Person')?.fields?.find((field) => field.name.value === 'pseudonym');
    expect(key?.directives).toEqual([]);
    expect(objectType('Person')?.directives?.map((directive) => directive.name.value)).toEqual(['key']);
  });

  it('refuses bad input with BAD_USER_INPUT, naming the argument', async () => {
    const cases: [string, string][] = [
      ['{ healthPeople(first: 501) { pseudonym } }', 'healthPeople: "first" must be between 0 and 500, got 501'],
      ['{ healthPeople(first: -1) { pseudonym } }', 'healthPeople: "first" must be between 0 and 500, got -1'],
    ];
    for (const [query, message] of cases) {
      const { errors } = await subgraph.query(query, undefined, healthAgent);
      expect(errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([
        { message, code: 'BAD_USER_INPUT' },
      ]);
    }
    const none = await subgraph.query('{ healthPeople(first: 0) { pseudonym } }', undefined, healthAgent);
    expect(none).toEqual({ data: { healthPeople: [] } });
  });
});
