import {
  addWorkingMs,
  calendarFromSettings,
  storedCalendar,
  WORKING_HOURS_UNREADABLE,
  dayNumber,
  localDate,
  validateCalendar,
  workingMsBetween,
  zonedInstant,
  type WorkCalendar,
} from '../../lib/worktime';
import { defaultSettings } from '../../lib/model';

const H = 3_600_000;
const M = 60_000;
/** Instants are written as ISO strings with explicit offsets, independent of the code under test. */
const at = (iso: string) => Date.parse(iso);

const cal = (timeZone: string, extra: Partial<WorkCalendar> = {}): WorkCalendar => ({
  timeZone,
  workingDays: [1, 2, 3, 4, 5],
  workStart: '09:00',
  workEnd: '17:00',
  holidays: [],
  ...extra,
});

const NY = cal('America/New_York', { holidays: ['2026-11-26', '2026-01-19', '2026-02-16', '2026-01-03'] });
const BERLIN = cal('Europe/Berlin');
const SYDNEY = cal('Australia/Sydney');
const LA = cal('America/Los_Angeles', { holidays: ['2026-12-25'] });
// Night shift every day, so the clock change (at 02:00 / 03:00) falls inside working hours.
const NY_NIGHT = cal('America/New_York', { workingDays: [0, 1, 2, 3, 4, 5, 6], workStart: '00:00', workEnd: '08:00' });
const BERLIN_NIGHT = cal('Europe/Berlin', { workingDays: [0, 1, 2, 3, 4, 5, 6], workStart: '00:00', workEnd: '08:00' });

describe('workingMsBetween', () => {
  it.each([
    ['same day inside hours', NY, '2026-03-03T10:00:00-05:00', '2026-03-03T11:30:00-05:00', 1.5 * H],
    ['before start to after end', NY, '2026-03-03T07:00:00-05:00', '2026-03-03T18:00:00-05:00', 8 * H],
    ['evening message, next morning reply', NY, '2026-03-02T20:00:00-05:00', '2026-03-03T09:30:00-05:00', 30 * M],
    ['across midnight, outside hours', NY, '2026-03-03T23:30:00-05:00', '2026-03-04T00:30:00-05:00', 0],
    ['across midnight, overnight', NY, '2026-03-03T16:00:00-05:00', '2026-03-04T10:00:00-05:00', 2 * H],
    ['Saturday message starts Monday 09:00 (US spring DST weekend)', NY, '2026-03-07T11:00:00-05:00', '2026-03-09T10:00:00-04:00', 1 * H],
    ['Friday to Monday across US spring DST', NY, '2026-03-06T16:00:00-05:00', '2026-03-09T10:00:00-04:00', 2 * H],
    ['Friday to Monday across US autumn DST', NY, '2026-10-30T16:00:00-04:00', '2026-11-02T10:00:00-05:00', 2 * H],
    ['Thanksgiving holiday skipped', NY, '2026-11-25T16:00:00-05:00', '2026-11-27T10:00:00-05:00', 2 * H],
    ['reply on the holiday itself counts nothing that day', NY, '2026-11-25T16:30:00-05:00', '2026-11-26T12:00:00-05:00', 30 * M],
    ['8 weeks, two Monday holidays, Saturday holiday ignored', NY, '2026-01-05T09:00:00-05:00', '2026-03-02T09:00:00-05:00', 38 * 8 * H],
    ['a year', NY, '2026-01-01T00:00:00-05:00', '2027-01-01T00:00:00-05:00', (261 - 3) * 8 * H],
    ['end before start', NY, '2026-03-03T11:00:00-05:00', '2026-03-03T10:00:00-05:00', 0],
    ['equal instants', NY, '2026-03-03T11:00:00-05:00', '2026-03-03T11:00:00-05:00', 0],
    ['Berlin spring DST weekend', BERLIN, '2026-03-27T16:00:00+01:00', '2026-03-30T10:00:00+02:00', 2 * H],
    ['Berlin autumn DST weekend', BERLIN, '2026-10-23T16:00:00+02:00', '2026-10-26T10:00:00+01:00', 2 * H],
    ['Sydney DST ends (April)', SYDNEY, '2026-04-03T16:00:00+11:00', '2026-04-06T10:00:00+10:00', 2 * H],
    ['Sydney DST starts (October)', SYDNEY, '2026-10-02T16:00:00+10:00', '2026-10-05T10:00:00+11:00', 2 * H],
    ['NY night shift over spring change: 8 wall hours (7 real)', NY_NIGHT, '2026-03-08T00:00:00-05:00', '2026-03-08T08:00:00-04:00', 8 * H],
    ['NY night shift over autumn change: 8 wall hours (9 real)', NY_NIGHT, '2026-11-01T00:00:00-04:00', '2026-11-01T08:00:00-05:00', 8 * H],
    ['Berlin night shift over spring change', BERLIN_NIGHT, '2026-03-29T00:00:00+01:00', '2026-03-29T08:00:00+02:00', 8 * H],
    ['Berlin night shift over autumn change', BERLIN_NIGHT, '2026-10-25T00:00:00+02:00', '2026-10-25T08:00:00+01:00', 8 * H],
    ['Berlin night shift, two days across autumn change', BERLIN_NIGHT, '2026-10-24T07:00:00+02:00', '2026-10-26T01:00:00+01:00', 10 * H],
    ['LA: 02:00 UTC on Christmas is Dec 24 evening in LA (not a holiday, after hours)', LA, '2026-12-24T16:00:00-08:00', '2026-12-28T10:00:00-08:00', 2 * H],
    ['LA: 16:00 Thursday → Friday 10:00, Berlin process zone irrelevant', LA, '2026-03-05T16:00:00-08:00', '2026-03-06T10:00:00-08:00', 2 * H],
  ])('%s', (_name, calendar, from, to, expected) => {
    expect(workingMsBetween(calendar, at(from), at(to))).toBe(expected);
  });

  it('throws a clear RangeError for an invalid calendar', () => {
    expect(() => workingMsBetween(cal('Mars/Olympus'), 0, H)).toThrow('Unknown time zone "Mars/Olympus".');
  });
});

