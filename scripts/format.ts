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
import { readCommandLine } from './cli.js';

// format:check is this script with --check.
const name = process.argv.includes('--check') ? 'format:check' : 'format';
const { values } = readCommandLine({
  name,
  usage: `${name === 'format' ? 'usage: npm run format\n       npm run format:check' : 'usage: npm run format:check\n       npm run format'}

Formats the repository's TypeScript, JavaScript, CSS, JSON and YAML with Prettier (.prettierrc.json;
.prettierignore lists what is left as it is: generated files, the registered operations, Markdown).
format:check (--check) writes nothing, lists the files that are not formatted and exits 1 if any.`,
  config: { options: { check: { type: 'boolean', default: false } } },
});

const prettierCli = createRequire(import.meta.url).resolve('prettier/bin/prettier.cjs');
const run = spawnSync(process.execPath, [prettierCli, values.check ? '--check' : '--write', '.'], { cwd: projectRoot, stdio: 'inherit' });
process.exit(run.status ?? 1);
