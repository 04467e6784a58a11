import type { FollowUp } from '../../lib/model';
import { defaultSettings } from '../../lib/model';
import {
  addMonthsClamped,
  classifyDue,
  debriefAt,
  nextRetrospective,
  reengageAt,
  snoozeUntil,
  type SnoozeOption,
} from '../../lib/followups/due';
import { calendarFromSettings, type WorkCalendar } from '../../lib/worktime';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());
const cal = (timeZone: string, holidays: string[] = []): WorkCalendar => ({
  ...calendarFromSettings(defaultSettings(timeZone)),
  holidays,
});
const NY = cal('America/New_York', ['2026-11-26', '2026-09-07']);
const LA = cal('America/Los_Angeles');

const fu = (dueAt: string, state: FollowUp['state'] = 'open', snoozedUntil?: string): FollowUp => ({
  id: 'manual:1',
  kind: 'manual',
  dueAt: at(dueAt),
  state,
  ...(snoozedUntil ? { snoozedUntil: at(snoozedUntil) } : {}),
  reason: 'test',
  createdAt: 0,
  updatedAt: 0,
});

describe('classifyDue', () => {
  // The process runs in Europe/Berlin; the rep is in Los Angeles. Now: Monday 2026-03-09 23:30
  // in LA, which is already Tuesday 07:30 in Berlin and 06:30 Tuesday in UTC.
  const NOW = at('2026-03-09T23:30:00-07:00');
  it.each<[string, FollowUp, string, string]>([
    ['due a minute ago', fu('2026-03-09T23:29:00-07:00'), 'America/Los_Angeles', 'overdue'],
    ['due yesterday', fu('2026-03-08T12:00:00-07:00'), 'America/Los_Angeles', 'overdue'],
    ['due now', fu('2026-03-09T23:30:00-07:00'), 'America/Los_Angeles', 'today'],
    ['due 23:59 LA (Tuesday in Berlin and UTC)', fu('2026-03-09T23:59:00-07:00'), 'America/Los_Angeles', 'today'],
    ['due 00:30 LA tomorrow (same UTC day as now)', fu('2026-03-10T00:30:00-07:00'), 'America/Los_Angeles', 'upcoming'],
    ['the same instant seen from Berlin is today', fu('2026-03-10T00:30:00-07:00'), 'Europe/Berlin', 'today'],
    ['14th day after today, last minute', fu('2026-03-23T23:59:00-07:00'), 'America/Los_Angeles', 'upcoming'],
    ['15th day after today', fu('2026-03-24T00:00:00-07:00'), 'America/Los_Angeles', 'later'],
    ['done, even if overdue', fu('2026-03-01T09:00:00-08:00', 'done'), 'America/Los_Angeles', 'done'],
    ['snoozed until later today: hidden', fu('2026-03-01T09:00:00-08:00', 'snoozed', '2026-03-09T23:45:00-07:00'), 'America/Los_Angeles', 'snoozed-hidden'],
    ['snoozed until tomorrow: upcoming', fu('2026-03-01T09:00:00-08:00', 'snoozed', '2026-03-10T09:00:00-07:00'), 'America/Los_Angeles', 'upcoming'],
    ['snoozed until next month: later', fu('2026-03-01T09:00:00-08:00', 'snoozed', '2026-04-10T09:00:00-07:00'), 'America/Los_Angeles', 'later'],
    ['snooze over: overdue', fu('2026-03-20T09:00:00-07:00', 'snoozed', '2026-03-09T09:00:00-07:00'), 'America/Los_Angeles', 'overdue'],
    ['snoozed without a date counts from dueAt', fu('2026-03-09T23:45:00-07:00', 'snoozed'), 'America/Los_Angeles', 'today'],
  ])('%s (%s)', (_name, followUp, tz, expected) => {
    expect(classifyDue(followUp, NOW, tz)).toBe(expected);
  });

  it('day boundary around US DST: 23:59 on the short day is still today', () => {
    const now = at('2026-03-08T00:30:00-05:00');
    expect(classifyDue(fu('2026-03-08T23:59:00-04:00'), now, 'America/New_York')).toBe('today');
    expect(classifyDue(fu('2026-03-09T00:00:00-04:00'), now, 'America/New_York')).toBe('upcoming');
  });
});

