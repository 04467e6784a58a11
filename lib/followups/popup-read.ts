/**
 * Reading the popup's view from the database: the follow-ups of each section (overdue, due
 * today, upcoming), most urgent first, in the rep's time zone. It reads only what the shown rows
 * need: the `[state+dueAt]` index gives each section's ids and count without reading a record,
 * then the first rows of each are read by id (with their deals and people). Thousands stored
 * cost what is shown. The popup reads it live; the background reads it to keep the popup's
 * first screen (popup-view.ts).
 */
import { loadSettings, type DealDebriefDB } from '../db';
import { contactsByEmail, followUpsById, followUpsInState, openFollowUpIdsDue } from '../db/queries';
import { compareUrgency, isCallId, peopleOf, SECTIONS, type SectionId } from './rows';
import { sectionOf, sectionRanges } from './sections';
import { nextChangeAt, type PopupView, type SectionView, type Shown } from './popup-view';
import { calendarFromSettings } from '../worktime';

/** What the popup shows at `now`, with `shown[section]` rows of each section at most. */
export async function readPopup(database: DealDebriefDB, now: number, shown: Shown): Promise<PopupView> {
  // The working calendar's zone: the stored one, or UTC's when it cannot be used.
  const { timeZone } = calendarFromSettings(await loadSettings(database));
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
  // The index lists today's ids soonest first, and the first of them is always read.
  const firstToday = ids[SECTIONS.indexOf('today')]![0];
  const changesAt = nextChangeAt(now, ranges.today[1], firstToday ? byId.get(firstToday)?.dueAt : undefined, snoozed);
  const rows = SECTIONS.flatMap((s) => sections[s].rows);
  const dealIds = [...new Set(rows.flatMap((f) => (f.dealId ? [f.dealId] : [])))];
  const deals = new Map((await database.deals.bulkGet(dealIds)).flatMap((d) => (d ? [[d.id, d] as const] : [])));
  const emails = [...new Set(rows.flatMap((f) => peopleOf(f, f.dealId ? deals.get(f.dealId) : undefined)))];
  const contacts = new Map((await contactsByEmail(database, emails)).map((c) => [c.email, c]));
  return { now, timeZone, sections, deals, contacts, changesAt };
}