describe('addWorkingMs', () => {
  it.each([
    ['Friday 16:00 + 2h across US spring DST', NY, '2026-03-06T16:00:00-05:00', 2 * H, '2026-03-09T10:00:00-04:00'],
    ['a full day ends at workEnd, not next morning', NY, '2026-03-03T09:00:00-05:00', 8 * H, '2026-03-03T17:00:00-05:00'],
    ['Saturday arrival + 1h', NY, '2026-03-07T11:00:00-05:00', 1 * H, '2026-03-09T10:00:00-04:00'],
    ['before hours + 30m', NY, '2026-03-03T07:00:00-05:00', 30 * M, '2026-03-03T09:30:00-05:00'],
    ['across Thanksgiving', NY, '2026-11-25T16:00:00-05:00', 2 * H, '2026-11-27T10:00:00-05:00'],
    ['8 weeks minus holidays ends Friday 17:00', NY, '2026-01-05T09:00:00-05:00', 38 * 8 * H, '2026-02-27T17:00:00-05:00'],
    ['one more minute rolls to Monday', NY, '2026-01-05T09:00:00-05:00', 38 * 8 * H + M, '2026-03-02T09:01:00-05:00'],
    ['US autumn DST', NY, '2026-10-30T16:30:00-04:00', 1 * H, '2026-11-02T09:30:00-05:00'],
    ['Berlin autumn DST', BERLIN, '2026-10-23T16:30:00+02:00', 1 * H, '2026-10-26T09:30:00+01:00'],
    ['Berlin spring DST', BERLIN, '2026-03-27T16:00:00+01:00', 4 * H, '2026-03-30T12:00:00+02:00'],
    ['Sydney DST ends', SYDNEY, '2026-04-03T16:00:00+11:00', 2 * H, '2026-04-06T10:00:00+10:00'],
    ['zero returns the start', NY, '2026-03-07T11:00:00-05:00', 0, '2026-03-07T11:00:00-05:00'],
    ['a wall time in the spring gap moves forward (02:30 → 03:30)', NY_NIGHT, '2026-03-08T00:00:00-05:00', 2.5 * H, '2026-03-08T03:30:00-04:00'],
    ['the repeated autumn hour: the earlier 01:30', NY_NIGHT, '2026-11-01T00:00:00-04:00', 1.5 * H, '2026-11-01T01:30:00-04:00'],
  ])('%s', (_name, calendar, from, ms, expected) => {
    expect(new Date(addWorkingMs(calendar, at(from), ms)).toISOString()).toBe(new Date(at(expected)).toISOString());
  });

  it.each([
    ['2026-03-06T16:00:00-05:00', 2 * H],
    ['2026-03-07T11:00:00-05:00', 17 * H + 5 * M],
    ['2026-11-20T12:34:00-05:00', 123 * H],
    ['2026-01-02T03:04:00-05:00', 2000 * H],
  ])('inverts workingMsBetween from %s + %i ms', (from, ms) => {
    const end = addWorkingMs(NY, at(from), ms);
    expect(workingMsBetween(NY, at(from), end)).toBe(ms);
  });
});

