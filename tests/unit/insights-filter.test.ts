import { describe, expect, it } from 'vitest';
import { filterChoices, filterData, filterToSearch, parseFilter, periodRange, type InsightsFilter } from '../../lib/insights-filter';
import { day, deals, H, reflections, touchpointsByDeal, TZ, winReflections } from './helpers/learning-dataset';

const NOW = day(6, 1) + H; // 2026-06-01 13:00 UTC
const data = { deals, reflections, winReflections, debriefs: [], touchpointsByDeal };
const kept = (f: InsightsFilter) => filterData(data, f, NOW, TZ).deals.map((d) => d.id);

describe('insights filter', () => {
  it('keeps closed deals by when they closed, and open deals whatever the period', () => {
    expect(kept({ period: 'all' })).toEqual(['w1', 'w2', 'w3', 'l1', 'l2', 'l3', 'l4', 'o1']);
    // From 2 May 13:00 UTC: l2 closed at noon that day and falls out.
    expect(kept({ period: '30' })).toEqual(['w2', 'w3', 'l3', 'o1']);
    // From 3 March: only w1 (January) falls out.
    expect(kept({ period: '90' })).toEqual(['w2', 'w3', 'l1', 'l2', 'l3', 'l4', 'o1']);
    expect(kept({ period: '365' })).toEqual(['w1', 'w2', 'w3', 'l1', 'l2', 'l3', 'l4', 'o1']);
  });

  it('takes a custom range as whole days in the rep time zone, the last day included', () => {
    // 20–31 March in Berlin; l4 closed at 22:30 UTC on 31 March, already 1 April there.
    expect(kept({ period: 'custom', from: '2026-03-20', to: '2026-03-31' })).toEqual(['l1', 'o1']);
    expect(kept({ period: 'custom', from: '2026-03-20', to: '2026-04-01' })).toEqual(['l1', 'l4', 'o1']);
    expect(periodRange({ period: 'custom', from: '2026-03-20' }, NOW, TZ)).toEqual({ from: Date.UTC(2026, 2, 19, 23) });
    expect(periodRange({ period: 'custom' }, NOW, TZ)).toEqual({});
  });

  it('filters by lead source, competitor (lost to or won against) and stage lost, and combines them', () => {
    expect(kept({ period: 'all', source: 'Referral' })).toEqual(['w1', 'w2', 'l4']);
    expect(kept({ period: 'all', source: 'referral' })).toEqual(['w1', 'w2', 'l4']);
    expect(kept({ period: 'all', competitor: '  INITRODE ' })).toEqual(['w1', 'w2', 'l1', 'l4']);
    expect(kept({ period: 'all', stage: 'discovery' })).toEqual(['l1']);
    expect(kept({ period: '90', source: 'cold-call' })).toEqual(['l1', 'l2']);
    expect(kept({ period: '30', source: 'cold-call' })).toEqual([]);
  });

  it('takes everything tied to a deal along with it', () => {
    const out = filterData(data, { period: 'all', competitor: 'initrode' }, NOW, TZ);
    expect(out.reflections.map((r) => r.dealId)).toEqual(['l1', 'l4']);
    expect(out.winReflections.map((w) => w.dealId)).toEqual(['w1', 'w2']);
    expect([...out.touchpointsByDeal.keys()]).toEqual(['l1', 'w1', 'w2']);
  });

  it('reads and writes the filter in the page address, leaving out what it cannot read', () => {
    const f: InsightsFilter = { period: 'custom', from: '2026-03-01', to: '2026-03-31', source: 'referral', competitor: 'Initrode', stage: 'Demo & pilot' };
    expect(parseFilter(filterToSearch(f))).toEqual(f);
    expect(filterToSearch({ period: 'all' })).toBe('');
    expect(filterToSearch({ period: '90', source: 'cold-call' })).toBe('?period=90&source=cold-call');
    expect(parseFilter('?period=7&from=2026-03-01')).toEqual({ period: 'all' });
    expect(parseFilter('?period=custom&from=2026-13-45&to=yesterday&source=%20')).toEqual({ period: 'custom' });
    expect(parseFilter('?period=30&from=2026-03-01')).toEqual({ period: '30' });
  });

  it('offers the lead sources, competitors and stages the closed deals have', () => {
    expect(filterChoices(data)).toEqual({
      sources: [
        { value: 'cold-call', label: 'Cold call' },
        { value: 'inbound', label: 'Inbound' },
        { value: 'referral', label: 'Referral' },
      ],
      competitors: ['Contoso', 'Initrode'],
      stages: ['Discovery', 'Proposal'],
    });
  });
});
