/**
 * What the insights look at: a period (the last 30, 90 or 365 days, everything, or a range of
 * days) and, optionally, one lead source, one competitor and one stage. The filter lives in the
 * page's address (`?period=90&source=referral`), so a reload or a shared link shows the same
 * figures. Pure: `now` and the time zone come in as arguments.
 *
 * Which deals a filter keeps:
 * - Period: closed deals (won, lost, dead) whose close date falls in it. Open deals have no close
 *   date and are kept whatever the period.
 * - Lead source: the deal's lead source on the fixed list (a lost deal's reflection may correct it).
 * - Competitor: deals lost to them (the reflection names them) or won against them (the win
 *   reflection does); names compared without case or extra spaces.
 * - Stage: deals lost at that stage (the reflection's stage, else the deal's last stage).
 * Everything tied to a deal — reflections, win reflections, debriefs, touchpoints — follows it.
 */
import { closedAtOf, competitorKey } from './insights-charts';
import { isLostOrDead, type Deal, type Debrief, type Reflection, type Touchpoint, type WinReflection } from './model';
import { leadSourceLabel, normaliseLeadSource } from './reflection/taxonomy';
import { DAY_MS, dayNumber, instantOfDay } from './worktime';

export const PERIODS = ['30', '90', '365', 'all', 'custom'] as const;
export type Period = (typeof PERIODS)[number];

export const PERIOD_LABELS: Record<Period, string> = {
  '30': 'Last 30 days',
  '90': 'Last 90 days',
  '365': 'Last 365 days',
  all: 'All time',
  custom: 'Custom range',
};

export interface InsightsFilter {
  period: Period;
  /** `YYYY-MM-DD`, first and last day of a custom range (inclusive), in the rep's time zone. */
  from?: string;
  to?: string;
  /** A lead-source id (`referral`) or the CRM's own text. */
  source?: string;
  competitor?: string;
  stage?: string;
}

export const NO_FILTER: InsightsFilter = { period: 'all' };

const isDate = (s: string | null): s is string => s !== null && /^\d{4}-\d{2}-\d{2}$/.test(s) && dayNumber(s) !== undefined;
const text = (s: string | null) => {
  const t = s?.trim();
  return t ? t : undefined;
};

/** The filter in a page address's query (`?period=90&source=referral`); anything unreadable is left out. */
export function parseFilter(search: string): InsightsFilter {
  const q = new URLSearchParams(search);
  const raw = q.get('period');
  const period: Period = (PERIODS as readonly string[]).includes(raw ?? '') ? (raw as Period) : 'all';
  const f: InsightsFilter = { period };
  if (period === 'custom') {
    const from = q.get('from');
    const to = q.get('to');
    if (isDate(from)) f.from = from;
    if (isDate(to)) f.to = to;
  }
  const source = text(q.get('source'));
  const competitor = text(q.get('competitor'));
  const stage = text(q.get('stage'));
  if (source) f.source = source;
  if (competitor) f.competitor = competitor;
  if (stage) f.stage = stage;
  return f;
}

