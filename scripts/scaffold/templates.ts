/**
 * The files of a new subgraph, with the same inside as the repository's others (README, "For
 * partner teams"): what `npm run subgraph:new` writes under `subgraphs/<name>/`.
 */
import { DefaultNamingStrategy } from 'typeorm';
import { auditTrailFieldOf, auditTrailSignature } from '../../subgraphs/shared/audit.js';
import type { ScaffoldNames } from './names.js';

export interface ScaffoldInput {
  readonly names: ScaffoldNames;
  readonly port: number;
  readonly ownerPartners: readonly string[];
  /** The plan's sector codes: the seed writes one row per sector. */
  readonly sectorCodes: readonly string[];
  /** Milliseconds since the epoch: the migration's timestamp, as `npm run migration:generate` names it. */
  readonly migrationTimestamp: number;
}

/** One file to write, relative to the subgraph's folder. */
export interface ScaffoldFile {
  readonly path: string;
  readonly content: string;
}

/** One seeded row; the seed and the subgraph's own test both spell them out. */
interface SeededRow {
  readonly id: string;
  readonly sectorCode: string;
  readonly title: string;
  readonly recordedOn: string;
}

function seededRows({ names, sectorCodes }: ScaffoldInput): SeededRow[] {
  const label = names.entityWords.charAt(0).toUpperCase() + names.entityWords.slice(1);
  return [...sectorCodes].sort().map((sectorCode, index) => ({
    id: `${sectorCode}-1`,
    sectorCode,
    title: `${label} in ${sectorCode}`,
    recordedOn: `2024-01-${String(index + 1).padStart(2, '0')}`,
  }));
}

const article = (words: string): string => (/^[aeiou]/i.test(words) ? 'An' : 'A');

const quote = (text: string): string => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

function schemaGraphql({ names, ownerPartners }: ScaffoldInput): string {
  const scope = `@requiresScopes(scopes: [["${names.readScope}"]])`;
  return `extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable", "@requiresScopes", "@policy", "@authenticated"])

# ${names.subgraph}, written by \`npm run subgraph:new\` for ${ownerPartners.join(', ')}: its fields are read under the
# \`${names.readScope}\` scope. A field of individual-level data would take
# \`@policy(policies: [["owner:${names.subgraph}"]])\` (only agents of server.ts's \`ownerPartners\` read it,
# audited), and Query would then need a field
# \`${auditTrailFieldOf(names.subgraph)}${auditTrailSignature} @requiresScopes(scopes: [["audit:read"]])\`.
# (A comment, not a description: plan describes Query.)
type Query {
  "Every ${names.entityWords} of ${names.subgraph}, by id."
  ${names.listField}: [${names.entity}!] ${scope}
}

"${article(names.entityWords)} ${names.entityWords} of ${names.subgraph}, in one sector of the plan."
type ${names.entity} @key(fields: "id") {
  "Stable id, chosen by ${names.subgraph}."
  id: ID!
  "What it is, in a few words."
  title: String!
  "The day it was recorded."
  recordedOn: Date!
  "The plan sector it belongs to."
  sector: Sector!
}

# Sector is owned by plan (its description lives there): ${names.subgraph} adds its ${names.entityWordsPlural}, keyed by the sector's code.
type Sector @key(fields: "code") @cacheControl(maxAge: 300) {
  code: ID!
  "The sector's ${names.entityWordsPlural}, by id."
  ${names.listField}: [${names.entity}!] ${scope}
}
`;
}

function entityFile({ names }: ScaffoldInput): string {
  return `import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/** ${article(names.entityWords)} ${names.entityWords} of ${names.subgraph}, in one sector of the plan. */
@Entity('${names.table}')
export class ${names.entity} {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id: string;

  /** The key of the plan's Sector: a subgraph stores only the key of another's entity, never a copy. */
  @Index()
  @Column({ type: 'varchar', length: 32 })
  sectorCode: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  /** 'YYYY-MM-DD', on SQLite and MySQL alike. */
  @Column({ type: 'date' })
  recordedOn: string;
}
`;
}

function entitiesIndex({ names }: ScaffoldInput): string {
  return `import { ${names.entity} } from './${names.entity}.js';

export { ${names.entity} };
/** The subgraph's tables (shared/subgraph.ts adds the audit trail and the idempotency keys every subgraph keeps). */
export const entities = [${names.entity}];
`;
}

