import { describe, expect, it } from 'vitest';
import type { Adjustment, Debrief, Retrospective } from '../../lib/model';
import { adjustmentsToReview, periodStart, retrospectiveMarkdown, sessionFileName, summarise } from '../../lib/retrospective';
import { day, deals, reflections, winReflections } from './helpers/learning-dataset';

const debriefs: Debrief[] = [
  { dealId: 'l3', answers: [], buyerReason: 'price', buyerReasonDetail: 'Budget went to hiring', spokeWith: 'Olga', heldAt: day(5, 30), createdAt: day(5, 30), updatedAt: day(5, 30) },
];
// w2 chose us for trust: a category no loss of the period names, so it is no reason row.
const wins = winReflections.map((w) => (w.dealId === 'w2' ? { ...w, whyCategory: 'trust-risk' as const, repeat: 'Same-day answers during the trial.' } : w));
const input = { deals, reflections, winReflections: wins, debriefs };

const retro = (id: string, periodFrom: number, periodTo: number, heldAt: number): Retrospective => ({ id, periodFrom, periodTo, notes: '', heldAt, createdAt: periodTo, updatedAt: periodTo });
const adjustment = (id: string, retrospectiveId: string, over: Partial<Adjustment> = {}): Adjustment => ({
  id,
  retrospectiveId,
  who: 'Sam',
  what: `Change ${id}`,
  dueAt: day(6, 15),
  outcome: 'open',
  outcomeNote: '',
  createdAt: day(6, 1),
  updatedAt: day(6, 1),
  ...over,
});

describe('retrospective summary', () => {
  it('covers the deals closed in the period, their reasons, the mismatches and the lessons written in it', () => {
    const s = summarise(input, day(5, 1), day(6, 1));
    expect(s.lost).toEqual([
      { id: 'l3', name: 'Deal l3', status: 'lost', closedAt: day(5, 28), outcome: 'No decision / status quo', reason: 'Our sales process' },
      { id: 'l2', name: 'Deal l2', status: 'dead', closedAt: day(5, 2), outcome: 'Lost to a competitor', reason: 'Product fit', competitor: 'Contoso' },
    ]);
    expect(s.won.map((d) => d.id)).toEqual(['w2', 'w3']);
    // Slow responses (controllable, 1) and product fit (not, 0).
    expect(s.controllable).toEqual({ reasons: 2, share: 0.5 });
    // One each: in the taxonomy's order.
    expect(s.reasons.map((r) => [r.category, r.total, r.controllableShare])).toEqual([
      ['product-fit', 1, 0],
      ['sales-process', 1, 1],
    ]);
    expect(s.compared).toBe(1);
    expect(s.mismatches).toEqual([{ dealId: 'l3', dealName: 'Deal l3', rep: 'sales-process', buyer: 'price', buyerDetail: 'Budget went to hiring' }]);
    expect(s.lessons.map((l) => [l.dealId, l.kind, l.text])).toEqual([
      ['l3', 'lost', 'Answer the same day.'],
      ['w2', 'won', 'Same-day answers during the trial.'],
      ['l2', 'lost', 'Answer the same day.'],
    ]);
  });

  it('leaves out what closed before or after the period', () => {
    const s = summarise(input, day(3, 1), day(4, 1));
    expect(s.lost.map((d) => d.id)).toEqual(['l4', 'l1']); // l4 has only a draft
    expect(s.lost[0]!.reason).toBeUndefined();
    expect(s.won).toEqual([]);
    expect(s.mismatches).toEqual([]);
  });

  it('starts where the last session held ended; the first covers everything since the first close', () => {
    const now = day(6, 1);
    expect(periodStart([], deals, now, 14)).toBe(day(1, 15));
    expect(periodStart([], [], now, 14)).toBe(now - 14 * 86_400_000);
    const held = [retro('a', day(1, 1), day(3, 1), day(3, 1)), retro('b', day(3, 1), day(4, 1), day(4, 1)), retro('c', day(4, 1), day(4, 1), 0)];
    expect(periodStart(held, deals, now, 14)).toBe(day(4, 1));
  });
});

describe('the downloaded session', () => {
  it("is named by the day the period ends on the rep's calendar, as the document dates it", () => {
    // 20:00 on Friday 4 December in New York is already Saturday in UTC.
    const to = Date.parse('2026-12-04T20:00:00-05:00');
    expect(sessionFileName(to, 'America/New_York')).toBe('deal-debrief-retrospective-2026-12-04.md');
    expect(sessionFileName(to, 'Asia/Tokyo')).toBe('deal-debrief-retrospective-2026-12-05.md');
  });
});

describe('adjustments reviewed at the next session', () => {
  const retros = [retro('r1', day(4, 1), day(5, 1), day(5, 1)), retro('r2', day(5, 1), day(6, 1), 0)];

  it('shows what earlier sessions agreed and is still open, and what this session reviewed', () => {
    const list = [
      adjustment('a1', 'r1', { dueAt: day(5, 20) }),
      adjustment('a2', 'r1', { outcome: 'done', reviewedIn: 'r2', dueAt: day(5, 10) }),
      adjustment('a3', 'r1', { outcome: 'done', reviewedIn: 'r0' }), // closed at an earlier session
      adjustment('a4', 'r2'), // agreed now: not reviewed now
    ];
    expect(adjustmentsToReview(list, retros, 'r2').map((a) => a.id)).toEqual(['a2', 'a1']);
  });

  it('puts the reviewed and the agreed adjustments in the Markdown', () => {
    const s = summarise(input, day(5, 1), day(6, 1));
    const fmt = (ms: number) => new Date(ms).toISOString().slice(0, 10);
    const md = retrospectiveMarkdown(
      s,
      [adjustment('n1', 'r2', { who: 'Alex', what: 'Reply to new leads | within the hour', dueAt: day(6, 30) })],
      [adjustment('a1', 'r1', { outcome: 'dropped', outcomeNote: 'No time\nin May', reviewedIn: 'r2' })],
      fmt,
      'Good session.',
    );
    expect(md).toContain('# Loss retrospective — 2026-05-01 to 2026-06-01');
    expect(md).toContain('- Loss reasons in your control: 50% of 2');
    expect(md).toContain('## Adjustments from the last retrospective');
    expect(md).toContain('| Sam | Change a1 | 2026-06-15 | Not done | No time in May |');
    expect(md).toContain('| Alex | Reply to new leads \\| within the hour | 2026-06-30 |');
    expect(md).toContain('- Deal l2 (dead): Product fit — went to Contoso');
    expect(md).toContain('- Deal l3: you said Our sales process, they said Price and commercial terms ("Budget went to hiring")');
    expect(md).toContain('- Deal w2 (won): Same-day answers during the trial.');
    expect(md.trimEnd().endsWith('Good session.')).toBe(true);
  });
});
