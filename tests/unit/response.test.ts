import type { Channel, Direction, Touchpoint, CallOutcome } from '../../lib/model';
import { defaultSettings } from '../../lib/model';
import {
  analyseContact,
  awaitingReplies,
  summarise,
  type ResponseContext,
} from '../../lib/response';
import { calendarFromSettings } from '../../lib/worktime';
import { makeTouchpoint } from './helpers/factories';

const H = 3_600_000;
const M = 60_000;
const at = (iso: string) => Date.parse(iso);

const calendar = calendarFromSettings(defaultSettings('America/New_York'));
const targets = { newLeadMs: 1 * H, newLeadEscalateMs: 4 * H, activeDealMs: 8 * H, activeDealEscalateMs: 16 * H };
const ctx = (now: string): ResponseContext => ({ calendar, now: at(now), targets });

function tp(direction: Direction, channel: Channel, iso: string, outcome?: CallOutcome): Touchpoint {
  return makeTouchpoint({ direction, channel, at: at(iso), contactEmails: ['pat@acme.com'], ...(outcome ? { outcome } : {}) });
}
const inEmail = (iso: string) => tp('inbound', 'email', iso);
const outEmail = (iso: string) => tp('outbound', 'email', iso);

// Tuesday 2026-03-03, New York (EST, -05:00).
const TUE = (hhmm: string) => `2026-03-03T${hhmm}:00-05:00`;
const WED = (hhmm: string) => `2026-03-04T${hhmm}:00-05:00`;
const THU = (hhmm: string) => `2026-03-05T${hhmm}:00-05:00`;
const MON = (hhmm: string) => `2026-03-02T${hhmm}:00-05:00`;

