/**
 * Writers of touchpoints and who is owed a reply: a row moves on from what it knows when mail is
 * only added, so every other write must name every contact it changes, and forgetting must not
 * leave addresses behind in the reply-owed table.
 */
import { Dexie } from 'dexie';
import { createApi } from '../../lib/background/api';
import { changedTables, createRefresher } from '../../lib/background/refresh';
import { awaitingRowFor, HIGH_WATER, trackedWrite } from '../../lib/db/awaiting';
import { ingest, putTouchpoint } from '../../lib/db/ingest';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings } from '../../lib/model';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';
import { quietEffects } from './helpers/effects';
import { makeTouchpoint, T0, HOUR, DAY } from './helpers/factories';

const A = 'ann@acme.test';
const B = 'bob@acme.test';
const REP = 'rep@ourco.test';
let db: DealDebriefDB;
let now = T0 + 10 * DAY;
let api: ReturnType<typeof createApi>;

beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: [REP], internalDomains: ['ourco.test'] });
  api = createApi(db, { now: () => now }, quietEffects(), Math.random);
});
afterEach(() => db.close());

const mail = (id: string, from: string, to: string, at: number) => ({
  kind: 'email' as const, messageId: `msg-f:${id}`, threadId: `thread-f:${id}`, subject: 'Pilot',
  from: { email: from }, to: [{ email: to }], cc: [], at, expanded: true,
});
const visible = (r: object | undefined) => {
  if (!r) return undefined;
  const { rev: _r, basis: _b, ...rest } = r as { rev?: number; basis?: unknown };
  return rest;
};

describe('forgetting and the reply-owed table', () => {
  it('a contact who never waited leaves no trace of their address in the awaiting table', async () => {
    // The rep writes to Bob; Bob never writes back (he never waits on anybody).
    await ingest(db, [mail('1', REP, B, T0)], now);
    await api.forgetContact({ email: B });
    expect(await db.touchpoints.count()).toBe(0);
    expect(await db.contacts.get(B)).toBeUndefined();
    // Nothing of his is left, so no row either (his address would otherwise stay after "forget").
    expect(await db.awaiting.get(B)).toBeUndefined();
  });

  it('delete everything leaves no contact address behind in the awaiting table', async () => {
    await ingest(db, [mail('1', REP, B, T0), mail('2', REP, A, T0 + HOUR)], now);
    await api.forgetEverything({ confirm: 'Delete everything' });
    expect(await db.awaiting.toCollection().primaryKeys()).toEqual([]);
  });
});

describe('the reply-owed rev never goes down', () => {
  // Readers (the badge, the reply follow-ups) read only the rows whose rev is above the highest
  // they have seen; a rev handed out again is a change they never see.
  const C = 'cat@acme.test';
  async function withRefresher(body: (run: () => Promise<void>) => Promise<void>): Promise<void> {
    const refresher = createRefresher(db, { now: () => now }, { setBadge: async () => undefined, notify: async () => undefined });
    const listener = (parts: Record<string, unknown>) => refresher.invalidate(changedTables(parts, db.name));
    Dexie.on('storagemutated', listener);
    try {
      await body(() => refresher.run());
    } finally {
      Dexie.on('storagemutated').unsubscribe(listener);
    }
  }
  const owed = async () => (await db.followUps.where('kind').equals('reply').toArray()).map((f) => f.contactEmail).sort();

  it('forgetting the contact whose row holds the highest rev: the next wait still reaches the follow-ups', async () => {
    await withRefresher(async (run) => {
      await ingest(db, [mail('1', B, REP, now - 5 * DAY)], now); // Bob waits
      await ingest(db, [mail('2', A, REP, now - 4 * DAY)], now); // Ann waits
      await ingest(db, [mail('3', REP, A, now - 3 * DAY)], now); // Ann answered: the highest rev
      await run();
      const highest = (await db.awaiting.orderBy('rev').last())!.rev;
      await api.forgetContact({ email: A });
      expect(await db.awaiting.get(A)).toBeUndefined();
      await run();
      await ingest(db, [mail('4', C, REP, now - 2 * DAY)], now); // Cat waits
      expect((await db.awaiting.get(C))!.rev).toBeGreaterThan(highest);
      await run();
      expect(await owed()).toEqual([B, C]);
    });
  });

  it('delete everything when nobody waits: the next wait still reaches the follow-ups, and no address stays', async () => {
    await withRefresher(async (run) => {
      await ingest(db, [mail('1', A, REP, now - 4 * DAY)], now);
      await ingest(db, [mail('2', REP, A, now - 3 * DAY)], now);
      await run();
      await api.forgetEverything({ confirm: 'Delete everything' });
      expect(await db.awaiting.toCollection().primaryKeys()).toEqual([HIGH_WATER]);
      await run();
      await ingest(db, [mail('3', C, REP, now - 2 * DAY)], now);
      await run();
      expect(await owed()).toEqual([C]);
    });
  });
});

describe('"no reply needed" on a missed call naming two prospects', () => {
  it("the other prospect's row matches their history after their next mail", async () => {
    // A CRM-logged missed inbound call that names Ann and Bob (no sender: a call).
    const call = makeTouchpoint({ key: 'hubspot:acme:call-1', channel: 'call', direction: 'inbound', outcome: 'no-answer', at: T0, contactEmails: [A, B], capturedFrom: 'hubspot', provenance: 'seen' });
    await trackedWrite(db, [], () => putTouchpoint(db, call));
    expect((await db.awaiting.get(B))?.open?.since).toBe(T0);
    // The rep says Ann's call needs no reply: the call is marked, it no longer waits for anybody.
    expect(await api.noReplyNeeded({ contactEmail: A, upTo: T0 + 1 })).toEqual({ marked: 1 });
    // Two days later Bob writes an email.
    await ingest(db, [mail('2', B, REP, T0 + 2 * DAY)], now);
    const whole = awaitingRowFor(B, await db.touchpoints.toArray());
    // Bob waits since his email, not since the call the rep said needs no reply.
    expect(whole?.open?.since).toBe(T0 + 2 * DAY);
    expect(visible(await db.awaiting.get(B))).toEqual(visible(whole));
  });
});
