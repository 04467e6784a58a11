/**
 * Tiny measuring kit for the benchmarks: timed runs (median and max), heap after a full GC, and
 * one line per figure on stdout plus a JSON line for the launcher's summary table.
 * Nothing here asserts a time.
 */
import { appendFileSync } from 'node:fs';

export interface Timing {
  runs: number;
  median: number;
  max: number;
  min: number;
  p95: number;
  samples: number[];
}

export function stats(samples: number[]): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n === 0 ? NaN : n % 2 ? (sorted[n >> 1] ?? NaN) : ((sorted[(n >> 1) - 1] ?? 0) + (sorted[n >> 1] ?? 0)) / 2;
  return { runs: n, median, max: sorted[n - 1] ?? NaN, min: sorted[0] ?? NaN, p95: sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)] ?? NaN, samples };
}

/**
 * Runs `fn` `warmup` times unmeasured, then `runs` times measured with performance.now().
 * Returns the timing and the last run's value (for correctness checks).
 */
export async function measure<T>(runs: number, fn: () => T | Promise<T>, warmup = 1): Promise<{ timing: Timing; value: T }> {
  let value: T | undefined;
  for (let i = 0; i < warmup; i++) value = await fn();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    value = await fn();
    samples.push(performance.now() - t0);
  }
  return { timing: stats(samples), value: value as T };
}

const gc = (globalThis as { gc?: () => void }).gc;

/** True when node runs with --expose-gc (vitest.bench.config.ts asks for it). */
export const HAS_GC = typeof gc === 'function';

/** Heap in use after a full collection (when available), in bytes. */
export function heapUsed(): number {
  if (gc) {
    gc();
    gc();
  }
  return process.memoryUsage().heapUsed;
}

export function ms(x: number): string {
  if (!Number.isFinite(x)) return 'n/a';
  if (x >= 100) return `${Math.round(x).toLocaleString('en-US')} ms`;
  if (x >= 1) return `${x.toFixed(1)} ms`;
  return `${x.toFixed(3)} ms`;
}

export function mb(bytes: number): string {
  const v = bytes / (1024 * 1024);
  return `${v >= 0 ? '+' : ''}${v.toFixed(1)} MB`;
}

export function timingText(t: Timing): string {
  return t.runs >= 20 ? `median ${ms(t.median)}, p95 ${ms(t.p95)}, max ${ms(t.max)} (${t.runs} runs)` : `median ${ms(t.median)}, max ${ms(t.max)} (${t.runs} runs)`;
}

export function heapText(delta: number): string {
  return `heap ${mb(delta)}${HAS_GC ? '' : ' (no --expose-gc: before/after without a forced GC)'}`;
}

/** Prints one figure and records it for the launcher's summary table. */
export function report(group: string, name: string, figures: string, notes: string[] = []): void {
  console.log(`[bench] ${group} — ${name}: ${figures}`);
  for (const n of notes) console.log(`[bench]   note: ${n}`);
  const file = process.env.BENCH_RESULTS;
  if (file) appendFileSync(file, JSON.stringify({ group, name, figures, notes }) + '\n');
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  const v = items[Math.floor(rand() * items.length)];
  if (v === undefined) throw new Error('pick from an empty list');
  return v;
}

export const FAKE_IDB_NOTE =
  'fake-indexeddb (pure JS, in Node) is much slower than Chromium\'s IndexedDB: these figures are an upper bound.';

/** One row of the benchmark table: a figure, what it is compared with in the same run, its budget. */
export interface BenchRow {
  section: string;
  what: string;
  figure: string;
  compared?: string;
  budget?: string;
  /** Whether the budget held; undefined when the row has no budget. */
  held?: boolean;
}

export function row(r: BenchRow): void {
  const mark = r.held === undefined ? '' : r.held ? ' ✓' : ' ✗';
  console.log(`[bench] ${r.section} — ${r.what}: ${r.figure}${r.compared ? ` (vs ${r.compared})` : ''}${r.budget ? ` budget ${r.budget}${mark}` : ''}`);
  const file = process.env.BENCH_RESULTS;
  if (file) appendFileSync(file, JSON.stringify({ kind: 'row', ...r }) + '\n');
}
