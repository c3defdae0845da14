import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Browser and Neo4j suites start real processes; keep the 2-core machine responsive.
    maxWorkers: 2,
  },
});
