/**
 * The popup's model: the follow-ups of each section (overdue, due today, upcoming), most urgent
 * first, in the rep's time zone. It reads only what the shown rows need: the `[state+dueAt]`
 * index gives each section's ids and count without reading a record, then the first rows of
 * each are read by id (with their deals and people). Thousands stored cost what is shown.
 */
import { effect, signal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { db, loadSettings, type DealDebriefDB } from '../../lib/db';
import { contactsByEmail, followUpsById, followUpsInState, openFollowUpIdsDue } from '../../lib/db/queries';
import { extensionClock } from '../../lib/clock';
import { compareUrgency, isCallId, peopleOf, SECTIONS, sectionOf, sectionRanges, type SectionId } from '../../lib/followups/rows';
import type { Contact, Deal, FollowUp } from '../../lib/model';

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
}

export type Shown = Record<SectionId, number>;

/** What the popup shows at `now`, with `shown[section]` rows of each section at most. */
export async function readPopup(database: DealDebriefDB, now: number, shown: Shown): Promise<PopupView> {
  const { timeZone } = await loadSettings(database);
  const ranges = sectionRanges(now, timeZone);
  // Snoozed follow-ups are few (the rep snoozed each by hand) and wake by `snoozedUntil`, not
  // `dueAt`: all of them, placed by when they wake.
  const [ids, snoozed] = await Promise.all([
    Promise.all(SECTIONS.map((s) => openFollowUpIdsDue(database, ranges[s][0], ranges[s][1]))),
    followUpsInState(database, 'snoozed'),
  ]);
  const snoozedIn = (s: SectionId) => snoozed.filter((f) => sectionOf(f, now, timeZone) === s);
  // Calls come first in a section wherever they are due, so all of them are read (they are
  // few); of the rest, only as many as can show.
  const wanted = SECTIONS.flatMap((s, i) => {
    const open = ids[i]!;
    return [...open.filter(isCallId), ...open.filter((id) => !isCallId(id)).slice(0, shown[s])];
  });
  const byId = new Map((await followUpsById(database, wanted)).map((f) => [f.id, f]));
  const sections = {} as Record<SectionId, SectionView>;
  SECTIONS.forEach((s, i) => {
    const open = ids[i]!;
    const asleep = snoozedIn(s);
    const rows = [...open.flatMap((id) => byId.get(id) ?? []).filter((f) => f.state === 'open'), ...asleep].sort(compareUrgency).slice(0, shown[s]);
    sections[s] = { rows, count: open.length + asleep.length };
  });
  const rows = SECTIONS.flatMap((s) => sections[s].rows);
  const dealIds = [...new Set(rows.flatMap((f) => (f.dealId ? [f.dealId] : [])))];
  const deals = new Map((await database.deals.bulkGet(dealIds)).flatMap((d) => (d ? [[d.id, d] as const] : [])));
  const emails = [...new Set(rows.flatMap((f) => peopleOf(f, f.dealId ? deals.get(f.dealId) : undefined)))];
  const contacts = new Map((await contactsByEmail(database, emails)).map((c) => [c.email, c]));
  return { now, timeZone, sections, deals, contacts };
}

export function createPopupModel() {
  const now = signal(extensionClock.now());
  const timer = setInterval(() => (now.value = extensionClock.now()), 30_000);
  const shown = signal<Shown>({ overdue: ROWS_AT_FIRST, today: ROWS_AT_FIRST, upcoming: ROWS_AT_FIRST });
  const view = signal<PopupView | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  // One live read per (minute, rows asked for): the previous view stays on screen until the
  // next one arrives, so "Show more" and the clock never flash "Loading…".
  const stop = effect(() => {
    const at = now.value;
    const asked = shown.value;
    const sub = liveQuery(() => readPopup(db(), at, asked)).subscribe({
      next: (v) => {
        view.value = v;
        error.value = undefined;
      },
      error: (e: unknown) => {
        error.value = e instanceof Error ? e.message : String(e);
      },
    });
    return () => sub.unsubscribe();
  });
  return {
    view,
    error,
    showMore(section: SectionId) {
      shown.value = { ...shown.value, [section]: shown.value[section] + ROWS_MORE };
    },
    dispose() {
      clearInterval(timer);
      stop();
    },
  };
}

export type PopupModel = ReturnType<typeof createPopupModel>;
