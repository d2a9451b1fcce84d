/**
 * Writes the registered operations as an Apollo persisted-query manifest.
 *   npm run operations:manifest                    writes operations/manifest.json
 *   npm run operations:manifest -- --check         fails (exit 1) when the committed manifest is stale
 *   npm run operations:manifest -- --file FILE     writes, or checks, FILE instead
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readCommandLine } from '../scripts/cli.js';
import { manifestFile, manifestText, persistedQueryManifest } from './index.js';

const { values } = readCommandLine({
  name: 'operations:manifest',
  usage: `usage: npm run operations:manifest -- [--check] [--file FILE]

Writes the registered operations (operations/<application>/<Name>.graphql) as an Apollo
persisted-query manifest, operations/manifest.json: the gateway serves them by id, and only them
under TRUSTED_OPERATIONS=enforce.

  --check  write nothing; exit 1 when the file is stale
  --file   write, or check, FILE instead`,
  config: { options: { check: { type: 'boolean', default: false }, file: { type: 'string' } } },
});
const options = { check: values.check, file: values.file };

const target = options.file ?? manifestFile;
const shownTarget = options.file ?? 'operations/manifest.json';
const manifest = persistedQueryManifest();
const expected = manifestText(manifest);

if (options.check) {
  let committed: string;
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    console.error(`${shownTarget} is missing: run \`npm run operations:manifest\` and commit it.`);
    process.exit(1);
  }
  if (committed !== expected) {
    console.error(`${shownTarget} is stale: run \`npm run operations:manifest\` and commit it.`);
    process.exit(1);
  }
  console.log(`${shownTarget} is up to date (${manifest.operations.length} operations).`);
} else {
  writeFileSync(target, expected);
  console.log(`Wrote ${manifest.operations.length} operations to ${shownTarget}.`);
}
