/**
 * Working-time arithmetic in the rep's time zone.
 *
 * Rules (see docs/method.md, "Working time"):
 * - Only time inside [workStart, workEnd) on a working weekday that is not a holiday counts.
 *   A message that arrives on Saturday starts its clock on Monday at workStart.
 * - Working hours are wall-clock hours in the calendar's zone and are measured on the wall
 *   clock: a working day is always exactly `workEnd − workStart` long, also on the days the
 *   clocks change. With the usual 09:00–17:00 the change (at night) never falls inside working
 *   hours anyway; if it does (say 00:00–08:00), the skipped hour still counts and the repeated
 *   hour counts once, so a DST change never adds or drops an hour of working time.
 * - A wall time that does not exist (inside a spring-forward gap) maps forward by the gap's
 *   length (02:30 → 03:30), as JavaScript's Date does; an ambiguous one (fall-back) maps to
 *   the earlier instant.
 * - Overnight shifts (workEnd before workStart) are not supported; `validateCalendar` says so.
 *
 * Speed: every zone keeps a cache of its local days (first instant, offsets, transition), so
 * `workingMsBetween` costs two cache look-ups plus an O(log holidays) count, whatever the span.
 * A calendar object is compiled once (WeakMap); treat calendars as immutable values.
 */
import { tzOffset } from '@date-fns/tz';
import type { Settings } from './model';

export interface WorkCalendar {
  /** IANA zone, e.g. "Europe/Berlin". */
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday. */
  workingDays: number[];
  /** "HH:MM", wall clock in `timeZone`. */
  workStart: string;
  /** "HH:MM" (or "24:00"), after workStart. */
  workEnd: string;
  /** "YYYY-MM-DD" dates in `timeZone`. */
  holidays: string[];
}

export interface CalendarProblem {
  field: keyof WorkCalendar;
  message: string;
}

export const MINUTE_MS = 60_000;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** What the rep reads when the stored working hours cannot be used. */
export const WORKING_HOURS_UNREADABLE = 'Your working hours could not be read; using the defaults (Monday to Friday, 09:00–17:00).';

/**
 * The working calendar of stored settings, and whether it had to fall back. Never throws:
 * settings that were stored before they were validated (or written by an older version) give
 * the default Monday–Friday 09:00–17:00 (in the stored zone when that one is usable, else UTC),
 * and `fellBack` says so, for the options page and the sidebar to show.
 */
export function storedCalendar(
  settings: Pick<Settings, 'timeZone' | 'workingDays' | 'workStart' | 'workEnd' | 'holidays'>,
): { calendar: WorkCalendar; fellBack: boolean } {
  const asStored: WorkCalendar = {
    timeZone: settings.timeZone,
    workingDays: Array.isArray(settings.workingDays) ? [...settings.workingDays] : settings.workingDays,
    workStart: settings.workStart,
    workEnd: settings.workEnd,
    holidays: Array.isArray(settings.holidays) ? [...settings.holidays] : settings.holidays,
  };
  if (validateCalendar(asStored).length === 0) return { calendar: asStored, fellBack: false };
  return {
    calendar: {
      timeZone: isValidTimeZone(settings.timeZone) ? settings.timeZone : 'UTC',
      workingDays: [1, 2, 3, 4, 5],
      workStart: '09:00',
      workEnd: '17:00',
      holidays: [],
    },
    fellBack: true,
  };
}

/** The working calendar of stored settings; the defaults when they cannot be used (never throws). */
export function calendarFromSettings(
  settings: Pick<Settings, 'timeZone' | 'workingDays' | 'workStart' | 'workEnd' | 'holidays'>,
): WorkCalendar {
  return storedCalendar(settings).calendar;
}

// ---------------------------------------------------------------------------------------------
// Parsing

const TIME_RE = /^([01]\d|2[0-3]):([0-5]\d)$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** "HH:MM" → ms after midnight; "24:00" only when `allowEndOfDay`. undefined when malformed. */
export function parseTimeOfDay(value: string, allowEndOfDay = false): number | undefined {
  if (allowEndOfDay && value === '24:00') return DAY_MS;
  const m = TIME_RE.exec(value);
  if (!m) return undefined;
  return (Number(m[1]) * 60 + Number(m[2])) * MINUTE_MS;
}

