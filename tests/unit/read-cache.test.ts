/**
 * The read cache of capture batches (lib/db/read-cache.ts): a database whose batches answer
 * from it must hold exactly what a database whose batches read everything holds, after every
 * kind of write in between. Two databases take the same operations, one with the cache, one
 * with it off, and are compared whole after each.
 */
import { IDBObjectStore as FakeStore } from 'fake-indexeddb';
import { createApi } from '../../lib/background/api';
import { collectBackup, restoreBackup } from '../../lib/db/backup';
import { trackedWrite } from '../../lib/db/awaiting';
import { ingest, putTouchpoint } from '../../lib/db/ingest';
import { disableReadCache, KnownRows, ReadCache, readCacheOf, StoredKeys } from '../../lib/db/read-cache';
import { openDatabase, type DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import type { CaptureEvent } from '../../lib/capture/events';
import { defaultSettings } from '../../lib/model';
import { prng } from '../bench/mailbox';
import { isolateIndexedDB, openTestDatabase, uniqueDbName } from './helpers/db';
import { quietEffects } from './helpers/effects';
import { DAY, HOUR, T0, makeTouchpoint } from './helpers/factories';

const REP = 'rep@ourco.test';
const PEOPLE = ['ann@acme.test', 'bob@acme.test', 'cy@beta.test', 'di@beta.test', 'ed@gamma.test'];
const NAMES = [undefined, 'Ann', 'Bob B.', 'Cy', 'Someone'];

async function setUp(db: DealDebriefDB): Promise<void> {
  await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: [REP], internalDomains: ['ourco.test'] });
}

/** Everything the two databases hold that capture writes or reads. */
async function dump(db: DealDebriefDB): Promise<string> {
  const [contacts, awaiting, touchpoints, deals, settings] = await Promise.all([
    db.contacts.orderBy('email').toArray(),
    db.awaiting.orderBy('email').toArray(),
    db.touchpoints.orderBy('key').toArray(),
    db.deals.orderBy('id').toArray(),
    db.settings.toArray(),
  ]);
  return JSON.stringify({ contacts, awaiting, touchpoints, deals, settings });
}

let serial = 0;
function mailBatch(rand: () => number, now: number): CaptureEvent[] {
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;
  const events: CaptureEvent[] = [];
  const n = 1 + Math.floor(rand() * 6);
  for (let i = 0; i < n; i++) {
    const person = pick(PEOPLE);
    const inbound = rand() < 0.5;
    const party = { email: person, name: pick(NAMES) };
    // Mostly newer than what is stored, sometimes among or before it.
    const at = rand() < 0.7 ? now - Math.floor(rand() * HOUR) : now - Math.floor(rand() * 20 * DAY);
    // Now and then a message seen before again (its key is stored, or was and is forgotten).
    const again = serial > 0 && rand() < 0.15;
    if (!again) serial += 1;
    const id = again ? `${1 + Math.floor(rand() * serial)}` : `${serial}`;
    const thread = rand() < 0.3 ? 'thread-f:shared' : `thread-f:${id}`;
    if (rand() < 0.05) {
      const crmId = String(1 + Math.floor(rand() * 3));
      events.push({ kind: 'deal', source: 'hubspot', crmId, name: `Deal ${crmId}`, url: `https://app.hubspot.com/contacts/1/record/0-3/${crmId}`, contacts: [{ email: person, name: pick(NAMES), phones: [] }] });
      continue;
    }
    if (rand() < 0.08) {
      events.push({ kind: 'call', phone: `+49 30 1234${Math.floor(rand() * 10)}`, at, site: 'hubspot', url: 'https://app.hubspot.com/contacts/1/record/0-3/1', contactEmail: person });
      continue;
    }
    events.push({
      kind: 'email',
      messageId: `msg-f:${id}`,
      threadId: thread,
      subject: 'Pilot',
      from: inbound ? party : { email: REP },
      to: inbound ? [{ email: REP }] : [party],
      cc: rand() < 0.2 ? [{ email: pick(PEOPLE), name: pick(NAMES) }] : [],
      at,
      expanded: true,
    });
  }
  return events;
}

