/**
 * Writes each subgraph's resolver types, `subgraphs/<name>/generated/resolvers.ts`, and the shared
 * SDL's, `subgraphs/shared/generated/resolvers.ts` (schema/resolver-types.ts says how).
 *   npm run codegen          writes them
 *   npm run codegen:check    writes nothing; exits 1 when a committed file differs from a fresh one
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readCommandLine } from '../scripts/cli.js';
import { subgraphs } from '../subgraphs/registry.js';
import { sharedTypeDefs, subgraphTypeDefs } from '../subgraphs/shared/subgraph.js';
import { generateResolverTypes, type ResolverTypesTarget } from './resolver-types.js';

const name = process.argv.includes('--check') ? 'codegen:check' : 'codegen';
const { values } = readCommandLine({
  name,
  usage: `usage: npm run codegen
       npm run codegen:check

Generates the resolver types of every subgraph from its SDL (subgraphs/<name>/generated/resolvers.ts)
and of the shared SDL (subgraphs/shared/generated/resolvers.ts); codegen:check (--check) writes
nothing and exits 1 when a committed file is stale.`,
  config: { options: { check: { type: 'boolean', default: false } } },
});

/** `police-justice` → `PoliceJustice`: the prefix of the subgraph's context types. */
export const pascalCase = (subgraph: string) => subgraph.replace(/(^|-)([a-z])/g, (_, _dash: string, letter: string) => letter.toUpperCase());

const sharedModels = new URL('../subgraphs/shared/models.ts', import.meta.url);
const targets: ResolverTypesTarget[] = [
  {
    name: 'shared',
    typeDefs: sharedTypeDefs(),
    outputFile: new URL('../subgraphs/shared/generated/resolvers.ts', import.meta.url),
    contextType: '../figures.js#FigureContext',
    models: [{ file: sharedModels, importPath: '../models.js' }],
  },
  ...subgraphs.map((definition) => ({
    name: definition.name,
    typeDefs: subgraphTypeDefs(definition.schemaFile),
    outputFile: new URL('./generated/resolvers.ts', definition.schemaFile),
    contextType: `../context.js#${pascalCase(definition.name)}ResolverContext`,
    models: [
      { file: sharedModels, importPath: '../../shared/models.js' },
      { file: new URL('./models.ts', definition.schemaFile), importPath: '../models.js' },
    ],
  })),
];

const relative = (file: URL) => fileURLToPath(file).slice(fileURLToPath(new URL('..', import.meta.url)).length);
const stale: string[] = [];
for (const target of targets) {
  const generated = await generateResolverTypes(target);
  const current = existsSync(target.outputFile) ? readFileSync(target.outputFile, 'utf8') : undefined;
  if (values.check) {
    if (current !== generated) stale.push(relative(target.outputFile));
  } else if (current !== generated) {
    mkdirSync(new URL('.', target.outputFile), { recursive: true });
    writeFileSync(target.outputFile, generated);
    console.log(`Wrote ${relative(target.outputFile)}.`);
  }
}
if (stale.length > 0) {
  console.error(`Stale resolver types: ${stale.join(', ')}. Run \`npm run codegen\` and commit them.`);
  process.exit(1);
}
console.log(values.check ? `The resolver types of ${targets.length - 1} subgraphs and the shared SDL are up to date.` : `Resolver types up to date for ${targets.length - 1} subgraphs and the shared SDL.`);