/** "YYYY-MM-DD" → days since 1970-01-01 (a calendar date, no zone); undefined when not a real date. */
export function dayNumber(date: string): number | undefined {
  const m = DATE_RE.exec(date);
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return undefined;
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

/** Days since 1970-01-01 → "YYYY-MM-DD". */
export function dateOfDayNumber(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of a day number: 0 = Sunday. */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
}

const zoneValidity = new Map<string, boolean>();

export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone.trim() === '') return false;
  let valid = zoneValidity.get(timeZone);
  if (valid === undefined) {
    try {
      new Intl.DateTimeFormat('en-US', { timeZone });
      valid = true;
    } catch {
      valid = false;
    }
    if (zoneValidity.size < 1000) zoneValidity.set(timeZone, valid);
  }
  return valid;
}

export function validateCalendar(cal: WorkCalendar): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  if (!isValidTimeZone(cal.timeZone)) {
    problems.push({ field: 'timeZone', message: `Unknown time zone "${String(cal.timeZone)}".` });
  }
  const start = parseTimeOfDay(cal.workStart);
  const end = parseTimeOfDay(cal.workEnd, true);
  if (start === undefined) {
    problems.push({ field: 'workStart', message: `Work start "${String(cal.workStart)}" is not a time like 09:00.` });
  }
  if (end === undefined) {
    problems.push({ field: 'workEnd', message: `Work end "${String(cal.workEnd)}" is not a time like 17:00.` });
  }
  if (start !== undefined && end !== undefined && end <= start) {
    problems.push({
      field: 'workEnd',
      message: `Work end (${cal.workEnd}) must be after work start (${cal.workStart}); overnight hours are not supported.`,
    });
  }
  if (!Array.isArray(cal.workingDays) || cal.workingDays.length === 0) {
    problems.push({ field: 'workingDays', message: 'Choose at least one working day.' });
  } else {
    for (const d of cal.workingDays) {
      if (!Number.isInteger(d) || d < 0 || d > 6) {
        problems.push({
          field: 'workingDays',
          message: `Working day ${String(d)} is not a day of the week (0 = Sunday … 6 = Saturday).`,
        });
      }
    }
  }
  if (!Array.isArray(cal.holidays)) problems.push({ field: 'holidays', message: 'Holidays must be a list of dates.' });
  for (const h of Array.isArray(cal.holidays) ? cal.holidays : []) {
    if (dayNumber(h) === undefined) {
      problems.push({ field: 'holidays', message: `Holiday "${String(h)}" is not a real date in the form YYYY-MM-DD.` });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Zones: local days, cached

interface ZoneDay {
  /** First instant of the local day. */
  start: number;
  /** First instant of the next local day. */
  end: number;
  /** Offset (ms, local − UTC) before `transition`, and from it on. */
  offBefore: number;
  offAfter: number;
  /** Instant the offset changes near this day; Infinity when it does not. */
  transition: number;
}

const WINDOW_MS = 15 * HOUR_MS; // beyond any UTC offset (−12 … +14)

class Zone {
  private readonly days = new Map<number, ZoneDay>();
  private guess = 0;
  /** Wall-clock ms after local midnight of the instant last passed to `locate`. */
  wall = 0;

  constructor(readonly timeZone: string) {
    const probe = this.rawOffset(0);
    if (Number.isNaN(probe)) throw new RangeError(`Unknown time zone "${timeZone}".`);
  }

  rawOffset(t: number): number {
    return tzOffset(this.timeZone, new Date(t)) * MINUTE_MS;
  }

  day(d: number): ZoneDay {
    let info = this.days.get(d);
    if (info) return info;
    const lo = d * DAY_MS - WINDOW_MS;
    const hi = (d + 1) * DAY_MS + WINDOW_MS;
    const a = this.rawOffset(lo);
    const b = this.rawOffset(hi);
    let offAfter = a;
    let transition = Infinity;
    if (a !== b) {
      // Smallest whole second in (lo, hi] whose offset differs from `a`.
      let l = lo / 1000;
      let h = hi / 1000;
      while (h - l > 1) {
        const mid = Math.floor((l + h) / 2);
        if (this.rawOffset(mid * 1000) === a) l = mid;
        else h = mid;
      }
      transition = h * 1000;
      offAfter = this.rawOffset(transition);
    }
    const partial = { offBefore: a, offAfter, transition };
    const start = toInstant(partial, d * DAY_MS);
    const end = toInstant(partial, (d + 1) * DAY_MS);
    info = { start, end, ...partial };
    if (this.days.size > 20_000) this.days.clear();
    this.days.set(d, info);
    return info;
  }

  /** Local day number of instant `t`; sets `this.wall`. */
  locate(t: number): number {
    let d = Math.floor((t + this.guess) / DAY_MS);
    let info = this.day(d);
    for (let i = 0; i < 4; i++) {
      if (t < info.start) info = this.day(--d);
      else if (t >= info.end) info = this.day(++d);
      else break;
    }
    const off = t < info.transition ? info.offBefore : info.offAfter;
    this.guess = off;
    this.wall = t + off - d * DAY_MS;
    return d;
  }

  /** Instant of wall time `wallMs` (after midnight) on local day `d`. */
  instantAt(d: number, wallMs: number): number {
    return toInstant(this.day(d), d * DAY_MS + wallMs);
  }
}

/** Wall clock (as if UTC) → instant: earlier one when ambiguous, shifted forward in a gap. */
function toInstant(z: Pick<ZoneDay, 'offBefore' | 'offAfter' | 'transition'>, wall: number): number {
  const before = wall - z.offBefore;
  if (before < z.transition) return before;
  const after = wall - z.offAfter;
  if (after >= z.transition) return after;
  return before;
}

const zones = new Map<string, Zone>();

function zoneFor(timeZone: string): Zone {
  let z = zones.get(timeZone);
  if (!z) {
    if (!isValidTimeZone(timeZone)) throw new RangeError(`Unknown time zone "${timeZone}".`);
    z = new Zone(timeZone);
    zones.set(timeZone, z);
  }
  return z;
}

/** Local calendar date ("YYYY-MM-DD") of an instant in a zone. */
export function localDate(ms: number, timeZone: string): string {
  return dateOfDayNumber(zoneFor(timeZone).locate(ms));
}

/** Local day number and wall-clock ms after midnight of an instant in a zone. */
export function localDayAndTime(ms: number, timeZone: string): { day: number; wallMs: number } {
  const z = zoneFor(timeZone);
  const day = z.locate(ms);
  return { day, wallMs: z.wall };
}

/** Instant of a local day number + wall ms in a zone (gap → forward, ambiguous → earlier). */
export function instantOfDay(day: number, wallMs: number, timeZone: string): number {
  return zoneFor(timeZone).instantAt(day, wallMs);
}

/** Instant of a local date and "HH:MM" in a zone. Throws RangeError on malformed input. */
export function zonedInstant(date: string, time: string, timeZone: string): number {
  const d = dayNumber(date);
  if (d === undefined) throw new RangeError(`"${date}" is not a date in the form YYYY-MM-DD.`);
  const w = parseTimeOfDay(time, true);
  if (w === undefined) throw new RangeError(`"${time}" is not a time like 09:00.`);
  return instantOfDay(d, w, timeZone);
}

// ---------------------------------------------------------------------------------------------
// Compiled calendars

interface Compiled {
  zone: Zone;
  ws: number;
  we: number;
  dayLen: number;
  workDow: boolean[];
  perWeek: number;
  /** Holidays that fall on working weekdays (others change nothing), sorted. */
  holidays: number[];
  holidaySet: Set<number>;
}

const compiled = new WeakMap<WorkCalendar, Compiled>();

const compiledBySignature = new Map<string, Compiled>();

function compile(cal: WorkCalendar): Compiled {
  const hit = compiled.get(cal);
  if (hit) return hit;
  // Callers that rebuild an equal calendar object per call still compile only once.
  const signature = `${cal.timeZone}|${String(cal.workingDays)}|${cal.workStart}|${cal.workEnd}|${String(cal.holidays)}`;
  const same = compiledBySignature.get(signature);
  if (same) {
    // Remember this object too: callers that rebuild equal calendars hit the fast path next time.
    compiled.set(cal, same);
    return same;
  }
  const c = compileNew(cal);
  if (compiledBySignature.size > 100) compiledBySignature.clear();
  compiledBySignature.set(signature, c);
  compiled.set(cal, c);
  return c;
}

function compileNew(cal: WorkCalendar): Compiled {
  const problems = validateCalendar(cal);
  if (problems.length > 0) throw new RangeError(problems.map((p) => p.message).join(' '));
  const ws = parseTimeOfDay(cal.workStart) ?? 0;
  const we = parseTimeOfDay(cal.workEnd, true) ?? 0;
  const workDow = [false, false, false, false, false, false, false];
  for (const d of cal.workingDays) workDow[d] = true;
  const holidays = [
    ...new Set(cal.holidays.map((h) => dayNumber(h) ?? NaN).filter((d) => workDow[weekdayOf(d)] === true)),
  ].sort((x, y) => x - y);
  const c: Compiled = {
    zone: zoneFor(cal.timeZone),
    ws,
    we,
    dayLen: we - ws,
    workDow,
    perWeek: workDow.filter(Boolean).length,
    holidays,
    holidaySet: new Set(holidays),
  };
  return c;
}

function isWorkingDay(c: Compiled, d: number): boolean {
  return c.workDow[weekdayOf(d)] === true && !c.holidaySet.has(d);
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid] ?? Infinity) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Working days among local days [a, b). */
function workingDaysIn(c: Compiled, a: number, b: number): number {
  if (b <= a) return 0;
  const weeks = Math.floor((b - a) / 7);
  let count = weeks * c.perWeek;
  for (let d = a + weeks * 7; d < b; d++) if (c.workDow[weekdayOf(d)] === true) count++;
  if (c.holidays.length > 0) count -= lowerBound(c.holidays, b) - lowerBound(c.holidays, a);
  return count;
}

/** Whether a local date is a working day (working weekday, not a holiday). */
export function isWorkingDate(cal: WorkCalendar, date: string | number): boolean {
  const d = typeof date === 'number' ? date : dayNumber(date);
  if (d === undefined) throw new RangeError(`"${String(date)}" is not a date in the form YYYY-MM-DD.`);
  return isWorkingDay(compile(cal), d);
}

/** First working local day number on or after `day`. */
export function firstWorkingDayFrom(cal: WorkCalendar, day: number): number {
  const c = compile(cal);
  let d = day;
  // Holidays are finite and at least one weekday works, so this ends.
  while (!isWorkingDay(c, d)) d++;
  return d;
}

/** Instant of workStart on local day `day` (the calendar's zone). */
export function workStartOf(cal: WorkCalendar, day: number): number {
  const c = compile(cal);
  return c.zone.instantAt(day, c.ws);
}

/** Instant of workEnd on local day `day` (the calendar's zone). */
export function workEndOf(cal: WorkCalendar, day: number): number {
  const c = compile(cal);
  return c.zone.instantAt(day, c.we);
}

// ---------------------------------------------------------------------------------------------
// Arithmetic

/**
 * Working time (ms) between two instants: only time inside working hours on working,
 * non-holiday days counts. 0 when `endMs <= startMs`. Throws RangeError on an invalid calendar.
 */
export function workingMsBetween(cal: WorkCalendar, startMs: number, endMs: number): number {
  if (!(endMs > startMs)) return 0;
  const c = compile(cal);
  const z = c.zone;
  const ds = z.locate(startMs);
  const ws = z.wall;
  const de = z.locate(endMs);
  const we = z.wall;
  if (ds === de) {
    return isWorkingDay(c, ds) ? Math.max(0, Math.min(we, c.we) - Math.max(ws, c.ws)) : 0;
  }
  let total = 0;
  if (isWorkingDay(c, ds)) total += Math.max(0, c.we - Math.max(ws, c.ws));
  total += workingDaysIn(c, ds + 1, de) * c.dayLen;
  if (isWorkingDay(c, de)) total += Math.max(0, Math.min(we, c.we) - c.ws);
  return total;
}

/**
 * The instant at which `ms` of working time has elapsed since `startMs` (e.g. when a reply
 * turns overdue). Ends exactly at workEnd when the time runs out at the end of a day.
 * `ms <= 0` returns `startMs`.
 */
export function addWorkingMs(cal: WorkCalendar, startMs: number, ms: number): number {
  if (!(ms > 0)) return startMs;
  const c = compile(cal);
  const z = c.zone;
  let d = z.locate(startMs);
  const w = z.wall;
  let remaining = ms;
  if (isWorkingDay(c, d) && w < c.we) {
    const from = Math.max(w, c.ws);
    const avail = c.we - from;
    if (remaining <= avail) return z.instantAt(d, from + remaining);
    remaining -= avail;
  }
  d++;
  // Whole weeks first, so long spans cost one step per week, not per day.
  for (;;) {
    const week = workingDaysIn(c, d, d + 7) * c.dayLen;
    if (remaining <= week) break;
    remaining -= week;
    d += 7;
  }
  for (;;) {
    if (isWorkingDay(c, d)) {
      if (remaining <= c.dayLen) return z.instantAt(d, c.ws + remaining);
      remaining -= c.dayLen;
    }
    d++;
  }
}
