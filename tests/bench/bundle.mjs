// Builds benchmark bundles (tests/bench/chromium.ts `bundle`) in a process of its own: the
// bundler's memory is given back when it exits, instead of staying in the benchmark's process
// beside the browser it measures.
//   node tests/bench/bundle.mjs '<JSON: [{ entry, outDir, name, alias }]>'
import { build } from 'vite';

for (const { entry, outDir, name, alias } of JSON.parse(process.argv[2] ?? '[]')) {
  await build({
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: alias ?? {} },
    build: {
      outDir,
      emptyOutDir: true,
      minify: true,
      lib: { entry, formats: ['iife'], name, fileName: () => 'bundle.js' },
    },
  });
}
