import { byContact, dealFigures, responseContext, responseFigures } from '../../lib/deal-figures';
import { defaultSettings, type Touchpoint } from '../../lib/model';
import { makeDeal, makeTouchpoint } from './helpers/factories';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const JANE = 'jane@acme.test';
const JOE = 'joe@acme.test';
const BOB = 'bob@globex.test';
const REP = 'rep@ourco.test';

const tp = (p: Partial<Touchpoint> & Pick<Touchpoint, 'direction' | 'at' | 'contactEmails'>): Touchpoint => makeTouchpoint(p);

describe('byContact', () => {
  const T = at('2026-03-02T10:00:00-05:00');
  const keysOf = (m: Map<string, Touchpoint[]>) => Object.fromEntries([...m].map(([email, list]) => [email, list.map((t) => t.key)]));

  it.each<[string, Touchpoint, Record<string, string[]>]>([
    ['inbound email: only its sender is owed a reply (a cc’d prospect is not)', tp({ key: 'in', direction: 'inbound', at: T, from: JANE, contactEmails: [JANE, JOE], cc: [JOE] }), { [JANE]: ['in'] }],
    ['outbound email: counts for everyone it went to', tp({ key: 'out', direction: 'outbound', at: T, from: REP, contactEmails: [JANE, JOE] }), { [JANE]: ['out'], [JOE]: ['out'] }],
    ['inbound call: a conversation with everyone on it', tp({ key: 'call', channel: 'call', direction: 'inbound', at: T, contactEmails: [JANE, JOE] }), { [JANE]: ['call'], [JOE]: ['call'] }],
    ['inbound email without a known sender: everyone', tp({ key: 'row', direction: 'inbound', at: T, contactEmails: [JANE, JOE] }), { [JANE]: ['row'], [JOE]: ['row'] }],
    ['inbound email whose sender is not a contact: everyone', tp({ key: 'fwd', direction: 'inbound', at: T, from: 'assistant@other.test', contactEmails: [JANE] }), { [JANE]: ['fwd'] }],
    ['no contacts: nobody', tp({ key: 'int', direction: 'internal', at: T, from: REP, contactEmails: [] }), {}],
  ])('%s', (_name, t, expected) => {
    expect(keysOf(byContact([t]))).toEqual(expected);
  });

  it('sorts each contact’s list by time', () => {
    const late = tp({ key: 'late', direction: 'outbound', at: T + 2 * MIN, contactEmails: [JANE] });
    const early = tp({ key: 'early', direction: 'inbound', at: T, from: JANE, contactEmails: [JANE] });
    const mid = tp({ key: 'mid', channel: 'call', direction: 'outbound', at: T + MIN, contactEmails: [JANE] });
    expect(keysOf(byContact([late, early, mid]))).toEqual({ [JANE]: ['early', 'mid', 'late'] });
  });
});

