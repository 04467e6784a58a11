/**
 * What the content script costs the page, in Chromium: the same Gmail-shaped pages with no
 * extension, with Deal Debrief, and with the peer (a gmail.js capture extension built in this
 * run from bench/peer). Extra main-thread script time is the page's ScriptDuration (CDP
 * Performance metrics, every world of the page's main thread) minus the no-extension run's.
 * Figures are medians of several repetitions.
 */
import { gzipSync } from 'node:zlib';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { BENCH_OUT, benchServer, bundleAll, launchBench, median, ROOT, type BenchBrowser } from './chromium';
import { defaultSettings } from '../../lib/model';
import { row } from './harness';
import { benchPage, inboxPage, threadMessage, threadPage, threadTemplate } from './pages';
import { LONG_TASK_MS, madeLong, traceLongTasks, type TracedTask } from './trace';

const REPS = Number(process.env.BENCH_REPS ?? 3);
const GMAIL = 'mail.google.com';
const THREAD_URL = `https://${GMAIL}/mail/u/0/#inbox/FMfcgzQbenchThread`;
const INBOX_URL = `https://${GMAIL}/mail/u/1/#inbox`;
const SETTLE_MS = 1000;
const KB = 1024;
const CONTENT_BUDGET = 12 * KB;

type Config = 'none' | 'ours' | 'peer';

async function buildPeer(): Promise<string> {
  const dir = join(BENCH_OUT, 'peer');
  mkdirSync(dir, { recursive: true });
  const names = ['page', 'relay', 'background'];
  const built = await bundleAll(names.map((name) => ({ entry: join(ROOT, `bench/peer/${name}.js`), outName: `peer-${name}` })));
  names.forEach((name, i) => copyFileSync(built[i]!, join(dir, `${name}.js`)));
  copyFileSync(join(ROOT, 'bench/peer/manifest.json'), join(dir, 'manifest.json'));
  return dir;
}

interface Sample {
  threadOpen: number;
  inboxOpen: number;
  mutations: number;
  routes: number;
  longTasks: number;
  heap: number[];
  latency?: number;
}

const metrics = async (cdp: CDPSession) => {
  const { metrics: m } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  const get = (n: string) => m.find((x) => x.name === n)?.value ?? 0;
  return { script: get('ScriptDuration') * 1000, heap: get('JSHeapUsedSize') };
};

async function open(b: BenchBrowser, url: string): Promise<{ page: Page; cdp: CDPSession; script: number }> {
  const page = await b.context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { __longtasks: number[] };
    w.__longtasks = [];
    new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__longtasks.push(e.duration))).observe({ type: 'longtask', buffered: true });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const start = (await metrics(cdp)).script;
  await page.goto(url);
  await page.waitForTimeout(SETTLE_MS);
  return { page, cdp, script: (await metrics(cdp)).script - start };
}

const longTasks = (page: Page) => page.evaluate(() => (window as unknown as { __longtasks: number[] }).__longtasks.filter((d) => d >= 50).length);

async function scenario(b: BenchBrowser, config: Config, rep: number): Promise<Sample> {
  const inbox = await open(b, INBOX_URL);
  const inboxOpen = inbox.script;
  let tasks = await longTasks(inbox.page);
  await inbox.page.close();

  const t = await open(b, THREAD_URL);
  const threadOpen = t.script;
  const before = (await metrics(t.cdp)).script;
  await t.page.evaluate(() => (window as unknown as { __mutate(n: number): Promise<void> }).__mutate(1000));
  await t.page.waitForTimeout(500);
  const mutations = (await metrics(t.cdp)).script - before;

  let latency: number | undefined;
  if (config === 'ours' && b.extensionId) latency = await captureToSidebar(t.page, b.extensionId, rep);

  const r0 = (await metrics(t.cdp)).script;
  const heap: number[] = [];
  let routes = 0;
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 10; i++) {
      await t.page.evaluate((h) => (location.hash = h), i % 2 === 0 ? '#inbox' : '#inbox/FMfcgzQbenchThread');
      await t.page.waitForTimeout(150);
    }
    await t.page.waitForTimeout(200);
    if (round === 0) routes = (await metrics(t.cdp)).script - r0;
    await t.cdp.send('HeapProfiler.collectGarbage');
    heap.push((await metrics(t.cdp)).heap);
  }
  tasks += await longTasks(t.page);
  await t.page.close();
  return { threadOpen, inboxOpen, mutations, routes, longTasks: tasks, heap, latency };
}

