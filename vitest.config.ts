import { defineConfig } from 'vitest/config';

// Unit, property and HTTP-level tests. TEST_DB=postgres runs the database-backed
// tests against the real PostgreSQL server instead of the embedded PGlite.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
