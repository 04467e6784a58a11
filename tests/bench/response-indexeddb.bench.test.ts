/**
 * Benchmark 2: the response engine fed from IndexedDB through the `[email+at]` index
 * of `contactTouches` — a page of 50 contacts (what the sidebar and list view need) and every
 * contact (what the badge refresh needs). fake-indexeddb stands in for Chromium's IndexedDB.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Dexie } from 'dexie';
import { responseContext, responseFigures } from '../../lib/deal-figures';
import { defaultSettings, type Touchpoint } from '../../lib/model';
import { analyseContact, summarise, type ContactAnalysis } from '../../lib/response';
import { openDatabase, type DealDebriefDB } from '../../lib/db/schema';
import { FAKE_IDB_NOTE, heapText, heapUsed, measure, ms, report, timingText } from './harness';
import { generateHistory, type GeneratedHistory } from './touchpoints';

const GROUP = '2. Response engine through IndexedDB (fake-indexeddb)';
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const PER_CONTACT = 20;
const PAGE = 50;
/** Rows per bulkAdd and contacts per read batch (see the note at the bulk load). */
const CHUNK = 5_000;
const CONTACT_BATCH = 100;
const NOW = Date.UTC(2026, 10, 18, 14, 30);
const NAME = `bench-response-${process.pid}`;

let db: DealDebriefDB;
let history: GeneratedHistory;
const settings = defaultSettings('Europe/Berlin');

/** One contact's timeline: an index range on `[email+at]`, then the touchpoints by key. */
async function timeline(email: string): Promise<Touchpoint[]> {
  const rows = await db.contactTouches.where('[email+at]').between([email, Dexie.minKey], [email, Dexie.maxKey]).toArray();
  const tps = await db.touchpoints.bulkGet(rows.map((r) => r.key));
  return tps.filter((t): t is Touchpoint => t !== undefined);
}

async function analyseContacts(emails: string[]): Promise<Map<string, ContactAnalysis>> {
  const ctx = responseContext(settings, NOW);
  const timelines = await db.transaction('r', db.contactTouches, db.touchpoints, () => Promise.all(emails.map(timeline)));
  const out = new Map<string, ContactAnalysis>();
  emails.forEach((email, i) => out.set(email, analyseContact(timelines[i] ?? [], ctx)));
  return out;
}

function awaitingOf(analyses: Map<string, ContactAnalysis>): Set<string> {
  return new Set([...analyses].filter(([, a]) => a.awaiting.length > 0).map(([email]) => email));
}

beforeAll(async () => {
  history = generateHistory({ contacts: CONTACTS, perContact: PER_CONTACT, awaitingShare: 0.12, now: NOW, seed: 5 });
  db = openDatabase(NAME);
  await db.open();
  const heap0 = heapUsed();
  const t0 = performance.now();
  // In chunks: fake-indexeddb takes queued requests off an array with shift(), so one bulkAdd
  // of 200,000 rows costs O(n²); chunks keep its queue short (Chromium does not care).
  await db.contacts.bulkAdd(history.contacts);
  for (let i = 0; i < history.touchpoints.length; i += CHUNK) {
    await db.transaction('rw', db.touchpoints, db.contactTouches, async () => {
      await db.touchpoints.bulkAdd(history.touchpoints.slice(i, i + CHUNK));
      await db.contactTouches.bulkAdd(history.contactTouches.slice(i, i + CHUNK));
    });
  }
  const loadMs = performance.now() - t0;
  const heapDb = heapUsed() - heap0;
  expect(await db.touchpoints.count()).toBe(CONTACTS * PER_CONTACT);
  expect(await db.contactTouches.count()).toBe(CONTACTS * PER_CONTACT);
  report(
    GROUP,
    'bulk load (one-off setup)',
    `${(CONTACTS * PER_CONTACT).toLocaleString('en-US')} touchpoints + ${(CONTACTS * PER_CONTACT).toLocaleString('en-US')} contactTouches + ${CONTACTS.toLocaleString('en-US')} contacts in ${ms(loadMs)}; ${heapText(heapDb)} held by fake-indexeddb`,
  );
});