describe('snoozeUntil', () => {
  it.each<[string, SnoozeOption, string, WorkCalendar, string]>([
    ['later today: +3h', 'later-today', '2026-03-03T10:00:00-05:00', NY, '2026-03-03T13:00:00-05:00'],
    ['later today: capped at workEnd', 'later-today', '2026-03-03T15:30:00-05:00', NY, '2026-03-03T17:00:00-05:00'],
    ['later today: before hours', 'later-today', '2026-03-03T07:00:00-05:00', NY, '2026-03-03T10:00:00-05:00'],
    ['later today: evening, +3h', 'later-today', '2026-03-03T19:00:00-05:00', NY, '2026-03-03T22:00:00-05:00'],
    ['later today: late evening, capped at 23:59', 'later-today', '2026-03-03T22:00:00-05:00', NY, '2026-03-03T23:59:00-05:00'],
    ['later today: Saturday, +3h', 'later-today', '2026-03-07T10:00:00-05:00', NY, '2026-03-07T13:00:00-05:00'],
    ['tomorrow from Tuesday', 'tomorrow', '2026-03-03T15:00:00-05:00', NY, '2026-03-04T09:00:00-05:00'],
    ['tomorrow from Friday is Monday (after US DST change)', 'tomorrow', '2026-03-06T15:00:00-05:00', NY, '2026-03-09T09:00:00-04:00'],
    ['tomorrow skips Thanksgiving', 'tomorrow', '2026-11-25T15:00:00-05:00', NY, '2026-11-27T09:00:00-05:00'],
    ['tomorrow in LA, late evening (already the next day in Berlin)', 'tomorrow', '2026-03-09T23:30:00-07:00', LA, '2026-03-10T09:00:00-07:00'],
    ['next week from Tuesday', 'next-week', '2026-03-03T10:00:00-05:00', NY, '2026-03-09T09:00:00-04:00'],
    ['next week from Monday is the following Monday', 'next-week', '2026-03-09T10:00:00-04:00', NY, '2026-03-16T09:00:00-04:00'],
    ['next week from Sunday is the next day', 'next-week', '2026-03-08T10:00:00-04:00', NY, '2026-03-09T09:00:00-04:00'],
    ['next week when Monday is a holiday (Labor Day)', 'next-week', '2026-09-02T10:00:00-04:00', NY, '2026-09-08T09:00:00-04:00'],
    ['a picked date', { date: '2026-03-20' }, '2026-03-03T10:00:00-05:00', NY, '2026-03-20T09:00:00-04:00'],
    ['a picked Saturday is kept', { date: '2026-03-21' }, '2026-03-03T10:00:00-05:00', NY, '2026-03-21T09:00:00-04:00'],
    ['today, before work starts', { date: '2026-03-03' }, '2026-03-03T07:00:00-05:00', NY, '2026-03-03T09:00:00-05:00'],
  ])('%s', (_name, option, now, calendar, expected) => {
    expect(snoozeUntil(option, at(now), calendar)).toEqual({ ok: true, at: at(expected) });
  });

  it.each<[string, SnoozeOption, string, string]>([
    ['a date in the past', { date: '2026-03-01' }, '2026-03-03T10:00:00-05:00', '2026-03-01 is in the past.'],
    ['today after work start', { date: '2026-03-03' }, '2026-03-03T10:00:00-05:00', 'Today\'s work start (09:00) has passed: choose "later today" or a later date.'],
    ['not a date', { date: '2026-02-30' }, '2026-03-03T10:00:00-05:00', '"2026-02-30" is not a date in the form YYYY-MM-DD.'],
    ['later today at 23:59:30', 'later-today', '2026-03-03T23:59:30-05:00', 'The day is almost over: snooze until tomorrow instead.'],
  ])('error: %s', (_name, option, now, error) => {
    expect(snoozeUntil(option, at(now), NY)).toEqual({ ok: false, error });
  });
});

describe('nextRetrospective', () => {
  it.each<[string, string | undefined, number, string, string | undefined]>([
    ['off', '2026-03-02T10:00:00-05:00', 0, '2026-03-03T10:00:00-05:00', undefined],
    ['every 14 days', '2026-03-02T10:00:00-05:00', 14, '2026-03-03T10:00:00-05:00', '2026-03-16T09:00:00-04:00'],
    ['lands on Saturday → Monday', '2026-03-05T10:00:00-05:00', 2, '2026-03-05T12:00:00-05:00', '2026-03-09T09:00:00-04:00'],
    ['missed sessions collapse to the next due date', '2026-01-05T10:00:00-05:00', 14, '2026-03-03T12:00:00-05:00', '2026-03-16T09:00:00-04:00'],
    ['missed sessions, one due today', '2026-01-06T10:00:00-05:00', 14, '2026-03-03T12:00:00-05:00', '2026-03-03T09:00:00-05:00'],
    ['first ever, before work: today', undefined, 14, '2026-03-03T08:00:00-05:00', '2026-03-03T09:00:00-05:00'],
    ['first ever, during work: next working day', undefined, 14, '2026-03-03T10:00:00-05:00', '2026-03-04T09:00:00-05:00'],
    ['first ever, on Saturday: Monday', undefined, 14, '2026-03-07T10:00:00-05:00', '2026-03-09T09:00:00-04:00'],
  ])('%s', (_name, last, every, now, expected) => {
    expect(iso(nextRetrospective(last === undefined ? undefined : at(last), every, at(now), NY))).toBe(iso(expected === undefined ? undefined : at(expected)));
  });
});

