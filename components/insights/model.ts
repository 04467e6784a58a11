/**
 * The insights page's data: what it reads from the database (one live query) and how that
 * becomes `computeInsights` input and the retrospective exports. The reading is the only part
 * that touches IndexedDB; `buildInsights` and the export helpers are pure and take `now`.
 */
import { retrospectiveCsv, retrospectiveMarkdown } from '../../lib/retrospective-export';
import { workdayMs } from '../../lib/attention';
import { responseContext, responseFigures } from '../../lib/deal-figures';
import type { DealDebriefDB } from '../../lib/db';
import { loadSettings } from '../../lib/db';
import { touchpointsOfDeal } from '../../lib/db/queries';
import { headlines, type Headline } from '../../lib/headlines';
import { computeAgreement, computeInsights, type Agreement, type Insights } from '../../lib/insights';
import { monthlyTrend, touchpointsByChannel, winRateByCompetitor, type CompetitorRate, type MonthPoint, type TouchesByChannel } from '../../lib/insights-charts';
import { isLostOrDead, type Deal, type Debrief, type Reflection, type Settings, type Touchpoint, type WinReflection } from '../../lib/model';

export interface InsightsData {
  deals: Deal[];
  reflections: Reflection[];
  winReflections: WinReflection[];
  debriefs: Debrief[];
  /** Touchpoints of won, lost and dead deals only; open deals are not compared. */
  touchpointsByDeal: Map<string, Touchpoint[]>;
  settings: Settings;
}

const isClosed = (d: Deal) => d.status === 'won' || isLostOrDead(d);

/** Reads everything the page needs; each closed deal's touchpoints through `[dealId+at]`. */
export async function loadInsightsData(database: DealDebriefDB): Promise<InsightsData> {
  const [deals, reflections, winReflections, debriefs, settings] = await Promise.all([
    database.deals.toArray(),
    database.reflections.toArray(),
    database.winReflections.toArray(),
    database.debriefs.toArray(),
    loadSettings(database),
  ]);
  const closed = deals.filter(isClosed);
  const lists = await Promise.all(closed.map((d) => touchpointsOfDeal(database, d.id)));
  const touchpointsByDeal = new Map<string, Touchpoint[]>();
  closed.forEach((d, i) => touchpointsByDeal.set(d.id, lists[i] ?? []));
  return { deals, reflections, winReflections, debriefs, touchpointsByDeal, settings };
}

export interface InsightsView {
  insights: Insights;
  /** The rep's primary reasons against what buyers said in debrief calls. */
  agreement: Agreement;
  /** Reflections of deals that are still lost or dead, newest loss first (what the exports list). */
  lostReflections: Reflection[];
  /** Lost or dead deals without a finished reflection, for the nudge. */
  unfinished: { deal: Deal; draft: boolean }[];
  competitors: CompetitorRate[];
  channels: TouchesByChannel;
  trend: MonthPoint[];
  headlines: Headline[];
}

export function buildInsights(data: InsightsData, now: number): InsightsView {
  const ctx = responseContext(data.settings, now);
  const responseByDeal = new Map<string, { median?: number }>();
  for (const [dealId, tps] of data.touchpointsByDeal) {
    const median = responseFigures(tps, ctx).summary.median;
    responseByDeal.set(dealId, median === undefined ? {} : { median });
  }
  const insights = computeInsights({
    deals: data.deals,
    reflections: data.reflections,
    winReflections: data.winReflections,
    touchpointsByDeal: data.touchpointsByDeal,
    responseByDeal,
    dayMs: workdayMs(data.settings),
  });
  const dealById = new Map(data.deals.map((d) => [d.id, d]));
  const lostReflections = data.reflections
    .filter((r) => {
      const d = dealById.get(r.dealId);
      return isLostOrDead(d);
    })
    .sort((a, b) => b.lostAt - a.lostAt);
  const reflectionByDeal = new Map(lostReflections.map((r) => [r.dealId, r]));
  const unfinished = data.deals
    .filter((d) => isLostOrDead(d) && reflectionByDeal.get(d.id)?.state !== 'final')
    .sort((a, b) => (b.closedAt ?? b.updatedAt) - (a.closedAt ?? a.updatedAt))
    .map((deal) => ({ deal, draft: reflectionByDeal.get(deal.id)?.state === 'draft' }));
  const competitors = winRateByCompetitor(data.deals, data.reflections, data.winReflections);
  return {
    insights,
    agreement: computeAgreement(data.deals, data.reflections, data.debriefs),
    lostReflections,
    unfinished,
    competitors,
    channels: touchpointsByChannel(data.deals, data.touchpointsByDeal),
    trend: monthlyTrend(data.deals, data.reflections, data.settings.timeZone),
    headlines: headlines({ deals: data.deals, reflections: data.reflections, insights, competitors }),
  };
}

export function markdownExport(view: InsightsView, deals: readonly Deal[], now: number, timeZone: string): string {
  return retrospectiveMarkdown(view.insights, view.lostReflections, deals, now, timeZone);
}

export function csvExport(view: InsightsView, deals: readonly Deal[], timeZone: string): string {
  return retrospectiveCsv(view.lostReflections, deals, timeZone);
}

/** `YYYY-MM-DD` of `now` in the rep's time zone (falls back to UTC for an unknown zone). */
export function dayStamp(now: number, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  } catch {
    return new Date(now).toISOString().slice(0, 10);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export const retrospectiveFileName = (now: number, timeZone: string, ext: 'md' | 'csv') =>
  `deal-debrief-retrospective-${dayStamp(now, timeZone)}.${ext}`;
