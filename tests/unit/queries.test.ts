import {
  dealLinkedToThread,
  dealsOfContacts,
  latestTouchpointsOfContact,
  lostOrDeadDeals,
  openDealsNewestFirst,
  pendingFollowUps,
  touchpointsOfDeal,
  touchpointsOfThread,
} from '../../lib/db/queries';
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