describe('addMonthsClamped', () => {
  it.each([
    ['2026-01-31T12:00:00+01:00', 1, 'Europe/Berlin', '2026-02-28T12:00:00+01:00'],
    ['2028-01-31T12:00:00+01:00', 1, 'Europe/Berlin', '2028-02-29T12:00:00+01:00'],
    ['2026-03-31T12:00:00+02:00', 1, 'Europe/Berlin', '2026-04-30T12:00:00+02:00'],
    ['2026-03-15T12:00:00+01:00', 1, 'Europe/Berlin', '2026-04-15T12:00:00+02:00'],
    ['2026-01-15T12:00:00+01:00', 12, 'Europe/Berlin', '2027-01-15T12:00:00+01:00'],
    ['2026-03-31T12:00:00+02:00', -1, 'Europe/Berlin', '2026-02-28T12:00:00+01:00'],
    ['2024-02-29T12:00:00+01:00', 12, 'Europe/Berlin', '2025-02-28T12:00:00+01:00'],
    ['2026-11-30T09:00:00-05:00', 3, 'America/New_York', '2027-02-28T09:00:00-05:00'],
    // 23:30 on Jan 31 in LA is already Feb 1 in Berlin and UTC: the rep's zone decides.
    ['2026-01-31T23:30:00-08:00', 1, 'America/Los_Angeles', '2026-02-28T23:30:00-08:00'],
  ])('%s + %i months in %s', (from, months, tz, expected) => {
    expect(iso(addMonthsClamped(at(from), months, tz))).toBe(iso(at(expected)));
  });
});

describe('reengageAt', () => {
  const LOST = '2026-01-31T15:00:00+01:00';
  it.each([
    [LOST, 1, 0.75, '2026-02-23T15:00:00+01:00'], // 0 months + round(0.75 × 30.436875) = 23 days
    [LOST, 6, 0.75, '2026-06-15T15:00:00+02:00'], // 4 months (May 31) + round(0.5 × 30.436875) = 15 days
    [LOST, 12, 0.75, '2026-10-31T15:00:00+01:00'], // 9 months, after Berlin's October change
    [LOST, 24, 0.75, '2027-07-31T15:00:00+02:00'], // 18 months
    [LOST, 36, 0.75, '2028-04-30T15:00:00+02:00'], // 27 months, clamped to April 30
    ['2025-11-30T10:00:00+01:00', 36, 0.75, '2028-02-29T10:00:00+01:00'], // leap day
    ['2023-05-31T10:00:00+02:00', 12, 0.75, '2024-02-29T10:00:00+01:00'], // leap day
    ['2024-02-29T10:00:00+01:00', 12, 1, '2025-02-28T10:00:00+01:00'],
    ['2024-02-29T10:00:00+01:00', 24, 1, '2026-02-28T10:00:00+01:00'],
    ['2026-03-10T10:00:00+01:00', 10, 0.7, '2026-10-10T10:00:00+02:00'], // 10 × 0.7 = 7.000000000000001 → 7 months
    [LOST, 1, 0.5, '2026-02-15T15:00:00+01:00'], // 15 days
    [LOST, 0, 0.75, LOST],
  ])('lost %s, term %i × %d', (lost, term, ratio, expected) => {
    expect(iso(reengageAt(at(lost), term, ratio, 'Europe/Berlin'))).toBe(iso(at(expected)));
  });

  it('rejects a negative term', () => {
    expect(() => reengageAt(0, -1, 0.75, 'UTC')).toThrow('Contract term must be 0 or more months; got -1.');
  });
});

describe('debriefAt', () => {
  it.each<[string, string, number, WorkCalendar, string]>([
    ['Monday + 5 = Saturday → Monday', '2026-03-02T15:00:00-05:00', 5, NY, '2026-03-09T09:00:00-04:00'],
    ['Thursday + 5 = Tuesday', '2026-03-05T15:00:00-05:00', 5, NY, '2026-03-10T09:00:00-04:00'],
    ['0 days, lost before work: that day', '2026-03-03T08:00:00-05:00', 0, NY, '2026-03-03T09:00:00-05:00'],
    ['0 days, lost during work: next working day', '2026-03-03T15:00:00-05:00', 0, NY, '2026-03-04T09:00:00-05:00'],
    ['lands before Thanksgiving', '2026-11-20T10:00:00-05:00', 5, NY, '2026-11-25T09:00:00-05:00'],
    ['lands on Thanksgiving → Friday', '2026-11-20T10:00:00-05:00', 6, NY, '2026-11-27T09:00:00-05:00'],
    ['LA: Thursday 23:00 (Friday in UTC) + 1 = Friday', '2026-03-05T23:00:00-08:00', 1, LA, '2026-03-06T09:00:00-08:00'],
  ])('%s', (_name, lost, days, calendar, expected) => {
    expect(iso(debriefAt(at(lost), days, calendar))).toBe(iso(at(expected)));
  });
});
