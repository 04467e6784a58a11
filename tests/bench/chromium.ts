/**
 * Chromium for the benchmarks: the fixture server and Chromium discovery of the end-to-end
 * harness, plus launches with no extension, ours, or the peer; bundles built in the run
 * (the storage page, the peer extension).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { chromiumArgs, chromiumPath, HOSTS, ROOT, startFixtureServer, type FixtureServer } from '../e2e/harness';

export { HOSTS, ROOT };
export const BENCH_OUT = join(ROOT, '.tmp/bench');

export interface BundleJob {
  entry: string;
  outName: string;
  alias?: Record<string, string>;
}

/**
 * Bundle entries, each into a single classic script (IIFE) under .tmp/bench/, in one child
 * process (tests/bench/bundle.mjs): the bundler loaded here stayed in this process's memory for
 * the rest of the file, beside the browser. Returns each bundle's path, in order.
 */
export async function bundleAll(jobs: readonly BundleJob[]): Promise<string[]> {
  const outDirs = jobs.map((j) => join(BENCH_OUT, 'bundles', j.outName.replace(/\W+/g, '-')));
  const spec = jobs.map((j, i) => ({ entry: j.entry, outDir: outDirs[i], name: j.outName.replace(/\W+/g, '_'), alias: j.alias }));
  await new Promise<void>((ok, fail) => {
    const child = spawn(process.execPath, [join(ROOT, 'tests/bench/bundle.mjs'), JSON.stringify(spec)], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', fail);
    child.on('exit', (code) => (code === 0 ? ok() : fail(new Error(`bundling ${jobs.map((j) => j.outName).join(', ')} failed (exit ${code})`))));
  });
  return outDirs.map((d) => join(d, 'bundle.js'));
}

/** Bundle one entry (see `bundleAll`). */
export async function bundle(entry: string, outName: string, extra: { alias?: Record<string, string> } = {}): Promise<string> {
  const [js] = await bundleAll([{ entry, outName, alias: extra.alias }]);
  return js!;
}

export interface BenchBrowser {
  context: BrowserContext;
  server: FixtureServer;
  profile: string;
  extensionId?: string;
  close(): Promise<void>;
}

/** A fixture server (with its certificate) for several launches in turn. */
export async function benchServer(): Promise<FixtureServer & { dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'deal-debrief-bench-'));
  const server = await startFixtureServer(dir);
  return {
    ...server,
    dir,
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface LaunchBenchOptions {
  /** A server to use (and leave running) instead of one of the launch's own. */
  server?: FixtureServer;
  /**
   * A profile directory to use and keep: a later launch on it finds the extension installed and
   * its database, code caches and service worker as this one left them.
   */
  profile?: string;
}

/** Headless Chromium with at most one extension, fixture hosts mapped to the local server. */
export async function launchBench(extension?: string, options: LaunchBenchOptions = {}): Promise<BenchBrowser> {
  const work = mkdtempSync(join(tmpdir(), 'deal-debrief-bench-'));
  const server = options.server ?? (await startFixtureServer(work));
  const profile = options.profile ?? join(work, 'profile');
  const firstRun = !existsSync(profile);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath(),
    headless: true,
    ignoreHTTPSErrors: true,
    timezoneId: 'Europe/Berlin',
    locale: 'en-US',
    viewport: { width: 1400, height: 900 },
    // The benchmark's pages can force a garbage collection (`gc()`).
    args: chromiumArgs(extension, server.port, ['--js-flags=--expose-gc']),
    env: { ...process.env, TZ: 'Europe/Berlin' },
  });
  let extensionId: string | undefined;
  if (extension) {
    // Our first install opens the welcome page; the benchmark does not need it.
    const onboarding = (p: Page) => p.url().includes('onboarding.html');
    context.on('page', (p) => {
      if (onboarding(p)) void p.close().catch(() => undefined);
    });
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 20_000 }));
    extensionId = new URL(worker.url()).host;
    if (firstRun && !context.pages().some(onboarding)) await context.waitForEvent('page', { predicate: onboarding, timeout: 10_000 }).catch(() => undefined);
    for (const p of context.pages()) if (onboarding(p)) await p.close().catch(() => undefined);
  }
  return {
    context,
    server,
    profile,
    extensionId,
    async close() {
      await context.close();
      if (!options.server) await server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  if (n === 0) return NaN;
  return n % 2 ? (s[n >> 1] ?? NaN) : ((s[(n >> 1) - 1] ?? 0) + (s[n >> 1] ?? 0)) / 2;
}