afterAll(async () => {
  db?.close();
  await Dexie.delete(NAME);
});

test(`a page of ${PAGE} contacts through [email+at]`, async () => {
  const { timing, value } = await measure(
    15,
    async () => {
      const page = await db.contacts.orderBy('lastSeen').reverse().limit(PAGE).primaryKeys();
      return { page, analyses: await analyseContacts(page) };
    },
    2,
  );
  expect(value.page).toHaveLength(PAGE);
  for (const a of value.analyses.values()) expect(a.responses.length + a.awaiting.length).toBeGreaterThan(0);
  const planted = new Set(value.page.filter((e) => history.planted.has(e)));
  expect(awaitingOf(value.analyses)).toEqual(planted);
  report(GROUP, `sidebar/list page: ${PAGE} contacts (newest first), index range + bulkGet + analyse`, `${timingText(timing)}; ${planted.size} of them awaiting`, [FAKE_IDB_NOTE]);
});

test('every contact, one [email+at] range per contact (badge refresh)', async () => {
  const { timing, value } = await measure(
    2,
    async () => {
      const emails = await db.contacts.toCollection().primaryKeys();
      const out = new Map<string, ContactAnalysis>();
      for (let i = 0; i < emails.length; i += CONTACT_BATCH) {
        for (const [email, a] of await analyseContacts(emails.slice(i, i + CONTACT_BATCH))) out.set(email, a);
      }
      return out;
    },
    0,
  );
  expect(value.size).toBe(CONTACTS);
  expect(awaitingOf(value)).toEqual(history.planted);
  expect(summarise([...value.values()]).count).toBe(history.expectedResponses);
  report(GROUP, `badge refresh: all ${CONTACTS.toLocaleString('en-US')} contacts, ${CONTACTS.toLocaleString('en-US')} index ranges`, `${timingText(timing)}; ${history.planted.size.toLocaleString('en-US')} awaiting`, [FAKE_IDB_NOTE]);
});

test('every contact, one ordered walk of the [email+at] index (badge refresh, alternative)', async () => {
  const { timing, value } = await measure(
    2,
    async () => {
      const ctx = responseContext(settings, NOW);
      const { rows, tps } = await db.transaction('r', db.contactTouches, db.touchpoints, async () => {
        const rows = await db.contactTouches.orderBy('[email+at]').toArray();
        const tps: (Touchpoint | undefined)[] = [];
        for (let i = 0; i < rows.length; i += CHUNK) tps.push(...(await db.touchpoints.bulkGet(rows.slice(i, i + CHUNK).map((r) => r.key))));
        return { rows, tps };
      });
      const out = new Map<string, ContactAnalysis>();
      let start = 0;
      for (let i = 1; i <= rows.length; i++) {
        const email = rows[start]?.email;
        if (i < rows.length && rows[i]?.email === email) continue;
        const list = tps.slice(start, i).filter((t): t is Touchpoint => t !== undefined);
        if (email !== undefined) out.set(email, analyseContact(list, ctx));
        start = i;
      }
      return out;
    },
    0,
  );
  expect(value.size).toBe(CONTACTS);
  expect(awaitingOf(value)).toEqual(history.planted);
  report(GROUP, `badge refresh, alternative: one walk of [email+at] + bulkGet by key`, timingText(timing), [FAKE_IDB_NOTE]);
});

test('every contact, full read of the touchpoints table (for comparison: the scan to avoid)', async () => {
  const { timing, value } = await measure(
    2,
    async () => {
      const all = await db.touchpoints.toArray();
      return responseFigures(all, responseContext(settings, NOW));
    },
    0,
  );
  expect(value.analyses.size).toBe(CONTACTS);
  expect(new Set(value.awaiting.map((a) => a.contactEmail))).toEqual(history.planted);
  report(GROUP, `for comparison: full read (one getAll of ${(CONTACTS * PER_CONTACT).toLocaleString('en-US')}) + responseFigures`, timingText(timing), [FAKE_IDB_NOTE]);
});
