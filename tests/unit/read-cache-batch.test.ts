/**
 * The read cache of capture batches while a batch waits on the database: a write elsewhere that
 * empties the cache, or rows read that push others out of it, must not make the batch lose the
 * reply-owed rows it took from it (lib/db/awaiting.ts, updateAwaitingRows).
 */
import { Dexie } from 'dexie';
import { IDBObjectStore as FakeStore } from 'fake-indexeddb';
import { createApi } from '../../lib/background/api';
import { createRefresher } from '../../lib/background/refresh';
import { quietEffects } from './helpers/effects';
import { ingest } from '../../lib/db/ingest';
import { CACHE_LIMIT, disableReadCache, readCacheOf } from '../../lib/db/read-cache';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import type { CaptureEvent } from '../../lib/capture/events';
import { defaultSettings } from '../../lib/model';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';
import { DAY, HOUR, T0 } from './helpers/factories';

const REP = 'rep@ourco.test';
const ANN = 'ann@acme.test';
const BOB = 'bob@beta.test';

async function setUp(db: DealDebriefDB): Promise<void> {
  await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: [REP], internalDomains: ['ourco.test'] });
}

const mail = (id: string, from: string, to: string, at: number): CaptureEvent => ({
  kind: 'email', messageId: `msg-f:${id}`, threadId: `thread-f:${id}`, subject: 'Pilot', from: { email: from }, to: [{ email: to }], cc: [], at, expanded: true,
});

describe('reply-owed rows a batch takes from the read cache', () => {
  beforeEach(() => isolateIndexedDB());

  it('a reply-owed row the cache holds is not lost to eviction by the rows read in the same batch', async () => {
    const cached = await openTestDatabase();
    const plain = await openTestDatabase();
    disableReadCache(plain);
    const now = T0 + 30 * DAY;
    for (const db of [cached, plain]) {
      await setUp(db);
      // Ann writes: she is owed a reply (her row is open, and kept by the cache).
      await ingest(db, [mail('1', ANN, REP, now)], now);
    }
    // The background's refresher (badge, reply reminders) has seen Ann waiting.
    const clock = { now: () => now + HOUR };
    const quiet = { setBadge: async () => undefined, notify: async () => undefined };
    const refreshers = [createRefresher(cached, clock, quiet), createRefresher(plain, clock, quiet)] as const;
    for (const r of refreshers) await r.run();
    const cache = readCacheOf(cached)!;
    expect(cache.awaiting.has(ANN)).toBe(true);
    // Earlier batches read the rows of many other people (none stored): the cache is full, Ann's row
    // the least recently used.
    for (let i = 0; cache.awaiting.size < CACHE_LIMIT; i++) cache.awaiting.set(`someone-${i}@other.test`, undefined);
    expect(cache.awaiting.has(ANN)).toBe(true);
    // The rep answers Ann, and someone new writes, in one batch.
    for (const db of [cached, plain]) await ingest(db, [mail('2', REP, ANN, now + HOUR), mail('3', BOB, REP, now + HOUR)], now + HOUR);
    const [a, b] = await Promise.all([cached.awaiting.get(ANN), plain.awaiting.get(ANN)]);
    expect(b?.open).toBeUndefined();
    // What the rep sees: the reminder to answer Ann goes once she is answered.
    for (const r of refreshers) {
      r.invalidate(['awaiting']);
      await r.run();
    }
    const reminders = async (db: DealDebriefDB) => (await db.followUps.toArray()).filter((f) => f.kind === 'reply' && f.state !== 'done' && f.id.startsWith(`reply:${ANN}:`)).map((f) => f.id);
    expect(await reminders(plain)).toEqual([]);
    expect(await reminders(cached)).toEqual(await reminders(plain));
    // Readers follow rows by rev: Ann's answered row must carry a new rev, as without the cache.
    expect(a).toEqual(b);
    cached.close();
    plain.close();
  });
});

describe('reply-owed rows a batch takes from the read cache, with a write requested while it runs', () => {
  beforeEach(() => isolateIndexedDB());

  it('a deal created from the sidebar while a batch works out reply-owed rows does not make the batch lose the rows it kept', async () => {
    const cached = await openTestDatabase();
    const plain = await openTestDatabase();
    disableReadCache(plain);
    const now = T0 + 30 * DAY;
    const clock = { now: () => now + HOUR };
    const apis = new Map([cached, plain].map((db) => [db, createApi(db, clock, quietEffects(), () => 0.5)] as const));
    for (const db of [cached, plain]) {
      await setUp(db);
      await ingest(db, [mail('1', ANN, REP, now)], now);
    }
    expect(readCacheOf(cached)?.awaiting.has(ANN)).toBe(true);
    // The rep answers Ann, and Bob writes for the first time, in one batch: Ann's row is taken
    // from the cache, Bob's (none) must be read. The moment the batch asks the database for it,
    // while working out the rows, the rep creates a deal in the sidebar: a message the
    // background serves at once, its write queued behind the batch.
    const batch = [mail('2', REP, ANN, now + HOUR), mail('3', BOB, REP, now + HOUR)];
    const proto = FakeStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const patched = ['get', 'getAll', 'openCursor'] as const;
    const originals = patched.map((m) => proto[m]!);
    let rowReads = 0;
    let created: Promise<unknown> | undefined;
    let armed: DealDebriefDB | undefined;
    patched.forEach((m, i) => {
      proto[m] = function (this: IDBObjectStore, ...a: unknown[]) {
        if (armed && this.name === 'awaiting' && ++rowReads === 1) {
          const db = armed;
          created = Dexie.ignoreTransaction(() => apis.get(db)!.createLocalDeal({ contactEmails: [BOB] }));
        }
        return originals[i]!.apply(this, a);
      };
    });
    try {
      armed = cached;
      rowReads = 0;
      await ingest(cached, batch, now + HOUR);
      await created;
      armed = undefined;
      expect(rowReads).toBeGreaterThanOrEqual(1);
    } finally {
      patched.forEach((m, i) => (proto[m] = originals[i]!));
    }
    // The same on the database without the cache (the deal's write lands after the batch all the same).
    await ingest(plain, batch, now + HOUR);
    await apis.get(plain)!.createLocalDeal({ contactEmails: [BOB] });
    const [a, b] = await Promise.all([cached.awaiting.get(ANN), plain.awaiting.get(ANN)]);
    expect(b?.open).toBeUndefined();
    expect(b?.rev).toBeGreaterThan(1);
    expect(a).toEqual(b);
    cached.close();
    plain.close();
  });
});