/** A new message appears in the open thread; when does the sidebar's timeline show it? */
async function captureToSidebar(page: Page, extensionId: string, rep: number): Promise<number | undefined> {
  const frame = page.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/sidebar.html`));
  if (!frame) return undefined;
  // The timeline as it is before the new message (up to 4 s for the sidebar to show it).
  const items = frame.locator('[data-testid=timeline] > li');
  await items.first().waitFor({ timeout: 4000 }).catch(() => undefined);
  const n = await items.count();
  const seen = frame.evaluate(
    (before) =>
      new Promise<number>((ok) => {
        const check = () => {
          if (document.querySelectorAll('[data-testid=timeline] > li').length > before) {
            ok(Date.now());
            return true;
          }
          return false;
        };
        if (check()) return;
        const mo = new MutationObserver(() => check() && mo.disconnect());
        mo.observe(document.body, { childList: true, subtree: true });
        setTimeout(() => ok(-1), 5000);
      }),
    n,
  );
  // Jane (the thread's first prospect, whose timeline the sidebar shows) writes again.
  const message = threadMessage(threadTemplate().message, 300 + rep * 3);
  const t0 = await page.evaluate((html) => {
    const list = document.querySelector('[role=list]');
    const tpl = document.createElement('template');
    tpl.innerHTML = html;
    const at = Date.now();
    list?.appendChild(tpl.content);
    return at;
  }, message);
  const t1 = await seen;
  return t1 < 0 ? undefined : t1 - t0;
}

/**
 * The real popup page of the installed extension, with 5,000 follow-ups restored through the
 * background's own import: time from navigation start until the first follow-up row is painted.
 */
async function popupFirstPaint(b: BenchBrowser): Promise<{ paint: number[]; rows: number }> {
  const id = b.extensionId!;
  const page = await b.context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  const text = followUpsBackup(5000, Date.now());
  const reply = await page.evaluate(
    (t) => (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; error?: string }> } } }).chrome.runtime.sendMessage({ dd: 1, name: 'importBackup', args: { text: t } }),
    text,
  );
  if (!reply?.ok) throw new Error(`importBackup failed: ${reply?.error}`);
  await page.close();
  const paint: number[] = [];
  let rows = 0;
  for (let i = 0; i < REPS; i++) {
    const p = await b.context.newPage();
    await p.goto(`chrome-extension://${id}/popup.html`, { waitUntil: 'commit' });
    // The first frame in which a follow-up row is in the page (an upper bound: polling starts
    // as soon as the document exists, so a row already painted counts from now).
    const at = await p.evaluate(
      () =>
        new Promise<number>((ok) => {
          const check = () => (document.querySelector('li[data-followup]') ? ok(performance.now()) : requestAnimationFrame(check));
          check();
        }),
    );
    paint.push(at);
    rows = await p.locator('li[data-followup]').count();
    await p.close();
  }
  return { paint, rows };
}

function followUpsBackup(n: number, at: number): string {
  const DAY = 86_400_000;
  let seed = 7;
  const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  const followUps = Array.from({ length: n }, (_, i) => ({
    id: `manual:${i}`,
    kind: 'manual',
    dueAt: at + Math.floor((rand() - 0.3) * 120 * DAY),
    state: rand() < 0.1 ? 'done' : 'open',
    reason: `Call back contact ${i}`,
    createdAt: at,
    updatedAt: at,
  }));
  return JSON.stringify({
    format: 'deal-debrief-backup',
    version: 1,
    exportedAt: new Date(at).toISOString(),
    data: { contacts: [], deals: [], touchpoints: [], contactTouches: [], reflections: [], followUps, settings: { ...defaultSettings('Europe/Berlin'), onboarded: true } },
  });
}

const ms = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : 'n/a');
const kb = (x: number) => `${(x / KB).toFixed(1)} KB`;

