/**
 * Writes the registered operations as an Apollo persisted-query manifest.
 *   npm run operations:manifest                    writes operations/manifest.json
 *   npm run operations:manifest -- --check         fails (exit 1) when the committed manifest is stale
 *   npm run operations:manifest -- --file FILE     writes, or checks, FILE instead
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { manifestFile, manifestText, persistedQueryManifest } from './index.js';

let options: { check: boolean; file: string | undefined };
try {
  const { values } = parseArgs({ options: { check: { type: 'boolean', default: false }, file: { type: 'string' } } });
  options = { check: values.check, file: values.file };
} catch (error) {
  console.error(`operations:manifest: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}

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
