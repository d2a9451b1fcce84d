/**
 * `npm run subgraph:new -- <name> --partner <code> [--partner <code> …] [--port N] [--entity <TypeName>]`:
 * writes subgraphs/<name>/ with the same inside as the other subgraphs (one entity of its own, a root
 * field listing it, a field added to the plan's Sector, seed, MySQL migration and a test of its own
 * in its test/), adds it to subgraphs/registry.ts, docker-compose.yml, docker/mysql-init.sql and
 * CODEOWNERS (a placeholder team the partner replaces), recomposes schema/supergraph.graphql and
 * generates its resolver types.
 * Bad input exits 2 with one line and writes nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { Kind, parse, type DefinitionNode } from 'graphql';
import { subgraphUrlVariable } from '../gateway/config.js';
import { partnerCodes } from '../platform/identity.js';
import { databaseUrlVariable } from '../subgraphs/shared/database.js';
import { sectorCodes } from '../subgraphs/shared/sectors.js';
import {
  addToCodeowners,
  addToDockerCompose,
  addToMysqlInit,
  addToRegistry,
  placeholderTeamOf,
  ScaffoldEditError,
} from './scaffold/edits.js';
import { entityNamePattern, maxSubgraphNameLength, scaffoldNames, subgraphNamePattern, type ScaffoldNames } from './scaffold/names.js';
import { firstSentence } from './cli.js';
import { formatted } from './formatted.js';
import { scaffoldFiles } from './scaffold/templates.js';

const usage = `usage: npm run subgraph:new -- <name> --partner <code> [--partner <code> …] [--port N] [--entity <TypeName>]

  <name>      kebab-case, e.g. mildeca-prevention: folder, supergraph name, scope prefix, docker service
  --partner   a partner that owns the subgraph's individual-level data (its owner:<name> policy);
              one of ${partnerCodes.join(', ')}
  --port      its port (default: the next after the highest port of the registry)
  --entity    its entity's GraphQL type name (default: <Name>Entry)

Writes subgraphs/<name>/ (schema.graphql, entities/, resolvers/, models.ts, loaders.ts, context.ts,
server.ts, index.ts, seed.ts, migrations/, test/subgraph.test.ts, generated/resolvers.ts), adds the subgraph to subgraphs/registry.ts,
docker-compose.yml, docker/mysql-init.sql and CODEOWNERS, and recomposes schema/supergraph.graphql.`;

const root = fileURLToPath(new URL('../', import.meta.url));
const at = (path: string): string => join(root, path);

/** Bad input: one line, exit 2, nothing written. */
function refuse(message: string): never {
  console.error(`subgraph:new: ${message}`);
  process.exit(2);
}

