import { computeInsights, median } from '../../lib/insights';
import type { Deal, Reflection, Touchpoint, WinReflection } from '../../lib/model';
import { lossReason } from '../../lib/reflection/taxonomy';
import { makeDeal, makeReflection, makeTouchpoint } from './helpers/factories';

const H = 3_600_000;
const DAY = 24 * H;
const NOW = Date.UTC(2026, 4, 4, 9);

function deal(id: string, status: Deal['status'], over: Partial<Deal> = {}): Deal {
  return makeDeal({ id, name: `Deal ${id}`, amount: 12_000, currency: 'EUR', status, contactEmails: [], openedAt: NOW - 90 * DAY, closedAt: NOW - 10 * DAY, updatedAt: NOW - 10 * DAY, ...over });
}

function reflection(d: Deal, over: Partial<Reflection> = {}): Reflection {
  return makeReflection(d, { state: 'final', differently: 'Multi-thread earlier.', ...over }, NOW - 10 * DAY);
}

function touches(n: number): Touchpoint[] {
  return Array.from({ length: n }, (_, i) => makeTouchpoint({ at: NOW - i * DAY, contactEmails: [] }));
}

// A realistic quarter: 3 won, 4 lost (one dead), one open, one re-opened.
const deals: Deal[] = [
  deal('w1', 'won', { leadSource: 'Referral' }),
  deal('w2', 'won', { leadSource: 'Warm intro' }),
  deal('w3', 'won', { leadSource: 'Inbound' }),
  deal('l1', 'lost', { leadSource: 'Cold call', stage: 'Discovery' }),
  deal('l2', 'lost', { leadSource: 'Cold call', stages: ['Lead in', 'Contact made', 'Demo', 'Proposal'] }),
  deal('l3', 'dead', { leadSource: 'Inbound' }),
  deal('l4', 'lost', { leadSource: 'Referral' }),
  deal('o1', 'open', { leadSource: 'Cold call' }),
  deal('r1', 'open', { leadSource: 'Event' }), // re-opened: its old reflection must not count
];
const byId = (id: string) => deals.find((d) => d.id === id)!;

const reflections: Reflection[] = [
  reflection(byId('l1'), {
    outcome: 'competitor',
    competitor: 'Contoso',
    stageLost: 'Discovery',
    primaryReason: lossReason('icp-fit', 'wrong size'),
    secondaryReasons: [lossReason('sales-process', 'slow responses')],
    updatedAt: 1,
  }),
  reflection(byId('l2'), {
    outcome: 'competitor',
    competitor: 'contoso ',
    stageLost: 'Contact made',
    primaryReason: lossReason('price', 'too expensive'),
    secondaryReasons: [lossReason('timing', 'budget moved')],
    updatedAt: 2,
  }),
  reflection(byId('l3'), {
    disposition: 'dead',
    outcome: 'no-decision',
    stageLost: 'Negotiation',
    primaryReason: lossReason('timing', 'project shelved'),
    leadSource: 'partner', // the rep corrected the CRM's lead source
  }),
  reflection(byId('l4'), { state: 'draft', outcome: 'went-dark' }),
  reflection(byId('r1'), { outcome: 'competitor', competitor: 'Initech', primaryReason: lossReason('price') }),
];

const touchpointsByDeal = new Map<string, Touchpoint[]>([
  ['w1', touches(20)],
  ['w2', touches(14)],
  ['w3', touches(30)],
  ['l1', touches(4)],
  ['l2', touches(9)],
  ['l3', touches(6)],
  // l4 has none captured: counts as 0
]);
const responseByDeal = new Map<string, { median?: number }>([
  ['w1', { median: 1 * H }],
  ['w2', { median: 2 * H }],
  ['w3', { median: 4 * H }],
  ['l1', { median: 9 * H }],
  ['l2', { median: 5 * H }],
  ['l3', {}],
]);

const ins = computeInsights({ deals, reflections, touchpointsByDeal, responseByDeal });

