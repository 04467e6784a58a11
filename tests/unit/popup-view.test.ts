/**
 * The popup's first screen as the background stores it: when time alone changes the sections,
 * and when a stored copy may be shown.
 */
import { describe, expect, it } from 'vitest';
import { nextChangeAt, SHOWN_AT_FIRST, snapshotOf, viewFromSnapshot, type PopupView } from '../../lib/followups/popup-view';
import { makeDeal, makeFollowUp } from './helpers/factories';

const HOUR = 3_600_000;
const NOW = Date.parse('2026-03-04T12:00:00-05:00');
const END_OF_TODAY = Date.parse('2026-03-05T00:00:00-05:00');

function view(over: Partial<PopupView> = {}): PopupView {
  const deal = makeDeal({ id: 'hubspot:1:7', name: 'Acme renewal', contactEmails: ['dana@acme.example'] });
  return {
    now: NOW,
    timeZone: 'America/New_York',
    sections: {
      overdue: { rows: [makeFollowUp({ id: 'manual:late', dueAt: NOW - HOUR, dealId: deal.id })], count: 12 },
      today: { rows: [makeFollowUp({ id: 'manual:soon', dueAt: NOW + 2 * HOUR })], count: 1 },
      upcoming: { rows: [], count: 0 },
    },
    deals: new Map([[deal.id, deal]]),
    contacts: new Map([['dana@acme.example', { email: 'dana@acme.example', name: 'Dana Buyer', domain: 'acme.example', phones: [], firstSeen: NOW, lastSeen: NOW }]]),
    changesAt: NOW + 2 * HOUR,
    ...over,
  };
}

/** Stored and read back as session storage does: plain data. */
const stored = (v: PopupView) => JSON.parse(JSON.stringify(snapshotOf(v, SHOWN_AT_FIRST))) as unknown;

describe('nextChangeAt', () => {
  it('is the end of today when nothing due today or snoozed comes first', () => {
    expect(nextChangeAt(NOW, END_OF_TODAY, undefined, [])).toBe(END_OF_TODAY);
  });

  it('is when the soonest row due later today becomes overdue', () => {
    expect(nextChangeAt(NOW, END_OF_TODAY, NOW + HOUR, [])).toBe(NOW + HOUR);
  });

  it('is when the soonest snoozed row wakes; one already awake changes nothing', () => {
    const snoozed = [
      makeFollowUp({ state: 'snoozed', dueAt: NOW - 9 * HOUR, snoozedUntil: NOW - HOUR }),
      makeFollowUp({ state: 'snoozed', dueAt: NOW - 9 * HOUR, snoozedUntil: NOW + 3 * HOUR }),
      makeFollowUp({ state: 'snoozed', dueAt: NOW - 9 * HOUR, snoozedUntil: NOW + 5 * HOUR }),
    ];
    expect(nextChangeAt(NOW, END_OF_TODAY, NOW + 4 * HOUR, snoozed)).toBe(NOW + 3 * HOUR);
  });
});

describe('the stored first screen', () => {
  it('gives back the same rows, counts, deals and people, at the time it is opened', () => {
    const v = view();
    const back = viewFromSnapshot(stored(v), NOW + 60_000);
    expect(back).toEqual({ ...v, now: NOW + 60_000 });
  });

  it('is not shown once time has moved a row (a row due today became overdue)', () => {
    const s = stored(view());
    expect(viewFromSnapshot(s, NOW + 2 * HOUR - 1)).toBeDefined();
    expect(viewFromSnapshot(s, NOW + 2 * HOUR)).toBeUndefined();
  });

  it('is not shown when the clock reads before it was taken', () => {
    expect(viewFromSnapshot(stored(view()), NOW - 1)).toBeUndefined();
  });

  it('is not shown for other rows asked for, or when it is not a copy of this shape', () => {
    const s = stored(view());
    expect(viewFromSnapshot(s, NOW, { ...SHOWN_AT_FIRST, overdue: SHOWN_AT_FIRST.overdue + 50 })).toBeUndefined();
    expect(viewFromSnapshot(undefined, NOW)).toBeUndefined();
    expect(viewFromSnapshot({ ...(s as object), v: 0 }, NOW)).toBeUndefined();
    expect(viewFromSnapshot({ ...(s as object), sections: { overdue: { rows: [], count: 0 } } }, NOW)).toBeUndefined();
  });
});