describe('validateCalendar', () => {
  it('accepts the defaults', () => {
    expect(validateCalendar(cal('Europe/Berlin'))).toEqual([]);
  });
  it.each([
    ['end before start', { workStart: '17:00', workEnd: '09:00' }, 'workEnd', 'Work end (09:00) must be after work start (17:00); overnight hours are not supported.'],
    ['end equals start', { workStart: '09:00', workEnd: '09:00' }, 'workEnd', 'Work end (09:00) must be after work start (09:00); overnight hours are not supported.'],
    ['malformed start', { workStart: '9am' }, 'workStart', 'Work start "9am" is not a time like 09:00.'],
    ['malformed end', { workEnd: '25:00' }, 'workEnd', 'Work end "25:00" is not a time like 17:00.'],
    ['unknown zone', { timeZone: 'Europe/Atlantis' }, 'timeZone', 'Unknown time zone "Europe/Atlantis".'],
    ['empty zone', { timeZone: '' }, 'timeZone', 'Unknown time zone "".'],
    ['bad holiday', { holidays: ['2026-02-30'] }, 'holidays', 'Holiday "2026-02-30" is not a real date in the form YYYY-MM-DD.'],
    ['holiday in another format', { holidays: ['25/12/2026'] }, 'holidays', 'Holiday "25/12/2026" is not a real date in the form YYYY-MM-DD.'],
    ['no working days', { workingDays: [] }, 'workingDays', 'Choose at least one working day.'],
    ['day out of range', { workingDays: [1, 7] }, 'workingDays', 'Working day 7 is not a day of the week (0 = Sunday … 6 = Saturday).'],
  ])('%s', (_name, patch, field, message) => {
    expect(validateCalendar({ ...cal('Europe/Berlin'), ...patch })).toEqual([{ field, message }]);
  });
  it('allows 24:00 as the end of the day', () => {
    expect(validateCalendar({ ...cal('UTC'), workEnd: '24:00' })).toEqual([]);
  });
});

