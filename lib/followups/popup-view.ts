/**
 * What the toolbar popup shows, and the small copy of its first screen the background keeps in
 * session storage so the popup can paint at once, before the database is open. Pure: the world
 * (now, records) comes in as arguments.
 *
 * A copy is only good while nothing that decides the first screen has changed:
 * - a write to follow-ups, deals, contacts or settings removes it (the background does that as
 *   soon as it hears of the write, and writes a new one shortly after);
 * - time moves rows between sections: a row due later today becomes overdue when it is due, a
 *   snoozed row comes back when it wakes, and at midnight "today" and the 14 upcoming days move
 *   on. The copy says when the first of these happens (`changesAt`); from then on it is not used.
 */
import type { Contact, Deal, FollowUp } from '../model';
import { SECTIONS, whenOf, type SectionId } from './rows';

/** Rows a section shows before "Show more" (more than fit in the popup at once); each "Show more" adds `ROWS_MORE`. */
export const ROWS_AT_FIRST = 10;
export const ROWS_MORE = 50;

export interface SectionView {
  /** The first rows, most urgent first. */
  rows: FollowUp[];
  /** How many follow-ups the section holds. */
  count: number;
}

export interface PopupView {
  now: number;
  timeZone: string;
  sections: Record<SectionId, SectionView>;
  deals: ReadonlyMap<string, Deal>;
  contacts: ReadonlyMap<string, Contact>;
  /** The first instant after `now` at which time alone changes what the sections hold. */
  changesAt: number;
}

export type Shown = Record<SectionId, number>;

/** The rows each section shows when the popup opens. */
export const SHOWN_AT_FIRST: Shown = { overdue: ROWS_AT_FIRST, today: ROWS_AT_FIRST, upcoming: ROWS_AT_FIRST };

/**
 * When time alone next changes the sections, from `now`: the end of today (upcoming rows become
 * today's, rows 15 days ahead become upcoming), the soonest open row due later today (it becomes
 * overdue), and the soonest snoozed row to wake (it shows again, or moves).
 */
export function nextChangeAt(now: number, endOfToday: number, soonestDueToday: number | undefined, snoozed: readonly Pick<FollowUp, 'dueAt' | 'state' | 'snoozedUntil'>[]): number {
  let at = endOfToday;
  if (soonestDueToday !== undefined && soonestDueToday >= now) at = Math.min(at, soonestDueToday);
  for (const f of snoozed) {
    const wakes = whenOf(f);
    if (wakes >= now) at = Math.min(at, wakes);
  }
  return at;
}

/** The key of the copy in session storage. */
export const POPUP_SNAPSHOT_KEY = 'popupFirstScreen';
const SNAPSHOT_VERSION = 1;

/** The first screen as stored: plain data (no maps), with when it was read and until when it holds. */
export interface PopupSnapshot {
  v: typeof SNAPSHOT_VERSION;
  takenAt: number;
  changesAt: number;
  shown: Shown;
  timeZone: string;
  sections: Record<SectionId, SectionView>;
  deals: Deal[];
  contacts: Contact[];
}

export function snapshotOf(view: PopupView, shown: Shown): PopupSnapshot {
  return {
    v: SNAPSHOT_VERSION,
    takenAt: view.now,
    changesAt: view.changesAt,
    shown,
    timeZone: view.timeZone,
    sections: view.sections,
    deals: [...view.deals.values()],
    contacts: [...view.contacts.values()],
  };
}

/**
 * The view a stored copy gives at `now` for `shown` rows per section, or undefined when it cannot
 * be trusted: another shape or version, other rows asked for, read after `now` (a clock set
 * back), or time has since moved a row (`changesAt`).
 */
export function viewFromSnapshot(stored: unknown, now: number, shown: Shown = SHOWN_AT_FIRST): PopupView | undefined {
  if (!isSnapshot(stored)) return undefined;
  if (SECTIONS.some((s) => stored.shown[s] !== shown[s])) return undefined;
  if (!(stored.takenAt <= now && now < stored.changesAt)) return undefined;
  return {
    now,
    timeZone: stored.timeZone,
    sections: stored.sections,
    deals: new Map(stored.deals.map((d) => [d.id, d])),
    contacts: new Map(stored.contacts.map((c) => [c.email, c])),
    changesAt: stored.changesAt,
  };
}

function isSnapshot(x: unknown): x is PopupSnapshot {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<PopupSnapshot>;
  return (
    s.v === SNAPSHOT_VERSION &&
    typeof s.takenAt === 'number' &&
    typeof s.changesAt === 'number' &&
    typeof s.timeZone === 'string' &&
    typeof s.shown === 'object' &&
    s.shown !== null &&
    typeof s.sections === 'object' &&
    s.sections !== null &&
    SECTIONS.every((id) => Array.isArray(s.sections![id]?.rows) && typeof s.sections![id]?.count === 'number') &&
    Array.isArray(s.deals) &&
    Array.isArray(s.contacts)
  );
}