it('page cost: no extension, Deal Debrief, the gmail.js peer', async () => {
  // Content script sizes, gzipped, from the production build.
  const dir = join(ROOT, '.output/chrome-mv3/content-scripts');
  const sizes = readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .map((f) => ({ f, gz: gzipSync(readFileSync(join(dir, f)), { level: 9 }).length }));
  const biggest = sizes.reduce((a, b) => (b.gz > a.gz ? b : a));
  row({
    section: 'Content scripts',
    what: 'size gzipped (each)',
    figure: sizes.map((s) => `${s.f.replace('.js', '')} ${kb(s.gz)}`).join(', '),
  });

  const peerDir = await buildPeer();
  const peerSize = gzipSync(readFileSync(join(peerDir, 'page.js')), { level: 9 }).length + gzipSync(readFileSync(join(peerDir, 'relay.js')), { level: 9 }).length;
  row({ section: 'Content scripts', what: 'biggest, gzipped', figure: `${biggest.f} ${kb(biggest.gz)}`, compared: `peer ${kb(peerSize)}`, budget: '≤ 12 KB', held: biggest.gz <= CONTENT_BUDGET });

  const views = { thread: threadPage(100), inbox: inboxPage(100) };
  writeFileSync(join(BENCH_OUT, 'thread-100.html'), views.thread);
  const results: Record<Config, Sample[]> = { none: [], ours: [], peer: [] };
  const builds: Record<Config, string | undefined> = { none: undefined, ours: join(ROOT, '.output/chrome-mv3'), peer: peerDir };
  // One browser at a time (three at once were most of the run's memory), each configuration
  // keeping its own profile from one repetition to the next (extension installed, its database,
  // caches). A launch runs two repetitions of its configuration in turn, so there are fewer
  // launches to wait for; the configurations take turns in one order, then in the reverse
  // order (none, ours, peer, then peer, ours, none, …), so a busy moment of the machine, or its
  // drift over the run, favors none of them, and every configuration has as many repetitions
  // first after a launch as the others.
  const server = await benchServer();
  const profiles = mkdtempSync(join(tmpdir(), 'deal-debrief-bench-profiles-'));
  server.route({ host: GMAIL, path: '/mail/u/0/', html: benchPage('thread', views) });
  server.route({ host: GMAIL, path: '/mail/u/1/', html: benchPage('inbox', views) });
  const configs: Config[] = ['none', 'ours', 'peer'];
  const visits: { c: Config; reps: number[] }[] = [];
  for (let first = 0, pass = 0; first < REPS; first += 2, pass++) {
    for (const c of pass % 2 ? [...configs].reverse() : configs) visits.push({ c, reps: [first, first + 1].filter((r) => r < REPS) });
  }
  const harness = { launches: 0, scenarios: 0 };
  // One more repetition of each extension, traced, for what ran inside the page's long tasks, at
  // the end of its last launch (a trace costs script time of its own, so none of its figures are
  // the timed ones).
  const traced: Record<Config, TracedTask[]> = { none: [], ours: [], peer: [] };
  const lastVisit = (c: Config) => visits.map((v) => v.c).lastIndexOf(c);
  try {
    for (const [i, { c, reps }] of visits.entries()) {
      const t0 = performance.now();
      const b = await launchBench(builds[c], { server, profile: join(profiles, c) });
      const t1 = performance.now();
      try {
        for (const rep of reps) results[c].push(await scenario(b, c, rep));
        if (c !== 'none' && i === lastVisit(c)) traced[c] = await traceLongTasks(b.context, GMAIL, () => scenario(b, c, REPS).then(() => undefined));
      } finally {
        const t2 = performance.now();
        await b.close();
        harness.launches += performance.now() - t2 + (t1 - t0);
        harness.scenarios += t2 - t1;
      }
    }
  } finally {
    await server.close();
    rmSync(profiles, { recursive: true, force: true });
  }
  // Where this file's time goes (not a figure: harness cost beside what is measured).
  console.log(`[bench] time: ${visits.length} launches and closes ${(harness.launches / 1000).toFixed(1)} s, scenarios ${(harness.scenarios / 1000).toFixed(1)} s (${REPS * configs.length} repetitions and 2 traced)`);

  const med = (c: Config, k: 'threadOpen' | 'inboxOpen' | 'mutations' | 'routes' | 'longTasks') => median(results[c].map((s) => s[k]));
  const extra = (c: Config, k: 'threadOpen' | 'inboxOpen' | 'mutations' | 'routes') => med(c, k) - med('none', k);
  const load = [
    ['open a 100-message thread', 'threadOpen'],
    ['open a 100-row inbox', 'inboxOpen'],
  ] as const;
  for (const [what, k] of load) {
    const ours = extra('ours', k);
    const peer = extra('peer', k);
    row({ section: 'Page cost', what: `extra script time: ${what}`, figure: ms(ours), compared: `peer ${ms(peer)} (page alone ${ms(med('none', k))})`, budget: '≤ 1/3 of peer', held: ours <= peer / 3 });
  }
  const mOurs = extra('ours', 'mutations');
  const mPeer = extra('peer', 'mutations');
  row({ section: 'Page cost', what: 'extra script time per 1,000 unrelated mutations', figure: ms(mOurs), compared: `peer ${ms(mPeer)}`, budget: '≤ 1/5 of peer', held: mOurs <= mPeer / 5 });
  row({ section: 'Page cost', what: 'extra script time for 10 route changes', figure: ms(extra('ours', 'routes')), compared: `peer ${ms(extra('peer', 'routes'))}` });
  const lt = (c: Config) => med(c, 'longTasks');
  const inside = (c: Config) => traced[c].reduce((a, t) => a + t.extensionMs, 0);
  // Which ones (not a figure: what to look at when the row is not held).
  for (const c of ['ours', 'peer'] as const) for (const t of traced[c].filter((t) => t.ms - t.extensionMs < LONG_TASK_MS)) console.log(`[bench] long task made long by ${c === 'ours' ? 'Deal Debrief' : 'the peer'}: ${ms(t.ms)}, ${ms(t.extensionMs)} of its script`);
  row({
    section: 'Page cost',
    what: 'long tasks (≥ 50 ms) the extension made long, in a traced repetition',
    figure: `${madeLong(traced.ours)} (its script inside the page's ${traced.ours.length} long tasks: ${ms(inside('ours'))})`,
    compared: `peer ${madeLong(traced.peer)} (${ms(inside('peer'))} inside ${traced.peer.length}); the page's long tasks per timed repetition: with Deal Debrief ${lt('ours')}, no extension ${lt('none')}, peer ${lt('peer')}`,
    budget: 'none caused by the extension',
    held: madeLong(traced.ours) === 0,
  });
  const growth = (c: Config) => median(results[c].map((s) => (s.heap[s.heap.length - 1] ?? 0) - (s.heap[0] ?? 0)));
  const heapAt = (c: Config) => median(results[c].map((s) => s.heap[s.heap.length - 1] ?? 0));
  row({
    section: 'Page cost',
    what: 'heap after 10 route changes + GC, growth over 10 more',
    figure: `${(heapAt('ours') / 1048576).toFixed(1)} MB, ${((growth('ours') - growth('none')) / 1024).toFixed(0)} KB more growth than the page alone`,
    compared: `page alone ${(heapAt('none') / 1048576).toFixed(1)} MB; peer ${((growth('peer') - growth('none')) / 1024).toFixed(0)} KB`,
    budget: 'no growth',
    held: growth('ours') - growth('none') <= 64 * 1024,
  });
  const lat = results.ours.flatMap((s) => (s.latency === undefined ? [] : [s.latency]));
  row({ section: 'Capture', what: 'new message in the page → visible in the sidebar', figure: lat.length ? ms(median(lat)) : 'not seen', compared: `${lat.length} of ${REPS} seen`, budget: '≤ 150 ms', held: lat.length > 0 && median(lat) <= 150 });
  expect(results.ours.length).toBe(REPS);
});

// Its own test, so `npm run bench -- page-cost -t popup` measures it alone.
it('popup first paint with 5,000 follow-ups stored', async () => {
  const b = await launchBench(join(ROOT, '.output/chrome-mv3'));
  try {
    const popup = await popupFirstPaint(b);
    row({ section: 'Storage', what: 'popup first paint with 5,000 follow-ups stored', figure: ms(median(popup.paint)), compared: `${popup.rows} due or upcoming shown`, budget: '≤ 100 ms', held: median(popup.paint) <= 100 });
    expect(popup.rows).toBeGreaterThan(0);
  } finally {
    await b.close();
  }
});
