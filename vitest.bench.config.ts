import { defineConfig } from 'vitest/config';
import { WxtVitest } from 'wxt/testing/vitest-plugin';

/**
 * Benchmarks (`npm run bench`): they print figures and assert only the correctness of what they
 * computed, never a time. One file at a time, so no two benchmarks share the 2 cores; node runs
 * with --expose-gc so heap figures are taken after a full collection.
 */
export default defineConfig({
  plugins: [WxtVitest()],
  test: {
    globals: true,
    // Per file: `// @vitest-environment happy-dom` where a DOM is needed.
    environment: 'node',
    include: ['tests/bench/**/*.bench.test.ts'],
    setupFiles: ['tests/bench/setup.ts'],
    pool: 'forks',
    execArgv: ['--expose-gc'],
    fileParallelism: false,
    maxWorkers: 1,
    retry: 0,
    testTimeout: 30 * 60_000,
    hookTimeout: 30 * 60_000,
    // Figures go straight to stdout, not through vitest's per-test console capture.
    disableConsoleIntercept: true,
    env: { TZ: 'Europe/Berlin' },
  },
});
