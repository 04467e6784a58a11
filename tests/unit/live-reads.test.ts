/**
 * The sidebar's reads kept live by the background: answered at once, again when a write touched
 * what a read looked at (new, edited, deleted, restored records), and not for writes elsewhere.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { trackedWrite } from '../../lib/db/awaiting';
import { deleteTouchpoint, putTouchpoint } from '../../lib/db/ingest';
import type { DealDebriefDB } from '../../lib/db/schema';
import { createLiveReads, type LiveReads } from '../../lib/background/live-reads';
import { READS } from '../../lib/db/reads';
import type { ReadAnswer } from '../../lib/sidebar-link';
import type { Touchpoint } from '../../lib/model';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';
import { HOUR, T0, makeDeal, makeTouchpoint } from './helpers/factories';

let db: DealDebriefDB;
let answers: ReadAnswer[];
let reads: LiveReads;
beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  answers = [];
  reads = createLiveReads(db, (a) => answers.push(a));
});
afterEach(() => {
  vi.restoreAllMocks();
  reads.dispose();
  db.close();
});

const JANE = 'jane@acme.example';
const put = (tp: Touchpoint) => trackedWrite(db, [], () => putTouchpoint(db, tp));
/** A live query answers once the write's transaction is done: wait for that, never a fixed time. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 10_000, interval: 5 });
const timelineOf = (id: number) => answers.filter((a) => a.id === id && a.error === undefined).map((a) => (a.value as Touchpoint[]).map((t) => t.subject));

describe('live reads for the sidebar', () => {
  it("answers a contact's timeline at once, then after each new, edited or deleted touchpoint of that contact", async () => {
    const first = makeTouchpoint({ contactEmails: [JANE], at: T0, subject: 'Hello' });
    await put(first);
    reads.subscribe(1, 'contactTimeline', { email: JANE });
    await until(() => expect(timelineOf(1)).toEqual([['Hello']]));

    const reply = makeTouchpoint({ contactEmails: [JANE], at: T0 + HOUR, subject: 'Re: Hello' });
    await put(reply);
    await until(() => expect(timelineOf(1).at(-1)).toEqual(['Re: Hello', 'Hello']));

    // An edit that changes no index (only the subject) still reaches the read.
    await put({ ...first, subject: 'Hello (edited)' });
    await until(() => expect(timelineOf(1).at(-1)).toEqual(['Re: Hello', 'Hello (edited)']));

    await trackedWrite(db, [], () => deleteTouchpoint(db, reply.key));
    await until(() => expect(timelineOf(1).at(-1)).toEqual(['Hello (edited)']));

    // Put back (an undo): it shows again.
    await put(reply);
    await until(() => expect(timelineOf(1).at(-1)).toEqual(['Re: Hello', 'Hello (edited)']));
  });

  it('stays quiet for writes about someone else, and for a write that leaves its answer the same', async () => {
    await put(makeTouchpoint({ contactEmails: [JANE], at: T0, subject: 'Hello' }));
    await db.deals.put(makeDeal({ id: 'hubspot:1', name: 'Acme' }));
    reads.subscribe(1, 'contactTimeline', { email: JANE });
    reads.subscribe(2, 'deal', { dealId: 'hubspot:1' });
    await until(() => expect(answers.map((a) => a.id).sort()).toEqual([1, 2]));

    await put(makeTouchpoint({ contactEmails: ['sam@other.example'], at: T0, subject: 'Other' }));
    await db.deals.put(makeDeal({ id: 'hubspot:2', name: 'Other deal' }));
    const deal = (await db.deals.get('hubspot:1'))!;
    await db.deals.put({ ...deal });
    // Then a write that does concern a read: everything before it has been answered (or not).
    await db.deals.put({ ...deal, name: 'Acme renewal' });
    await until(() => expect(answers.at(-1)).toMatchObject({ id: 2, value: { name: 'Acme renewal' } }));
    expect(answers).toHaveLength(3);
  });

  it('answers again after the whole database is restored', async () => {
    await put(makeTouchpoint({ contactEmails: [JANE], at: T0, subject: 'Before' }));
    reads.subscribe(1, 'contactTimeline', { email: JANE });
    await until(() => expect(timelineOf(1)).toEqual([['Before']]));
    await db.touchpoints.clear();
    await put(makeTouchpoint({ contactEmails: [JANE], at: T0, subject: 'Restored' }));
    await until(() => expect(timelineOf(1).at(-1)).toEqual(['Restored']));
  });

  it('stops a read when asked, and all of them when the sidebar goes away', async () => {
    reads.subscribe(1, 'contactTimeline', { email: JANE });
    reads.subscribe(2, 'settings', null);
    await until(() => expect(answers.map((a) => a.id).sort()).toEqual([1, 2]));
    reads.unsubscribe(1);
    await put(makeTouchpoint({ contactEmails: [JANE], at: T0, subject: 'Unseen' }));
    // Another sidebar's read of the same sees the write; the stopped one heard nothing.
    const other = createLiveReads(db, (a) => answers.push({ ...a, id: a.id + 100 }));
    other.subscribe(1, 'contactTimeline', { email: JANE });
    await until(() => expect(timelineOf(101)).toEqual([['Unseen']]));
    expect(answers.filter((a) => a.id === 1)).toHaveLength(1);

    reads.dispose();
    await db.settings.put({ ...(answers.find((a) => a.id === 2)!.value as object), id: 'settings', workStart: '07:00' } as never);
    other.subscribe(2, 'settings', null);
    await until(() => expect(answers.find((a) => a.id === 102)?.value).toMatchObject({ workStart: '07:00' }));
    other.dispose();
    expect(answers.filter((a) => a.id === 2)).toHaveLength(1);
  });

  it('tries a failed read again, so a moment of trouble does not leave the sidebar stale', async () => {
    // The database refuses once (busy, blocked by an update in another tab), then answers.
    vi.spyOn(READS, 'contactTimeline').mockRejectedValueOnce(new Error('The database is busy.'));
    reads.subscribe(1, 'contactTimeline', { email: JANE });
    await until(() => expect(answers[0]).toEqual({ id: 1, error: 'The database is busy.' }));
    await put(makeTouchpoint({ contactEmails: [JANE], at: T0, subject: 'Back' }));
    await until(() => expect(timelineOf(1)).toEqual([['Back']]));
  });

  it('refuses a read it does not know, by name', async () => {
    reads.subscribe(7, 'dropTables', null);
    reads.subscribe(8, 'toString', null);
    expect(answers).toEqual([
      { id: 7, error: 'Unknown read "dropTables".' },
      { id: 8, error: 'Unknown read "toString".' },
    ]);
  });
});
