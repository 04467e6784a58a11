/**
 * The awaiting-reply table kept at ingest (lib/db/awaiting.ts) against the full computation it
 * replaces (every recent correspondent's whole history through the response engine), on a
 * seeded mailbox fed through the real ingest path; and the refresher built on it: bounded reads
 * after a write, none when idle, reply follow-ups equal to the full computation's.
 */
import { Dexie, type DBCore, type DBCoreTable } from 'dexie';
import { createApi, type Effects } from '../../lib/background/api';
import { createRefresher, changedTables, itemFromRow, replyFollowUps, type RefreshEffects } from '../../lib/background/refresh';
import { advanceRow, awaitingRowFor, awaitingRowsFrom, decidedFrom, historyFrom, historyNeeded, newestDecide, SHORT_HISTORY, updateAwaitingRows, withinWindow, type RowContent } from '../../lib/db/awaiting';
import { ingest } from '../../lib/db/ingest';
import { AWAITING_WINDOW_MS, touchpointsOfRecentCorrespondents } from '../../lib/db/queries';
import type { DealDebriefDB } from '../../lib/db/schema';
import { loadSettings, storeSettings } from '../../lib/db/settings';
import { byContact, responseContext } from '../../lib/deal-figures';
import { defaultSettings, type FollowUp, type Touchpoint } from '../../lib/model';
import { awaitingReplies } from '../../lib/response';
import { contactEmail, mailboxBatches, prng } from '../bench/mailbox';
import { isolateIndexedDB, openAtVersion, openTestDatabase, uniqueDbName } from './helpers/db';
import { quietEffects } from './helpers/effects';
import { makeTouchpoint } from './helpers/factories';
import { openDatabase } from '../../lib/db/schema';

const DAY = 86_400_000;
const END = Date.parse('2026-11-20T15:00:00Z');
const ZONE = 'America/New_York';
const SEED = 1234;

let db: DealDebriefDB;
let now = END;

const fakeApiEffects = (): Effects => quietEffects();

/** The computation the table replaces: recent correspondents' full histories through the engine. */
async function fullAwaiting(at: number) {
  const settings = await loadSettings(db);
  const tps = await touchpointsOfRecentCorrespondents(db, at);
  const recent = new Set(
    (await db.touchpoints.where('at').aboveOrEqual(at - AWAITING_WINDOW_MS).toArray()).filter((t) => t.direction === 'inbound').flatMap((t) => t.contactEmails),
  );
  return awaitingReplies(byContact(tps), responseContext(settings, at)).filter((a) => a.contactEmail && recent.has(a.contactEmail));
}

/** The same, from the table. */
async function tableAwaiting(at: number) {
  const ctx = responseContext(await loadSettings(db), at);
  return (await db.awaiting.toArray()).flatMap((row) => {
    const item = row.open && withinWindow(row, at, AWAITING_WINDOW_MS) ? itemFromRow(row, ctx) : undefined;
    return item ? [{ ...item, kind: row.open?.kind, keys: row.open?.inboundKeys }] : [];
  });
}

const sig = (a: { contactEmail?: string; since: number; overdueAt: number; latest: Touchpoint; targetMs: number }) =>
  `${a.contactEmail}|${a.since}|${a.overdueAt}|${a.targetMs}|${a.latest.key}|${a.latest.dealId ?? ''}`;

async function expectSameAwaiting(at = now): Promise<number> {
  const full = (await fullAwaiting(at)).map(sig).sort();
  const table = (await tableAwaiting(at)).map(sig).sort();
  expect(table).toEqual(full);
  return full.length;
}

async function feed(batches: Iterable<Parameters<typeof ingest>[1]>): Promise<void> {
  for (const batch of batches) await ingest(db, batch, now);
}

beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  now = END;
  await storeSettings(db, { ...defaultSettings(ZONE), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
});
afterEach(() => db.close());