function loadersFile({ names }: ScaffoldInput): string {
  return `import { In, type DataSource } from 'typeorm';
import { listLoader, rowLoader } from '../shared/loaders.js';
import { ${names.entity} } from './entities/index.js';

/** DataLoaders of the ${names.subgraph} subgraph, built fresh for every request: one SQL statement per batch. */
export function createLoaders(db: DataSource) {
  const rows = () => db.getRepository(${names.entity});
  return {
    ${names.entityCamel}: rowLoader<string, ${names.entity}>((ids) => rows().findBy({ id: In([...ids]) }), (row) => row.id),
    ${names.listField}BySector: listLoader<string, ${names.entity}>(
      (codes) => rows().find({ where: { sectorCode: In([...codes]) }, order: { id: 'ASC' } }),
      (row) => row.sectorCode,
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
`;
}

function contextFile({ names }: ScaffoldInput): string {
  return `import type { DataSource } from 'typeorm';
import type { FigureContext } from '../shared/figures.js';
import { createLoaders, type Loaders } from './loaders.js';

export interface ${names.context} {
  readonly db: DataSource;
  readonly loaders: Loaders;
}

export function createContext(db: DataSource): ${names.context} {
  return { db, loaders: createLoaders(db) };
}

/** What each of its resolvers receives: its own context, what the access rules know of the request, and the figures' day loaders. */
export type ${names.resolverContext} = ${names.context} & FigureContext;
`;
}

function queryResolvers({ names }: ScaffoldInput): string {
  return `import { ${names.entity} } from '../entities/index.js';
import type { QueryResolvers } from '../generated/resolvers.js';

export const Query: QueryResolvers = {
  ${names.listField}: (_, __, ctx) => ctx.db.getRepository(${names.entity}).find({ order: { id: 'ASC' } }),
};
`;
}

function entityResolvers({ names }: ScaffoldInput): string {
  return `import type { ${names.entity}Resolvers } from '../generated/resolvers.js';

export const ${names.entity}: ${names.entity}Resolvers = {
  __resolveReference: (reference, ctx) => ctx.loaders.${names.entityCamel}.load(reference.id),
  sector: (row) => ({ code: row.sectorCode }),
};
`;
}

function sectorResolvers({ names }: ScaffoldInput): string {
  return `import type { SectorResolvers } from '../generated/resolvers.js';

/** Sector is owned by the plan subgraph: ${names.subgraph} only adds fields, keyed by the sector's code. */
export const Sector: SectorResolvers = {
  __resolveReference: (reference) => reference,
  ${names.listField}: (sector, _, ctx) => ctx.loaders.${names.listField}BySector.load(sector.code),
};
`;
}

function resolversIndex({ names }: ScaffoldInput): string {
  const types = [names.entity, 'Query', 'Sector'].sort();
  return `import type { Resolvers } from '../generated/resolvers.js';
${types.map((type) => `import { ${type} } from './${type}.js';`).join('\n')}

export const resolvers: Resolvers = { Query, ${names.entity}, Sector };
`;
}

/** The parents its resolvers receive where they are not the GraphQL type: its entity's rows. */
function modelsFile({ names }: ScaffoldInput): string {
  return `/**
 * What ${names.subgraph}'s resolvers receive as their parent, where it is not the GraphQL type itself:
 * \`<Type>Model\` maps \`<Type>\` in generated/resolvers.ts (\`npm run codegen\`).
 */
export type { ${names.entity} as ${names.entity}Model } from './entities/index.js';
`;
}

function serverFile({ names, port, ownerPartners }: ScaffoldInput): string {
  return `import type { SubgraphDefinition } from '../shared/subgraph.js';
import { createContext, type ${names.context} } from './context.js';
import { entities } from './entities/index.js';
import { migrations } from './migrations/index.js';
import { resolvers } from './resolvers/index.js';
import { seed } from './seed.js';

export const definition: SubgraphDefinition<${names.context}, '${names.subgraph}'> = {
  name: '${names.subgraph}',
  port: ${port},
  ownerPartners: [${ownerPartners.map(quote).join(', ')}],
  schemaFile: new URL('./schema.graphql', import.meta.url),
  resolvers,
  entities,
  migrations,
  createContext,
  seed,
};
`;
}

