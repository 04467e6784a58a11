import type { Channel, Deal, Direction, Touchpoint } from '../../lib/model';
import { amountDistance, dealHardData, similarWonDeal, type ResponseSummaryInput } from '../../lib/reflection/hardData';
import { makeDeal, makeTouchpoint } from './helpers/factories';

const H = 3_600_000;
const DAY = 24 * H;
const OPENED = Date.UTC(2026, 2, 2, 9); // Mon 2 March 2026
const NOW = Date.UTC(2026, 4, 4, 9);

function deal(over: Partial<Deal> = {}): Deal {
  return makeDeal({
    id: 'pipedrive:42',
    source: 'pipedrive',
    name: 'Globex — analytics rollout',
    amount: 18_000,
    currency: 'EUR',
    stage: 'Negotiation',
    status: 'lost',
    leadSource: 'Cold call',
    contactEmails: ['hank@globex.example'],
    threadIds: [],
    openedAt: OPENED,
    closedAt: OPENED + 28 * DAY,
    updatedAt: OPENED + 28 * DAY,
    ...over,
  });
}

function tp(at: number, channel: Channel = 'email', direction: Direction = 'outbound'): Touchpoint {
  return makeTouchpoint({ at, channel, direction, contactEmails: ['hank@globex.example'] });
}

const response: ResponseSummaryInput = { count: 4, median: 3 * H, worst: 26 * H, late: 1, awaiting: 0 };

describe('dealHardData', () => {
  // Out of order on purpose: the function must not rely on order.
  const touches = [
    tp(OPENED + 10 * DAY, 'meeting', 'outbound'),
    tp(OPENED + 1 * DAY, 'email', 'outbound'),
    tp(OPENED + 2 * DAY, 'email', 'inbound'),
    tp(OPENED + 3 * DAY, 'call', 'outbound'),
    tp(OPENED + 15 * DAY, 'note', 'internal'), // not a conversation: does not split the silence
    tp(OPENED + 25 * DAY, 'email', 'inbound'),
    tp(OPENED + 26 * DAY, 'email', 'outbound'),
    tp(OPENED + 20 * DAY, 'email', 'internal'),
  ];
  const hd = dealHardData(deal(), touches, response, NOW);

  it('counts by channel and direction', () => {
    expect(hd.byChannel).toEqual({ email: 5, call: 1, meeting: 1, note: 1 });
    expect(hd.byDirection).toEqual({ inbound: 2, outbound: 4, internal: 2 });
    expect(hd.total).toBe(8);
  });

  it('finds first and last touch, days open and weekly frequency', () => {
    expect(hd.firstTouchAt).toBe(OPENED + DAY);
    expect(hd.lastTouchAt).toBe(OPENED + 26 * DAY);
    expect(hd.daysOpen).toBe(28);
    expect(hd.perWeek).toBeCloseTo(2); // 8 touchpoints over 4 weeks
  });

  it('finds the longest silence between conversations', () => {
    expect(hd.longestSilence).toEqual({ ms: 15 * DAY, from: OPENED + 10 * DAY, to: OPENED + 25 * DAY });
  });

  it('passes the response summary through and maps the lead source', () => {
    expect(hd.response).toEqual(response);
    expect(hd.leadSource).toBe('cold-call');
  });

  it.each<[string, Partial<Deal>, number, number]>([
    ['open deal counts to now', { closedAt: undefined, status: 'open' }, 63, 0],
    ['closed the same day: one-week minimum for frequency', { closedAt: OPENED + 5 * H }, 0, 0],
    ['closed before opened (bad CRM data) clamps to 0', { closedAt: OPENED - DAY }, 0, 0],
  ])('%s', (_name, over, days, total) => {
    const r = dealHardData(deal(over), [], { count: 0, late: 0, awaiting: 0 }, NOW);
    expect(r.daysOpen).toBe(days);
    expect(r.total).toBe(total);
    expect(r.perWeek).toBe(0);
    expect(r.firstTouchAt).toBeUndefined();
    expect(r.longestSilence).toBeUndefined();
  });

  it('a short deal with 3 touchpoints has 3 per week, and one conversation has no silence', () => {
    const r = dealHardData(deal({ closedAt: OPENED + 2 * DAY }), [tp(OPENED), tp(OPENED + H, 'note', 'internal'), tp(OPENED + 2 * H, 'email', 'internal')], response, NOW);
    expect(r.perWeek).toBe(3);
    expect(r.longestSilence).toBeUndefined();
  });
});

describe('similarWonDeal', () => {
  const lost = deal({ id: 'lost', amount: 20_000, leadSource: 'Referral' });
  const won = (id: string, over: Partial<Deal>): Deal =>
    deal({ id, status: 'won', closedAt: NOW - 30 * DAY, ...over });

  it.each<[string, Deal[], string | undefined]>([
    ['no won deal', [deal({ id: 'x', status: 'lost' }), deal({ id: 'y', status: 'open' })], undefined],
    [
      'same lead source beats a nearer amount',
      [won('near', { amount: 20_000, leadSource: 'Inbound' }), won('same', { amount: 90_000, leadSource: 'referral' })],
      'same',
    ],
    [
      'nearest amount by ratio: 10k is nearer 20k than 45k is',
      [won('10k', { amount: 10_000, leadSource: 'Referral' }), won('45k', { amount: 45_000, leadSource: 'Referral' })],
      '10k',
    ],
    [
      'equal distance: most recent close wins',
      [
        won('old', { amount: 40_000, leadSource: 'Referral', closedAt: NOW - 90 * DAY }),
        won('new', { amount: 10_000, leadSource: 'Referral', closedAt: NOW - 5 * DAY }),
      ],
      'new',
    ],
    [
      'a deal without an amount ranks after one with',
      [won('none', { amount: undefined, leadSource: 'Referral' }), won('far', { amount: 400_000, leadSource: 'Referral' })],
      'far',
    ],
    [
      'another currency is not comparable by amount',
      [won('usd', { amount: 20_000, currency: 'USD', leadSource: 'Referral' }), won('eur', { amount: 60_000, leadSource: 'Referral' })],
      'eur',
    ],
    ['never itself', [deal({ id: 'lost', status: 'won' })], undefined],
  ])('%s', (_name, candidates, expected) => {
    expect(similarWonDeal(lost, candidates)?.id).toBe(expected);
  });

  it('amountDistance is symmetric in ratio', () => {
    expect(amountDistance({ amount: 10 }, { amount: 20 })).toBeCloseTo(amountDistance({ amount: 50 }, { amount: 100 }));
    expect(amountDistance({ amount: 0 }, { amount: 20 })).toBe(Infinity);
  });
});
