/**
 * The storage benchmark, run inside Chromium (bundled by tests/bench/chromium.ts and loaded
 * into a plain https page): the real IndexedDB, the real lib/db code. Data goes in through
 * `ingest`, the path every captured event takes in the background. Each step returns its
 * samples; the Node side takes medians and prints the table.
 */
import { Dexie } from 'dexie';
import { createApi, type Effects } from '../../../lib/background/api';
import { changedTables, createRefresher } from '../../../lib/background/refresh';
import { ingest } from '../../../lib/db/ingest';
import { touchpointsOfRecentCorrespondents } from '../../../lib/db/queries';
import { READS } from '../../../lib/db/reads';
import { openDatabase, type DealDebriefDB } from '../../../lib/db/schema';
import { loadSettings, storeSettings } from '../../../lib/db/settings';
import { byContact, responseContext } from '../../../lib/deal-figures';
import { defaultSettings, type FollowUp, type Touchpoint } from '../../../lib/model';
import { emptyReflection } from '../../../lib/reflection/model';
import { awaitingReplies } from '../../../lib/response';
import { buildInsights, loadInsightsData } from '../../../components/insights/model';
import { contactEmail, mailboxBatches, merged, prng, type MailboxOptions } from '../mailbox';

const DAY = 86_400_000;

let db: DealDebriefDB;
let now = 0;
const clock = { now: () => now };
const quietEffects: Effects = {
  setTabContext: async () => undefined,
  getTabContext: async () => undefined,
  openPage: async () => undefined,
  openUrl: async () => undefined,
  refreshSoon: () => undefined,
  registerCustomHosts: async () => undefined,
};

/** The longest main-thread task while `fn` runs (ms), from the browser's long-task entries. */
async function withLongestTask<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; longestTask: number }> {
  const tasks: number[] = [];
  const po = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration);
  });
  po.observe({ type: 'longtask', buffered: false });
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  // Entries are delivered after the task: give the observer a frame.
  await new Promise((r) => setTimeout(r, 50));
  po.disconnect();
  return { value, ms, longestTask: Math.max(0, ...tasks) };
}

const time = async (fn: () => Promise<unknown>) => {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
};

export interface SeedResult {
  touchpoints: number;
  contacts: number;
  deals: number;
  ms: number;
  batches: number;
}

async function fresh(name: string): Promise<DealDebriefDB> {
  await Dexie.delete(name);
  const d = openDatabase(name);
  await d.open();
  return d;
}

