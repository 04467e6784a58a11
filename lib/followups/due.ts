/**
 * Follow-up timing: due state, snoozing, recurring retrospectives,
 * debrief and re-engage dates. Every "day" is a calendar day in the rep's time zone.
 * Pure: the world (now, zone, calendar) comes in as arguments.
 */
import type { FollowUp } from '../model';
import {
  DAY_MS,
  HOUR_MS,
  MINUTE_MS,
  dayNumber,
  firstWorkingDayFrom,
  instantOfDay,
  isWorkingDate,
  localDayAndTime,
  weekdayOf,
  workEndOf,
  workStartOf,
  type WorkCalendar,
} from '../worktime';

export type DueState = 'overdue' | 'today' | 'upcoming' | 'later' | 'done' | 'snoozed-hidden';

/** How many days after today still count as "upcoming". */
export const UPCOMING_DAYS = 14;

/**
 * - `done`: state done.
 * - The instant that counts is `snoozedUntil` for a snoozed follow-up (when set), else `dueAt`.
 * - `overdue`: that instant is before `now`.
 * - `today`: later today (the rep's calendar day in `timeZone`, not UTC's) — except a snoozed
 *   follow-up that wakes later today is `snoozed-hidden` until it wakes (then `overdue`).
 * - `upcoming`: on one of the 14 calendar days after today; `later`: after that.
 *   A follow-up snoozed to another day shows where its new date puts it.
 */
export function classifyDue(followUp: Pick<FollowUp, 'dueAt' | 'state' | 'snoozedUntil'>, now: number, timeZone: string): DueState {
  if (followUp.state === 'done') return 'done';
  const snoozed = followUp.state === 'snoozed' && followUp.snoozedUntil !== undefined;
  const at = snoozed ? (followUp.snoozedUntil ?? followUp.dueAt) : followUp.dueAt;
  if (at < now) return 'overdue';
  const today = localDayAndTime(now, timeZone).day;
  const day = localDayAndTime(at, timeZone).day;
  if (day === today) return snoozed ? 'snoozed-hidden' : 'today';
  return day - today <= UPCOMING_DAYS ? 'upcoming' : 'later';
}

export type SnoozeOption = 'later-today' | 'tomorrow' | 'next-week' | { date: string };
export type SnoozeResult = { ok: true; at: number } | { ok: false; error: string };

export const LATER_TODAY_MS = 3 * HOUR_MS;

/**
 * When a snooze ends.
 * - `later-today`: now + 3 h, but not past today's workEnd on a working day when now is
 *   before workEnd (16:30 → 17:00). Outside working hours (evening, weekend) now + 3 h, but
 *   not past 23:59 today. An error when less than a minute of today is left.
 * - `tomorrow`: workStart on the next working day after today (Friday → Monday).
 * - `next-week`: workStart on the Monday after this week (Monday → the following Monday),
 *   moved to the next working day if that Monday is not one.
 * - `{ date }`: workStart on that date, kept even if it is not a working day (the rep chose
 *   it). A date before today, or today once workStart has passed, is an error.
 */
export function snoozeUntil(option: SnoozeOption, now: number, calendar: WorkCalendar): SnoozeResult {
  const today = localDayAndTime(now, calendar.timeZone).day;
  if (option === 'later-today') {
    let at = now + LATER_TODAY_MS;
    const end = workEndOf(calendar, today);
    if (isWorkingDate(calendar, today) && now < end) {
      at = Math.min(at, end);
    } else {
      const lastMinute = instantOfDay(today + 1, 0, calendar.timeZone) - MINUTE_MS;
      at = Math.min(at, lastMinute);
      if (at <= now) return { ok: false, error: 'The day is almost over: snooze until tomorrow instead.' };
    }
    return { ok: true, at };
  }
  if (option === 'tomorrow') {
    return { ok: true, at: workStartOf(calendar, firstWorkingDayFrom(calendar, today + 1)) };
  }
  if (option === 'next-week') {
    const toMonday = (1 - weekdayOf(today) + 7) % 7 || 7;
    return { ok: true, at: workStartOf(calendar, firstWorkingDayFrom(calendar, today + toMonday)) };
  }
  const day = dayNumber(option.date);
  if (day === undefined) return { ok: false, error: `"${option.date}" is not a date in the form YYYY-MM-DD.` };
  if (day < today) return { ok: false, error: `${option.date} is in the past.` };
  const at = workStartOf(calendar, day);
  if (at <= now) {
    return { ok: false, error: `Today's work start (${calendar.workStart}) has passed: choose "later today" or a later date.` };
  }
  return { ok: true, at };
}