function readArguments() {
  try {
    return parseArgs({
      allowPositionals: true,
      options: {
        partner: { type: 'string', multiple: true, default: [] },
        port: { type: 'string' },
        entity: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    return refuse(`${firstSentence((error as Error).message)} (see --help)`);
  }
}

const { values, positionals } = readArguments();
if (values.help) {
  console.log(usage);
  process.exit(0);
}

// Input checks that need no registry come first, so that a refusal is quick.
if (positionals.length !== 1) refuse(`give exactly one subgraph name, got ${positionals.length} (see --help)`);
const name = positionals[0] ?? '';
if (!subgraphNamePattern.test(name) || name.length > maxSubgraphNameLength) {
  refuse(
    `"${name}" is not a subgraph name: lower-case words of letters and digits joined by hyphens, at most ${maxSubgraphNameLength} characters, e.g. mildeca-prevention`,
  );
}
// The docker-compose services beside the subgraphs, and the scope prefixes that are not a subgraph's.
const reservedNames = ['gateway', 'mysql', 'redis', 'haproxy', 'report', 'audit', 'graph', 'shared'];
if (reservedNames.includes(name)) refuse(`"${name}" is reserved (${reservedNames.join(', ')})`);
if (existsSync(at(`subgraphs/${name}`))) refuse(`subgraphs/${name}/ already exists: choose another name`);

const partners = [...new Set(values.partner)];
const [firstPartner] = partners;
if (firstPartner === undefined) refuse(`give at least one --partner, among ${partnerCodes.join(', ')}`);
const unknownPartners = partners.filter((partner) => !partnerCodes.includes(partner));
if (unknownPartners.length > 0) refuse(`unknown partner ${unknownPartners.join(', ')}; the partners are ${partnerCodes.join(', ')}`);

// Names the generated TypeScript imports or the language defines: a class of that name would shadow them.
const codeNames = new Set(['Column', 'Entity', 'Index', 'PrimaryColumn', 'DataSource', 'In', 'Identity', 'SectorRef']);
if (values.entity !== undefined) {
  if (!entityNamePattern.test(values.entity))
    refuse(`--entity "${values.entity}" is not a type name: PascalCase letters and digits, e.g. AwarenessCampaign`);
  if (codeNames.has(values.entity) || values.entity in globalThis)
    refuse(`--entity "${values.entity}" is a name the generated code already uses; choose another`);
}
const names = scaffoldNames(name, values.entity);

// The registry loads every subgraph, so only now.
const { subgraphs } = await import('../subgraphs/registry.js');
if (subgraphs.some((definition) => definition.name === name)) refuse(`the registry already has a subgraph "${name}"`);
const gatewayPort = 4000;
const takenPorts = new Map<number, string>([
  [gatewayPort, 'the gateway'],
  ...subgraphs.map((definition) => [definition.port, definition.name] as const),
]);
let port = Math.max(gatewayPort, ...subgraphs.map((definition) => definition.port)) + 1;
if (values.port !== undefined) {
  port = Number(values.port);
  if (!/^\d+$/.test(values.port) || port < 1024 || port > 65_535)
    refuse(`--port must be a whole number from 1024 to 65535, got "${values.port}"`);
  const holder = takenPorts.get(port);
  if (holder !== undefined) refuse(`--port ${port} is already ${holder}'s`);
}

refuseClashesWithTheGraph(names);

/** A type, root field or Sector field that the supergraph already has would not compose: refused before anything is written. */
function refuseClashesWithTheGraph(scaffold: ScaffoldNames): void {
  const supergraph = parse(readFileSync(at('schema/supergraph.graphql'), 'utf8'));
  const fieldsOf = (type: string): string[] =>
    supergraph.definitions.flatMap((definition: DefinitionNode) =>
      (definition.kind === Kind.OBJECT_TYPE_DEFINITION || definition.kind === Kind.OBJECT_TYPE_EXTENSION) && definition.name.value === type
        ? (definition.fields ?? []).map((field) => field.name.value)
        : [],
    );
  const typeNames = new Set(
    supergraph.definitions.flatMap((definition) => ('name' in definition && definition.name ? [definition.name.value] : [])),
  );
  const hint = values.entity === undefined ? ' (give another with --entity)' : '';
  if (typeNames.has(scaffold.entity) || ['String', 'Int', 'Float', 'Boolean', 'ID'].includes(scaffold.entity)) {
    refuse(`the graph already has a type ${scaffold.entity}${hint}`);
  }
  if (fieldsOf('Query').includes(scaffold.listField)) refuse(`the graph already has a root field Query.${scaffold.listField}${hint}`);
  if (fieldsOf('Sector').includes(scaffold.listField)) refuse(`the graph already has a field Sector.${scaffold.listField}${hint}`);
}

// Every edit is computed before anything is written: a file that does not look as expected refuses the whole command.
const edits = new Map<string, string>();
try {
  const composedUrl = `http://${name}:${port}/`;
  for (const [path, edit] of [
    ['subgraphs/registry.ts', (source: string) => addToRegistry(source, names)],
    [
      'docker-compose.yml',
      (source: string) =>
        addToDockerCompose(source, {
          names,
          port,
          composedUrl,
          databaseUrlVariable: databaseUrlVariable(name),
          subgraphUrlVariable: subgraphUrlVariable(name),
        }),
    ],
    ['docker/mysql-init.sql', (source: string) => addToMysqlInit(source, names)],
    ['CODEOWNERS', (source: string) => addToCodeowners(source, names)],
  ] as const) {
    edits.set(path, edit(readFileSync(at(path), 'utf8')));
  }
} catch (error) {
  if (error instanceof ScaffoldEditError) refuse(error.message);
  throw error;
}

const folder = at(`subgraphs/${name}`);
const files = scaffoldFiles({ names, port, ownerPartners: partners, sectorCodes, migrationTimestamp: Date.now() });
const originals = new Map([...edits.keys(), 'schema/supergraph.graphql'].map((path) => [path, readFileSync(at(path), 'utf8')]));

/** Puts every file back as it was, so that a failed run leaves the repository unchanged. */
function rollBack(): void {
  rmSync(folder, { recursive: true, force: true });
  for (const [path, text] of originals) writeFileSync(at(path), text);
}

try {
  for (const file of files) {
    mkdirSync(dirname(join(folder, file.path)), { recursive: true });
    writeFileSync(join(folder, file.path), await formatted(join(folder, file.path), file.content), { flag: 'wx' });
  }
  for (const [path, text] of edits) writeFileSync(at(path), await formatted(at(path), text));
  // Each in a process of its own: this one loaded the registry before the new subgraph was in it.
  for (const [script, what] of [
    ['schema/compose.ts', 'composition'],
    ['schema/codegen.ts', 'generating its resolver types'],
  ] as const) {
    const step = spawnSync(process.execPath, ['--import', 'tsx', script], { cwd: root, encoding: 'utf8' });
    if (step.status !== 0) {
      const errors = `${step.stdout}\n${step.stderr}`.split('\n').filter((line) => line !== '' && !line.startsWith('hint:'));
      throw new Error(`${what} failed, nothing was changed:\n${errors.join('\n')}`);
    }
  }
} catch (error) {
  rollBack();
  console.error(`subgraph:new: ${(error as Error).message}`);
  process.exit(1);
}

const show = (path: string): string => relative(root, path);
console.log(`subgraph:new: ${name} on port ${port}, owned by ${partners.join(', ')}, entity ${names.entity}`);
for (const file of files) console.log(`  wrote   ${show(join(folder, file.path))}`);
console.log('  edited  subgraphs/registry.ts (import and list entry)');
console.log(`  edited  docker-compose.yml (service ${name}; the gateway's ${subgraphUrlVariable(name)} and depends_on)`);
console.log(`  edited  docker/mysql-init.sql (database plancrack_${names.snake}, user ${names.snake}, grant)`);
console.log(`  edited  CODEOWNERS (subgraphs/${name}/ to ${placeholderTeamOf(names)})`);
console.log(`  composed schema/supergraph.graphql (${subgraphs.length + 1} subgraphs)`);
console.log(`  generated subgraphs/${name}/generated/resolvers.ts (npm run codegen)`);
console.log(`
Next: in CODEOWNERS, replace ${placeholderTeamOf(names)} with your team's GitHub handle; your tests go in subgraphs/${name}/test/.
Its fields need the ${names.readScope} scope. Try it:
  npx vitest run subgraphs/${name}/
  npm start
  npm run token -- --partner ${firstPartner} --scopes "${names.readScope}"
  { ${names.listField} { id title } sector(code: "stalingrad") { name ${names.listField} { id title } } }`);