describe('responseFigures', () => {
  // New York, 09:00–17:00 Mon–Fri; new lead 60 min (escalate 240), active deal 480 min (escalate 960).
  // All dates are before the DST change (8 Mar), so -05:00 throughout.
  const settings = defaultSettings('America/New_York');
  const NOW = at('2026-03-05T16:00:00-05:00'); // Thursday
  const history: Touchpoint[] = [
    // Bob, a new lead on Friday afternoon, answered on Monday: 30 min Fri + 60 min Mon = 90 min > 60 → late.
    tp({ key: 'bob-in', direction: 'inbound', at: at('2026-02-27T16:30:00-05:00'), from: BOB, contactEmails: [BOB] }),
    tp({ key: 'bob-re', direction: 'outbound', at: at('2026-03-02T10:00:00-05:00'), from: REP, contactEmails: [BOB] }),
    // Jane, a new lead answered in 45 min (Joe copied on the answer).
    tp({ key: 'jane-in-1', direction: 'inbound', at: at('2026-03-02T10:00:00-05:00'), from: JANE, contactEmails: [JANE] }),
    tp({ key: 'jane-re-1', direction: 'outbound', at: at('2026-03-02T10:45:00-05:00'), from: REP, contactEmails: [JANE, JOE] }),
    // Jane again (now an active deal): 60 min Mon + 60 min Tue = 120 min ≤ 480.
    tp({ key: 'jane-in-2', direction: 'inbound', at: at('2026-03-02T16:00:00-05:00'), from: JANE, contactEmails: [JANE] }),
    tp({ key: 'jane-re-2', direction: 'outbound', at: at('2026-03-03T10:00:00-05:00'), from: REP, contactEmails: [JANE] }),
    // Jane writes Wednesday 15:00 with Joe in cc; nobody answers. Joe is owed nothing.
    tp({ key: 'jane-in-3', direction: 'inbound', at: at('2026-03-04T15:00:00-05:00'), from: JANE, contactEmails: [JANE, JOE], cc: [JOE], threadId: 'thread-f:3' }),
  ];

  const figures = responseFigures(history, responseContext(settings, NOW));

  it('analyses each contact once', () => {
    expect([...figures.analyses.keys()].sort()).toEqual([BOB, JANE, JOE]);
    expect(figures.analyses.get(JOE)).toMatchObject({ responses: [], awaiting: [] });
    expect(figures.analyses.get(JANE)?.responses.map((r) => [r.reply.key, r.workingMs / MIN, r.targetKind, r.late])).toEqual([
      ['jane-re-1', 45, 'new-lead', false],
      ['jane-re-2', 120, 'active-deal', false],
    ]);
    expect(figures.analyses.get(BOB)?.responses.map((r) => [r.reply.key, r.workingMs / MIN, r.targetKind, r.late])).toEqual([['bob-re', 90, 'new-lead', true]]);
  });

  it('lists the one awaiting item: Jane, overdue since Thursday 15:00', () => {
    expect(figures.awaiting).toHaveLength(1);
    const [item] = figures.awaiting;
    expect(item?.contactEmail).toBe(JANE);
    expect(item?.latest.key).toBe('jane-in-3');
    expect(item?.since).toBe(at('2026-03-04T15:00:00-05:00'));
    expect(item?.targetKind).toBe('active-deal');
    // Elapsed: Wed 15:00–17:00 (120) + Thu 09:00–16:00 (420) = 540 min; target 480; escalate 960.
    expect(item?.elapsedMs).toBe(540 * MIN);
    expect(item?.state).toBe('overdue');
    expect(item?.overdueByMs).toBe(60 * MIN);
    // 480 min: 120 on Wednesday, 360 on Thursday → 15:00. 960 min: 120 + 480 + 360 → Friday 15:00.
    expect(item?.overdueAt).toBe(at('2026-03-05T15:00:00-05:00'));
    expect(item?.escalateAt).toBe(at('2026-03-06T15:00:00-05:00'));
  });

  it('summarises: three replies, median 90 min, worst 120 min, one late, one overdue', () => {
    expect(figures.summary).toEqual({ count: 3, median: 90 * MIN, worst: 120 * MIN, late: 1, awaiting: 1, awaitingOverdue: 1 });
  });

  it('takes its targets from the settings, in minutes', () => {
    const ctx = responseContext({ ...settings, newLeadTargetMinutes: 30, activeDealEscalateMinutes: 600 }, NOW);
    expect(ctx.targets).toEqual({ newLeadMs: 30 * MIN, newLeadEscalateMs: 240 * MIN, activeDealMs: 480 * MIN, activeDealEscalateMs: 600 * MIN });
    expect(ctx.now).toBe(NOW);
    expect(ctx.calendar.timeZone).toBe('America/New_York');
  });
});

describe('dealFigures: days open', () => {
  const open = (openedAt: string, closedAt: string, timeZone: string) =>
    dealFigures(makeDeal({ status: 'lost', openedAt: at(openedAt), closedAt: at(closedAt) }), [], defaultSettings(timeZone), at(closedAt)).hard.daysOpen;

  it.each([
    // 10:00 to 10:00 ten days later is ten days on the rep's calendar, although the clocks went
    // forward in between and only 9 days 23 hours passed.
    ['across the change to summer time in Berlin', '2026-03-20T10:00:00+01:00', '2026-03-30T10:00:00+02:00', 'Europe/Berlin', 10],
    ['across the change to summer time in New York', '2026-03-01T09:00:00-05:00', '2026-03-11T09:00:00-04:00', 'America/New_York', 10],
    ['across the change back in Berlin (10 days and an hour passed)', '2026-10-20T10:00:00+02:00', '2026-10-30T10:00:00+01:00', 'Europe/Berlin', 10],
    ['a minute short of ten days', '2026-03-20T10:00:00+01:00', '2026-03-30T09:59:00+02:00', 'Europe/Berlin', 9],
    ['half an hour short of ten days across the change back (10 days and half an hour passed)', '2026-10-20T10:00:00+02:00', '2026-10-30T09:30:00+01:00', 'Europe/Berlin', 9],
    ['closed the day it opened', '2026-03-20T10:00:00+01:00', '2026-03-20T18:00:00+01:00', 'Europe/Berlin', 0],
    ['closed before it opened (bad CRM data)', '2026-03-20T10:00:00+01:00', '2026-03-19T10:00:00+01:00', 'Europe/Berlin', 0],
  ])('%s', (_name, openedAt, closedAt, timeZone, days) => {
    expect(open(openedAt, closedAt, timeZone)).toBe(days);
  });
});
