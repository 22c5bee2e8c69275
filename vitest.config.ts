import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/test/**/*.test.ts', 'web/src/**/*.test.ts', 'e2e/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Two cores: more workers only make the database-heavy files fight each other.
    maxWorkers: 2,
    // An autocommit write inside an audit scope fails the test that drives it (D-audit-tx-4).
    env: { BETTER_AUTH_TELEMETRY: '0', AUDIT_WRITE_GUARD: 'throw' },
  },
});
