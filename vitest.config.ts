import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/test/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: more workers only make the database-heavy files fight each other.
    maxWorkers: 2,
    env: { BETTER_AUTH_TELEMETRY: '0' },
  },
});