// fake-indexeddb is slow, and more so on a busy machine: some of these feed hundreds of batches
// through two databases (about 3 s each alone, over the default 5 s when the machine is busy).
describe('the read cache of capture batches', { timeout: 60_000 }, () => {
  beforeEach(() => isolateIndexedDB());

  it('answers a batch about the people of the batch before without reading their contacts or reply-owed rows', async () => {
    const db = await openTestDatabase();
    await setUp(db);
    const rand = prng(7);
    const now = T0 + 30 * DAY;
    await ingest(db, mailBatch(rand, now), now);
    const gets = new Map<string, number>();
    const proto = FakeStore.prototype as unknown as Record<string, (...a: unknown[]) => unknown>;
    const orig = proto.get!;
    proto.get = function (this: IDBObjectStore, ...a: unknown[]) {
      gets.set(this.name, (gets.get(this.name) ?? 0) + 1);
      return orig.apply(this, a);
    };
    try {
      // The same people again, in new messages.
      const again: CaptureEvent[] = PEOPLE.map((p, i) => ({
        kind: 'email', messageId: `msg-f:again-${i}`, threadId: `thread-f:again-${i}`, subject: 'Again',
        from: { email: p }, to: [{ email: REP }], cc: [], at: now + i, expanded: true,
      }));
      await ingest(db, PEOPLE.map((p, i) => ({ kind: 'email', messageId: `msg-f:warm-${i}`, threadId: `thread-f:warm-${i}`, subject: 'Warm', from: { email: REP }, to: [{ email: p }], cc: [], at: now - 1, expanded: true })), now);
      gets.clear();
      await ingest(db, again, now + DAY);
      expect(gets.get('contacts') ?? 0).toBe(0);
      expect(gets.get('awaiting') ?? 0).toBe(0);
      // The same batch on a database without the cache reads them.
      const plain = await openTestDatabase();
      disableReadCache(plain);
      await setUp(plain);
      await ingest(plain, PEOPLE.map((p, i) => ({ kind: 'email', messageId: `msg-f:warm-${i}`, threadId: `thread-f:warm-${i}`, subject: 'Warm', from: { email: REP }, to: [{ email: p }], cc: [], at: now - 1, expanded: true })), now);
      gets.clear();
      await ingest(plain, again, now + DAY);
      expect(gets.get('contacts')).toBeGreaterThan(0);
      expect(gets.get('awaiting')).toBeGreaterThan(0);
      plain.close();
    } finally {
      proto.get = orig;
      db.close();
    }
  });

  it("another writer's change of a contact is what the next batch builds on", async () => {
    const db = await openTestDatabase();
    await setUp(db);
    const ann = PEOPLE[0]!;
    const mail = (id: string, at: number, name?: string): CaptureEvent => ({
      kind: 'email', messageId: `msg-f:${id}`, threadId: `thread-f:${id}`, subject: 'Pilot', from: { email: ann, name }, to: [{ email: REP }], cc: [], at, expanded: true,
    });
    await ingest(db, [mail('1', T0, 'Ann')], T0);
    expect(readCacheOf(db)?.contacts.has(ann)).toBe(true);
    // The rep's edit, then a sighting without a name: the edited name stays.
    await db.contacts.update(ann, { name: 'Ann Edited', phones: ['+1 555 0100'] });
    await ingest(db, [mail('2', T0 + HOUR)], T0 + HOUR);
    expect(await db.contacts.get(ann)).toMatchObject({ name: 'Ann Edited', phones: ['+1 555 0100'], lastSeen: T0 + HOUR });
    // A contact deleted by another writer is created anew, first seen at the new message.
    await db.contacts.delete(ann);
    await ingest(db, [mail('3', T0 + 2 * HOUR)], T0 + 2 * HOUR);
    expect(await db.contacts.get(ann)).toMatchObject({ firstSeen: T0 + 2 * HOUR });
    db.close();
  });

  it('a batch whose transaction aborts leaves nothing of what it wrote in the cache', async () => {
    const db = await openTestDatabase();
    await setUp(db);
    const ann = PEOPLE[0]!;
    await ingest(db, [{ kind: 'email', messageId: 'msg-f:1', threadId: 'thread-f:1', subject: 'x', from: { email: ann, name: 'Ann' }, to: [{ email: REP }], cc: [], at: T0, expanded: true }], T0);
    await expect(
      db.transaction('rw', [db.contacts, db.deals, db.settings, db.touchpoints, db.awaiting], async () => {
        await ingest(db, [{ kind: 'email', messageId: 'msg-f:2', threadId: 'thread-f:2', subject: 'x', from: { email: ann, name: 'Ann Later' }, to: [{ email: REP }], cc: [], at: T0 + DAY, expanded: true }], T0 + DAY);
        throw new Error('abort');
      }),
    ).rejects.toThrow('abort');
    // Had the cache kept the aborted batch's contact (named "Ann Later", seen a day later) and
    // reply-owed row, this batch would build on them.
    await ingest(db, [{ kind: 'email', messageId: 'msg-f:3', threadId: 'thread-f:3', subject: 'x', from: { email: ann }, to: [{ email: REP }], cc: [], at: T0 + HOUR, expanded: true }], T0 + HOUR);
    expect(await db.contacts.get(ann)).toMatchObject({ name: 'Ann', lastSeen: T0 + HOUR });
    expect((await db.awaiting.get(ann))?.open?.inboundKeys).toEqual(['gmail:msg-f:1', 'gmail:msg-f:3']);
    db.close();
  });

  it('a restore made through another database object (another page) is seen by the next batch at once', async () => {
    const name = uniqueDbName();
    const db = await openTestDatabase(name);
    await setUp(db);
    const ann = PEOPLE[0]!;
    const mail = (id: string, at: number, name?: string): CaptureEvent => ({
      kind: 'email', messageId: `msg-f:${id}`, threadId: `thread-f:${id}`, subject: 'Pilot', from: { email: ann, name }, to: [{ email: REP }], cc: [], at, expanded: true,
    });
    await ingest(db, [mail('1', T0, 'Ann')], T0);
    const backup = JSON.parse(await collectBackup(db, T0));
    await ingest(db, [mail('2', T0 + DAY, 'Ann Later')], T0 + DAY);
    const other = openDatabase(name);
    await other.open();
    expect((await restoreBackup(other, backup)).ok).toBe(true);
    // No wait for the other page's message: the highest reply-owed rev moved.
    await ingest(db, [mail('3', T0 + HOUR)], T0 + HOUR);
    expect(await db.contacts.get(ann)).toMatchObject({ name: 'Ann', lastSeen: T0 + HOUR });
    expect((await db.awaiting.get(ann))?.open?.inboundKeys).toEqual(['gmail:msg-f:1', 'gmail:msg-f:3']);
    other.close();
    db.close();
  });

  it("another page's write of a contact alone is announced to this page's cache", async () => {
    const name = uniqueDbName();
    const db = await openTestDatabase(name);
    await setUp(db);
    const ann = PEOPLE[0]!;
    await ingest(db, [{ kind: 'email', messageId: 'msg-f:1', threadId: 'thread-f:1', subject: 'x', from: { email: ann, name: 'Ann' }, to: [{ email: REP }], cc: [], at: T0, expanded: true }], T0);
    expect(readCacheOf(db)?.contacts.has(ann)).toBe(true);
    const other = openDatabase(name);
    await other.open();
    await other.contacts.update(ann, { name: 'Edited elsewhere' });
    for (let i = 0; i < 50 && readCacheOf(db)?.contacts.has(ann); i++) await new Promise((r) => setTimeout(r, 2));
    expect(readCacheOf(db)?.contacts.has(ann)).toBe(false);
    other.close();
    db.close();
  });

  it('drops everything when the highest reply-owed rev is not the one it last knew (a write in another page)', () => {
    const cache = new ReadCache('check-test');
    cache.check(4);
    cache.contacts.set('ann@acme.test', undefined);
    cache.awaiting.set('ann@acme.test', undefined);
    cache.check(4);
    expect(cache.contacts.size + cache.awaiting.size).toBe(2);
    cache.check(5);
    expect(cache.contacts.size + cache.awaiting.size).toBe(0);
  });

  it("the options page's word that it restored a backup drops the background's cache", async () => {
    const db = await openTestDatabase();
    await setUp(db);
    await ingest(db, [{ kind: 'email', messageId: 'msg-f:1', threadId: 'thread-f:1', subject: 'x', from: { email: PEOPLE[0]!, name: 'Ann' }, to: [{ email: REP }], cc: [], at: T0, expanded: true }], T0);
    expect(readCacheOf(db)?.contacts.size).toBeGreaterThan(0);
    await createApi(db, { now: () => T0 }, quietEffects(), Math.random).restored();
    expect(readCacheOf(db)?.contacts.size).toBe(0);
    db.close();
  });

  it('knows a key is not stored only inside stretches listed whole, and never forgets a key written', () => {
    const keys = new StoredKeys();
    expect(keys.answer('gmail:b')).toBeUndefined();
    keys.learn('gmail:a', 'gmail:m', ['gmail:c']);
    keys.learn('gmail:k', 'gmail:p', []);
    expect(keys.answer('gmail:b')).toBe('absent');
    expect(keys.answer('gmail:c')).toBe('maybe');
    expect(keys.answer('gmail:o')).toBe('absent');
    expect(keys.answer('gmail:q')).toBeUndefined();
    keys.add('gmail:b');
    expect(keys.answer('gmail:b')).toBe('maybe');
    const small = new StoredKeys(2, 10);
    small.learn('a', 'z', ['b', 'c']);
    small.add('d');
    expect(small.answer('e')).toBeUndefined();
  });

  it('a listing that stopped at its limit makes known only the keys up to the last one it listed', async () => {
    const name = uniqueDbName();
    // Stored before this page's cache existed: 600 messages between the batch's two keys.
    const other = openDatabase(name);
    await other.open();
    const ids = Array.from({ length: 600 }, (_, i) => `b${String(i).padStart(3, '0')}`);
    await other.touchpoints.bulkPut(ids.map((id) => makeTouchpoint({ key: `gmail:msg-f:${id}`, channel: 'email', direction: 'inbound', at: T0, contactEmails: [PEOPLE[0]!], from: PEOPLE[0]!, threadId: `thread-f:${id}`, capturedFrom: 'gmail', provenance: 'seen', createdAt: T0 })));
    other.close();
    const db = await openTestDatabase(name);
    await setUp(db);
    const mail = (id: string, at: number): CaptureEvent => ({ kind: 'email', messageId: `msg-f:${id}`, threadId: `thread-f:${id}`, subject: 'x', from: { email: PEOPLE[0]! }, to: [{ email: REP }], cc: [], at, expanded: true });
    await ingest(db, [mail('a', T0 + DAY), mail('c', T0 + DAY)], T0 + DAY);
    // A stored message past where that listing stopped is still found stored.
    await ingest(db, [mail('b590', T0)], T0 + 2 * DAY);
    expect((await db.touchpoints.get('gmail:msg-f:b590'))?.createdAt).toBe(T0);
    db.close();
  });

  it("a batch's listings leave no gap between them: what lies between its stretches is known too", async () => {
    const db = await openTestDatabase();
    await setUp(db);
    const ids = Array.from({ length: 40 }, (_, i) => `m${String(i).padStart(2, '0')}`);
    await ingest(db, ids.map((id, i) => ({ kind: 'email', messageId: `msg-f:${id}`, threadId: `thread-f:${id}`, subject: 'x', from: { email: PEOPLE[i % 5]! }, to: [{ email: REP }], cc: [], at: T0 + i, expanded: true })), T0 + DAY);
    const known = readCacheOf(db)!.storedKeys;
    // Between the 16th and 17th keys, where one stretch ends and the next begins.
    expect(known.answer('gmail:msg-f:m15x')).toBe('absent');
    expect(known.answer('gmail:msg-f:m31x')).toBe('absent');
    expect(known.answer('gmail:msg-f:m20')).toBe('maybe');
    db.close();
  });

  it('holds at most its limit of rows, the least recently used going first', () => {
    const rows = new KnownRows<number>(3);
    rows.set('a', 1);
    rows.set('b', 2);
    rows.set('c', undefined);
    rows.get('a');
    rows.set('d', 4);
    expect(rows.size).toBe(3);
    expect(rows.has('b')).toBe(false);
    expect(rows.has('a') && rows.has('c') && rows.has('d')).toBe(true);
    expect(rows.get('c')).toBeUndefined();
  });

  // Every kind of write the extension makes, each applied to both databases in turn.
  type Writer = (db: DealDebriefDB, api: ReturnType<typeof createApi>, rand: () => number, now: number, backup: unknown) => Promise<unknown>;
  const pickPerson = (rand: () => number) => PEOPLE[Math.floor(rand() * PEOPLE.length)]!;
  const WRITERS: Record<string, Writer> = {
    forgetContact: (_db, api, rand) => api.forgetContact({ email: pickPerson(rand) }),
    forgetEverything: (_db, api) => api.forgetEverything({ confirm: 'Delete everything' }),
    restore: async (db, _api, _rand, _now, backup) => backup && restoreBackup(db, backup),
    neverCapture: (_db, api, rand) => api.addNeverCapture({ entry: pickPerson(rand) }),
    noReplyNeeded: (_db, api, rand, now) => api.noReplyNeeded({ contactEmail: pickPerson(rand), upTo: now }),
    logTouchpoint: (_db, api, rand, now) => api.logTouchpoint({ channel: 'call', direction: 'inbound', at: now - Math.floor(rand() * DAY), contactEmail: pickPerson(rand) }),
    deleteTouchpoint: async (db, api, rand) => {
      const keys = await db.touchpoints.orderBy('key').primaryKeys();
      const key = keys[Math.floor(rand() * keys.length)];
      if (key) await api.deleteTouchpoint({ key });
    },
    putTouchpoint: (db, _api, rand, now) =>
      trackedWrite(db, [], () => putTouchpoint(db, makeTouchpoint({ key: `manual:${Math.floor(rand() * 4)}`, direction: 'inbound', at: now - HOUR, contactEmails: [pickPerson(rand)], from: undefined }))),
    editContact: async (db, _api, rand) => {
      const email = pickPerson(rand);
      if (await db.contacts.get(email)) await db.contacts.update(email, { name: `Edited ${Math.floor(rand() * 100)}`, firstSeen: T0 - DAY });
    },
    putContact: (db, _api, rand) => db.contacts.put({ email: pickPerson(rand), name: 'Put', domain: 'acme.test', phones: ['+1 555 0199'], firstSeen: T0, lastSeen: T0 + 40 * DAY }),
    deleteContacts: (db, _api, rand) => db.contacts.bulkDelete([pickPerson(rand), pickPerson(rand)]),
    clearContacts: (db) => db.contacts.clear(),
    deleteAwaitingRow: (db, _api, rand) => db.awaiting.delete(pickPerson(rand)),
    clearAwaiting: (db) => db.awaiting.clear(),
    settings: async (db, _api, rand) => storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: [REP], internalDomains: rand() < 0.5 ? ['ourco.test'] : ['ourco.test', 'gamma.test'] }),
    createLocalDeal: (_db, api, rand) => api.createLocalDeal({ contactEmails: [pickPerson(rand)], ...(rand() < 0.5 ? { threadId: 'thread-f:shared' } : {}) }),
    linkThread: async (db, api, rand) => {
      const ids = await db.deals.orderBy('id').primaryKeys();
      const dealId = ids[Math.floor(rand() * ids.length)];
      if (dealId) await api.linkThread({ dealId, threadId: rand() < 0.5 ? 'thread-f:shared' : `thread-f:${1 + Math.floor(rand() * serial)}`, contactEmails: [pickPerson(rand)] });
    },
    updateDeal: async (db, api, rand) => {
      const ids = await db.deals.orderBy('id').primaryKeys();
      const dealId = ids[Math.floor(rand() * ids.length)];
      if (dealId) await api.updateDeal({ dealId, patch: { name: `Renamed ${Math.floor(rand() * 9)}` } });
    },
    markLost: async (db, api, rand) => {
      const ids = await db.deals.orderBy('id').primaryKeys();
      const dealId = ids[Math.floor(rand() * ids.length)];
      if (dealId) await api.markLost({ dealId, open: false });
    },
    // A writer storing mail under the key the next new message will take.
    putNextMessage: (db, _api, rand, now) =>
      trackedWrite(db, [], () => putTouchpoint(db, makeTouchpoint({ key: `gmail:msg-f:${serial + 1}`, channel: 'email', direction: 'inbound', at: now - HOUR, contactEmails: [pickPerson(rand)], capturedFrom: 'gmail', provenance: 'seen' }))),
    abortedBatch: async (db, _api, rand, now) => {
      await db
        .transaction('rw', [db.contacts, db.deals, db.settings, db.touchpoints, db.awaiting], async () => {
          await ingest(db, mailBatch(rand, now), now);
          throw new Error('abort');
        })
        .catch(() => undefined);
    },
  };

  it('a database answering from the cache holds what one reading everything holds, after every kind of write', async () => {
    for (let seed = 1; seed <= 12; seed++) {
      const cached = await openTestDatabase();
      const plain = await openTestDatabase();
      disableReadCache(plain);
      await setUp(cached);
      await setUp(plain);
      const clock = { now: () => T0 };
      const apis = [createApi(cached, clock, quietEffects(), prng(seed * 31)), createApi(plain, clock, quietEffects(), prng(seed * 31))] as const;
      const rand = prng(seed);
      let now = T0 + 30 * DAY;
      let backup: unknown;
      const used = new Set<string>();
      for (let step = 0; step < 40; step++) {
        now += Math.floor(rand() * 6 * HOUR);
        clock.now = () => now;
        const r = rand();
        const stepSeed = Math.floor(rand() * 2 ** 31);
        let what: string;
        if (r < 0.55) {
          what = 'ingest';
          const start = serial;
          for (const [i, db] of [cached, plain].entries()) {
            serial = start;
            await ingest(db, mailBatch(prng(stepSeed), now), now);
            void i;
          }
        } else {
          const names = Object.keys(WRITERS);
          what = names[Math.floor(rand() * names.length)]!;
          used.add(what);
          if (what === 'restore' && !backup) backup = JSON.parse(await collectBackup(plain, now));
          const writer = WRITERS[what]!;
          const start = serial;
          for (const [i, db] of [cached, plain].entries()) {
            serial = start;
            await writer(db, apis[i]!, prng(stepSeed), now, backup);
          }
        }
        if (rand() < 0.1) backup = JSON.parse(await collectBackup(plain, now));
        expect(await dump(cached), `seed ${seed}, step ${step}: ${what}`).toBe(await dump(plain));
      }
      cached.close();
      plain.close();
    }
  });

  it('every kind of write is followed by batches that build on it the same way with and without the cache', async () => {
    // Each writer on its own between batches about the same people, so that none goes untried.
    for (const [what, writer] of Object.entries(WRITERS)) {
      const cached = await openTestDatabase();
      const plain = await openTestDatabase();
      disableReadCache(plain);
      await setUp(cached);
      await setUp(plain);
      let now = T0 + 30 * DAY;
      const clock = { now: () => now };
      const apis = [createApi(cached, clock, quietEffects(), prng(3)), createApi(plain, clock, quietEffects(), prng(3))] as const;
      const backup = JSON.parse(await collectBackup(plain, now));
      for (let round = 0; round < 6; round++) {
        now += 3 * HOUR;
        for (const step of ['ingest', what, 'ingest'] as const) {
          const start = serial;
          for (const [i, db] of [cached, plain].entries()) {
            serial = start;
            const rand = prng(round * 101 + (step === 'ingest' ? 1 : 2));
            if (step === 'ingest') await ingest(db, mailBatch(rand, now), now);
            else await writer(db, apis[i]!, rand, now, backup);
          }
          expect(await dump(cached), `${what}, round ${round}, after ${step}`).toBe(await dump(plain));
        }
      }
      cached.close();
      plain.close();
    }
  });
});