describe('computeInsights', () => {
  it('counts lost vs won', () => {
    expect(ins.counts).toEqual({ won: 3, lost: 3, dead: 1, open: 2, lostTotal: 4, winRate: 3 / 7 });
    expect(ins.reflections).toEqual({ final: 3, draft: 1, missing: 1 });
  });

  it('counts outcomes of final reflections', () => {
    expect(ins.outcomes.map((o) => [o.outcome, o.count])).toEqual([
      ['competitor', 2],
      ['no-decision', 1],
    ]);
  });

  it('counts primary and secondary reasons with the controllable share', () => {
    expect(ins.reasons.map((r) => [r.category, r.primary, r.secondary])).toEqual([
      ['timing', 1, 1],
      ['price', 1, 0],
      ['icp-fit', 1, 0],
      ['sales-process', 0, 1],
    ]);
    const timing = ins.reasons[0]!;
    expect(timing.controllableShare).toBe(0);
    // 5 reasons: icp-fit (1) + sales-process (1) + price (½) + timing (0) + timing (0) = 2.5
    expect(ins.controllable).toEqual({ reasons: 5, controllable: 2, partly: 1, notControllable: 2, share: 0.5 });
  });

  it('flags early losses against each deal’s own stage list', () => {
    expect(ins.stages).toEqual([
      // both second in their lists; equal counts → alphabetical
      { stage: 'Contact made', count: 1, early: true },
      { stage: 'Discovery', count: 1, early: true },
      { stage: 'Negotiation', count: 1, early: false },
    ]);
    expect(ins.earlyLosses).toBe(2);
    expect(ins.earlyLossShare).toBeCloseTo(2 / 3);
  });

  it('groups competitors case-insensitively', () => {
    expect(ins.competitors).toEqual([{ name: 'contoso', losses: 2, dealIds: ['l1', 'l2'] }]);
  });

  it('compares lead sources, using the reflection’s correction', () => {
    const table = Object.fromEntries(ins.leadSources.map((s) => [s.source, [s.won, s.lost, s.winRate]]));
    expect(table).toEqual({
      'cold-call': [0, 2, 0],
      referral: [1, 1, 0.5],
      inbound: [1, 0, 1],
      'warm-introduction': [1, 0, 1],
      partner: [0, 1, 0],
    });
    expect(ins.leadSources[0]!.label).toBe('Cold call');
  });

  it('compares response times and touchpoint counts', () => {
    expect(ins.responseTime).toEqual({ lost: { deals: 2, median: 7 * H }, won: { deals: 3, median: 2 * H }, dayMs: 8 * H });
    expect(ins.touchpoints).toEqual({ lost: { deals: 4, median: 5 }, won: { deals: 3, median: 20 } });
  });

  it('sets win reasons beside loss reasons, counting only finished win reflections of deals still won', () => {
    const win = (dealId: string, over: Partial<WinReflection>): WinReflection => ({
      dealId,
      state: 'final',
      whyChoseUs: '',
      almostLost: '',
      whoDecided: '',
      repeat: '',
      wonAt: NOW,
      createdAt: NOW,
      updatedAt: NOW,
      ...over,
    });
    const withWins = computeInsights({
      deals,
      reflections,
      touchpointsByDeal,
      responseByDeal,
      winReflections: [
        win('w1', { whyCategory: 'price', almostLostCategory: 'timing' }),
        win('w2', { whyCategory: 'price' }),
        win('w3', { whyCategory: 'trust-risk', state: 'draft' }), // a draft does not count
        win('l1', { whyCategory: 'product-fit' }), // no longer won: does not count
      ],
    });
    const row = (c: string) => withWins.reasons.find((r) => r.category === c);
    // price: 1 loss, 2 wins; timing: 2 loss reasons, almost lost one win.
    expect([row('price')?.total, row('price')?.wins]).toEqual([1, 2]);
    expect([row('timing')?.total, row('timing')?.wins, row('timing')?.almostLost]).toEqual([2, 0, 1]);
    expect(row('trust-risk')).toBeUndefined();
    expect(row('product-fit')).toBeUndefined();
    // Without win reflections every category has 0 wins.
    expect(ins.reasons.every((r) => r.wins === 0 && r.almostLost === 0)).toBe(true);
  });

  it('is empty but well-formed with no data', () => {
    const empty = computeInsights({ deals: [], reflections: [], touchpointsByDeal: new Map(), responseByDeal: new Map() });
    expect(empty.counts.winRate).toBeUndefined();
    expect(empty.controllable.share).toBeUndefined();
    expect(empty.earlyLossShare).toBeUndefined();
    expect(empty.responseTime.lost).toEqual({ deals: 0 });
    expect(empty.reasons).toEqual([]);
  });
});

describe('median', () => {
  it.each([
    [[], undefined],
    [[5], 5],
    [[3, 1, 2], 2],
    [[4, 1, 3, 2], 2.5],
  ])('%j → %j', (xs, m) => expect(median(xs)).toBe(m));
});
