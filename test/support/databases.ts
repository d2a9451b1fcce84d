import { createConnection } from 'mysql2/promise';
import type { DatabaseConfig } from '../../subgraphs/shared/database.js';

/** A database engine the tests run on: SQLite always, MySQL/MariaDB when TEST_MYSQL_URL is set. */
export interface TestEngine {
  readonly kind: DatabaseConfig['kind'];
  /** A fresh, empty database for one subgraph (`tag` keeps parallel test files apart). */
  readonly freshDatabase: (subgraph: string, tag: string) => Promise<DatabaseConfig>;
}

const sqlite: TestEngine = {
  kind: 'sqlite',
  freshDatabase: async () => ({ kind: 'sqlite', file: ':memory:' }),
};

/** mysql://root@127.0.0.1:3306, without a database: the tests make their own. */
export const testMysqlUrl = process.env.TEST_MYSQL_URL?.replace(/\/$/, '');

function mysql(serverUrl: string): TestEngine {
  return {
    kind: 'mysql',
    freshDatabase: async (subgraph, tag) => {
      const database = `plancrack_test_${subgraph}_${tag}`
        .replace(/[^a-z0-9_]/gi, '_')
        .toLowerCase()
        .slice(0, 64);
      const connection = await createConnection(serverUrl);
      try {
        await connection.query(`DROP DATABASE IF EXISTS \`${database}\``);
      } finally {
        await connection.end();
      }
      return { kind: 'mysql', url: `${serverUrl}/${database}` };
    },
  };
}

export const testEngines: readonly TestEngine[] = testMysqlUrl ? [sqlite, mysql(testMysqlUrl)] : [sqlite];