/**
 * The next loss-retrospective session: `everyDays` (0 = off → undefined) calendar days after
 * the last one's date, at workStart, moved to the next working day. Sessions missed entirely
 * collapse into one: the date moves forward by whole periods to today or later (today's may
 * already be past workStart and so show as due). Without a last session: the next workStart
 * at or after now on a working day.
 */
export function nextRetrospective(
  lastAt: number | undefined,
  everyDays: number,
  now: number,
  calendar: WorkCalendar,
): number | undefined {
  if (!Number.isFinite(everyDays) || everyDays <= 0) return undefined;
  const every = Math.max(1, Math.round(everyDays));
  const today = localDayAndTime(now, calendar.timeZone).day;
  if (lastAt === undefined) {
    let day = firstWorkingDayFrom(calendar, today);
    if (workStartOf(calendar, day) < now) day = firstWorkingDayFrom(calendar, day + 1);
    return workStartOf(calendar, day);
  }
  let anchor = localDayAndTime(lastAt, calendar.timeZone).day + every;
  if (anchor < today) anchor += Math.ceil((today - anchor) / every) * every;
  return workStartOf(calendar, firstWorkingDayFrom(calendar, anchor));
}

/**
 * `months` calendar months after `ms` in `timeZone`, same wall-clock time; the day is clamped
 * to the target month's length (Jan 31 + 1 = Feb 28, or Feb 29 in a leap year). Negative
 * months go back. A wall time that does not exist that day moves forward by the DST gap.
 */
export function addMonthsClamped(ms: number, months: number, timeZone: string): number {
  if (!Number.isInteger(months)) throw new RangeError(`Months must be a whole number; got ${months}.`);
  const { day, wallMs } = localDayAndTime(ms, timeZone);
  const date = new Date(day * DAY_MS);
  const total = date.getUTCFullYear() * 12 + date.getUTCMonth() + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const target = Date.UTC(year, month, Math.min(date.getUTCDate(), lastDay)) / DAY_MS;
  return instantOfDay(target, wallMs, timeZone);
}

/** `days` calendar days after `ms` in `timeZone`, same wall-clock time. */
export function addCalendarDays(ms: number, days: number, timeZone: string): number {
  const { day, wallMs } = localDayAndTime(ms, timeZone);
  return instantOfDay(day + days, wallMs, timeZone);
}

/** Average Gregorian month (365.2425 / 12 days), for fractional months. */
export const AVERAGE_MONTH_DAYS = 30.436875;

/**
 * Re-engage date (docs/method.md, "Re-engaging at 75% of the contract term"): `termMonths × ratio` after the loss. When that is a whole
 * number of months (12 × 0.75 = 9) it is added as calendar months (clamped at month end).
 * Otherwise the whole months are added first, then the fraction as round(fraction × 30.436875)
 * calendar days (1 × 0.75 → 0 months + 23 days; 6 × 0.75 → 4 months + 15 days). Same
 * wall-clock time as the loss. Negative or non-finite inputs throw RangeError.
 */
export function reengageAt(lostAtMs: number, termMonths: number, ratio: number, timeZone: string): number {
  if (!Number.isFinite(termMonths) || termMonths < 0) throw new RangeError(`Contract term must be 0 or more months; got ${termMonths}.`);
  if (!Number.isFinite(ratio) || ratio < 0) throw new RangeError(`Re-engage ratio must be 0 or more; got ${ratio}.`);
  const total = termMonths * ratio;
  const nearest = Math.round(total);
  if (Math.abs(total - nearest) < 1e-9) return addMonthsClamped(lostAtMs, nearest, timeZone);
  const whole = Math.floor(total);
  const days = Math.round((total - whole) * AVERAGE_MONTH_DAYS);
  return addCalendarDays(addMonthsClamped(lostAtMs, whole, timeZone), days, timeZone);
}

/**
 * Debrief call: `coolOffDays` calendar days after the loss's local date, at workStart, moved
 * to the next working day; never at or before the loss itself (a cool-off of 0 days after a
 * loss at 15:00 gives the next working day's start).
 */
export function debriefAt(lostAtMs: number, coolOffDays: number, calendar: WorkCalendar): number {
  if (!Number.isInteger(coolOffDays) || coolOffDays < 0) {
    throw new RangeError(`Cool-off must be a whole number of days, 0 or more; got ${coolOffDays}.`);
  }
  const lostDay = localDayAndTime(lostAtMs, calendar.timeZone).day;
  const day = firstWorkingDayFrom(calendar, lostDay + coolOffDays);
  const at = workStartOf(calendar, day);
  return at > lostAtMs ? at : workStartOf(calendar, firstWorkingDayFrom(calendar, day + 1));
}
