/**
 * Composes this repository's subgraphs and those of schema/external-subgraphs.yaml into schema/supergraph.graphql.
 *   npm run compose                      writes the committed supergraph
 *   npm run compose:check                fails when the committed file differs from a fresh composition
 *   npm run compose -- --out FILE        writes elsewhere
 *   npm run compose -- --only plan,ratp  composes a subset (with --out), e.g. while building a subgraph
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { checkVariant, readCommandLine } from '../scripts/cli.js';
import {
  allSubgraphNames,
  composeSubgraphs,
  ExternalSubgraphsError,
  readExternalSubgraphs,
  supergraphFile,
  type ExternalSubgraph,
} from './composition.js';

const { name, usageLines } = checkVariant('compose', 'npm run compose -- [--out FILE] [--only <subgraph>,…]');
const { values } = readCommandLine({
  name,
  usage: `${usageLines}

Composes this repository's subgraphs and those of schema/external-subgraphs.yaml into
schema/supergraph.graphql, the file the gateway serves; compose:check (--check) writes nothing and
exits 1 when the committed file differs from a fresh composition.

  --out    write FILE instead
  --only   compose some subgraphs (with --out), e.g. while building one`,
  config: { options: { check: { type: 'boolean', default: false }, out: { type: 'string' }, only: { type: 'string' } } },
});

let external: ExternalSubgraph[];
try {
  external = readExternalSubgraphs();
} catch (error) {
  if (!(error instanceof ExternalSubgraphsError)) throw error;
  console.error(error.message);
  process.exit(2);
}
const known = allSubgraphNames(external);
const names: string[] = [];
for (const name of values.only?.split(',') ?? known) {
  if (!known.includes(name)) {
    console.error(`--only: unknown subgraph "${name}"; the subgraphs are ${known.join(', ')}`);
    process.exit(2);
  }
  names.push(name);
}
if (values.only && !values.out && !values.check) {
  console.error('--only composes a subset: give --out so the committed supergraph is not replaced by it');
  process.exit(2);
}

const result = composeSubgraphs(names, undefined, external);
if (!result.ok) {
  console.error(`Composition failed with ${result.errors.length} error(s):`);
  for (const error of result.errors) console.error(`  - ${error}`);
  process.exit(1);
}
for (const hint of result.hints) console.warn(`hint: ${hint}`);

const target = values.out ?? supergraphFile;
if (values.check) {
  const committed = readFileSync(supergraphFile, 'utf8');
  if (committed !== result.supergraphSdl) {
    console.error('schema/supergraph.graphql is stale: run `npm run compose` and commit it.');
    process.exit(1);
  }
  console.log(`schema/supergraph.graphql is up to date (${names.length} subgraphs).`);
} else {
  writeFileSync(target, result.supergraphSdl);
  console.log(`Composed ${names.join(', ')} into ${target instanceof URL ? 'schema/supergraph.graphql' : target}.`);
}
