import { describe, expect, it } from 'vitest';
import { computeInsights } from '../../lib/insights';
import { generateSampleData, isSampleEmail, isSampleId, seededRandom, withoutSample } from '../../lib/sample-data';
import { reflectionSchema } from '../../lib/reflection/model';
import { winReflectionSchema } from '../../lib/reflection/win';
import { debriefSchema } from '../../lib/reflection/debrief';
import { dealSchema, touchpointSchema } from '../../lib/backup-format';
import { makeDeal } from './helpers/factories';

const NOW = Date.UTC(2026, 11, 4, 9);
const DAY = 86_400_000;

describe('sample data', () => {
  const a = generateSampleData(NOW, seededRandom(7));

  it('is the same quarter for the same seed, and another one for another seed', () => {
    expect(generateSampleData(NOW, seededRandom(7))).toEqual(a);
    expect(generateSampleData(NOW, seededRandom(8)).touchpoints).not.toEqual(a.touchpoints);
    const r = seededRandom(1);
    const xs = Array.from({ length: 1000 }, r);
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
  });

  it('is a realistic quarter: won, lost, dead and open deals closed in the last 90 days, with touchpoints, reflections, win reflections and debriefs', () => {
    const count = (s: string) => a.deals.filter((d) => d.status === s).length;
    expect([count('won'), count('lost'), count('dead'), count('open')]).toEqual([5, 5, 2, 2]);
    for (const d of a.deals.filter((x) => x.status !== 'open')) {
      expect(d.closedAt!).toBeGreaterThan(NOW - 90 * DAY);
      expect(d.closedAt!).toBeLessThan(NOW);
      expect(d.openedAt).toBeLessThan(d.closedAt!);
    }
    expect(a.reflections).toHaveLength(7);
    expect(a.winReflections).toHaveLength(5);
    expect(a.debriefs).toHaveLength(4);
    expect(a.touchpoints.length).toBeGreaterThan(60);
    // Every record passes the same validation a backup does.
    for (const d of a.deals) expect(dealSchema.safeParse(d).success).toBe(true);
    for (const t of a.touchpoints) expect(touchpointSchema.safeParse(t).success).toBe(true);
    for (const r of a.reflections) expect(reflectionSchema.safeParse(r).success).toBe(true);
    for (const w of a.winReflections) expect(winReflectionSchema.safeParse(w).success).toBe(true);
    for (const d of a.debriefs) expect(debriefSchema.safeParse(d).success).toBe(true);
    // Every prospect message is answered: nobody waits on a sample deal.
    for (const d of a.deals) {
      const last = a.touchpoints.filter((t) => t.dealId === d.id).sort((x, y) => x.at - y.at).pop()!;
      expect(last.direction).toBe('outbound');
    }
    const i = computeInsights({ deals: a.deals, reflections: a.reflections, winReflections: a.winReflections, touchpointsByDeal: new Map(), responseByDeal: new Map() });
    expect(i.counts).toMatchObject({ won: 5, lost: 5, dead: 2, open: 2 });
    expect(i.reasons.find((r) => r.category === 'sales-process')!.total).toBe(3);
  });

  it('marks every record, and leaving the sample out keeps everything else', () => {
    expect(a.deals.every((d) => isSampleId(d.id))).toBe(true);
    expect(a.touchpoints.every((t) => isSampleId(t.key) && isSampleId(t.dealId))).toBe(true);
    expect(a.contacts.every((c) => isSampleEmail(c.email))).toBe(true);
    expect(isSampleEmail('dana@acme.example')).toBe(false);
    expect(isSampleId('local:abc')).toBe(false);
    const real = makeDeal({ id: 'local:real' });
    const mixed = { ...a, deals: [...a.deals, real], followUps: [{ dealId: a.deals[0]!.id }, { dealId: 'local:real' }, {}] };
    const kept = withoutSample(mixed);
    expect(kept.deals).toEqual([real]);
    expect(kept.touchpoints).toEqual([]);
    expect(kept.contacts).toEqual([]);
    expect(kept.reflections).toEqual([]);
    expect(kept.followUps).toEqual([{ dealId: 'local:real' }, {}]);
  });
});
