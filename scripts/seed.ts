/**
 * Seeds each subgraph's database with the communiqué's data and synthetic detail, creating its
 * tables first (migrations on MySQL). A database that already holds data is left untouched.
 *   npm run seed                      every subgraph, from <SUBGRAPH>_DATABASE_URL (or the embedded default)
 *   npm run seed -- --only health     some of them
 *   npm run seed -- --scale 10        ten times the synthetic detail rows
 */
import { catalogue, isSubgraphName, subgraphNames } from '../subgraphs/registry.js';
import { databaseConfigFromEnv } from '../subgraphs/shared/database.js';
import { buildSubgraph } from '../subgraphs/shared/subgraph.js';
import { readCommandLine } from './cli.js';

const { values } = readCommandLine({
  name: 'seed',
  usage: `usage: npm run seed -- [--only <subgraph>,…] [--scale N]

Creates each subgraph's tables (migrations on MySQL) and seeds them with the communiqué's data and
synthetic detail, on <SUBGRAPH>_DATABASE_URL or the embedded SQLite file; a database that already
holds data is left untouched.

  --only   some subgraphs, comma-separated: ${subgraphNames.join(', ')}
  --scale  N times the synthetic detail rows (default 1)`,
  config: { options: { only: { type: 'string' }, scale: { type: 'string', default: '1' } } },
});
const scale = Number(values.scale);
if (!Number.isInteger(scale) || scale < 1) {
  console.error(`--scale must be a whole number ≥ 1, got "${values.scale}"`);
  process.exit(2);
}
const names = values.only?.split(',') ?? [...subgraphNames];
const unknown = names.filter((name) => !isSubgraphName(name));
if (unknown.length) {
  console.error(`--only: unknown subgraph(s) ${unknown.join(', ')}; the subgraphs are ${subgraphNames.join(', ')}`);
  process.exit(2);
}

for (const name of names.filter(isSubgraphName)) {
  const started = Date.now();
  const built = await buildSubgraph(catalogue[name], { database: databaseConfigFromEnv(name), seedIfEmpty: { scale } });
  const rows = await Promise.all(built.db.entityMetadatas.map((entity) => built.db.getRepository(entity.target).count()));
  console.log(
    `${name.padEnd(14)} ${rows.reduce((a, b) => a + b, 0)} rows in ${built.db.entityMetadatas.length} tables, ${built.seeded ? 'seeded' : 'already had data: left untouched'} (${Date.now() - started} ms)`,
  );
  await built.db.destroy();
}
