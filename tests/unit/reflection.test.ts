import type { Deal, Reflection } from '../../lib/model';
import {
  controllabilityShare,
  emptyReflection,
  knownCompetitors,
  reflectionSchema,
  validateForFinish,
} from '../../lib/reflection/model';
import {
  DEBRIEF_GUIDANCE,
  DEBRIEF_QUESTIONS,
  LEAD_SOURCES,
  OUTCOMES,
  REASON_CATEGORIES,
  STANDARD_STAGES,
  debriefDetails,
  debriefQuestions,
  isEarlyStage,
  lossReason,
  normaliseLeadSource,
  stageListFor,
} from '../../lib/reflection/taxonomy';
import { makeDeal, makeReflection } from './helpers/factories';

const NOW = Date.UTC(2026, 4, 4, 9, 30);
const DAY = 86_400_000;

function deal(over: Partial<Deal> = {}): Deal {
  return makeDeal({
    id: 'hubspot:1001',
    name: 'Northwind Traders — 40 seats',
    amount: 24_000,
    currency: 'EUR',
    stage: 'Proposal',
    status: 'lost',
    leadSource: 'Warm Intro',
    contactEmails: ['dana@northwind.example'],
    threadIds: ['18f2a'],
    openedAt: NOW - 60 * DAY,
    updatedAt: NOW,
    ...over,
  });
}

function finished(over: Partial<Reflection> = {}): Reflection {
  return makeReflection(
    deal(),
    {
      outcome: 'competitor',
      competitor: 'Contoso',
      primaryReason: lossReason('sales-process', 'never reached the decision-maker'),
      differently: 'Ask for a meeting with the economic buyer before sending a proposal.',
      ...over,
    },
    NOW,
  );
}