// fake-indexeddb is slow, and more so on a busy machine: these feed thousands of messages.
describe('the awaiting-reply table, kept at ingest', { timeout: 120_000 }, () => {
  it('holds the same waiting set as the full computation on a seeded mailbox, at several instants', async () => {
    await feed(mailboxBatches({ seed: SEED, contacts: 60, deals: 12, touchpoints: 1000, end: END, days: 120 }));
    const waiting = await expectSameAwaiting(END);
    // The data is not trivial: many wait, many do not.
    expect(waiting).toBeGreaterThan(10);
    expect(waiting).toBeLessThan(60);
    // Later, some fall out of the 60-day window; the table's rows still agree.
    await expectSameAwaiting(END + 30 * DAY);
    await expectSameAwaiting(END + 90 * DAY);
  });

  it('equals a rebuild from all touchpoints after writes, deletes, manual logs and links', async () => {
    const api = createApi(db, { now: () => now }, fakeApiEffects(), Math.random);
    await feed(mailboxBatches({ seed: SEED + 1, contacts: 40, deals: 8, touchpoints: 800, end: END, days: 90 }));
    const rand = prng(SEED + 2);
    const all = await db.touchpoints.toArray();
    // Delete a tenth of the touchpoints, log missed and connected inbound calls, meetings, notes.
    for (const t of all.filter(() => rand() < 0.1)) await api.deleteTouchpoint({ key: t.key });
    for (let i = 0; i < 60; i++) {
      const c = contactEmail(Math.floor(rand() * 40));
      const at = END - Math.floor(rand() * 80 * DAY);
      const r = rand();
      if (r < 0.3) await api.logTouchpoint({ channel: 'call', direction: 'inbound', outcome: rand() < 0.5 ? 'voicemail' : 'no-answer', at, contactEmail: c });
      else if (r < 0.5) await api.logTouchpoint({ channel: 'call', direction: 'inbound', outcome: 'connected', at, contactEmail: c });
      else if (r < 0.7) await api.logTouchpoint({ channel: 'meeting', direction: 'inbound', at, contactEmail: c });
      else await api.logTouchpoint({ channel: 'note', at, contactEmail: c });
    }
    // Link a thread to a new local deal: the waiting message's deal moves with it.
    const someThread = (await db.touchpoints.toArray()).find((t) => t.direction === 'inbound' && t.threadId)!;
    await api.createLocalDeal({ name: 'Linked', contactEmails: someThread.contactEmails, threadId: someThread.threadId });

    const rebuilt = awaitingRowsFrom(await db.touchpoints.toArray())
      .map((r) => `${r.email}|${r.open?.since}|${r.open?.kind}|${r.open?.latest.key}|${r.open?.latest.dealId}|${r.lastInboundAt}`)
      .sort();
    const stored = (await db.awaiting.toArray())
      .filter((r) => r.open)
      .map((r) => `${r.email}|${r.open?.since}|${r.open?.kind}|${r.open?.latest.key}|${r.open?.latest.dealId}|${r.lastInboundAt}`)
      .sort();
    expect(stored).toEqual(rebuilt);
    await expectSameAwaiting();
  });

  it('follows reclassification: an address of the rep and an internal domain added in settings', async () => {
    const api = createApi(db, { now: () => now }, fakeApiEffects(), Math.random);
    await feed(mailboxBatches({ seed: SEED + 3, contacts: 30, deals: 5, touchpoints: 600, end: END, days: 60 }));
    const before = await expectSameAwaiting();
    const waiting = (await tableAwaiting(now)).map((a) => a.contactEmail!);
    // The rep says one waiting contact is their own alias and another's company is internal.
    const alias = waiting[0]!;
    const internal = waiting[1]!.split('@')[1]!;
    const settings = await loadSettings(db);
    await api.saveSettings({ settings: { ...settings, ownAddresses: [...settings.ownAddresses, alias], internalDomains: [...settings.internalDomains, internal] } });
    const after = await expectSameAwaiting();
    const nowWaiting = (await tableAwaiting(now)).map((a) => a.contactEmail);
    expect(nowWaiting).not.toContain(alias);
    expect(nowWaiting.some((e) => e?.endsWith(`@${internal}`))).toBe(false);
    expect(after).toBeLessThan(before);
  });

  it('survives a backup restore (rebuilt from the restored touchpoints)', async () => {
    const api = createApi(db, { now: () => now }, fakeApiEffects(), Math.random);
    await feed(mailboxBatches({ seed: SEED + 4, contacts: 30, deals: 5, touchpoints: 500, end: END, days: 60 }));
    const backup = await api.exportBackup();
    const before = await expectSameAwaiting();
    // Different data first, then the restore.
    await feed(mailboxBatches({ seed: SEED + 5, contacts: 30, deals: 5, touchpoints: 300, end: END, days: 60 }));
    const result = await api.importBackup({ text: JSON.stringify(backup) });
    expect(result.ok).toBe(true);
    expect(await expectSameAwaiting()).toBe(before);
  });

  it('is built on upgrade from version 3 data', async () => {
    const name = uniqueDbName();
    const old = await openAtVersion(name, 3);
    const tp = (key: string, direction: Touchpoint['direction'], at: number): Touchpoint => ({
      key,
      channel: 'email',
      direction,
      at,
      contactEmails: ['jane@acme.test'],
      from: direction === 'inbound' ? 'jane@acme.test' : 'rep@ourco.test',
      to: [],
      cc: [],
      capturedFrom: 'gmail',
      provenance: 'seen',
      createdAt: 0,
      updatedAt: 0,
    });
    const tps = [tp('gmail:1', 'inbound', END - 3 * DAY), tp('gmail:2', 'outbound', END - 2 * DAY), tp('gmail:3', 'inbound', END - DAY)];
    await old.table('touchpoints').bulkAdd(tps);
    await old.table('contactTouches').bulkAdd(tps.map((t) => ({ email: 'jane@acme.test', at: t.at, key: t.key })));
    old.close();
    const upgraded = openDatabase(name);
    await upgraded.open();
    const rows = await upgraded.awaiting.toArray();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ email: 'jane@acme.test', lastInboundAt: END - DAY, open: { since: END - DAY, kind: 'active-deal', inboundKeys: ['gmail:3'] } });
    upgraded.close();
  });
});

