import { defineConfig } from 'vitest/config';

/** End-to-end tests: real Chromium with the built extension; one file at a time (2 cores). */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: { TZ: 'Europe/Berlin' },
  },
});