const indexFile = (): string => `import { runSubgraph } from '../shared/run.js';
import { definition } from './server.js';

await runSubgraph(definition);
`;

function seedFile(input: ScaffoldInput): string {
  const { names } = input;
  const rows = seededRows(input).map(
    (row) =>
      `  { id: ${quote(row.id)}, sectorCode: ${quote(row.sectorCode)}, title: ${quote(row.title)}, recordedOn: ${quote(row.recordedOn)} },`,
  );
  return `import type { DataSource } from 'typeorm';
import { insertChunks } from '../shared/seeding.js';
import { ${names.entity} } from './entities/index.js';

/** SYNTHETIC: one ${names.entityWords} per sector of the plan, until ${names.subgraph} seeds its own data. */
export const ${names.listField}: readonly ${names.entity}[] = [
${rows.join('\n')}
];

/** Runs on an empty database only: the embedded default, the tests, and MySQL with SEED_IF_EMPTY=true. */
export async function seed(db: DataSource): Promise<void> {
  await db.transaction((tx) => insertChunks(tx, ${names.entity}, ${names.listField}));
}
`;
}

// What every subgraph's migrations create besides its own tables (shared/audit.ts and shared/writes.ts), as MySQL states them.
const sharedTableStatements = {
  up: [
    'CREATE TABLE `audit_entries` (`id` int NOT NULL AUTO_INCREMENT, `at` datetime(3) NOT NULL, `agent` varchar(128) NULL, `partner` varchar(64) NULL, `operationName` varchar(128) NULL, `fields` varchar(2000) NOT NULL, `outcome` varchar(16) NOT NULL, `traceId` varchar(32) NULL, INDEX `IDX_b12f87335630edfd1294cf349b` (`at`), PRIMARY KEY (`id`)) ENGINE=InnoDB',
    'CREATE TABLE `idempotency_keys` (`mutation` varchar(64) NOT NULL, `idempotencyKey` varchar(128) NOT NULL, `inputHash` varchar(64) NOT NULL, `result` text NOT NULL, `createdAt` datetime(3) NOT NULL, PRIMARY KEY (`mutation`, `idempotencyKey`)) ENGINE=InnoDB',
  ],
  down: ['DROP TABLE `idempotency_keys`', 'DROP INDEX `IDX_b12f87335630edfd1294cf349b` ON `audit_entries`', 'DROP TABLE `audit_entries`'],
};

export const migrationClassName = (input: ScaffoldInput): string => `Init${input.migrationTimestamp}`;

function migrationFile(input: ScaffoldInput): string {
  const { names } = input;
  // TypeORM's own index name, so that the schema builder finds nothing to change (test/migrations.test.ts).
  const sectorIndex = new DefaultNamingStrategy().indexName(names.table, ['sectorCode']);
  const up = [
    ...sharedTableStatements.up,
    `CREATE TABLE \`${names.table}\` (\`id\` varchar(64) NOT NULL, \`sectorCode\` varchar(32) NOT NULL, \`title\` varchar(200) NOT NULL, \`recordedOn\` date NOT NULL, INDEX \`${sectorIndex}\` (\`sectorCode\`), PRIMARY KEY (\`id\`)) ENGINE=InnoDB`,
  ];
  const down = [`DROP INDEX \`${sectorIndex}\` ON \`${names.table}\``, `DROP TABLE \`${names.table}\``, ...sharedTableStatements.down];
  const statement = (sql: string) => `    await queryRunner.query(${JSON.stringify(sql)});`;
  const className = migrationClassName(input);
  return `import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by \`npm run subgraph:new\` as \`npm run migration:generate -- ${names.subgraph} Init\` would write it (MySQL):
 * the subgraph's own table, the audit trail and the idempotency keys.
 */
export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(queryRunner: QueryRunner): Promise<void> {
${up.map(statement).join('\n')}
  }

  async down(queryRunner: QueryRunner): Promise<void> {
${down.map(statement).join('\n')}
  }
}
`;
}

function migrationsIndex(input: ScaffoldInput): string {
  const className = migrationClassName(input);
  return `import { ${className} } from './${input.migrationTimestamp}-Init.js';

/** In the order they run. */
export const migrations = [${className}];
`;
}