/** Rows read from the database per table, counted under Dexie (a DBCore middleware). */
function countReads(target: DealDebriefDB) {
  const counts = new Map<string, number>();
  const add = (table: string, n: number) => counts.set(table, (counts.get(table) ?? 0) + n);
  target.use({
    stack: 'dbcore',
    name: 'count-reads',
    create(down: DBCore): DBCore {
      return {
        ...down,
        table(name: string): DBCoreTable {
          const t = down.table(name);
          return {
            ...t,
            // Dexie's own promises, no native async step: a native one in a middleware loses
            // the transaction when several requests are in flight together.
            get: (req) => (add(name, 1), t.get(req)),
            getMany: (req) => (add(name, req.keys.length), t.getMany(req)),
            query: (req) =>
              t.query(req).then((res) => {
                add(name, Math.max(1, res.result.length));
                return res;
              }),
            openCursor: (req) => (add(name, 1), t.openCursor(req)),
            count: (req) => (add(name, 1), t.count(req)),
          };
        },
      };
    },
  });
  return {
    total: () => [...counts.values()].reduce((a, b) => a + b, 0),
    of: (table: string) => counts.get(table) ?? 0,
    reset: () => counts.clear(),
  };
}

describe('the refresher on the awaiting table', { timeout: 120_000 }, () => {
  function fakeBadge() {
    const calls = { badge: [] as number[], notified: [] as string[] };
    const effects: RefreshEffects = { setBadge: async (n) => void calls.badge.push(n), notify: async (f) => void calls.notified.push(f.id) };
    return { calls, effects };
  }

  async function openCounted() {
    // Reopen with the counting middleware (it must be registered before open).
    const name = db.name;
    db.close();
    db = openDatabase(name);
    const reads = countReads(db);
    await db.open();
    return reads;
  }

  /** Wire invalidation as the background does: Dexie's storagemutated event names the tables. */
  function wire(refresher: ReturnType<typeof createRefresher>) {
    const listener = (parts: Record<string, unknown>) => refresher.invalidate(changedTables(parts, db.name));
    Dexie.on('storagemutated', listener);
    return () => Dexie.on('storagemutated').unsubscribe(listener);
  }

  async function expectedReplyFollowUps(at: number): Promise<string[]> {
    const settings = await loadSettings(db);
    return replyFollowUps(await fullAwaiting(at), new Map(), settings.timeZone, at)
      .map((f) => `${f.id}|${f.dueAt}|${f.dealId ?? ''}`)
      .sort();
  }
  const storedReplyFollowUps = async () =>
    (await db.followUps.where('kind').equals('reply').toArray()).map((f: FollowUp) => `${f.id}|${f.dueAt}|${f.dealId ?? ''}`).sort();

  it('makes the reply follow-ups of the full computation; after a write reads only what changed; idle reads nothing', async () => {
    await feed(mailboxBatches({ seed: SEED + 6, contacts: 200, deals: 20, touchpoints: 1500, end: END, days: 90 }));
    const reads = await openCounted();
    const { calls, effects } = fakeBadge();
    const refresher = createRefresher(db, { now: () => now }, effects);
    const unwire = wire(refresher);
    try {
      await refresher.run();
      expect(await storedReplyFollowUps()).toEqual(await expectedReplyFollowUps(now));
      expect(calls.badge.length).toBe(1);

      // Idle: the minute alarm with nothing written reads nothing.
      await refresher.run(); // the first run's own follow-up writes are read back once
      reads.reset();
      now += 60_000;
      await refresher.run();
      now += 60_000;
      await refresher.run();
      expect(reads.total()).toBe(0);

      // A new inbound from a contact who was not waiting: only that contact's rows and follow-ups are read.
      const settled = (await db.awaiting.toArray()).find((r) => !r.open)?.email ?? contactEmail(199);
      await ingest(
        db,
        [{ kind: 'email', messageId: 'msg-f:999999', threadId: 'thread-f:999999', subject: 'New question', from: { email: settled }, to: [{ email: 'rep@ourco.test' }], cc: [], at: now - 60_000, expanded: true }],
        now,
      );
      reads.reset();
      await refresher.run();
      // Neither histories nor every contact's row: the changed row, its follow-ups, its name.
      expect(reads.of('touchpoints')).toBe(0);
      expect(reads.of('awaiting')).toBe(1);
      expect(reads.of('contacts')).toBeLessThanOrEqual(1);
      expect(await storedReplyFollowUps()).toEqual(await expectedReplyFollowUps(now));
    } finally {
      unwire();
    }
  });

  it('rebuilds every reply follow-up when the response settings change', async () => {
    await feed(mailboxBatches({ seed: SEED + 7, contacts: 50, deals: 5, touchpoints: 600, end: END, days: 60 }));
    const { effects } = fakeBadge();
    const refresher = createRefresher(db, { now: () => now }, effects);
    const unwire = wire(refresher);
    try {
      await refresher.run();
      const settings = await loadSettings(db);
      await storeSettings(db, { ...settings, newLeadTargetMinutes: 15, activeDealTargetMinutes: 30, workStart: '08:00' });
      await refresher.run();
      expect(await storedReplyFollowUps()).toEqual(await expectedReplyFollowUps(now));
    } finally {
      unwire();
    }
  });

  it('owes nothing to a contact who has not written in the window, even when copied on an old message of one who has', async () => {
    // Bob wrote long ago (Alice copied) and was answered by a message to Bob alone; Alice writes now.
    const mail = (id: string, from: string, to: string[], cc: string[], at: number) => ({
      kind: 'email' as const,
      messageId: id,
      threadId: `thread-f:${id.replace(/\D/g, '')}`,
      subject: 'Hello',
      from: { email: from },
      to: to.map((email) => ({ email })),
      cc: cc.map((email) => ({ email })),
      at,
      expanded: true,
    });
    const alice = 'alice@acme.test';
    const bob = 'bob@acme.test';
    await ingest(db, [mail('msg-f:1', bob, ['rep@ourco.test'], [alice], END - 100 * DAY)], now);
    await ingest(db, [mail('msg-a:r-2', 'rep@ourco.test', [bob], [], END - 99 * DAY)], now);
    await ingest(db, [mail('msg-f:3', alice, ['rep@ourco.test'], [], END - DAY)], now);
    // The full computation over recent correspondents sees Bob's old message through Alice's
    // history, without Bob's answer, and counts Bob as waiting 100 days.
    const old = awaitingReplies(byContact(await touchpointsOfRecentCorrespondents(db, now)), responseContext(await loadSettings(db), now));
    expect(old.map((a) => a.contactEmail).sort()).toEqual([alice, bob]);
    const { effects } = fakeBadge();
    await createRefresher(db, { now: () => now }, effects).run();
    expect((await db.followUps.where('kind').equals('reply').toArray()).map((f) => f.contactEmail)).toEqual([alice]);
  });
});

