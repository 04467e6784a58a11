import { defaultSettings, type Settings } from '../../lib/model';
import { validateSettings } from '../../lib/settings';
import { isValidTimeZone } from '../../lib/worktime';

const base = (): Settings => defaultSettings('America/New_York');

describe('validateSettings', () => {
  it.each(['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'UTC'])('defaults in %s are valid and come back unchanged', (tz) => {
    const s = defaultSettings(tz);
    expect(validateSettings(s)).toEqual({ ok: true, settings: s });
  });

  it.each<[string, Partial<Settings>, string, string | RegExp]>([
    ['end before start', { workStart: '09:00', workEnd: '08:00' }, 'workEnd', 'The working day must end after it starts.'],
    ['end equal to start', { workStart: '09:00', workEnd: '09:00' }, 'workEnd', 'The working day must end after it starts.'],
    ['start not a time', { workStart: '9am' }, 'workStart', 'Start must be a time like 09:00.'],
    ['end at 24:00', { workEnd: '24:00' }, 'workEnd', 'End must be a time like 17:00.'],
    ['unknown time zone', { timeZone: 'Mars/Olympus_Mons' }, 'timeZone', 'Unknown time zone "Mars/Olympus_Mons".'],
    ['empty time zone', { timeZone: '' }, 'timeZone', 'Unknown time zone "".'],
    ['bad own address', { ownAddresses: ['rep@ourco.test', 'not an address'] }, 'ownAddresses', /"not an address" is not an email address\./],
    ['bad internal domain', { internalDomains: ['ourco'] }, 'internalDomains', '"ourco" is not a domain like example.com.'],
    ['domain with a path', { internalDomains: ['ourco.test/x'] }, 'internalDomains', '"ourco.test/x" is not a domain like example.com.'],
    ['holiday that does not exist', { holidays: ['2026-02-30'] }, 'holidays', '"2026-02-30" is not a date like 2026-12-25.'],
    ['holiday in another format', { holidays: ['25.12.2026'] }, 'holidays', '"25.12.2026" is not a date like 2026-12-25.'],
    ['no working days', { workingDays: [] }, 'workingDays', 'Pick at least one working day.'],
    ['working day 7', { workingDays: [1, 7] }, 'workingDays', /.+/],
    ['new-lead escalation below target', { newLeadTargetMinutes: 60, newLeadEscalateMinutes: 30 }, 'newLeadEscalateMinutes', 'Escalation must not come before the target.'],
    ['active-deal escalation below target', { activeDealTargetMinutes: 480, activeDealEscalateMinutes: 479 }, 'activeDealEscalateMinutes', 'Escalation must not come before the target.'],
    ['target of 0 minutes', { newLeadTargetMinutes: 0 }, 'newLeadTargetMinutes', 'New-lead target must be at least 1 minute.'],
    ['fractional target', { activeDealTargetMinutes: 30.5 }, 'activeDealTargetMinutes', 'Active-deal target must be whole minutes.'],
    ['negative cool-off', { debriefCoolOffDays: -1 }, 'debriefCoolOffDays', 'Cool-off cannot be negative.'],
    ['re-engage ratio 0', { reengageRatio: 0 }, 'reengageRatio', 'Re-engage ratio must be above 0.'],
    ['re-engage ratio above 1', { reengageRatio: 1.5 }, 'reengageRatio', 'Re-engage ratio must be at most 1 (the whole term).'],
    ['negative retrospective period', { retrospectiveEveryDays: -7 }, 'retrospectiveEveryDays', 'Use 0 to turn retrospectives off.'],
    ['custom CRM host with a scheme', { customCrmHosts: ['https://crm.example.com'] }, 'customCrmHosts', '"https://crm.example.com" is not a host name like crm.example.com.'],
  ])('%s → a problem on its field', (_name, patch, field, message) => {
    const result = validateSettings({ ...base(), ...patch });
    expect(result.ok).toBe(false);
    expect('settings' in result).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.field).toBe(field);
    if (typeof message === 'string') expect(result.problems[0]?.message).toBe(message);
    else expect(result.problems[0]?.message).toMatch(message);
  });

  it('names every field that is wrong in one pass of schema checks', () => {
    const result = validateSettings({ ...base(), timeZone: 'Nowhere/Land', internalDomains: ['x'], holidays: ['2026-13-01'] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field).sort()).toEqual(['holidays', 'internalDomains', 'timeZone']);
  });

  // Regression: cross-field problems used to appear only once every other field was valid.
  it('names the cross-field problem alongside an unrelated field problem', () => {
    const result = validateSettings({ ...base(), timeZone: 'Nowhere/Land', workStart: '17:00', workEnd: '09:00' });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field).sort()).toEqual(['timeZone', 'workEnd']);
  });

  it('normalises: lower-cases and dedupes addresses and domains, strips a leading @, sorts holidays and days', () => {
    const result = validateSettings({
      ...base(),
      ownAddresses: [' Rep@OurCo.test ', 'rep@ourco.test', 'alias@ourco.test'],
      internalDomains: ['@OurCo.test', 'ourco.test', ' Sub.OurCo.test '],
      holidays: ['2026-12-25', '2026-01-01', '2026-12-25', ' 2026-07-03'],
      workingDays: [5, 1, 3, 1],
      customCrmHosts: ['CRM.Example.com'],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.settings.ownAddresses).toEqual(['rep@ourco.test', 'alias@ourco.test']);
    expect(result.settings.internalDomains).toEqual(['ourco.test', 'sub.ourco.test']);
    expect(result.settings.holidays).toEqual(['2026-01-01', '2026-07-03', '2026-12-25']);
    expect(result.settings.workingDays).toEqual([1, 3, 5]);
    expect(result.settings.customCrmHosts).toEqual(['crm.example.com']);
  });

  it.each([
    ['escalation equal to target', { newLeadTargetMinutes: 60, newLeadEscalateMinutes: 60 }],
    ['cool-off of 0 days', { debriefCoolOffDays: 0 }],
    ['retrospectives off', { retrospectiveEveryDays: 0 }],
    ['re-engage at the whole term', { reengageRatio: 1 }],
    ['a wildcard CRM host', { customCrmHosts: ['*.example.com'] }],
    ['a leap day holiday', { holidays: ['2028-02-29'] }],
  ])('accepts %s', (_name, patch) => {
    expect(validateSettings({ ...base(), ...patch }).ok).toBe(true);
  });
});

describe('isValidTimeZone (the one time-zone check)', () => {
  it.each([
    ['Europe/Berlin', true],
    ['America/Los_Angeles', true],
    ['UTC', true],
    ['', false],
    ['Mars/Olympus_Mons', false],
    ['GMT+25', false],
  ])('%j → %s', (tz, expected) => {
    expect(isValidTimeZone(tz)).toBe(expected);
  });
});
