import {
  dealLinkedToThread,
  dealsOfContacts,
  latestTouchpointsOfContact,
  lostOrDeadDeals,
  openDealsNewestFirst,
  pendingFollowUps,
  touchpointsOfContactBetween,
  touchpointsOfDeal,
  touchpointsOfRecentCorrespondents,
  touchpointsOfThread,
} from '../../lib/db/queries';
import { contactKey } from '../../lib/db/contact-keys';
import type { Touchpoint } from '../../lib/model';
import { trackedWrite } from '../../lib/db/awaiting';
import { putTouchpoint } from '../../lib/db/ingest';
import type { DealDebriefDB } from '../../lib/db/schema';
import { isLostOrDead, type DealStatus } from '../../lib/model';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';
import { DAY, HOUR, T0, makeDeal, makeFollowUp, makeTouchpoint } from './helpers/factories';

let db: DealDebriefDB;
beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
});
afterEach(() => db.close());

const keys = (rows: { key: string }[]) => rows.map((r) => r.key);

describe('named queries', () => {
  it("touchpointsOfThread: the whole thread oldest first, or a window with both ends included", async () => {
    const a = makeTouchpoint({ threadId: 't1', at: T0 + 2 * HOUR });
    const b = makeTouchpoint({ threadId: 't1', at: T0 });
    const c = makeTouchpoint({ threadId: 't1', at: T0 + 4 * HOUR });
    const other = makeTouchpoint({ threadId: 't2', at: T0 + HOUR });
    await db.touchpoints.bulkPut([a, b, c, other]);
    expect(keys(await touchpointsOfThread(db, 't1'))).toEqual([b.key, a.key, c.key]);
    expect(keys(await touchpointsOfThread(db, 't1', T0 + 2 * HOUR, T0 + 4 * HOUR))).toEqual([a.key, c.key]);
  });

  it("touchpointsOfDeal: only that deal's, oldest first", async () => {
    const late = makeTouchpoint({ dealId: 'd1', at: T0 + DAY });
    const early = makeTouchpoint({ dealId: 'd1', at: T0 });
    await db.touchpoints.bulkPut([late, early, makeTouchpoint({ dealId: 'd2' }), makeTouchpoint()]);
    expect(keys(await touchpointsOfDeal(db, 'd1'))).toEqual([early.key, late.key]);
  });

  it('latestTouchpointsOfContact: newest first, at most the limit, through the contact index', async () => {
    const tps = [0, 1, 2].map((i) => makeTouchpoint({ contactEmails: ['pat@acme.example'], at: T0 + i * HOUR }));
    await trackedWrite(db, [], async () => {
      for (const tp of [...tps, makeTouchpoint({ contactEmails: ['sam@other.example'] })]) await putTouchpoint(db, tp);
    });
    expect(keys(await latestTouchpointsOfContact(db, 'pat@acme.example', 2))).toEqual([tps[2]!.key, tps[1]!.key]);
  });

  it('deal look-ups by thread, contacts and status', async () => {
    const linked = makeDeal({ threadIds: ['t9'], contactEmails: ['a@x.example'], updatedAt: T0 });
    const newer = makeDeal({ contactEmails: ['b@x.example'], updatedAt: T0 + DAY });
    const lost = makeDeal({ status: 'lost' });
    const dead = makeDeal({ status: 'dead' });
    const won = makeDeal({ status: 'won' });
    await db.deals.bulkPut([linked, newer, lost, dead, won]);
    expect((await dealLinkedToThread(db, 't9'))?.id).toBe(linked.id);
    expect(await dealLinkedToThread(db, 'nope')).toBeUndefined();
    expect((await dealsOfContacts(db, ['b@x.example'])).map((d) => d.id)).toEqual([newer.id]);
    expect((await openDealsNewestFirst(db)).map((d) => d.id)).toEqual([newer.id, linked.id]);
    expect((await lostOrDeadDeals(db)).map((d) => d.id).sort()).toEqual([lost.id, dead.id].sort());
  });

  it('pendingFollowUps: open ones up to the horizon, every snoozed one, never done ones', async () => {
    const soon = makeFollowUp({ dueAt: T0 });
    const far = makeFollowUp({ dueAt: T0 + 30 * DAY });
    const snoozedFar = makeFollowUp({ state: 'snoozed', dueAt: T0 + 40 * DAY, snoozedUntil: T0 + DAY });
    const done = makeFollowUp({ state: 'done' });
    await db.followUps.bulkPut([soon, far, snoozedFar, done]);
    expect((await pendingFollowUps(db, T0 + 16 * DAY)).map((f) => f.id)).toEqual([soon.id, snoozedFar.id]);
    expect((await pendingFollowUps(db)).map((f) => f.id)).toEqual([soon.id, far.id, snoozedFar.id]);
  });
});

