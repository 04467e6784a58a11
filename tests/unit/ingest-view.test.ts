/**
 * The batch view under ingest (lib/db/ingest-view.ts): what a run of mail reads is loaded in a
 * few requests and written back in bulk, with the same answers as one event at a time.
 */
import { IDBIndex, IDBObjectStore } from 'fake-indexeddb';
import { trackedWrite } from '../../lib/db/awaiting';
import { ingest } from '../../lib/db/ingest';
import { IngestView, KEYS_PER_STRETCH, mergeContact, SAMPLE_ROWS, STRETCH_LIMIT, THREAD_DEALS_AT_ONCE } from '../../lib/db/ingest-view';
import type { DealDebriefDB } from '../../lib/db/schema';
import type { Touchpoint } from '../../lib/model';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings } from '../../lib/model';
import { mailboxBatches, prng } from '../bench/mailbox';
import { makeDeal, makeTouchpoint, T0, MINUTE, HOUR } from './helpers/factories';
import { contactIndexRows, isolateIndexedDB, openTestDatabase } from './helpers/db';

let db: DealDebriefDB;
beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, { ...defaultSettings('Europe/Berlin'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'], onboarded: true });
});

/** Count the IndexedDB requests made while `fn` runs. */
async function requests(fn: () => Promise<void>): Promise<number> {
  let n = 0;
  const patched: [object, string, unknown][] = [];
  for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) {
    for (const m of ['get', 'getAll', 'getAllKeys', 'put', 'add', 'delete', 'openCursor', 'openKeyCursor', 'count']) {
      const orig = (proto as unknown as Record<string, (...a: unknown[]) => unknown>)[m];
      if (!orig) continue;
      patched.push([proto, m, orig]);
      (proto as unknown as Record<string, unknown>)[m] = function (this: unknown, ...a: unknown[]) {
        n += 1;
        return orig.apply(this, a);
      };
    }
  }
  try {
    await fn();
  } finally {
    for (const [proto, m, orig] of patched) (proto as Record<string, unknown>)[m] = orig;
  }
  return n;
}

