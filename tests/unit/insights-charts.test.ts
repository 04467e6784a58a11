import { describe, expect, it } from 'vitest';
import { headlines, recentControllable, times } from '../../lib/headlines';
import { computeInsights } from '../../lib/insights';
import { competitorKey, monthLabel, monthlyTrend, monthOf, touchpointsByChannel, winRateByCompetitor } from '../../lib/insights-charts';
import { deals, reflections, responseByDeal, touchpointsByDeal, TZ, winReflections } from './helpers/learning-dataset';

describe('win rate by competitor', () => {
  it('counts losses to a competitor from finished reflections and wins against them from finished win reflections', () => {
    expect(winRateByCompetitor(deals, reflections, winReflections)).toEqual([
      // l1 lost to "initrode " (o1's re-opened loss and l4's draft do not count); w1 and w2 beat them.
      { name: 'Initrode', won: 2, lost: 1, winRate: 2 / 3 },
      // l2 lost to them; w3's draft win reflection does not count.
      { name: 'Contoso', won: 0, lost: 1, winRate: 0 },
    ]);
  });

  it('treats spellings that differ only in case and spaces as one competitor', () => {
    expect(competitorKey('  Big   Corp ')).toBe('big corp');
    expect(competitorKey('   ')).toBeUndefined();
  });
});

describe('touchpoints per deal by channel', () => {
  it('gives the mean per deal, lost against won; deals without touchpoints count as 0 and notes are not touches', () => {
    expect(touchpointsByChannel(deals, touchpointsByDeal)).toEqual({
      lostDeals: 4,
      wonDeals: 3,
      rows: [
        { channel: 'email', lost: 3 / 4, won: 8 / 3 },
        { channel: 'call', lost: 1 / 4, won: 1 / 3 },
        { channel: 'meeting', lost: 0, won: 3 / 3 },
      ],
    });
  });

  it('leaves a group out when it has no deal', () => {
    expect(touchpointsByChannel(deals.filter((d) => d.status === 'won'), touchpointsByDeal).rows[0]).toEqual({ channel: 'email', won: 8 / 3 });
  });
});

describe('month-by-month trend', () => {
  it('puts each close in its month in the rep time zone, fills empty months, and weighs the controllable share of each month', () => {
    expect(monthlyTrend(deals, reflections, TZ)).toEqual([
      { month: '2026-01', won: 1, lost: 0, winRate: 1, reasons: 0 },
      { month: '2026-02', won: 0, lost: 0, reasons: 0 },
      // l1: price (partly, ½) and slow responses (controllable, 1) → 75 %.
      { month: '2026-03', won: 0, lost: 1, winRate: 0, reasons: 2, controllableShare: 0.75 },
      // l4 closed at 22:30 UTC on 31 March: April in Berlin. Its reflection is a draft.
      { month: '2026-04', won: 0, lost: 1, winRate: 0, reasons: 0 },
      // w2, w3 won; l2, l3 lost: product fit (not, 0) and slow responses (1) → 50 %.
      { month: '2026-05', won: 2, lost: 2, winRate: 0.5, reasons: 2, controllableShare: 0.5 },
    ]);
  });

  it('reads months in the given zone, and in UTC for an unknown one', () => {
    const lateMarch = Date.UTC(2026, 2, 31, 22, 30);
    expect(monthOf(lateMarch, 'Europe/Berlin')).toBe('2026-04');
    expect(monthOf(lateMarch, 'America/New_York')).toBe('2026-03');
    expect(monthOf(lateMarch, 'Not/AZone')).toBe('2026-03');
    expect(monthLabel('2026-12')).toBe('Dec 2026');
    expect(monthlyTrend([], [], TZ)).toEqual([]);
  });
});

describe('headlines', () => {
  const insights = computeInsights({ deals, reflections, winReflections, touchpointsByDeal, responseByDeal });

  it('counts the recent losses with a reason in the rep control and names the one that came back', () => {
    // Finished reflections of deals still lost, newest first: l3, l2, l1.
    expect(recentControllable(deals, reflections)).toEqual({ losses: 3, controllable: 2, top: { words: 'slow responses', count: 2 } });
    expect(recentControllable(deals, reflections, 2)).toEqual({ losses: 2, controllable: 1, top: { words: 'slow responses', count: 1 } });
    expect(times(1)).toBe('once');
    expect(times(2)).toBe('twice');
    expect(times(5)).toBe('5 times');
  });

  it('says it in plain sentences', () => {
    const text = headlines({ deals, reflections, insights, competitors: winRateByCompetitor(deals, reflections, winReflections) }).map((h) => h.text);
    expect(text).toEqual([
      '2 of your 3 losses had a reason you could control: slow responses twice.',
      // Referral 2 of 3 (w1, w2 won; l4 lost), cold call 0 of 2; inbound 1 of 2 sits between.
      'Referral won 2 of 3 deals (67%); cold call won 0 of 2 (0%).',
      // Lost: 2 h and 4 h → 3 h; won: 30 min and 1 h → 45 min.
      'On the deals you lost you took a median 3 h to reply; on the deals you won, 45 m.',
      // l1 in Discovery (early), l3 in Proposal.
      '1 of 2 losses came in the first two stages: look at who you target before how you sell.',
    ]);
  });

  it('uses "your last N" once there are that many, "none" when nothing was in control, and names a competitor that took two deals', () => {
    const two = headlines({ deals, reflections, insights, competitors: [], lastN: 2 });
    expect(two[0]!.text).toBe('1 of your last 2 losses had a reason you could control.');
    const uncontrolled = reflections.map((r) => ({ ...r, secondaryReasons: [], primaryReason: r.primaryReason && { ...r.primaryReason, controllability: 'not-controllable' as const } }));
    expect(headlines({ deals, reflections: uncontrolled, insights, competitors: [] })[0]!.text).toBe('None of your 3 losses had a reason you could control.');
    // Partly controllable reasons (price) are not claimed as in the rep's control.
    const partly = reflections.map((r) => ({ ...r, secondaryReasons: [], primaryReason: r.primaryReason && { ...r.primaryReason, controllability: 'partly' as const } }));
    expect(recentControllable(deals, partly).controllable).toBe(0);
    const allMine = reflections.map((r) => ({ ...r, primaryReason: r.primaryReason && { ...r.primaryReason, controllability: 'controllable' as const } }));
    expect(headlines({ deals, reflections: allMine, insights, competitors: [] })[0]!.text).toBe('All of your 3 losses had a reason you could control: slow responses twice.');
    const rivals = [
      { name: 'Initrode', won: 2, lost: 3, winRate: 0.4 },
      { name: 'Contoso', won: 0, lost: 2, winRate: 0 },
    ];
    expect(headlines({ deals, reflections, insights, competitors: rivals }).find((h) => h.id === 'competitor')!.text).toBe('Initrode took 3 deals from you; you beat them twice.');
    expect(headlines({ deals, reflections, insights, competitors: rivals.slice(1) }).find((h) => h.id === 'competitor')!.text).toBe('Contoso took 2 deals from you; you have not beaten them yet.');
  });

  it('says nothing it cannot back: no closed deals, no sentences', () => {
    const empty = computeInsights({ deals: [], reflections: [], touchpointsByDeal: new Map(), responseByDeal: new Map() });
    expect(headlines({ deals: [], reflections: [], insights: empty, competitors: [] })).toEqual([]);
  });
});
