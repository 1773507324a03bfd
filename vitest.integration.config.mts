import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/integration/**/*.test.ts'],
    environment: 'node',
    testTimeout: 300_000,
    hookTimeout: 300_000,
    // Real dbt against one DuckDB/PostgreSQL per test file; 2 cores, so keep files sequential.
    fileParallelism: false,
  },
});