describe('zone helpers', () => {
  it.each([
    ['2026-03-03T04:30:00Z', 'America/Los_Angeles', '2026-03-02'],
    ['2026-03-03T04:30:00Z', 'Europe/Berlin', '2026-03-03'],
    ['2026-03-29T00:59:59Z', 'Europe/Berlin', '2026-03-29'],
    ['2026-10-24T22:30:00Z', 'Europe/Berlin', '2026-10-25'],
    ['2026-04-04T13:30:00Z', 'Australia/Sydney', '2026-04-05'],
  ])('localDate(%s, %s) = %s', (iso, tz, expected) => {
    expect(localDate(at(iso), tz)).toBe(expected);
  });

  it.each([
    ['2026-03-08', '09:00', 'America/New_York', '2026-03-08T09:00:00-04:00'],
    ['2026-03-08', '02:30', 'America/New_York', '2026-03-08T03:30:00-04:00'],
    ['2026-11-01', '01:30', 'America/New_York', '2026-11-01T01:30:00-04:00'],
    ['2026-10-25', '02:30', 'Europe/Berlin', '2026-10-25T02:30:00+02:00'],
    ['2026-03-29', '02:30', 'Europe/Berlin', '2026-03-29T03:30:00+02:00'],
  ])('zonedInstant(%s %s %s)', (date, time, tz, expected) => {
    expect(zonedInstant(date, time, tz)).toBe(at(expected));
  });

  it.each([
    ['2024-02-29', 19782],
    ['2023-02-29', undefined],
    ['1970-01-01', 0],
    ['2026-13-01', undefined],
  ])('dayNumber(%s)', (date, expected) => {
    expect(dayNumber(date)).toBe(expected);
  });

  it('calendarFromSettings copies the arrays', () => {
    const s = defaultSettings('Europe/Berlin');
    const c = calendarFromSettings(s);
    expect(c).toEqual({ timeZone: 'Europe/Berlin', workingDays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', holidays: [] });
    expect(c.workingDays).not.toBe(s.workingDays);
  });
});

describe('the calendar of stored settings never throws', () => {
  // Settings stored before they were validated (an old restore, an older version) must not stop
  // the badge refresh: the calendar falls back to the defaults and says so.
  it.each<[string, Record<string, unknown>]>([
    ['no working days', { workingDays: [] }],
    ['end before start', { workStart: '17:00', workEnd: '09:00' }],
    ['an impossible holiday', { holidays: ['2026-02-30'] }],
    ['a bad time zone', { timeZone: 'Europe/Atlantis' }],
    ['hours that are not times', { workStart: 9, workEnd: null }],
    ['holidays that are not a list', { holidays: '2026-12-25' }],
    ['working days that are not a list', { workingDays: 'weekdays' }],
  ])('%s: the defaults, and it says so', (_name, patch) => {
    const broken = { ...defaultSettings('America/New_York'), ...patch } as never;
    const { calendar, fellBack } = storedCalendar(broken);
    expect(fellBack).toBe(true);
    expect(calendar).toMatchObject({ workingDays: [1, 2, 3, 4, 5], workStart: '09:00', workEnd: '17:00', holidays: [] });
    expect(calendar.timeZone).toBe(patch.timeZone ? 'UTC' : 'America/New_York');
    // Monday 2026-03-02 10:00 → 12:00 New York: two working hours, with no throw.
    const c = calendarFromSettings(broken);
    const monday10 = at('2026-03-02T10:00:00-05:00');
    if (!patch.timeZone) expect(workingMsBetween(c, monday10, at('2026-03-02T12:00:00-05:00'))).toBe(2 * H);
    expect(() => addWorkingMs(c, monday10, H)).not.toThrow();
  });

  it('valid settings are used as stored', () => {
    const s = { ...defaultSettings('Europe/Berlin'), workingDays: [0, 6], workStart: '07:30', holidays: ['2026-12-25'] };
    expect(storedCalendar(s)).toEqual({ calendar: { timeZone: 'Europe/Berlin', workingDays: [0, 6], workStart: '07:30', workEnd: '17:00', holidays: ['2026-12-25'] }, fellBack: false });
  });

  it('the words the rep reads', () => {
    expect(WORKING_HOURS_UNREADABLE).toMatch(/^Your working hours could not be read; using the defaults/);
  });
});
