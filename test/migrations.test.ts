import { describe, expect, it } from 'vitest';
import { catalogue, subgraphNames } from '../subgraphs/registry.js';
import { openDatabase } from '../subgraphs/shared/database.js';
import { entitiesOf } from '../subgraphs/shared/subgraph.js';
import { testEngines } from './support/databases.js';

const mysql = testEngines.find((engine) => engine.kind === 'mysql');

// Production runs migrations, never synchronize: they must build exactly what the entities say.
describe.skipIf(!mysql)('MySQL migrations', () => {
  it.each(subgraphNames)('%s: migrations create every table the entities describe, and revert cleanly', async (name) => {
    const definition = catalogue[name];
    const db = await openDatabase(await mysql!.freshDatabase(name, 'migrations'), {
      entities: entitiesOf(definition),
      migrations: definition.migrations,
    });
    try {
      const pending = await db.driver.createSchemaBuilder().log();
      expect(pending.upQueries.map((query) => query.query)).toEqual([]);
      const entityTables = entitiesOf(definition)
        .map((entity) => db.getMetadata(entity).tableName)
        .sort();
      const tablesNow = async () =>
        (await db.query<Record<string, string>[]>('SHOW TABLES'))
          .map((row) => Object.values(row)[0])
          .filter((t) => t !== 'migrations')
          .sort();
      expect(await tablesNow()).toEqual(entityTables);
      for (let i = 0; i < definition.migrations.length; i++) await db.undoLastMigration();
      expect(await tablesNow()).toEqual([]);
    } finally {
      await db.destroy();
    }
  });
});
