import { defineConfig } from 'vitest/config';

// Browser journeys in Debian chromium through playwright-core. One server per file.
export default defineConfig({
  test: {
    include: ['e2e/**/*.test.ts'],
    setupFiles: ['e2e/support/failure-report.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