/**
 * The contact reads answer as the `contactTouches` table answered before its rows moved into
 * the touchpoints store: one row { email, at, key } per touchpoint and contact, read through its
 * `[email+at]` index, which orders rows by address, then instant, then touchpoint key (the
 * table's own key was [email+key]). Below, that table is rebuilt in memory from the stored
 * touchpoints and every read is compared with it, over instants of every length (0, a few
 * digits, 13 digits) and many ties.
 */
describe('contact reads answer as the contactTouches table did', () => {
  const EMAILS = ['a@x.example', 'ab@x.example', 'b@x.example', 'pat@acme.example'];
  const INSTANTS = [0, 5, 9, 10, 99, 100, 999, 1000, 123_456, T0 - DAY, T0, T0 + HOUR, T0 + DAY, T0 + 40 * DAY, 9_999_999_999_999];
  let tps: Touchpoint[];
  // The old table's rows in its `[email+at]` index order.
  const oldRows = () =>
    tps
      .flatMap((t) => t.contactEmails.map((email) => ({ email, at: t.at, key: t.key })))
      .sort((a, b) => (a.email < b.email ? -1 : a.email > b.email ? 1 : a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)));
  const oldBetween = (email: string, from = 0, until = Number.MAX_SAFE_INTEGER) => oldRows().filter((r) => r.email === email && r.at >= from && r.at <= until).map((r) => r.key);

  beforeEach(async () => {
    let seed = 7;
    const rand = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    tps = Array.from({ length: 300 }, (_, i) =>
      makeTouchpoint({
        key: `gmail:${Math.floor(rand() * 1e6)}-${i}`,
        at: INSTANTS[Math.floor(rand() * INSTANTS.length)]!,
        direction: rand() < 0.5 ? 'inbound' : 'outbound',
        contactEmails: EMAILS.filter(() => rand() < 0.4),
      }),
    );
    await trackedWrite(db, [], async () => {
      for (const tp of tps) await putTouchpoint(db, tp);
    });
  });

  it('touchpointsOfContactBetween: the whole history and windows, oldest first, both ends included', async () => {
    let compared = 0;
    for (const email of [...EMAILS, 'nobody@x.example', 'a@x.exampl']) {
      expect(keys(await touchpointsOfContactBetween(db, email)), email).toEqual(oldBetween(email));
      for (const [from, until] of [[0, 0], [5, 1000], [10, 99], [T0, T0 + DAY], [T0 + 1, T0 + 40 * DAY - 1], [0, Number.MAX_SAFE_INTEGER]] as const) {
        const want = oldBetween(email, from, until);
        expect(keys(await touchpointsOfContactBetween(db, email, from, until)), `${email} ${from}–${until}`).toEqual(want);
        compared += want.length;
      }
    }
    expect(compared).toBeGreaterThan(200);
  });

  it('latestTouchpointsOfContact: the same rows backwards, at most the limit', async () => {
    for (const email of EMAILS) {
      const all = oldBetween(email).reverse();
      expect(all.length).toBeGreaterThan(50);
      for (const limit of [1, 7, 50, 1000]) expect(keys(await latestTouchpointsOfContact(db, email, limit)), `${email} ${limit}`).toEqual(all.slice(0, limit));
    }
  });

  it('touchpointsOfRecentCorrespondents: every touchpoint of each recent inbound contact, in the order the histories first name it', async () => {
    const now = T0 + DAY;
    const recent = tps.filter((t) => t.at >= now - 2 * DAY).sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
    const contacts = [...new Set(recent.filter((t) => t.direction === 'inbound').flatMap((t) => t.contactEmails))];
    const want = [...new Set(contacts.flatMap((email) => oldBetween(email)))];
    expect(contacts.length).toBeGreaterThan(1);
    expect(keys(await touchpointsOfRecentCorrespondents(db, now, 2 * DAY))).toEqual(want);
  });

  it('an index entry sorts by address, then instant, whatever the number of digits', () => {
    const sorted = [contactKey('a@x.example', 1000), contactKey('a@x.example', 999), contactKey('ab@x.example', 0), contactKey('a@x.example', 0)].sort();
    expect(sorted).toEqual([contactKey('a@x.example', 0), contactKey('a@x.example', 999), contactKey('a@x.example', 1000), contactKey('ab@x.example', 0)]);
  });
});

describe('isLostOrDead', () => {
  it.each<[DealStatus, boolean]>([
    ['open', false],
    ['won', false],
    ['lost', true],
    ['dead', true],
  ])('%s → %s', (status, expected) => {
    expect(isLostOrDead({ status })).toBe(expected);
  });

  it('a missing deal is not lost', () => {
    expect(isLostOrDead(undefined)).toBe(false);
  });
});
