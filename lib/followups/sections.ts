/**
 * The toolbar popup's sections in the rep's calendar: where overdue, due today and upcoming end,
 * and which section a follow-up is in. Pure: the world (now, time zone) comes in as arguments.
 */
import type { FollowUp } from '../model';
import { instantOfDay, localDayAndTime } from '../worktime';
import { classifyDue, UPCOMING_DAYS } from './due';
import type { SectionId } from './rows';

/**
 * Where each section ends for an open follow-up (by `dueAt`): overdue before `now`, due today
 * before the end of the rep's calendar day, upcoming before the end of the 14th day after it —
 * the same lines `classifyDue` draws, as index ranges.
 */
export function sectionRanges(now: number, timeZone: string): Record<SectionId, readonly [number, number]> {
  const today = localDayAndTime(now, timeZone).day;
  const endToday = instantOfDay(today + 1, 0, timeZone);
  const endUpcoming = instantOfDay(today + UPCOMING_DAYS + 1, 0, timeZone);
  return { overdue: [0, now], today: [now, endToday], upcoming: [endToday, endUpcoming] };
}

/** The section a follow-up shows in, if any (a snoozed one by the time it wakes). */
export function sectionOf(f: Pick<FollowUp, 'dueAt' | 'state' | 'snoozedUntil'>, now: number, timeZone: string): SectionId | undefined {
  const state = classifyDue(f, now, timeZone);
  return state === 'overdue' || state === 'today' || state === 'upcoming' ? state : undefined;
}
