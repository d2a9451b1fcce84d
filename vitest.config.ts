import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'subgraphs/**/*.test.ts', 'gateway/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Two cores: test files run two at a time, each with its own databases and ports.
    maxWorkers: 2,
    pool: 'forks',
  },
});
