import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    coverage: {
      provider: 'v8',
      include: ['src/main/services/profiles/**/*.ts'],
      exclude: ['**/*.test.ts'],
      // SC-002: profile generation is fully covered, enforced here.
      thresholds: {
        'src/main/services/profiles/**/*.ts': {
          lines: 100,
          branches: 100,
          functions: 100,
          statements: 100,
        },
      },
    },
  },
});
