/**
 * Writes each subgraph's resolver types, `subgraphs/<name>/generated/resolvers.ts`, and the shared
 * SDL's, `subgraphs/shared/generated/resolvers.ts` (schema/resolver-types.ts says how).
 *   npm run codegen          writes them
 *   npm run codegen:check    writes nothing; exits 1 when a committed file differs from a fresh one
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../platform/project.js';
import { checkVariant, readCommandLine } from '../scripts/cli.js';
import { generateResolverTypes, ResolverTypesError, resolverTypesTargets, type ResolverTypesTarget } from './resolver-types.js';

const { name, usageLines } = checkVariant('codegen');
const { values } = readCommandLine({
  name,
  usage: `${usageLines}

Generates the resolver types of every subgraph from its SDL (subgraphs/<name>/generated/resolvers.ts)
and of the shared SDL (subgraphs/shared/generated/resolvers.ts); codegen:check (--check) writes
nothing and exits 1 when a committed file is stale.`,
  config: { options: { check: { type: 'boolean', default: false } } },
});

const targets = resolverTypesTargets();
const shown = (file: URL) => relative(projectRoot, fileURLToPath(file));
/** The target's module, or the models file's mistake in one line (exit 2). */
async function generated(target: ResolverTypesTarget): Promise<string> {
  try {
    return await generateResolverTypes(target);
  } catch (error) {
    if (!(error instanceof ResolverTypesError)) throw error;
    console.error(`${name}: ${error.message}`);
    process.exit(2);
  }
}

const stale: string[] = [];
for (const target of targets) {
  const text = await generated(target);
  const current = existsSync(target.outputFile) ? readFileSync(target.outputFile, 'utf8') : undefined;
  if (values.check) {
    if (current !== text) stale.push(shown(target.outputFile));
  } else if (current !== text) {
    mkdirSync(new URL('.', target.outputFile), { recursive: true });
    writeFileSync(target.outputFile, text);
    console.log(`Wrote ${shown(target.outputFile)}.`);
  }
}
if (stale.length > 0) {
  console.error(`Stale resolver types: ${stale.join(', ')}. Run \`npm run codegen\` and commit them.`);
  process.exit(1);
}
console.log(
  values.check
    ? `The resolver types of ${targets.length - 1} subgraphs and the shared SDL are up to date.`
    : `Resolver types up to date for ${targets.length - 1} subgraphs and the shared SDL.`,
);
