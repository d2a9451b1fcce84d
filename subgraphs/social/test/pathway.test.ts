import { readFileSync } from 'node:fs';
import { Kind, parse, print, type FieldDefinitionNode, type ObjectTypeDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { PATHWAY_COUNT, pathwayPseudonym } from '../../shared/seeding.js';
import { CarePathway, PathwayOutreachContact, PathwayRestSpaceVisit } from '../entities/index.js';
import { definition as social } from '../server.js';
import { testEngines } from '../../../test/support/databases.js';
import { reader } from '../../../test/support/identity.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';

/** An agent of the Ville de Paris, the partner that owns social's individual-level fields. */
const socialAgent: Identity = { agent: 'social-worker', partner: 'ville-paris', scopes: new Set(['social:read']) };

const PSEUDONYM = /^PX-[0-9A-F]{8}$/;
/** Column or field names that would identify a person rather than a pathway. */
const NAME_LIKE = /name|surname|birth|phone|mail|address|nir|ssn/i;
const everyPseudonym = Array.from({ length: PATHWAY_COUNT }, (_, i) => pathwayPseudonym(i + 1));

const personFields = `pseudonym
  outreachContacts { date kind sector { code } round { id } }
  restSpaceVisits { date site { code } }`;
const entitiesQuery = `query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Person { ${personFields} } } }`;

const schema = parse(readFileSync(social.schemaFile, 'utf8'));
const objectType = (name: string) =>
  schema.definitions.find(
    (node): node is ObjectTypeDefinitionNode => node.kind === Kind.OBJECT_TYPE_DEFINITION && node.name.value === name,
  );

describe.each(testEngines)('social care pathways on $kind', (engine) => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph(social, await engine.freshDatabase('social', 'pathway'));
  });
  afterAll(() => subgraph?.stop());

  it('seeds every pathway of the shared list, under pseudonyms PX- and 8 hex digits, ordered by pseudonym', async () => {
    const { data, errors } = await subgraph.query<{ socialPeople: { pseudonym: string }[]; first3: { pseudonym: string }[] }>(
      '{ socialPeople(first: 500) { pseudonym } first3: socialPeople(first: 3) { pseudonym } }',
      undefined,
      socialAgent,
    );
    expect(errors).toBeUndefined();
    const pseudonyms = data?.socialPeople.map((person) => person.pseudonym) ?? [];
    expect(pseudonyms).toHaveLength(300);
    expect(pseudonyms).toEqual([...everyPseudonym].sort());
    expect(pseudonyms.filter((pseudonym) => !PSEUDONYM.test(pseudonym))).toEqual([]);
    expect(data?.first3).toEqual(pseudonyms.slice(0, 3).map((pseudonym) => ({ pseudonym })));
  });

  it('lists the people met in one sector: each has a contact there', async () => {
    const { data, errors } = await subgraph.query<{
      socialPeople: { pseudonym: string; outreachContacts: { sector: { code: string } }[] }[];
    }>('{ socialPeople(sector: "rosa-parks", first: 500) { pseudonym outreachContacts { sector { code } } } }', undefined, socialAgent);
    expect(errors).toBeUndefined();
    const people = data?.socialPeople ?? [];
    // Synthetic.
    expect(people).toHaveLength(92);
    expect(people.map((person) => person.pseudonym)).toEqual(people.map((person) => person.pseudonym).sort());
    expect(people.filter((person) => !person.outreachContacts.some((contact) => contact.sector.code === 'rosa-parks'))).toEqual([]);
  });

  it("gives one person's outreach contacts and site visits, oldest first, from the deterministic seed", async () => {
    const { data, errors } = await subgraph.query(
      `{ socialPerson(pseudonym: "PX-D59B2DC4") { ${personFields} } nobody: socialPerson(pseudonym: "PX-00000000") { pseudonym } }`,
      undefined,
      socialAgent,
    );
    expect(errors).toBeUndefined();
    // Synthetic. Rounds ran to 30 November 2023: the December contact was made in none.
    expect(data).toEqual({
      socialPerson: {
        pseudonym: 'PX-D59B2DC4',
        outreachContacts: [
          {
            date: '2022-07-03',
            kind: 'FIRST_CONTACT',
            sector: { code: 'stalingrad' },
            round: { id: '2022-07-03-MORNING-UNDERGROUND-stalingrad' },
          },
          {
            date: '2022-07-13',
            kind: 'ORIENTATION',
            sector: { code: 'porte-de-la-chapelle' },
            round: { id: '2022-07-13-EVENING-SURFACE-porte-de-la-chapelle' },
          },
          {
            date: '2023-10-06',
            kind: 'ORIENTATION',
            sector: { code: 'rosa-parks' },
            round: { id: '2023-10-06-EVENING-UNDERGROUND-rosa-parks' },
          },
          { date: '2023-12-20', kind: 'ORIENTATION', sector: { code: 'stalingrad' }, round: null },
        ],
        restSpaceVisits: [
          { date: '2022-01-01', site: { code: 'porte-de-la-chapelle-rest-space' } },
          // The night shelter opened on 1 February 2022.
          { date: '2022-07-15', site: { code: 'rosa-parks-night-shelter' } },
        ],
      },
      nobody: null,
    });
  });

  it('resolves 20 Person representations with one statement for the references and one per list field', async () => {
    // 19 pathways and a pseudonym social has never met.
    const representations = [...everyPseudonym.slice(0, 19), 'PX-00000000'].map((pseudonym) => ({ __typename: 'Person', pseudonym }));
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query<{ _entities: ({ pseudonym: string } | null)[] }>(
      entitiesQuery,
      { representations },
      socialAgent,
    );
    expect(errors).toBeUndefined();
    // The references, the contacts, the visits, the contacts' rounds, the visits' sites; and the request's audit row.
    expect(subgraph.built.statements.count).toBe(6);
    expect(data?._entities.map((person) => person?.pseudonym ?? null)).toEqual([...everyPseudonym.slice(0, 19), null]);

    subgraph.built.statements.reset();
    await subgraph.query(entitiesQuery, { representations: representations.slice(0, 2) }, socialAgent);
    expect(subgraph.built.statements.count).toBe(6);
  });

  it("gives anyone the key, but social's Person fields only to social's own agents: null and FORBIDDEN for another partner", async () => {
    // A plan analyst of the Préfecture holds every read scope, but is not an agent of social's partners.
    const { data, errors } = await subgraph.query(
      entitiesQuery,
      { representations: [{ __typename: 'Person', pseudonym: 'PX-D59B2DC4' }] },
      reader,
    );
    expect(data).toEqual({ _entities: [{ pseudonym: 'PX-D59B2DC4', outreachContacts: null, restSpaceVisits: null }] });
    expect(errors?.map((error) => ({ code: error.extensions?.code, path: error.path }))).toEqual([
      { code: 'FORBIDDEN', path: ['_entities', 0, 'outreachContacts'] },
      { code: 'FORBIDDEN', path: ['_entities', 0, 'restSpaceVisits'] },
    ]);
    const root = await subgraph.query('{ socialPerson(pseudonym: "PX-D59B2DC4") { pseudonym } }', undefined, reader);
    expect(root.data).toEqual({ socialPerson: null });
    expect(root.errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });

  it('stores no name: pathway tables and Person fields hold pseudonyms, dates, codes and kinds only', () => {
    const columns = [CarePathway, PathwayOutreachContact, PathwayRestSpaceVisit].flatMap((entity) =>
      subgraph.built.db
        .getMetadata(entity)
        .columns.map((column) => `${subgraph.built.db.getMetadata(entity).tableName}.${column.databaseName}`),
    );
    expect(columns.filter((column) => NAME_LIKE.test(column))).toEqual([]);
    const fields = ['Person', 'PathwayOutreachContact', 'PathwayRestSpaceVisit'].flatMap((type) =>
      (objectType(type)?.fields ?? []).map((field) => `${type}.${field.name.value}`),
    );
    expect(fields).toHaveLength(9);
    expect(fields.filter((field) => NAME_LIKE.test(field))).toEqual([]);
  });

  it("marks every Person field but the key, and the root fields, social's: scope social:read, policy owner:social, nullable", () => {
    const directives = (field: FieldDefinitionNode) => (field.directives ?? []).map((directive) => print(directive));
    const ruled = [
      ...(objectType('Person')?.fields ?? []).filter((field) => field.name.value !== 'pseudonym'),
      ...(objectType('Query')?.fields ?? []).filter((field) => ['socialPerson', 'socialPeople'].includes(field.name.value)),
    ];
    expect(ruled.map((field) => field.name.value)).toEqual(['outreachContacts', 'restSpaceVisits', 'socialPerson', 'socialPeople']);
    for (const field of ruled) {
      expect({ field: field.name.value, directives: directives(field), nonNull: field.type.kind === Kind.NON_NULL_TYPE }).toEqual({
        field: field.name.value,
        directives: ['@requiresScopes(scopes: [["social:read"]])', '@policy(policies: [["owner:social"]])'],
        nonNull: false,
      });
    }
    const key = objectType('Person')?.fields?.find((field) => field.name.value === 'pseudonym');
    expect(key?.directives).toEqual([]);
    expect(objectType('Person')?.directives?.map((directive) => directive.name.value)).toEqual(['key']);
  });

  it('refuses bad input with BAD_USER_INPUT, naming the argument', async () => {
    const cases: [string, string][] = [
      [
        '{ socialPeople(sector: "montmartre") { pseudonym } }',
        'socialPeople: "sector" is not a sector of the plan: "montmartre" (known: stalingrad, eole, porte-de-la-chapelle, rosa-parks, canal-ourcq, forceval)',
      ],
      ['{ socialPeople(first: 501) { pseudonym } }', 'socialPeople: "first" must be between 0 and 500, got 501'],
      ['{ socialPeople(first: -1) { pseudonym } }', 'socialPeople: "first" must be between 0 and 500, got -1'],
    ];
    for (const [query, message] of cases) {
      const { errors } = await subgraph.query(query, undefined, socialAgent);
      expect(errors?.map((error) => ({ message: error.message, code: error.extensions?.code }))).toEqual([
        { message, code: 'BAD_USER_INPUT' },
      ]);
    }
    const none = await subgraph.query('{ socialPeople(first: 0) { pseudonym } }', undefined, socialAgent);
    expect(none).toEqual({ data: { socialPeople: [] } });
  });
});
