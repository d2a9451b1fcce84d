/**
 * Prettier over the repository (.prettierrc.json; .prettierignore and .gitignore say what it skips).
 *   npm run format          rewrites the files that are not formatted
 *   npm run format:check    writes nothing; exits 1 when a file is not formatted (CI)
 * Behind the project's command line because Prettier's own ignores a flag it does not know and goes
 * on: `npm run format:check -- --bogus` would have rewritten the tree.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { projectRoot } from '../platform/project.js';
import { checkVariant, readCommandLine } from './cli.js';

const { name, usageLines } = checkVariant('format');
const { values } = readCommandLine({
  name,
  usage: `${usageLines}

Formats the repository's TypeScript, JavaScript, CSS, JSON and YAML with Prettier (.prettierrc.json;
.prettierignore lists what is left as it is: generated files, the registered operations, Markdown).
format:check (--check) writes nothing, lists the files that are not formatted and exits 1 if any.`,
  config: { options: { check: { type: 'boolean', default: false } } },
});

const prettierCli = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');
const run = spawnSync(process.execPath, [prettierCli, values.check ? '--check' : '--write', '.'], { cwd: projectRoot, stdio: 'inherit' });
process.exit(run.status ?? 1);
