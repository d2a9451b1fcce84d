import { configDefaults, defineConfig } from 'vitest/config';

const allTests = ['test/**/*.test.ts', 'subgraphs/**/*.test.ts', 'gateway/**/*.test.ts'];
/**
 * The `unit` project: tests that start no process, no browser and no database, and listen at most
 * in their own process; seconds in all. Everything else is `e2e`. A new test is e2e until listed here.
 */
const unitTests = [
  'test/bench.test.ts',
  'test/composition.test.ts',
  'test/config.test.ts',
  'test/disclosure.test.ts',
  'test/docker-compose.test.ts',
  'test/figures-periods.test.ts',
  'test/schema-descriptions.test.ts',
  'test/access/jwks.test.ts',
  'test/gateway/limits.test.ts',
  'test/gateway/memory.test.ts',
  'test/gateway/sharing.test.ts',
  'test/codeowners.test.ts',
  'test/resolver-types.test.ts',
  'test/platform/entry-points.test.ts',
  'subgraphs/shared/test/audit-trail.test.ts',
  'subgraphs/shared/test/month-cut.test.ts',
];

export default defineConfig({
  resolve: {
    // Node (and tsx) load graphql's CommonJS build, as Apollo's packages do; Vite would pick its ES
    // build, and graphql refuses schemas and errors from a second copy of itself.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: test files run two at a time, each with its own databases and ports.
    maxWorkers: 2,
    pool: 'forks',
    // Servers run in the tests' processes: their request lines would bury the report (warnings and errors still show).
    env: { LOG_LEVEL: 'warn' },
    // `extends: true`: each project keeps the settings above (and the alias); `npm test -- --project unit` runs one.
    projects: [
      { extends: true, test: { name: 'unit', include: unitTests } },
      { extends: true, test: { name: 'e2e', include: allTests, exclude: [...configDefaults.exclude, ...unitTests] } },
    ],
  },
});
