import { defineConfig } from 'vitest/config';

/** End-to-end smoke tests in Firefox (firefox-esr over WebDriver BiDi) with the built Firefox add-on. */
export default defineConfig({
  test: {
    environment: 'node',
    include: ['tests/e2e-firefox/**/*.e2e.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 120_000, // a Firefox start on a busy 2-core machine can take 20 s or more
    env: { TZ: 'Europe/Berlin' },
  },
});
