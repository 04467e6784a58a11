/**
 * The background's copy of the popup's first screen, against fake-indexeddb: what it stores is
 * what the popup would read, a write removes it at once, and a copy read while a write came is
 * never stored.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSnapshotKeeper } from '../../lib/background/popup-snapshot';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { readPopup } from '../../lib/followups/popup-read';
import { SHOWN_AT_FIRST, viewFromSnapshot, type PopupSnapshot } from '../../lib/followups/popup-view';
import { defaultSettings } from '../../lib/model';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';
import { makeFollowUp } from './helpers/factories';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-04T12:00:00-05:00');

describe('the popup first-screen keeper', () => {
  let db: DealDebriefDB;
  let now: number;
  let stored: PopupSnapshot | undefined;
  let log: string[];
  let pending: (() => void) | undefined;
  const store = {
    set: async (s: PopupSnapshot) => void ((stored = structuredClone(s)), log.push('set')),
    remove: async () => void ((stored = undefined), log.push('remove')),
  };
  /** The "soon" write runs when the test says (`flush`). */
  const later = (run: () => void) => () => void (pending = run);
  const flush = async () => {
    const run = pending;
    pending = undefined;
    run?.();
    // The write reads the database, then stores.
    await new Promise((ok) => setTimeout(ok, 50));
  };
  const keeper = () => createSnapshotKeeper(db, { now: () => now }, store, later);
  const shownIds = () => {
    const v = viewFromSnapshot(stored, now);
    return v ? { overdue: v.sections.overdue.rows.map((f) => f.id), today: v.sections.today.rows.map((f) => f.id) } : undefined;
  };

  beforeEach(async () => {
    isolateIndexedDB();
    db = await openTestDatabase();
    now = NOW;
    stored = undefined;
    log = [];
    pending = undefined;
    await storeSettings(db, { ...defaultSettings('America/New_York'), retrospectiveEveryDays: 0 });
    await db.followUps.bulkPut([
      makeFollowUp({ id: 'manual:late', dueAt: NOW - 2 * HOUR }),
      makeFollowUp({ id: 'manual:later', dueAt: NOW - HOUR }),
      makeFollowUp({ id: 'manual:soon', dueAt: NOW + HOUR }),
      makeFollowUp({ id: 'manual:done', dueAt: NOW - 3 * HOUR, state: 'done' }),
    ]);
  });
  afterEach(() => db.close());

  it('stores what the popup would read', async () => {
    await keeper().refresh();
    const live = await readPopup(db, now, SHOWN_AT_FIRST);
    expect(viewFromSnapshot(stored, now)).toEqual(live);
    expect(shownIds()).toEqual({ overdue: ['manual:late', 'manual:later'], today: ['manual:soon'] });
    // It holds until the row due today is due.
    expect(stored?.changesAt).toBe(NOW + HOUR);
  });

  it('reads the sections in UTC when the stored time zone cannot be used, instead of failing', async () => {
    // Settings written before they were checked; the working hours already fall back to UTC.
    await storeSettings(db, { ...defaultSettings('America/New_York'), timeZone: 'Europe/Atlantis', retrospectiveEveryDays: 0 });
    const view = await readPopup(db, now, SHOWN_AT_FIRST);
    expect(view.timeZone).toBe('UTC');
    expect(view.sections.overdue.rows.map((f) => f.id)).toEqual(['manual:late', 'manual:later']);
    expect(view.sections.today.rows.map((f) => f.id)).toEqual(['manual:soon']);
    // 12:00 New York is 17:00 UTC: the day ends at UTC's midnight.
    expect(view.changesAt).toBe(NOW + HOUR);
  });

  it('removes the copy at once on a write to what the popup shows, and stores a new one soon', async () => {
    const k = keeper();
    await k.refresh();
    await db.followUps.update('manual:late', { state: 'done' });
    k.changed(['followUps']);
    expect(stored).toBeUndefined();
    await flush();
    expect(shownIds()).toEqual({ overdue: ['manual:later'], today: ['manual:soon'] });
  });

  it('keeps the copy on writes elsewhere (touchpoints, the awaiting rows)', async () => {
    const k = keeper();
    await k.refresh();
    k.changed(['touchpoints', 'awaiting']);
    expect(stored).toBeDefined();
    expect(pending).toBeUndefined();
  });

  it('never stores a copy read while a write came: the write’s own refresh stores the next', async () => {
    const k = keeper();
    const reading = k.refresh();
    // The rep marks a row done while the copy is being read.
    await db.followUps.update('manual:later', { state: 'done' });
    k.changed(['followUps']);
    await reading;
    expect(stored).toBeUndefined();
    expect(log).toEqual(['remove']);
    await flush();
    expect(shownIds()).toEqual({ overdue: ['manual:late'], today: ['manual:soon'] });
  });

  it('reads again on the minute only when time has moved a row', async () => {
    const k = keeper();
    await k.refresh();
    now = NOW + 30 * 60_000;
    await k.refresh();
    expect(log).toEqual(['set']);
    now = NOW + HOUR + 60_000;
    expect(viewFromSnapshot(stored, now)).toBeUndefined();
    await k.refresh();
    expect(log).toEqual(['set', 'set']);
    // The row that was due today is overdue now.
    expect(shownIds()).toEqual({ overdue: ['manual:late', 'manual:later', 'manual:soon'], today: [] });
  });
});