/** The query string for a filter (`?period=90&source=referral`, or `''` for everything). */
export function filterToSearch(f: InsightsFilter): string {
  const q = new URLSearchParams();
  if (f.period !== 'all') q.set('period', f.period);
  if (f.period === 'custom') {
    if (f.from) q.set('from', f.from);
    if (f.to) q.set('to', f.to);
  }
  if (f.source) q.set('source', f.source);
  if (f.competitor) q.set('competitor', f.competitor);
  if (f.stage) q.set('stage', f.stage);
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The instants a period covers: `from` inclusive, `to` exclusive; an open side is undefined. */
export function periodRange(f: InsightsFilter, now: number, timeZone: string): { from?: number; to?: number } {
  if (f.period === 'all') return {};
  if (f.period !== 'custom') return { from: now - Number(f.period) * DAY_MS, to: now + 1 };
  const out: { from?: number; to?: number } = {};
  const from = f.from === undefined ? undefined : dayNumber(f.from);
  const to = f.to === undefined ? undefined : dayNumber(f.to);
  if (from !== undefined) out.from = instantOfDay(from, 0, timeZone);
  if (to !== undefined) out.to = instantOfDay(to + 1, 0, timeZone);
  return out;
}

export interface FilterableData {
  deals: Deal[];
  reflections: Reflection[];
  winReflections: WinReflection[];
  debriefs: Debrief[];
  touchpointsByDeal: Map<string, Touchpoint[]>;
}

const norm = (s: string | undefined) => s?.trim().replace(/\s+/g, ' ').toLowerCase();

/** The lead source a deal counts under: a lost deal's reflection may correct the deal's. */
export function dealLeadSource(deal: Deal, reflection: Reflection | undefined): string | undefined {
  return normaliseLeadSource(isLostOrDead(deal) ? (reflection?.leadSource ?? deal.leadSource) : deal.leadSource);
}

/** The stage a lost deal was lost at; undefined for other deals. */
export function dealStageLost(deal: Deal, reflection: Reflection | undefined): string | undefined {
  if (!isLostOrDead(deal)) return undefined;
  const stage = reflection?.stageLost?.trim() || deal.stage?.trim();
  return stage || undefined;
}

/** The competitors a deal was lost to or won against. */
function dealCompetitors(deal: Deal, reflection: Reflection | undefined, win: WinReflection | undefined): string[] {
  const out: string[] = [];
  if (isLostOrDead(deal) && reflection?.outcome === 'competitor' && reflection.competitor) out.push(reflection.competitor);
  if (deal.status === 'won' && win?.competitorBeaten) out.push(win.competitorBeaten);
  return out;
}

export function filterData<T extends FilterableData>(data: T, f: InsightsFilter, now: number, timeZone: string): T {
  const range = periodRange(f, now, timeZone);
  const reflectionOf = new Map(data.reflections.map((r) => [r.dealId, r]));
  const winOf = new Map(data.winReflections.map((w) => [w.dealId, w]));
  const source = f.source === undefined ? undefined : (normaliseLeadSource(f.source) ?? '').toLowerCase();
  const competitor = competitorKey(f.competitor);
  const stage = norm(f.stage);
  const keep = (d: Deal): boolean => {
    const r = reflectionOf.get(d.id);
    if (d.status !== 'open') {
      const at = closedAtOf(d);
      if (range.from !== undefined && at < range.from) return false;
      if (range.to !== undefined && at >= range.to) return false;
    }
    if (source !== undefined && (dealLeadSource(d, r) ?? '').toLowerCase() !== source) return false;
    if (competitor !== undefined && !dealCompetitors(d, r, winOf.get(d.id)).some((c) => competitorKey(c) === competitor)) return false;
    if (stage !== undefined && norm(dealStageLost(d, r)) !== stage) return false;
    return true;
  };
  const deals = data.deals.filter(keep);
  const ids = new Set(deals.map((d) => d.id));
  return {
    ...data,
    deals,
    reflections: data.reflections.filter((r) => ids.has(r.dealId)),
    winReflections: data.winReflections.filter((w) => ids.has(w.dealId)),
    debriefs: data.debriefs.filter((d) => ids.has(d.dealId)),
    touchpointsByDeal: new Map([...data.touchpointsByDeal].filter(([id]) => ids.has(id))),
  };
}

export interface FilterChoices {
  sources: { value: string; label: string }[];
  competitors: string[];
  stages: string[];
}

/** What the filter's lists offer: every lead source, competitor and stage the closed deals have. */
export function filterChoices(data: FilterableData): FilterChoices {
  const reflectionOf = new Map(data.reflections.map((r) => [r.dealId, r]));
  const winOf = new Map(data.winReflections.map((w) => [w.dealId, w]));
  const sources = new Map<string, string>();
  const competitors = new Map<string, string>();
  const stages = new Map<string, string>();
  for (const d of data.deals) {
    if (d.status === 'open') continue;
    const r = reflectionOf.get(d.id);
    const s = dealLeadSource(d, r);
    if (s) sources.set(s.toLowerCase(), s);
    for (const c of dealCompetitors(d, r, winOf.get(d.id))) competitors.set(competitorKey(c)!, c.trim().replace(/\s+/g, ' '));
    const st = dealStageLost(d, r);
    if (st) stages.set(norm(st)!, st);
  }
  const sorted = (m: Map<string, string>) => [...m.values()].sort((a, b) => a.localeCompare(b));
  return {
    sources: sorted(sources).map((value) => ({ value, label: leadSourceLabel(value) })).sort((a, b) => a.label.localeCompare(b.label)),
    competitors: sorted(competitors),
    stages: sorted(stages),
  };
}