describe('reading a history newest first', () => {
  const ME = 'pat@acme.example';
  const OTHER = 'sam@acme.example';
  /** A random history with everything the walk distinguishes, and many touchpoints at one instant. */
  function history(rand: () => number, n: number): Touchpoint[] {
    const out: Touchpoint[] = [];
    let at = END - 400 * DAY;
    for (let i = 0; i < n; i++) {
      if (rand() > 0.3) at += Math.floor(rand() * 3 * DAY);
      const r = rand();
      const direction = r < 0.5 ? 'inbound' : r < 0.9 ? 'outbound' : 'internal';
      const c = rand();
      const channel = c < 0.6 ? 'email' : c < 0.8 ? 'call' : c < 0.9 ? 'meeting' : 'note';
      const o = rand();
      out.push(
        makeTouchpoint({
          key: `k:${String(i).padStart(4, '0')}`,
          at,
          direction,
          channel,
          contactEmails: rand() < 0.2 ? [ME, OTHER] : [ME],
          from: channel === 'email' && direction === 'inbound' ? (rand() < 0.8 ? ME : OTHER) : undefined,
          ...(channel === 'call' ? { outcome: o < 0.3 ? 'voicemail' : o < 0.5 ? 'no-answer' : o < 0.8 ? 'connected' : undefined } : {}),
          ...(rand() < 0.1 ? { noReplyNeeded: true } : {}),
        }),
      );
    }
    // History order: by instant, then by key (the index's order).
    return out.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
  }

  it('decides only when the newest touchpoints give the same row as the whole history', () => {
    const rand = prng(SEED + 40);
    let decided = 0;
    let cuts = 0;
    for (let h = 0; h < 400; h++) {
      const all = history(rand, 1 + Math.floor(rand() * 30));
      for (const email of [ME, OTHER]) {
        const whole = awaitingRowFor(email, all);
        for (let cut = 0; cut < all.length; cut++) {
          // Cuts fall between instants: every touchpoint of the first instant kept is in.
          if (cut > 0 && all[cut - 1]!.at === all[cut]!.at) continue;
          cuts += 1;
          const newest = all.slice(cut);
          if (!newestDecide(email, newest)) continue;
          decided += 1;
          expect(awaitingRowFor(email, newest)).toEqual(whole);
        }
      }
    }
    // Not vacuous: most cuts of a long history decide.
    expect(decided).toBeGreaterThan(cuts / 3);
  });

  it('puts a history together from its newest touchpoints read before a batch and what the batch added, or says it must be read', () => {
    const rand = prng(SEED + 43);
    const ways = { short: 0, long: 0, read: 0 };
    for (let h = 0; h < 400; h++) {
      const some = history(rand, 1 + Math.floor(rand() * (2 * SHORT_HISTORY + 20)));
      // Now and then a contact who writes and writes with hardly an answer: the newest alone do not decide.
      const quiet = rand() < 0.3;
      const all = quiet ? some.map((t) => (rand() < 0.95 ? { ...t, channel: 'email' as const, direction: 'inbound' as const, from: ME, outcome: undefined } : t)) : some;
      // What was stored when the newest were read, and what the batch added after: anywhere in time.
      const share = rand();
      const stored = all.filter(() => rand() < share);
      const added = all.filter((t) => !stored.includes(t));
      for (const email of [ME, OTHER]) {
        const mine = stored.filter((t) => t.contactEmails.includes(email));
        // As newestHistory reads them: newest first, one more than a short history.
        const newest = [...mine].reverse().slice(0, SHORT_HISTORY + 1);
        const got = historyFrom(email, newest, added);
        if (mine.length <= SHORT_HISTORY) expect(got).toBeDefined();
        if (!got) {
          ways.read += 1;
          continue;
        }
        ways[mine.length <= SHORT_HISTORY ? 'short' : 'long'] += 1;
        expect(JSON.stringify(awaitingRowFor(email, got))).toBe(JSON.stringify(awaitingRowFor(email, all)));
      }
    }
    // Not vacuous: short histories, long ones put together, and long ones that must be read.
    expect(ways.short).toBeGreaterThan(50);
    expect(ways.long).toBeGreaterThan(50);
    expect(ways.read).toBeGreaterThan(10);
  });

  it('says which added instants leave a row unable to move on, as advanceRow does', () => {
    const rand = prng(SEED + 44);
    let needed = 0;
    let not = 0;
    for (let h = 0; h < 300; h++) {
      const all = history(rand, 2 + Math.floor(rand() * 30));
      const stored = all.filter(() => rand() < 0.6);
      const added = all.filter((t) => !stored.includes(t));
      for (const email of [ME, OTHER]) {
        const row = awaitingRowFor(email, stored);
        const instants = added.filter((t) => t.contactEmails.includes(email)).map((t) => t.at);
        const need = historyNeeded(row, instants);
        expect(need, `history ${h} of ${email}`).toBe(instants.length > 0 && advanceRow(email, row, added) === undefined);
        if (need) needed += 1;
        else not += 1;
      }
    }
    expect(needed).toBeGreaterThan(50);
    expect(not).toBeGreaterThan(50);
  });

  type Advance = (email: string, row: RowContent | undefined, added: readonly Touchpoint[]) => RowContent | undefined;
  type Path = 'before' | 'after' | 'both' | 'read';

  /**
   * Histories split into what was stored and what a batch adds — the added ones all older than
   * the rest, all newer, both at once, or picked at random — and, where `advance`
   * gives a row, whether it is the row the whole history gives; rows are moved on batch after
   * batch from what the last one gave, as they are stored. The first disagreement, and how many
   * went each way.
   */
  function checkAdvance(advance: Advance, seed: number, histories = 300): { mismatch?: string; paths: Record<Path, number> } {
    const rand = prng(seed);
    const paths: Record<Path, number> = { before: 0, after: 0, both: 0, read: 0 };
    for (let h = 0; h < histories; h++) {
      const all = history(rand, 2 + Math.floor(rand() * 30));
      const how = rand();
      let stored: Touchpoint[];
      let batches: Touchpoint[][];
      if (how < 0.3) {
        // Live capture: what comes later arrives in a few batches, in time order.
        const cut = Math.floor(rand() * all.length);
        stored = all.slice(0, cut);
        batches = [];
        for (let i = cut; i < all.length; ) {
          const n = 1 + Math.floor(rand() * 4);
          batches.push(all.slice(i, i + n));
          i += n;
        }
      } else if (how < 0.5) {
        // A backlog of older mail.
        const cut = 1 + Math.floor(rand() * (all.length - 1));
        stored = all.slice(cut);
        batches = [all.slice(0, cut)];
      } else if (how < 0.7) {
        // A backlog of older mail and new mail in one batch.
        const a = Math.floor(rand() * all.length);
        const b = a + Math.floor(rand() * (all.length - a + 1));
        stored = all.slice(a, b);
        batches = [[...all.slice(0, a), ...all.slice(b)]];
      } else {
        // Anywhere: random touchpoints in random batches.
        stored = [];
        batches = [[], [], []];
        for (const t of all) {
          const r = rand();
          if (r < 0.5) stored.push(t);
          else batches[Math.floor((r - 0.5) * 6)]!.push(t);
        }
      }
      for (const email of [ME, OTHER]) {
        let known = [...stored];
        let row = awaitingRowFor(email, known);
        for (const batch of batches) {
          known = [...known, ...batch];
          const whole = awaitingRowFor(email, known);
          const from = row ? decidedFrom(row) : undefined;
          const mine = batch.filter((t) => t.contactEmails.includes(email));
          const moved = advance(email, row, batch);
          if (moved === undefined) {
            paths.read += 1;
            row = whole;
            continue;
          }
          if (mine.length && from !== undefined && mine.every((t) => t.at < from)) paths.before += 1;
          else if (mine.length && from !== undefined && mine.some((t) => t.at < from)) paths.both += 1;
          else if (mine.length) paths.after += 1;
          // The same row, down to the field order that the stored rows are compared in.
          if (JSON.stringify(moved) !== JSON.stringify(whole)) return { mismatch: `history ${h} of ${email}: ${JSON.stringify(moved)} instead of ${JSON.stringify(whole)}`, paths };
          row = moved;
        }
      }
    }
    return { paths };
  }

  it('moves a row on from added touchpoints to the row the whole history gives, or says the history must be read', () => {
    const { mismatch, paths } = checkAdvance(advanceRow, SEED + 42);
    expect(mismatch).toBeUndefined();
    // Not vacuous: every way of moving on ran often (old mail, new mail, both in one batch),
    // and so did reading the history.
    expect(paths.before).toBeGreaterThan(100);
    expect(paths.after).toBeGreaterThan(100);
    expect(paths.both).toBeGreaterThan(20);
    expect(paths.read).toBeGreaterThan(100);
  });

  it('finds a row moved on wrongly: the check above fails on broken ways of moving on', () => {
    const mine = (email: string, added: readonly Touchpoint[]) => added.filter((t) => t.contactEmails.includes(email));
    const broken: Record<string, Advance> = {
      // Touchpoints before the second-newest reply taken as changing nothing, an inbound after them or not.
      'before the last inbound': (email, row, added) => {
        const second = row?.basis?.answers[1];
        const m = mine(email, added);
        return row && m.length && second !== undefined && m.every((t) => t.at < second) ? row : advanceRow(email, row, added);
      },
      // Touchpoints at the newest known instant walked as if after it.
      'ties at the newest instant': (email, row, added) => advanceRow(email, row?.basis ? { ...row, basis: { ...row.basis, newest: row.basis.newest - 1 } } : row, added),
      // What waited forgotten.
      'what waited': (email, row, added) => (row?.open && mine(email, added).length ? advanceRow(email, { ...row, open: undefined }, added) : advanceRow(email, row, added)),
      // Replies before forgotten (the kind of what waits next).
      'replies before': (email, row, added) => advanceRow(email, row?.basis && mine(email, added).length ? { ...row, basis: { ...row.basis, answers: [] } } : row, added),
      // A batch of old and new mail: a touchpoint between the instant from which the newest
      // decide and the newest known one taken as old.
      'between taken as old': (email, row, added) => {
        const from = row ? decidedFrom(row) : undefined;
        const newest = row?.basis?.newest;
        if (from === undefined || newest === undefined) return advanceRow(email, row, added);
        return advanceRow(email, row, added.filter((t) => !t.contactEmails.includes(email) || t.at < from || t.at > newest));
      },
      // The last inbound not moved on.
      'last inbound': (email, row, added) => {
        const moved = advanceRow(email, row, added);
        return moved && moved !== row ? { ...moved, lastInboundAt: row?.lastInboundAt } : moved;
      },
    };
    for (const [name, advance] of Object.entries(broken)) expect(checkAdvance(advance, SEED + 42).mismatch, name).toBeDefined();
  });

  it('writes the row the whole history gives, for histories read whole and for longer ones read newest first', async () => {
    const rand = prng(SEED + 41);
    const sizes = { short: 0, long: 0 };
    for (let h = 0; h < 24; h++) {
      // Around the length up to which a history is read whole, on both sides of it.
      const all = history(rand, 1 + Math.floor(rand() * (2 * SHORT_HISTORY + 10))).map((t) => ({ ...t, key: `${t.key}:${h}` }));
      await db.touchpoints.clear();
      await db.awaiting.clear();
      await db.touchpoints.bulkPut(all);
      await db.transaction('rw', [db.touchpoints, db.awaiting], () => updateAwaitingRows(db, [ME, OTHER]));
      for (const email of [ME, OTHER]) {
        const n = all.filter((t) => t.contactEmails.includes(email)).length;
        sizes[n <= SHORT_HISTORY ? 'short' : 'long'] += 1;
        const whole = awaitingRowFor(email, all);
        const { rev: _rev, ...row } = (await db.awaiting.get(email)) ?? { rev: 0 };
        // A row is written for every contact named: readers look only at those who wait, and
        // the others keep what the row was worked out from.
        expect(row).toEqual(whole ?? {});
      }
    }
    // Not vacuous: both ways of reading ran.
    expect(sizes.short).toBeGreaterThan(5);
    expect(sizes.long).toBeGreaterThan(5);
  });

  it('gives a row readers see change the rev after every stored one, and keeps the rev of a row whose basis alone moves', async () => {
    const rebuild = (emails: string[], added: Touchpoint[] = []) => db.transaction('rw', [db.touchpoints, db.awaiting], () => updateAwaitingRows(db, emails, added));
    const revOf = async (email: string) => (await db.awaiting.get(email))?.rev;
    // Another contact's row holds the highest rev so far.
    await db.awaiting.put({ email: 'lee@elsewhere.example', rev: 7, lastInboundAt: END - 40 * DAY });
    const asked = makeTouchpoint({ key: 'gmail:rev-1', at: END - 5 * DAY, direction: 'inbound', from: ME, contactEmails: [ME] });
    await db.touchpoints.put(asked);
    expect(await rebuild([ME])).toBe(1);
    expect(await revOf(ME)).toBe(8);
    // The rep answers: the row changes as readers see it, and it held the highest rev itself.
    const answered = makeTouchpoint({ key: 'gmail:rev-2', at: END - 4 * DAY, direction: 'outbound', from: 'rep@ourco.test', contactEmails: [ME] });
    await db.touchpoints.put(answered);
    expect(await rebuild([], [answered])).toBe(1);
    expect(await revOf(ME)).toBe(9);
    expect((await db.awaiting.get(ME))?.open).toBeUndefined();
    // Another answer: nothing readers see changes, only what the row was worked out from.
    const again = makeTouchpoint({ key: 'gmail:rev-3', at: END - 3 * DAY, direction: 'outbound', from: 'rep@ourco.test', contactEmails: [ME] });
    await db.touchpoints.put(again);
    const basis = (await db.awaiting.get(ME))?.basis;
    expect(await rebuild([], [again])).toBe(0);
    expect(await revOf(ME)).toBe(9);
    expect((await db.awaiting.get(ME))?.basis).not.toEqual(basis);
    // A contact new to the table, in the same write as a quiet change: one rev above all.
    const other = makeTouchpoint({ key: 'gmail:rev-4', at: END - 2 * DAY, direction: 'inbound', from: OTHER, contactEmails: [OTHER] });
    await db.touchpoints.put(other);
    expect(await rebuild([OTHER, ME])).toBe(1);
    expect(await revOf(OTHER)).toBe(10);
    expect(await revOf(ME)).toBe(9);
    expect(await revOf('lee@elsewhere.example')).toBe(7);
  });

  it('reads only the newest touchpoints of a long conversation, and writes the row the whole history gives', async () => {
    const tps: Touchpoint[] = [];
    for (let i = 0; i <= 200; i++) {
      const inbound = i % 2 === 0;
      tps.push(makeTouchpoint({ key: `gmail:long-${String(i).padStart(3, '0')}`, at: END - (201 - i) * DAY, direction: inbound ? 'inbound' : 'outbound', from: inbound ? ME : 'rep@ourco.test', contactEmails: [ME] }));
    }
    // The last message waits.
    await db.touchpoints.bulkPut(tps);
    const name = db.name;
    db.close();
    db = openDatabase(name);
    const reads = countReads(db);
    await db.open();
    await db.transaction('rw', [db.touchpoints, db.awaiting], () => updateAwaitingRows(db, [ME]));
    // The newest SHORT_HISTORY + 1 of the 201, in one request; none of the older ones.
    expect(reads.of('touchpoints')).toBe(SHORT_HISTORY + 1);
    const { rev: _rev, ...row } = (await db.awaiting.get(ME))!;
    expect(row).toEqual(awaitingRowFor(ME, tps));
    expect(row.open?.inboundKeys).toEqual(['gmail:long-200']);
  });

  it('reads no contact history for a batch of new mail after all a row knows, or before what decides it, and writes the rows the whole history gives', async () => {
    const prospect = { email: 'jo@prospect.example', name: 'Jo' };
    const mail = (i: number, inbound: boolean, at: number) => ({
      kind: 'email' as const,
      messageId: `msg-f:moved-${i}`,
      threadId: `thread-f:moved-${i}`,
      subject: 'Pilot',
      from: inbound ? prospect : { email: 'rep@ourco.test' },
      to: inbound ? [{ email: 'rep@ourco.test' }] : [prospect],
      cc: [],
      at,
      expanded: true,
    });
    // A conversation: asked, answered, asked, answered, asked (waiting).
    await ingest(db, [0, 1, 2, 3, 4].map((i) => mail(i, i % 2 === 0, END - (20 - i) * DAY)), END);
    // Reads of the contact index, as IndexedDB receives them.
    let historyReads = 0;
    const getAll = IDBIndex.prototype.getAll;
    IDBIndex.prototype.getAll = function (this: IDBIndex, ...a: Parameters<IDBIndex['getAll']>) {
      if (this.name === 'contactKeys') historyReads += 1;
      return getAll.apply(this, a);
    };
    const rowNow = async () => {
      const { rev: _rev, ...row } = (await db.awaiting.get(prospect.email))!;
      return row;
    };
    try {
      // Newer mail: the rep answers, the prospect writes again.
      await ingest(db, [mail(5, false, END - 10 * DAY), mail(6, true, END - 9 * DAY)], END);
      expect(historyReads).toBe(0);
      expect(await rowNow()).toEqual(awaitingRowFor(prospect.email, await db.touchpoints.toArray()));
      expect((await rowNow()).open?.inboundKeys).toEqual(['gmail:msg-f:moved-6']);
      // Older mail, long before the answers that decide the row.
      await ingest(db, [mail(7, true, END - 60 * DAY), mail(8, true, END - 59 * DAY)], END);
      expect(historyReads).toBe(0);
      expect(await rowNow()).toEqual(awaitingRowFor(prospect.email, await db.touchpoints.toArray()));
      // Mail among what the row knows: the history is read.
      await ingest(db, [mail(9, false, END - 9 * DAY - 60_000)], END);
      expect(historyReads).toBeGreaterThan(0);
      expect(await rowNow()).toEqual(awaitingRowFor(prospect.email, await db.touchpoints.toArray()));
    } finally {
      IDBIndex.prototype.getAll = getAll;
    }
  });

  it('reads none of a capture batch of new mail one by one, and still sees what a deal in the same batch changed after it', async () => {
    const read: string[] = [];
    const bulkGet = db.touchpoints.bulkGet.bind(db.touchpoints);
    db.touchpoints.bulkGet = ((keys: string[]) => (read.push(...keys), bulkGet(keys))) as typeof db.touchpoints.bulkGet;
    const prospect = { email: 'jo@prospect.example', name: 'Jo' };
    const mail = (i: number, inbound: boolean) => ({
      kind: 'email' as const,
      messageId: `msg-f:once-${i}`,
      threadId: 'thread-f:once',
      subject: 'Pilot',
      from: inbound ? prospect : { email: 'rep@ourco.test' },
      to: inbound ? [{ email: 'rep@ourco.test' }] : [prospect],
      cc: [],
      at: END - (10 - i) * DAY,
      expanded: true,
    });
    const batch = [mail(0, true), mail(1, false), mail(2, true)];
    await ingest(db, batch, END);
    // The view finds that none of the keys is stored (one listing between the first and the
    // last) and reads none of them, then or after the writes.
    expect(read).toEqual([]);
    expect((await db.awaiting.get(prospect.email))?.open?.inboundKeys).toEqual(['gmail:msg-f:once-2']);
    // A deal page seen in the same batch as new mail links that mail to the deal afterwards:
    // the waiting message's deal shows on the row.
    await ingest(
      db,
      [
        mail(3, true),
        { kind: 'deal', source: 'hubspot', crmId: '77', name: 'Pilot', url: 'https://app.hubspot.com/contacts/1/record/0-3/77', contacts: [{ email: prospect.email, name: 'Jo', phones: [] }] },
      ],
      END,
    );
    const row = await db.awaiting.get(prospect.email);
    expect(row?.open?.latest.key).toBe('gmail:msg-f:once-3');
    expect(row?.open?.latest.dealId).toBe((await db.touchpoints.get('gmail:msg-f:once-3'))?.dealId);
    expect(row?.open?.latest.dealId).toBeDefined();
  });
});