describe('IngestView', () => {
  it('answers from what it loaded and from what the batch wrote, and writes the contact index at the end', async () => {
    // An inbox row: a merge candidate, found by time.
    const a = makeTouchpoint({ key: 'gmail:a', threadId: 't1', at: T0, contactEmails: ['jane@acme.test'], provenance: 'list-row' });
    await trackedWrite(db, [db.contacts], async () => {
      await db.touchpoints.put(a);
    });
    await trackedWrite(db, [db.contacts, db.deals], async () => {
      const view = new IngestView(db);
      await view.preload(['gmail:a', 'gmail:b'], ['t1'], [[T0 - MINUTE, T0 + 10 * MINUTE]]);
      expect(view.get('gmail:a')?.key).toBe('gmail:a');
      expect(view.get('gmail:b')).toBeUndefined();
      view.put({ ...a, key: 'gmail:b', at: T0 + MINUTE, contactEmails: ['joe@acme.test'] });
      view.put({ ...a, contactEmails: ['joe@acme.test'] });
      expect(view.thread('t1').map((t) => t.key)).toEqual(['gmail:a', 'gmail:b']);
      expect(view.mergeCandidates(T0, T0 + MINUTE, { from: false }).map((t) => t.key)).toEqual(['gmail:b']);
      expect(view.mergeCandidates(T0, T0 + MINUTE).map((t) => t.key)).toEqual(['gmail:a', 'gmail:b']);
      // A row that is no merge candidate is not among them, whether or not it was loaded.
      view.put({ ...a, key: 'gmail:d', at: T0, provenance: 'seen' });
      expect(view.mergeCandidates(T0, T0 + MINUTE).map((t) => t.key)).toEqual(['gmail:a', 'gmail:b']);
      expect(view.threadCandidates(['t1'], T0, T0).map((t) => t.key)).toEqual(['gmail:a']);
      expect(view.threadCandidates(['t2'], T0, T0)).toEqual([]);
      view.delete('gmail:d');
      expect(() => view.thread('t2')).toThrow('not loaded');
      expect(() => view.get('gmail:c')).toThrow('not loaded');
      view.sawContacts([{ email: 'joe@acme.test', name: 'Joe', at: T0 }]);
      await view.flush();
    });
    expect((await db.touchpoints.get('gmail:a'))?.contactEmails).toEqual(['joe@acme.test']);
    expect((await contactIndexRows(db)).map((r) => `${r.email}|${r.key}`).sort()).toEqual(['joe@acme.test|gmail:a', 'joe@acme.test|gmail:b']);
    expect((await db.contacts.get('joe@acme.test'))?.name).toBe('Joe');
    // Jane's row went with the change, and both contacts' awaiting rows were recomputed.
    expect((await contactIndexRows(db)).filter((r) => r.email === 'jane@acme.test')).toEqual([]);
  });

  it('breaks a tie between deals as the index does: by address, then deal id', async () => {
    await db.deals.bulkPut([
      makeDeal({ id: 'hubspot:1:18', contactEmails: ['a@x.test', 'c@x.test'], updatedAt: T0 }),
      makeDeal({ id: 'hubspot:1:03', contactEmails: ['c@x.test'], updatedAt: T0 }),
    ]);
    await trackedWrite(db, [db.contacts, db.deals], async () => {
      const view = new IngestView(db);
      await view.preload([], [], [], ['c@x.test', 'a@x.test']);
      expect(view.dealsOfContacts(['c@x.test']).map((d) => d.id)).toEqual(['hubspot:1:03', 'hubspot:1:18']);
      expect(view.dealsOfContacts(['c@x.test', 'a@x.test']).map((d) => d.id)).toEqual(['hubspot:1:18', 'hubspot:1:03', 'hubspot:1:18']);
      await view.flush();
    });
  });

  it('finds the deal of each thread as a query per thread would, when few deals have threads and when many do', async () => {
    let rand = 7;
    const next = (n: number) => ((rand = (rand * 1103515245 + 12345) % 2147483648), rand % n);
    const thread = (i: number) => `thread-f:${String(i).padStart(3, '0')}`;
    let wholeRange = 0;
    let oneByOne = 0;
    for (let round = 0; round < 20; round++) {
      await db.deals.clear();
      // Up to twice as many thread entries as one read takes; ids out of order, threads shared.
      const count = next(2 * THREAD_DEALS_AT_ONCE);
      await db.deals.bulkPut(
        Array.from({ length: count }, (_, i) => makeDeal({ id: `hubspot:1:${(i * 37) % 101}-${round}`, threadIds: Array.from({ length: next(3) }, () => thread(next(60))) })),
      );
      const want = [...new Set(Array.from({ length: 1 + next(12) }, () => thread(next(70))))];
      const entries = await db.deals.where('threadIds').between(want.slice().sort()[0]!, want.slice().sort()[want.length - 1]!, true, true).count();
      if (entries > THREAD_DEALS_AT_ONCE) oneByOne += 1;
      else wholeRange += 1;
      await trackedWrite(db, [db.contacts, db.deals], async () => {
        const view = new IngestView(db);
        await view.preload([], want, []);
        for (const t of want) expect(view.dealLinkedToThread(t)?.id).toBe((await db.deals.where('threadIds').equals(t).first())?.id);
        await view.flush();
      });
    }
    // Not vacuous: both ways ran.
    expect(wholeRange).toBeGreaterThan(3);
    expect(oneByOne).toBeGreaterThan(3);
  });

  it('loads a batch of keys in stretches with the answers one read per key gives, whether few or many keys lie between', async () => {
    const rand = prng(11);
    const int = (n: number) => Math.floor(rand() * n);
    const key = (i: number) => `gmail:msg-f:${i}`;
    const stretches = { few: 0, many: 0 };
    for (let round = 0; round < 8; round++) {
      await db.touchpoints.clear();
      // Sparse rounds: few stored keys among the batch's. Dense ones: every key stored, so
      // more than one request lists lie between the ends of a stretch.
      const dense = round % 2 === 1;
      const range = dense ? 3 * STRETCH_LIMIT : 4000;
      const stored = dense ? Array.from({ length: range }, (_, i) => i) : [...new Set(Array.from({ length: 60 }, () => int(range)))];
      await db.touchpoints.bulkPut(stored.map((i) => makeTouchpoint({ key: key(i), at: T0 + i })));
      const want = [...new Set(Array.from({ length: 1 + int(3 * KEYS_PER_STRETCH) }, () => key(int(range))))];
      const sorted = want.slice().sort();
      for (let i = 0; i + 1 < sorted.length; i += KEYS_PER_STRETCH) {
        const ends = sorted.slice(i, i + KEYS_PER_STRETCH);
        const between = await db.touchpoints.where(':id').between(ends[0]!, ends[ends.length - 1]!, true, true).count();
        stretches[between > STRETCH_LIMIT ? 'many' : 'few'] += 1;
      }
      const expected = await db.touchpoints.bulkGet(want);
      await trackedWrite(db, [db.contacts, db.deals], async () => {
        const view = new IngestView(db);
        await view.preload(want, [], []);
        want.forEach((k, i) => expect(view.get(k)).toEqual(expected[i]));
        await view.flush();
      });
    }
    // Not vacuous: both ways of reading ran.
    expect(stretches.few).toBeGreaterThan(2);
    expect(stretches.many).toBeGreaterThan(2);
  });

  it('reads one by one only the keys of a stretch after the last key its listing reached, when more than the limit lie between its ends', async () => {
    const key = (i: number) => `gmail:msg-f:${String(i).padStart(6, '0')}`;
    // Every even key stored: three times the limit between the ends of the one stretch below.
    await db.touchpoints.bulkPut(Array.from({ length: 3 * STRETCH_LIMIT }, (_, i) => makeTouchpoint({ key: key(2 * i), at: T0 + i })));
    // Half the stretch among the first stored keys (odd: none stored), half at the far end
    // (stored or not), past what one listing reaches.
    const near = Array.from({ length: KEYS_PER_STRETCH / 2 }, (_, i) => key(2 * i + 1));
    const far = Array.from({ length: KEYS_PER_STRETCH / 2 }, (_, i) => key(6 * STRETCH_LIMIT - KEYS_PER_STRETCH + i));
    const want = [...near, ...far];
    const expected = await db.touchpoints.bulkGet(want);
    const read: string[] = [];
    const bulkGet = db.touchpoints.bulkGet.bind(db.touchpoints);
    db.touchpoints.bulkGet = ((keys: string[]) => (read.push(...keys), bulkGet(keys))) as typeof db.touchpoints.bulkGet;
    await trackedWrite(db, [db.contacts, db.deals], async () => {
      const view = new IngestView(db);
      await view.preload(want, [], []);
      want.forEach((k, i) => expect(view.get(k)).toEqual(expected[i]));
      await view.flush();
    });
    // The listing said the near keys are not stored; the far ones are read, stored or not.
    expect(read.sort()).toEqual(far);
    expect(expected.filter(Boolean).length).toBe(KEYS_PER_STRETCH / 4);
  });

  it('answers a stretch of time as a scan of every row it holds would, while the batch puts, moves and deletes rows', async () => {
    const rand = prng(23);
    const int = (n: number) => Math.floor(rand() * n);
    // Few distinct instants, so that many rows share one and the key breaks the tie.
    const at = () => T0 + int(40) * MINUTE;
    const key = (i: number) => `gmail:msg-f:${i}`;
    // Sends recorded at Send: merge candidates, found by time.
    const candidate = (k: string) => makeTouchpoint({ key: k, at: at(), provenance: 'sending' });
    await db.touchpoints.bulkPut(Array.from({ length: 60 }, (_, i) => candidate(key(2 * i))));
    const scan = (rows: Map<string, Touchpoint | null>, from: number, until: number, lo: boolean, hi: boolean) =>
      [...rows.values()]
        .filter((t): t is Touchpoint => !!t && (lo ? t.at >= from : t.at > from) && (hi ? t.at <= until : t.at < until))
        .sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1))
        .map((t) => t.key);
    let asked = 0;
    await trackedWrite(db, [db.contacts, db.deals], async () => {
      const view = new IngestView(db);
      const keys = Array.from({ length: 120 }, (_, i) => key(i));
      await view.preload(keys, [], [[T0 - 10 * MINUTE, T0 + 50 * MINUTE]]);
      // What the view should hold: the stored rows, then every change the batch made.
      const model = new Map<string, Touchpoint | null>(keys.map((k) => [k, null]));
      for (const t of await db.touchpoints.toArray()) model.set(t.key, t);
      for (let step = 0; step < 400; step++) {
        const k = key(int(120));
        const roll = int(3);
        if (roll === 0) {
          view.delete(k);
          model.set(k, null);
        } else {
          // A new row, or a stored one moved to another instant.
          const tp = candidate(k);
          view.put(tp);
          model.set(k, tp);
        }
        const from = at() - int(2) * MINUTE;
        const until = from + int(6) * MINUTE;
        const [lo, hi] = [int(2) === 0, int(2) === 0];
        const got = view.mergeCandidates(from, until, { from: lo, until: hi }).map((t) => t.key);
        expect(got).toEqual(scan(model, from, until, lo, hi));
        if (got.length) asked += 1;
      }
      await view.flush();
    });
    // Not vacuous: most questions found rows.
    expect(asked).toBeGreaterThan(200);
  });

  it('reads the contacts the batch names with its other reads, and writes only those a sighting changes', async () => {
    const jane = { email: 'jane@acme.test', name: 'Jane', domain: 'acme.test', phones: ['+1'], firstSeen: T0, lastSeen: T0 + 10 * MINUTE };
    const joe = { email: 'joe@acme.test', name: 'Joe', domain: 'acme.test', phones: [], firstSeen: T0, lastSeen: T0 + 10 * MINUTE };
    const unnamed = { email: 'unnamed@acme.test', domain: 'acme.test', phones: [], firstSeen: T0 - HOUR, lastSeen: T0 - HOUR };
    await db.contacts.bulkPut([jane, joe, unnamed]);
    const puts: string[] = [];
    const bulkPut = db.contacts.bulkPut.bind(db.contacts);
    db.contacts.bulkPut = ((rows: readonly { email: string }[]) => (puts.push(...rows.map((r) => r.email)), bulkPut(rows as never))) as unknown as typeof db.contacts.bulkPut;
    await trackedWrite(db, [db.contacts, db.deals], async () => {
      const view = new IngestView(db);
      await view.preload([], [], [], ['Jane@acme.test', 'joe@acme.test', 'new@acme.test']);
      view.sawContacts([
        { email: 'jane@acme.test', name: 'Jane', at: T0 + 5 * MINUTE }, // inside what is known: no write
        { email: 'joe@acme.test', name: 'Joe', at: T0 + 20 * MINUTE }, // later: lastSeen moves
        { email: 'new@acme.test', name: 'New', at: T0 },
        { email: 'unnamed@acme.test', at: T0 }, // not named to the preload: read at the flush
      ]);
      await view.flush();
    });
    expect(puts.sort()).toEqual(['joe@acme.test', 'new@acme.test', 'unnamed@acme.test']);
    expect(await db.contacts.get('jane@acme.test')).toEqual(jane);
    expect(await db.contacts.get('joe@acme.test')).toEqual({ ...joe, lastSeen: T0 + 20 * MINUTE });
    expect((await db.contacts.get('new@acme.test'))?.name).toBe('New');
    expect(await db.contacts.get('unnamed@acme.test')).toEqual({ ...unnamed, name: undefined, lastSeen: T0 });
  });

  it('a stored row under a key that names someone nothing else named still has that person\'s deals loaded', async () => {
    await db.deals.bulkPut([makeDeal({ id: 'hubspot:1:7', contactEmails: ['only@row.test'], updatedAt: T0 })]);
    await db.touchpoints.put(makeTouchpoint({ key: 'gmail:a', threadId: 't1', at: T0, contactEmails: ['only@row.test'] }));
    await trackedWrite(db, [db.contacts, db.deals], async () => {
      const view = new IngestView(db);
      await view.preload(['gmail:a'], [], []);
      expect(view.dealsOfContacts(['only@row.test']).map((d) => d.id)).toEqual(['hubspot:1:7']);
      await view.flush();
    });
  });

  it('reads many stretches of time in few requests with the rows one read per stretch gives: few rows, rows spread evenly, a burst between two stretches, and many rows at one instant', async () => {
    const rand = prng(31);
    const int = (n: number) => Math.floor(rand() * n);
    const HOUR_ = 60 * MINUTE;
    // Reads of the time index, as IndexedDB receives them.
    let timeReads = 0;
    const getAll = IDBIndex.prototype.getAll;
    IDBIndex.prototype.getAll = function (this: IDBIndex, ...a: Parameters<IDBIndex['getAll']>) {
      if (this.name === 'mergeAt') timeReads += 1;
      return getAll.apply(this, a);
    };
    try {
      for (const kind of ['few', 'even', 'burst', 'tie', 'even', 'burst'] as const) {
        await db.touchpoints.clear();
        // Instants on whole minutes, so that many rows share one and a read's limit can fall
        // among them.
        const instants: number[] = [];
        if (kind === 'few') for (let i = 0; i < SAMPLE_ROWS - 10; i++) instants.push(T0 + int(2000) * HOUR_);
        else if (kind === 'tie') {
          // Filled below: the sample's last row falls among many at one stretch's very end.
        } else for (let i = 0; i < 900; i++) instants.push(T0 + int(300 * 60) * MINUTE); // three an hour
        // Twenty stretches of half an hour, 30 to 45 minutes apart: the sample reaches the first few,
        // the rest are read as one group, except where a burst of rows lies between two of them.
        const windows: [number, number][] = [];
        let t = T0 + (20 + int(50)) * HOUR_;
        for (let i = 0; i < 20; i++) {
          windows.push([t - 15 * MINUTE, t + 15 * MINUTE]);
          t += 30 * MINUTE + (30 + int(16)) * MINUTE;
        }
        if (kind === 'burst') for (let i = 0; i < 300; i++) instants.push(windows[17]![1] + (1 + int(50)) * MINUTE);
        for (let i = 0; i < 30; i++) instants.push(windows[int(20)]![int(2) as 0 | 1]); // on a stretch's very edge
        if (kind === 'tie') for (let i = 0; i < SAMPLE_ROWS + 20; i++) instants.push(windows[2]![1]);
        // Logged by a CRM: merge candidates; every tenth one is not (seen in Gmail), and is not read.
        await db.touchpoints.bulkPut(instants.map((at, i) => makeTouchpoint({ key: `gmail:msg-f:${i}`, at, capturedFrom: i % 10 === 0 ? 'gmail' : 'hubspot' })));
        const expected = (await Promise.all(windows.map(([a, b]) => db.touchpoints.where('at').between(a, b, true, true).toArray()))).map((rows) => rows.filter((t) => t.capturedFrom !== 'gmail'));
        timeReads = 0;
        await trackedWrite(db, [db.contacts, db.deals], async () => {
          const view = new IngestView(db);
          await view.preload([], [], windows);
          windows.forEach(([a, b], i) => {
            const sorted = expected[i]!.slice().sort((x, y) => x.at - y.at || (x.key < y.key ? -1 : 1));
            expect(view.mergeCandidates(a, b).map((x) => x.key)).toEqual(sorted.map((x) => x.key));
          });
          await view.flush();
        });
        // Not vacuous: each way of reading ran.
        if (kind === 'few') expect(timeReads).toBe(1); // the sample held every row of the span
        else if (kind === 'tie') expect(timeReads).toBeGreaterThan(1);
        else if (kind === 'even') expect(timeReads).toBeLessThanOrEqual(6); // the sample, then a few groups
        else expect(timeReads).toBeGreaterThanOrEqual(5); // the burst's group read again one stretch at a time
      }
    } finally {
      IDBIndex.prototype.getAll = getAll;
    }
  });

  it('merges what a batch saw of a contact as one write at a time would', () => {
    const stored = { email: 'jane@acme.test', name: 'Jane', domain: 'acme.test', phones: ['+1'], firstSeen: T0, lastSeen: T0 };
    expect(mergeContact(stored, 'jane@acme.test', [{ email: 'jane@acme.test', name: 'me', at: T0 - MINUTE, phones: ['+2'] }, { email: 'jane@acme.test', name: 'Jane Doe', at: T0 + MINUTE }])).toEqual({
      ...stored,
      name: 'Jane Doe',
      phones: ['+1', '+2'],
      firstSeen: T0 - MINUTE,
      lastSeen: T0 + MINUTE,
    });
  });
});

describe('ingest of a backlog', () => {
  it('asks IndexedDB a few requests per message, not one per question (a batch of 500 events)', async () => {
    const end = Date.UTC(2026, 10, 1);
    const events = [...mailboxBatches({ seed: 5, contacts: 60, deals: 0, touchpoints: 500, end, days: 120 })].flat().slice(0, 500);
    const n = await requests(() => ingest(db, events, end).then(() => undefined));
    const stored = await db.touchpoints.count();
    expect(stored).toBeGreaterThan(400);
    // One event at a time it took about seventeen requests per message, each awaited in turn.
    expect(n / stored).toBeLessThan(7);
  });
});