describe('taxonomy', () => {
  it('has the five outcomes and the lead sources of docs/method.md', () => {
    expect(OUTCOMES.map((o) => o.id)).toEqual(['competitor', 'no-decision', 'disqualified', 'went-dark', 'unknown']);
    expect(LEAD_SOURCES.map((s) => s.label)).toEqual([
      'Cold call',
      'Warm introduction',
      'Inbound',
      'Referral',
      'Event',
      'Partner',
      'Other',
    ]);
  });

  it.each([
    ['price', 'partly', 'too expensive'],
    ['product-fit', 'not-controllable', 'integration gap'],
    ['competitor-strength', 'partly', 'incumbent relationship'],
    ['sales-process', 'controllable', 'slow responses'],
    ['timing', 'not-controllable', 'project shelved'],
    ['trust-risk', 'partly', 'security review'],
    ['icp-fit', 'controllable', 'wrong industry'],
    ['other', null, undefined],
  ] as const)('%s defaults to %s', (id, ctrl, example) => {
    const c = REASON_CATEGORIES.find((x) => x.id === id)!;
    expect(c.defaultControllability).toBe(ctrl);
    if (example) expect(c.examples).toContain(example);
  });

  it('new reasons take the default; "other" starts at partly until the rep decides', () => {
    expect(lossReason('timing', 'reorganisation').controllability).toBe('not-controllable');
    expect(lossReason('other', 'x').controllability).toBe('partly');
    expect(lossReason('other', 'x', 'controllable').controllability).toBe('controllable');
  });

  it.each([
    ['Warm Intro', 'warm-introduction'],
    ['warm introduction', 'warm-introduction'],
    ['COLD_CALL', 'cold-call'],
    ['Referral', 'referral'],
    ['ORGANIC_SEARCH', 'inbound'],
    ['Trade Show', 'event'],
    ['Reseller partner', 'partner'],
    ['Lead list', 'Lead list'],
    ['  ', undefined],
    [undefined, undefined],
  ])('lead source %j → %j', (raw, expected) => {
    expect(normaliseLeadSource(raw)).toBe(expected);
  });

  it('uses the CRM stage list when known, else the standard one; the first two are early', () => {
    expect(stageListFor({})).toBe(STANDARD_STAGES);
    expect(stageListFor({ stages: ['Lead', 'Meeting', 'Offer'] })).toEqual(['Lead', 'Meeting', 'Offer']);
    expect(isEarlyStage(STANDARD_STAGES, 'discovery')).toBe(true);
    expect(isEarlyStage(STANDARD_STAGES, 'Qualification')).toBe(false);
    expect(isEarlyStage(STANDARD_STAGES, 'Nowhere')).toBe(false);
  });

  it('debrief: prepared questions and the listen-more guidance', () => {
    expect(DEBRIEF_GUIDANCE).toMatch(/won't try to change their mind; listen more than speak/);
    expect(DEBRIEF_QUESTIONS).toHaveLength(5);
    expect(debriefQuestions('competitor')).toContain('What did the vendor you chose do better?');
    expect(debriefQuestions('no-decision')).not.toContain('What did the vendor you chose do better?');
    expect(debriefDetails('went-dark')[0]).toBe(DEBRIEF_GUIDANCE);
  });
});

describe('emptyReflection', () => {
  it('pre-fills from the deal', () => {
    const r = emptyReflection(deal({ contractTermMonths: 24 }), NOW);
    expect(r).toMatchObject({
      dealId: 'hubspot:1001',
      state: 'draft',
      disposition: 'lost',
      contractTermMonths: 24,
      leadSource: 'warm-introduction',
      stageLost: 'Proposal',
      lostAt: NOW,
      createdAt: NOW,
      updatedAt: NOW,
      secondaryReasons: [],
      differently: '',
    });
    expect(r.outcome).toBeUndefined();
  });

  it('defaults the term to 12 months and ignores closing stages', () => {
    const r = emptyReflection(deal({ stage: 'Closed Lost', leadSource: undefined }), NOW);
    expect(r.contractTermMonths).toBe(12);
    expect(r.stageLost).toBeUndefined();
    expect('leadSource' in r).toBe(false);
  });

  it('is valid against the schema', () => {
    expect(reflectionSchema.safeParse(emptyReflection(deal(), NOW)).success).toBe(true);
  });
});

describe('validateForFinish', () => {
  it('accepts a complete reflection', () => {
    expect(validateForFinish(finished())).toEqual([]);
  });

  it('lists everything missing from an empty draft', () => {
    const fields = validateForFinish(emptyReflection(deal(), NOW)).map((i) => i.field);
    expect(fields).toEqual(['outcome', 'primaryReason', 'differently']);
  });

  it.each<[string, Partial<Reflection>, string]>([
    ['competitor unnamed', { competitor: '  ' }, 'competitor'],
    ['differently only whitespace', { differently: ' \n\t ' }, 'differently'],
    ['icp fit 0', { icpFit: 0 }, 'icpFit'],
    ['icp fit 6', { icpFit: 6 }, 'icpFit'],
    ['icp fit 2.5', { icpFit: 2.5 }, 'icpFit'],
    ['term 0', { contractTermMonths: 0 }, 'contractTermMonths'],
    ['term 121', { contractTermMonths: 121 }, 'contractTermMonths'],
    ['term missing on a lost deal', { contractTermMonths: undefined }, 'contractTermMonths'],
    ['other without words', { primaryReason: lossReason('other', ''), }, 'primaryReason'],
    ['secondary other without words', { secondaryReasons: [lossReason('other', ' ')] }, 'secondaryReasons.0'],
  ])('%s → %s', (_name, over, field) => {
    const issues = validateForFinish(finished(over));
    expect(issues.map((i) => i.field)).toEqual([field]);
    expect(issues[0]!.message.length).toBeGreaterThan(10);
  });

  it.each<[string, Partial<Reflection>]>([
    ['no decision needs no competitor', { outcome: 'no-decision', competitor: undefined }],
    ['icp fit 1', { icpFit: 1 }],
    ['icp fit 5', { icpFit: 5 }],
    ['term 1', { contractTermMonths: 1 }],
    ['term 120', { contractTermMonths: 120 }],
    ['dead deal without a term', { disposition: 'dead', contractTermMonths: undefined }],
  ])('%s is fine', (_name, over) => {
    expect(validateForFinish(finished(over))).toEqual([]);
  });

  it('asks for ownership in the message', () => {
    const issue = validateForFinish(finished({ differently: '' })).find((i) => i.field === 'differently');
    expect(issue?.message).toMatch(/one thing you will do differently/);
  });
});

describe('controllabilityShare', () => {
  it.each<[string, Partial<Reflection>, number | undefined]>([
    ['no reasons', { primaryReason: undefined, secondaryReasons: [] }, undefined],
    ['one controllable', { primaryReason: lossReason('sales-process'), secondaryReasons: [] }, 1],
    ['controllable + not', { primaryReason: lossReason('sales-process'), secondaryReasons: [lossReason('timing')] }, 0.5],
    [
      'partly + partly + not',
      { primaryReason: lossReason('price'), secondaryReasons: [lossReason('trust-risk'), lossReason('product-fit')] },
      1 / 3,
    ],
    ['flipped by the rep', { primaryReason: lossReason('price', 'budget cut', 'not-controllable'), secondaryReasons: [] }, 0],
  ])('%s → %s', (_n, over, expected) => {
    const share = controllabilityShare(finished(over));
    if (expected === undefined) expect(share).toBeUndefined();
    else expect(share).toBeCloseTo(expected);
  });
});

describe('knownCompetitors', () => {
  it('merges spellings, most used first, latest spelling shown', () => {
    const rs = [
      finished({ dealId: 'a', competitor: 'contoso', updatedAt: 1 }),
      finished({ dealId: 'b', competitor: 'Fabrikam', updatedAt: 2 }),
      finished({ dealId: 'c', competitor: ' Contoso  ', updatedAt: 3 }),
      finished({ dealId: 'd', competitor: 'Adventure  Works', updatedAt: 4 }),
      finished({ dealId: 'e', competitor: '', updatedAt: 5 }),
      finished({ dealId: 'f', competitor: undefined, outcome: 'went-dark', updatedAt: 6 }),
    ];
    expect(knownCompetitors(rs)).toEqual([
      { name: 'Contoso', count: 2 },
      { name: 'Adventure Works', count: 1 },
      { name: 'Fabrikam', count: 1 },
    ]);
  });
});

describe('reflectionSchema', () => {
  it('rejects an out-of-range score and a bad enum with paths', () => {
    const bad = { ...finished(), icpFit: 9, outcome: 'lost-to-them' };
    const res = reflectionSchema.safeParse(bad);
    expect(res.success).toBe(false);
    expect(res.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['icpFit', 'outcome']);
  });
});
