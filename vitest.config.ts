import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node (and tsx) load graphql's CommonJS build, as Apollo's packages do; Vite would pick its ES
    // build, and graphql refuses schemas and errors from a second copy of itself.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['test/**/*.test.ts', 'subgraphs/**/*.test.ts', 'gateway/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: test files run two at a time, each with its own databases and ports.
    maxWorkers: 2,
    pool: 'forks',
    // Servers run in the tests' processes: their request lines would bury the report (warnings and errors still show).
    env: { LOG_LEVEL: 'warn' },
  },
});