function subgraphTest(input: ScaffoldInput): string {
  const { names } = input;
  const rows = seededRows(input);
  const expectedRows = rows.map(
    (row) =>
      `  { id: ${quote(row.id)}, title: ${quote(row.title)}, recordedOn: ${quote(row.recordedOn)}, sector: { code: ${quote(row.sectorCode)} } },`,
  );
  const bySector = rows.map((row) => `      { code: ${quote(row.sectorCode)}, ${names.listField}: [{ id: ${quote(row.id)} }] },`);
  return `import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Identity } from '../../../platform/identity.js';
import { testEngines } from '../../../test/support/databases.js';
import { startSubgraph, type RunningSubgraph } from '../../../test/support/subgraphs.js';
import { definition } from '../server.js';

/** What the seed writes: one ${names.entityWords} per sector of the plan. */
const seeded = [
${expectedRows.join('\n')}
];
const sectorCodes = seeded.map((row) => row.sector.code);

const sectorField = \`query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on Sector { code ${names.listField} { id } } } }\`;
const sectors = { representations: sectorCodes.map((code) => ({ __typename: 'Sector', code })) };

describe.each(testEngines)('${names.subgraph} subgraph on $kind', (engine) => {
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    subgraph = await startSubgraph(definition, await engine.freshDatabase('${names.subgraph}', 'unit'));
  });
  afterAll(() => subgraph?.stop());

  it('lists its seeded ${names.entityWordsPlural}, one per sector', async () => {
    const { data, errors } = await subgraph.query('{ ${names.listField} { id title recordedOn sector { code } } }');
    expect(errors).toBeUndefined();
    expect(data).toEqual({ ${names.listField}: seeded });
  });

  it("adds its ${names.entityWordsPlural} to the plan's sectors: six sectors in one SQL statement", async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(sectorField, sectors);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      _entities: [
${bySector.join('\n')}
      ],
    });
    expect(subgraph.built.statements.count).toBe(1);
  });

  it('resolves its ${names.entityWordsPlural} by key for the gateway, in one SQL statement', async () => {
    subgraph.built.statements.reset();
    const { data, errors } = await subgraph.query(
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on ${names.entity} { id title } } }',
      { representations: [...seeded.map((row) => ({ __typename: '${names.entity}', id: row.id })), { __typename: '${names.entity}', id: 'unknown' }] },
    );
    expect(errors).toBeUndefined();
    expect(data).toEqual({ _entities: [...seeded.map(({ id, title }) => ({ id, title })), null] });
    expect(subgraph.built.statements.count).toBe(1);
  });

  it('refuses its fields to an agent without the ${names.readScope} scope', async () => {
    const withoutScope: Identity = { agent: 'someone', partner: ${quote(input.ownerPartners[0] ?? '')}, scopes: new Set() };
    const { data, errors } = await subgraph.query('{ ${names.listField} { id } }', undefined, withoutScope);
    expect(data).toEqual({ ${names.listField}: null });
    expect(errors?.map((error) => error.extensions?.code)).toEqual(['FORBIDDEN']);
  });
});
`;
}

/** Every file of the new subgraph's folder. */
export function scaffoldFiles(input: ScaffoldInput): ScaffoldFile[] {
  const { names } = input;
  return [
    { path: 'schema.graphql', content: schemaGraphql(input) },
    { path: `entities/${names.entity}.ts`, content: entityFile(input) },
    { path: 'entities/index.ts', content: entitiesIndex(input) },
    { path: 'resolvers/Query.ts', content: queryResolvers(input) },
    { path: `resolvers/${names.entity}.ts`, content: entityResolvers(input) },
    { path: 'resolvers/Sector.ts', content: sectorResolvers(input) },
    { path: 'resolvers/index.ts', content: resolversIndex(input) },
    { path: 'models.ts', content: modelsFile(input) },
    { path: 'loaders.ts', content: loadersFile(input) },
    { path: 'context.ts', content: contextFile(input) },
    { path: 'server.ts', content: serverFile(input) },
    { path: 'index.ts', content: indexFile() },
    { path: 'seed.ts', content: seedFile(input) },
    { path: `migrations/${input.migrationTimestamp}-Init.ts`, content: migrationFile(input) },
    { path: 'migrations/index.ts', content: migrationsIndex(input) },
    // The partner's tests, in the folder its CODEOWNERS line gives it, out of the compiled dist/.
    { path: 'test/subgraph.test.ts', content: subgraphTest(input) },
  ];
}
