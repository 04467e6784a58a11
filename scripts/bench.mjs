#!/usr/bin/env node
// `npm run bench`: speed and memory figures, measured by the vitest files in
// tests/bench/ (config: vitest.bench.config.ts). They print figures and assert only that what
// they computed is correct; no time is ever asserted. Each benchmark also appends its figures to
// a results file, and this launcher prints them all as one table at the end.
//   npm run bench                 every benchmark
//   npm run bench -- response     only files matching "response" (any vitest filter/option)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const dir = '.tmp/bench';
mkdirSync(dir, { recursive: true });
const results = join(dir, 'results.jsonl');
rmSync(results, { force: true });

const started = Date.now();
const r = spawnSync('npx', ['vitest', 'run', '-c', 'vitest.bench.config.ts', ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, BENCH_RESULTS: results },
});

if (existsSync(results)) {
  const rows = readFileSync(results, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    // Files run in vitest's order; the table goes by benchmark number (a stable sort keeps each file's order).
    .sort((a, b) => a.group.localeCompare(b.group, 'en', { numeric: true }));
  const width = Math.max(...rows.map((row) => row.name.length));
  console.log('\n══ Deal Debrief benchmarks ══ (Node ' + process.version + '; time is wall clock, median of several runs)');
  let group = '';
  for (const row of rows) {
    if (row.group !== group) {
      group = row.group;
      console.log(`\n${group}`);
    }
    console.log(`  ${row.name.padEnd(width)}  ${row.figures}`);
  }
  const notes = [...new Set(rows.flatMap((row) => row.notes ?? []))];
  if (notes.length) console.log('\nNotes:\n' + notes.map((n) => `  - ${n}`).join('\n'));
}
console.log(`\nbench finished in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(r.status ?? 1);
