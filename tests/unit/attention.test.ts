import { flagText, formatWait, replyFollowUpId, settleAttention, workdayMs } from '../../lib/attention';
import type { Touchpoint } from '../../lib/model';
import type { AwaitingItem } from '../../lib/response';
import { makeTouchpoint } from './helpers/factories';

const M = 60_000;
const H = 60 * M;
const DAY8 = 8 * H;

describe('formatWait: working time as people say it', () => {
  it.each([
    [0, 'less than a minute'],
    [59_999, 'less than a minute'],
    [45 * M, '45 m'],
    [3 * H, '3 h'],
    [5 * H + 12 * M, '5 h 12 m'],
    [DAY8 - 1, '7 h 59 m'],
    [DAY8, '1 working day'],
    [DAY8 + 2 * H + 18 * M, '1 working day 2 h'],
    [2 * DAY8, '2 working days'],
    // The case reps saw as "232h": 29 working days of 8 hours.
    [232 * H, '29 working days'],
    [-5 * M, 'less than a minute'],
    [Number.NaN, 'less than a minute'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatWait(ms, DAY8)).toBe(text);
  });

  it('a working day is as long as the rep works', () => {
    expect(workdayMs({ workStart: '08:00', workEnd: '18:00' })).toBe(10 * H);
    expect(formatWait(10 * H, workdayMs({ workStart: '08:00', workEnd: '18:00' }))).toBe('1 working day');
    expect(formatWait(10 * H, workdayMs({ workStart: '09:00', workEnd: '17:00' }))).toBe('1 working day 2 h');
    // Nonsense settings fall back to 8 hours instead of dividing by zero.
    expect(workdayMs({ workStart: '17:00', workEnd: '09:00' })).toBe(DAY8);
    // Before the settings are read: the default day.
    expect(workdayMs(undefined)).toBe(DAY8);
  });
});

const tp = (p: Partial<Touchpoint>): Touchpoint =>
  makeTouchpoint({ key: 'gmail:1', direction: 'inbound', at: 1_000, contactEmails: ['dana@acme.test'], from: 'dana@acme.test', ...p });

const wait = (email: string, p: Partial<AwaitingItem> = {}): AwaitingItem => {
  const latest = tp({ key: `gmail:${email}`, contactEmails: [email], from: email, ...p.latest });
  return {
    contactEmail: email,
    inbounds: [latest],
    since: latest.at,
    latest,
    elapsedMs: 5 * H,
    targetKind: 'new-lead',
    targetMs: H,
    escalateMs: 4 * H,
    state: 'escalated',
    overdueAt: latest.at + H,
    escalateAt: latest.at + 4 * H,
    overdueByMs: 4 * H,
    ...p,
  };
};

describe('settleAttention', () => {
  const NOW = 10 * H;

  it('a wait on a won, lost or dead deal never escalates: it is kept apart, quiet', () => {
    const items = [
      wait('lost@x.test', { latest: tp({ dealId: 'd:lost', at: 5 }) }),
      wait('open@x.test', { latest: tp({ dealId: 'd:open' }), state: 'overdue' }),
      wait('won@x.test', { latest: tp({ dealId: 'd:won', at: 9 }) }),
    ];
    const status = { 'd:lost': 'lost', 'd:open': 'open', 'd:won': 'won' } as const;
    const s = settleAttention(items, { dealStatus: (id) => status[id as keyof typeof status], now: NOW });
    expect(s.active.map((a) => a.contactEmail)).toEqual(['open@x.test']);
    expect(s.quiet.map((a) => [a.contactEmail, a.closed, a.state])).toEqual([
      ['won@x.test', 'won', 'ok'],
      ['lost@x.test', 'lost', 'ok'],
    ]);
    expect(flagText(s.quiet[1]!, DAY8, 'Lou Lost')).toBe('Lou Lost wrote 5 h ago (working time); the deal is lost, so nothing escalates.');
  });

  it('one flag per person: the most urgent wait of each', () => {
    const s = settleAttention(
      [wait('a@x.test', { state: 'ok', since: 1 }), wait('a@x.test', { state: 'escalated', since: 2 }), wait('b@x.test', { state: 'overdue' })],
      { now: NOW },
    );
    expect(s.active.map((a) => [a.contactEmail, a.state])).toEqual([
      ['a@x.test', 'escalated'],
      ['b@x.test', 'overdue'],
    ]);
  });

  it('a snoozed flag hides until the snooze ends; a done one stays hidden', () => {
    const a = wait('a@x.test');
    const b = wait('b@x.test');
    const followUps = new Map([
      [replyFollowUpId(a), { state: 'snoozed' as const, snoozedUntil: NOW + H }],
      [replyFollowUpId(b), { state: 'done' as const }],
    ]);
    expect(settleAttention([a, b], { followUps, now: NOW }).active).toEqual([]);
    expect(settleAttention([a, b], { followUps, now: NOW + H + 1 }).active.map((x) => x.contactEmail)).toEqual(['a@x.test']);
  });

  it('reads by name, in working time, never in raw hours', () => {
    const [a] = settleAttention([wait('dana@acme.test', { elapsedMs: 232 * H, targetMs: H })], { now: NOW }).active;
    expect(flagText(a!, DAY8, 'Dana Prospect')).toBe('Dana Prospect has waited 29 working days for your reply (target 1 h, new lead)');
    expect(flagText(a!, DAY8)).toContain('dana@acme.test has waited');
  });
});
