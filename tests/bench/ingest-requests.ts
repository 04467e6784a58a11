/**
 * IndexedDB requests per capture batch, counted on fake-indexeddb in Node: the storage
 * benchmark's mailbox (its default share, 4,000 touchpoints) is written through `ingest`, then
 * the bulk row's first round of new mail goes in as the benchmark sends it, and each batch's
 * requests are counted by object store and kind, with the waves they go out in (requests made
 * in one go, before any answer comes back: each wave is one wait for the database). A count
 * does not depend on the machine's load, as the benchmark's times do. A measuring script, not a test:
 *   npx jiti tests/bench/ingest-requests.ts [scale]
 */
import 'fake-indexeddb/auto';
import { ingest } from '../../lib/db/ingest';
import { openDatabase } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings } from '../../lib/model';
import { mailboxBatches, merged } from './mailbox';

const SCALE = Number(process.argv[2] ?? 0.02);
const SEED = 20261203;
const size = { contacts: Math.round(10_000 * SCALE), deals: Math.round(2_000 * SCALE), touchpoints: Math.round(200_000 * SCALE) };
const opts = { seed: SEED, ...size, end: Date.parse('2026-11-20T15:00:00Z'), days: 730 };

type Batch = Parameters<typeof ingest>[1];
const counts = new Map<string, number>();
const returned = new Map<string, number>();
let counting = false;
/** Waves of requests: a request made while none is waiting for its answer starts a new wave. */
let waves = 0;
let pending = 0;
for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype, IDBCursor.prototype]) {
  for (const m of ['get', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'clear', 'openCursor', 'openKeyCursor', 'count', 'continue', 'advance']) {
    const orig = (proto as unknown as Record<string, (...a: unknown[]) => unknown>)[m];
    if (typeof orig !== 'function') continue;
    (proto as unknown as Record<string, unknown>)[m] = function (this: IDBObjectStore | IDBIndex | IDBCursor, ...a: unknown[]) {
      if (counting) {
        if (pending === 0) waves += 1;
        pending += 1;
        const store = this instanceof IDBCursor ? 'cursor' : this instanceof IDBIndex ? `${this.objectStore.name}[${this.name}]` : this.name;
        const k = `${store} ${m}`;
        counts.set(k, (counts.get(k) ?? 0) + 1);
        const req = orig.apply(this, a) as IDBRequest | undefined;
        // A cursor's continue answers through the request that opened it.
        if (!req) return req;
        const answered = () => (pending -= 1);
        req.addEventListener('success', answered);
        req.addEventListener('error', answered);
        // What a listing or a range read handed back: keys or rows, counted beside the requests.
        if (m === 'getAll' || m === 'getAllKeys') {
          req.addEventListener('success', () => {
            const got = `${k} → ${m === 'getAll' ? 'rows' : 'keys'}`;
            if (counting) returned.set(got, (returned.get(got) ?? 0) + (req.result as unknown[]).length);
          });
        }
        return req;
      }
      return orig.apply(this, a);
    };
  }
}

async function main() {
  const db = openDatabase(`requests-${Date.now()}`);
  await db.open();
  const settings = { ...defaultSettings('Europe/Berlin'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'], onboarded: true };
  await storeSettings(db, settings);
  for (const batch of merged(mailboxBatches(opts))) await ingest(db, batch, opts.end);
  console.log(`seeded: ${await db.touchpoints.count()} touchpoints`);
  // The bulk row's first round: new threads of new mail (tests/bench/browser/storage.ts, bulk()).
  const tag = 'bulk0';
  const fresh: Batch[] = [];
  for (const batch of mailboxBatches({ ...opts, seed: SEED + 1, touchpoints: Math.max(500, Math.round(10_000 * SCALE)), deals: 0 })) {
    const mail = batch.filter((e) => e.kind === 'email').map((e) => (e.kind === 'email' ? { ...e, messageId: `${e.messageId}-${tag}`, threadId: `${e.threadId}-${tag}` } : e));
    if (mail.length) fresh.push(mail);
  }
  for (const batch of merged(fresh)) {
    counts.clear();
    returned.clear();
    waves = 0;
    pending = 0;
    counting = true;
    await ingest(db, batch, opts.end);
    counting = false;
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    console.log(`batch of ${batch.length} events: ${total} requests in ${waves} waves`);
    for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${k}`);
    for (const [k, n] of [...returned].sort((a, b) => b[1] - a[1])) console.log(`  ${String(n).padStart(6)}  ${k}`);
  }
  db.close();
}

await main();