/** Ingest the whole seeded mailbox, in capture batches, as the background receives it. */
async function seed(o: MailboxOptions): Promise<SeedResult> {
  now = o.end;
  db = await fresh('deal-debrief');
  await storeSettings(db, { ...defaultSettings('Europe/Berlin'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'], onboarded: true });
  let batches = 0;
  const t0 = performance.now();
  for (const batch of merged(mailboxBatches(o))) {
    await ingest(db, batch, now);
    batches += 1;
  }
  const ms = performance.now() - t0;
  return { touchpoints: await db.touchpoints.count(), contacts: await db.contacts.count(), deals: await db.deals.count(), ms, batches };
}

/**
 * Bulk capture beside raw IndexedDB: `n` new touchpoints through ingest (threads of new
 * messages into the seeded database), then the same number of touchpoint records written with
 * one raw `put` each in a single transaction, in a side database — and once more into the
 * seeded database's own store (removed again afterwards).
 */
async function bulk(o: MailboxOptions, n: number, tag = 'bulk'): Promise<{ ingestMs: number; rawMs: number; seededRawMs: number; n: number }> {
  const batches: Parameters<typeof ingest>[1][] = [];
  let count = 0;
  for (const batch of mailboxBatches({ ...o, touchpoints: n, deals: 0 })) {
    const fresh = batch
      .filter((e) => e.kind === 'email')
      .map((e) => (e.kind === 'email' ? { ...e, messageId: `${e.messageId}-${tag}`, threadId: `${e.threadId}-${tag}` } : e));
    if (!fresh.length) continue;
    batches.push(fresh);
    count += fresh.length;
  }
  const ingestMs = await time(async () => {
    for (const b of merged(batches)) await ingest(db, b, now);
  });
  const sample = await db.touchpoints.limit(count).toArray();
  const rows: Touchpoint[] = sample.map((t, i) => ({ ...t, key: `raw:${i}` }));
  await Dexie.delete('raw-put');
  const raw = await new Promise<IDBDatabase>((ok, fail) => {
    const req = indexedDB.open('raw-put', 1);
    req.onupgradeneeded = () => {
      // The same indexes the touchpoints store has (read from its schema), so the raw write
      // maintains as much.
      const store = req.result.createObjectStore('touchpoints', { keyPath: 'key' });
      for (const idx of db.touchpoints.schema.indexes) store.createIndex(idx.name, idx.keyPath!, { multiEntry: idx.multi });
    };
    req.onsuccess = () => ok(req.result);
    req.onerror = () => fail(req.error);
  });
  const rawMs = await time(
    () =>
      new Promise<void>((ok, fail) => {
        const tx = raw.transaction('touchpoints', 'readwrite');
        const store = tx.objectStore('touchpoints');
        for (const r of rows) store.put(r);
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      }),
  );
  raw.close();
  await Dexie.delete('raw-put');
  // The same raw puts into the seeded database itself (its touchpoints store, beside the rows
  // already there), then taken out again untimed: how much of the gap is the store's size.
  const seededDb = db.backendDB();
  const inTx = (fill: (store: IDBObjectStore) => void) =>
    new Promise<void>((ok, fail) => {
      const tx = seededDb.transaction('touchpoints', 'readwrite');
      fill(tx.objectStore('touchpoints'));
      tx.oncomplete = () => ok();
      tx.onerror = () => fail(tx.error);
    });
  const seededRawMs = await time(() => inTx((store) => rows.forEach((r) => store.put(r))));
  await inTx((store) => rows.forEach((r) => store.delete(r.key)));
  return { ingestMs, rawMs, seededRawMs, n: count };
}

async function timelines(runs: number, seedNo: number): Promise<{ deal: number[]; contact: number[]; dealSizes: number[] }> {
  const rand = prng(seedNo);
  const dealIds = await db.deals.toCollection().primaryKeys();
  const deal: number[] = [];
  const contact: number[] = [];
  const dealSizes: number[] = [];
  for (let i = 0; i < runs; i++) {
    const id = dealIds[Math.floor(rand() * dealIds.length)] ?? '';
    let got: Touchpoint[] = [];
    deal.push(await time(async () => void (got = await READS.dealTouchpoints(db, { dealId: id }))));
    dealSizes.push(got.length);
    const email = contactEmail(Math.floor(rand() * 10_000));
    contact.push(await time(() => READS.contactTimeline(db, { email })));
  }
  return { deal, contact, dealSizes };
}

/**
 * The badge refresh: once cold (what the background does after starting), then after each of
 * `runs` single-message writes, then idle (the minute alarm). The full computation it replaced
 * (every recent correspondent's history through the engine) runs once beside it.
 */
async function badge(runs: number, seedNo: number): Promise<{ cold: number; afterWrite: number[]; idle: number[]; fullComputation: number; waiting: number }> {
  const rand = prng(seedNo);
  const calls: number[] = [];
  const refresher = createRefresher(db, clock, { setBadge: async (n) => void calls.push(n), notify: async () => undefined });
  const listener = (parts: Record<string, unknown>) => refresher.invalidate(changedTables(parts, db.name));
  Dexie.on('storagemutated', listener);
  const cold = await time(() => refresher.run());
  await refresher.run();
  const afterWrite: number[] = [];
  const idle: number[] = [];
  for (let i = 0; i < runs; i++) {
    now += 60_000;
    const from = contactEmail(Math.floor(rand() * 10_000));
    await ingest(
      db,
      [{ kind: 'email', messageId: `msg-f:bench-${seedNo}-${i}`, threadId: `thread-f:bench-${seedNo}-${i}`, subject: 'Question', from: { email: from }, to: [{ email: 'rep@ourco.test' }], cc: [], at: now - 1000, expanded: true }],
      now,
    );
    // storagemutated is delivered after the commit: let it arrive, as the background's 250 ms delay does.
    await new Promise((r) => setTimeout(r, 0));
    afterWrite.push(await time(() => refresher.run()));
    await refresher.run();
    now += 60_000;
    idle.push(await time(() => refresher.run()));
  }
  Dexie.on('storagemutated').unsubscribe(listener);
  let waiting = 0;
  const fullComputation = await time(async () => {
    const tps = await touchpointsOfRecentCorrespondents(db, now);
    waiting = awaitingReplies(byContact(tps), responseContext(await loadSettings(db), now)).length;
  });
  return { cold, afterWrite, idle, fullComputation, waiting };
}

/** Close a share of the deals (won, lost with a reflection) so insights have a year to compare. */
async function closeDeals(seedNo: number): Promise<number> {
  const rand = prng(seedNo);
  const deals = await db.deals.toArray();
  let closed = 0;
  await db.transaction('rw', [db.deals, db.reflections], async () => {
    for (const d of deals) {
      const r = rand();
      if (r > 0.45) continue;
      const closedAt = now - Math.floor(rand() * 330 * DAY);
      const status = r < 0.2 ? 'won' : 'lost';
      await db.deals.put({ ...d, status, closedAt });
      if (status === 'lost') await db.reflections.put(emptyReflection({ ...d, status, closedAt }, closedAt));
      closed += 1;
    }
  });
  return closed;
}

async function insights(runs: number): Promise<{ ms: number[]; deals: number }> {
  const ms: number[] = [];
  let deals = 0;
  for (let i = 0; i < runs; i++) {
    ms.push(
      await time(async () => {
        const data = await loadInsightsData(db);
        deals = data.touchpointsByDeal.size;
        buildInsights(data, now);
      }),
    );
  }
  return { ms, deals };
}

/** Export and restore through the background's own actions, as the options page asks for them. */
async function backup(): Promise<{ exportMs: number; exportLongest: number; restoreMs: number; restoreLongest: number; bytes: number; ok: boolean }> {
  const api = createApi(db, clock, quietEffects, prng(11));
  const exp = await withLongestTask(async () => JSON.stringify(await api.exportBackup()));
  const text = exp.value;
  const res = await withLongestTask(() => api.importBackup({ text }));
  return { exportMs: exp.ms, exportLongest: exp.longestTask, restoreMs: res.ms, restoreLongest: res.longestTask, bytes: text.length, ok: res.value.ok };
}

/** 5,000 follow-ups for the popup benchmark, as a backup the extension can restore. */
function followUpsBackup(n: number, at: number): string {
  const rand = prng(7);
  const followUps: FollowUp[] = Array.from({ length: n }, (_, i) => ({
    id: `manual:${i}`,
    kind: 'manual',
    dueAt: at + Math.floor((rand() - 0.3) * 60 * DAY),
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

async function usage(): Promise<number> {
  const e = await navigator.storage.estimate();
  return e.usage ?? 0;
}

(globalThis as unknown as { ddBench: unknown }).ddBench = { seed, bulk, timelines, badge, closeDeals, insights, backup, followUpsBackup, usage };