describe('analyseContact: answered inbound', () => {
  it.each<[string, Touchpoint[], { ms: number; kind: string; late: boolean; inbounds: number }[]]>([
    ['new lead, email reply in 45m', [inEmail(TUE('10:00')), outEmail(TUE('10:45'))], [{ ms: 45 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['reply by phone call, 2h: late for a new lead', [inEmail(TUE('10:00')), tp('outbound', 'call', TUE('12:00'), 'connected')], [{ ms: 2 * H, kind: 'new-lead', late: true, inbounds: 1 }]],
    ['a voicemail left is a reply attempt', [inEmail(TUE('10:00')), tp('outbound', 'call', TUE('10:20'), 'voicemail')], [{ ms: 20 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['reply by meeting', [inEmail(TUE('10:00')), tp('outbound', 'meeting', TUE('10:30'))], [{ ms: 30 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['a note does not answer', [inEmail(TUE('10:00')), tp('outbound', 'note', TUE('10:30')), outEmail(TUE('11:30'))], [{ ms: 90 * M, kind: 'new-lead', late: true, inbounds: 1 }]],
    ['exactly at the target is on time', [inEmail(TUE('10:00')), outEmail(TUE('11:00'))], [{ ms: 1 * H, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['several inbound before one reply: measured from the first', [inEmail(MON('16:00')), inEmail(TUE('09:30')), outEmail(TUE('10:00'))], [{ ms: 2 * H, kind: 'new-lead', late: true, inbounds: 2 }]],
    ['internal touchpoints are ignored', [inEmail(TUE('10:00')), tp('internal', 'email', TUE('10:10')), outEmail(TUE('10:40'))], [{ ms: 40 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['earlier outbound makes it an active deal', [outEmail(MON('10:00')), inEmail(MON('11:00')), outEmail(TUE('11:00'))], [{ ms: 8 * H, kind: 'active-deal', late: false, inbounds: 1 }]],
    [
      'second exchange of a thread is an active deal, late after 9h',
      [inEmail(MON('10:00')), outEmail(MON('10:30')), inEmail(WED('10:00')), outEmail(THU('11:00'))],
      [
        { ms: 30 * M, kind: 'new-lead', late: false, inbounds: 1 },
        { ms: 9 * H, kind: 'active-deal', late: true, inbounds: 1 },
      ],
    ],
    ['an earlier note alone keeps it a new lead', [tp('outbound', 'note', MON('10:00')), inEmail(TUE('10:00')), outEmail(TUE('10:30'))], [{ ms: 30 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['a connected inbound call answers the waiting email', [inEmail(TUE('10:00')), tp('inbound', 'call', TUE('10:30'), 'connected')], [{ ms: 30 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['a missed inbound call waits for a callback', [tp('inbound', 'call', TUE('10:00'), 'no-answer'), tp('outbound', 'call', TUE('10:15'), 'connected')], [{ ms: 15 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['weekend message answered Monday 09:20', [inEmail('2026-03-07T11:00:00-05:00'), outEmail('2026-03-09T09:20:00-04:00')], [{ ms: 20 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
    ['outbound in the same millisecond does not answer', [inEmail(TUE('10:00')), outEmail(TUE('10:00')), outEmail(TUE('10:10'))], [{ ms: 10 * M, kind: 'new-lead', late: false, inbounds: 1 }]],
  ])('%s', (_name, touchpoints, expected) => {
    const result = analyseContact(touchpoints, ctx(THU('17:00')));
    expect(result.responses.map((r) => ({ ms: r.workingMs, kind: r.targetKind, late: r.late, inbounds: r.inbounds.length }))).toEqual(expected);
    expect(result.awaiting).toEqual([]);
  });

  it('maps every answered inbound to its reply', () => {
    const a = inEmail(MON('16:00'));
    const b = inEmail(TUE('09:30'));
    const reply = tp('outbound', 'call', TUE('10:00'), 'connected');
    const result = analyseContact([a, b, reply], ctx(THU('17:00')));
    expect(result.answeredBy.get(a.key)).toBe(reply);
    expect(result.answeredBy.get(b.key)).toBe(reply);
    expect(result.responses[0]?.reply).toBe(reply);
  });

  it('an internal-only thread has nothing to answer', () => {
    const result = analyseContact([tp('internal', 'email', TUE('10:00')), tp('internal', 'email', TUE('11:00'))], ctx(THU('17:00')));
    expect(result).toEqual({ responses: [], awaiting: [], answeredBy: new Map() });
  });

  it('a connected inbound call alone waits for nothing', () => {
    expect(analyseContact([tp('inbound', 'call', TUE('10:00'), 'connected')], ctx(THU('17:00'))).awaiting).toEqual([]);
  });
});

describe('analyseContact: awaiting reply', () => {
  it.each([
    ['new lead, 30m', [inEmail(TUE('10:00'))], TUE('10:30'), 30 * M, 'ok', 'new-lead', TUE('11:00'), TUE('14:00')],
    ['new lead, 45m = 75%', [inEmail(TUE('10:00'))], TUE('10:45'), 45 * M, 'due-soon', 'new-lead', TUE('11:00'), TUE('14:00')],
    ['new lead, exactly the target', [inEmail(TUE('10:00'))], TUE('11:00'), 1 * H, 'overdue', 'new-lead', TUE('11:00'), TUE('14:00')],
    ['new lead, exactly the escalation', [inEmail(TUE('10:00'))], TUE('14:00'), 4 * H, 'escalated', 'new-lead', TUE('11:00'), TUE('14:00')],
    ['Friday 16:30 lead, seen Saturday', [inEmail('2026-03-06T16:30:00-05:00')], '2026-03-07T12:00:00-05:00', 30 * M, 'ok', 'new-lead', '2026-03-09T09:30:00-04:00', '2026-03-09T12:30:00-04:00'],
    ['two unanswered, clock from the first', [inEmail(MON('16:30')), inEmail(TUE('09:10'))], TUE('09:20'), 50 * M, 'due-soon', 'new-lead', TUE('09:30'), TUE('12:30')],
    ['active deal after an answered exchange', [inEmail(MON('10:00')), outEmail(MON('10:20')), inEmail(MON('15:00'))], TUE('12:00'), 5 * H, 'ok', 'active-deal', TUE('15:00'), WED('15:00')],
    ['active deal, 6h = 75%', [outEmail(MON('10:00')), inEmail(MON('15:00'))], TUE('13:00'), 6 * H, 'due-soon', 'active-deal', TUE('15:00'), WED('15:00')],
    ['now before the message counts nothing', [inEmail(TUE('10:00'))], TUE('09:00'), 0, 'ok', 'new-lead', TUE('11:00'), TUE('14:00')],
  ])('%s', (_name, touchpoints, now, elapsed, state, kind, overdueAt, escalateAt) => {
    const [item, ...rest] = analyseContact(touchpoints, ctx(now)).awaiting;
    expect(rest).toEqual([]);
    expect(item).toMatchObject({
      elapsedMs: elapsed,
      state,
      targetKind: kind,
      overdueAt: at(overdueAt),
      escalateAt: at(escalateAt),
      since: touchpoints.find((t) => t.direction === 'inbound' && !touchpoints.some((o) => o.direction === 'outbound' && o.at > t.at))?.at,
      inbounds: touchpoints.filter((t) => t.direction === 'inbound' && !touchpoints.some((o) => o.direction === 'outbound' && o.at > t.at)),
    });
  });

  it('reports how far past the target an item is', () => {
    const [item] = analyseContact([inEmail(TUE('10:00'))], ctx(TUE('12:15'))).awaiting;
    expect(item?.overdueByMs).toBe(75 * M);
    expect(item?.latest.at).toBe(at(TUE('10:00')));
  });
});

describe('summarise', () => {
  it('counts replies once, median, worst, late and awaiting', () => {
    const a = analyseContact([inEmail(MON('10:00')), outEmail(MON('10:30')), inEmail(TUE('10:00')), outEmail(WED('12:00'))], ctx(THU('17:00')));
    const b = analyseContact([inEmail(TUE('10:00')), inEmail(TUE('10:05')), outEmail(TUE('12:00')), inEmail(THU('09:00'))], ctx(THU('17:00')));
    // a: 30m (new lead), 10h (active, late); b: 2h (new lead, late), then waiting 8h (active deal: overdue).
    expect(summarise([a, b])).toEqual({ count: 3, median: 2 * H, worst: 10 * H, late: 2, awaiting: 1, awaitingOverdue: 1 });
  });
  it('even count takes the mean of the middle two', () => {
    const a = analyseContact([inEmail(TUE('10:00')), outEmail(TUE('10:30')), inEmail(TUE('11:00')), outEmail(TUE('11:45'))], ctx(THU('17:00')));
    expect(summarise([a])).toMatchObject({ count: 2, median: Math.round(37.5 * M), worst: 45 * M, late: 0 });
  });
  it('nothing to summarise', () => {
    expect(summarise([])).toEqual({ count: 0, median: undefined, worst: undefined, late: 0, awaiting: 0, awaitingOverdue: 0 });
  });
});

describe('awaitingReplies', () => {
  it('lists every contact waiting, most urgent first', () => {
    const byContact = new Map<string, Touchpoint[]>([
      ['answered@x.com', [inEmail(TUE('10:00')), outEmail(TUE('10:10'))]],
      ['fresh@x.com', [inEmail(THU('16:50'))]], // 10m of 1h: ok
      ['deal@x.com', [outEmail(MON('09:00')), inEmail(WED('10:00'))]], // active deal: 15h → overdue
      ['lead@x.com', [inEmail(THU('12:00'))]], // new lead: 5h → escalated
      ['older-lead@x.com', [inEmail(THU('11:00'))]], // new lead: 6h → escalated, earlier
      ['soon@x.com', [inEmail(THU('16:15'))]], // 45m of 1h: due soon
    ]);
    const items = awaitingReplies(byContact, ctx(THU('17:00')));
    expect(items.map((i) => [i.contactEmail, i.state])).toEqual([
      ['older-lead@x.com', 'escalated'],
      ['lead@x.com', 'escalated'],
      ['deal@x.com', 'overdue'],
      ['soon@x.com', 'due-soon'],
      ['fresh@x.com', 'ok'],
    ]);
  });
});

describe('"no reply needed"', () => {
  it('an inbound message the rep marked neither waits nor is answered; a later one waits from its own time', () => {
    const marked = { ...inEmail(THU('10:00')), noReplyNeeded: true };
    expect(analyseContact([marked], ctx(THU('17:00'))).awaiting).toEqual([]);
    const next = { ...inEmail(THU('15:00')), key: 'later' };
    const [item] = analyseContact([marked, next], ctx(THU('17:00'))).awaiting;
    expect(item?.since).toBe(Date.parse(THU('15:00')));
  });
});
