/**
 * The figures behind the insights charts that `computeInsights` does not give: win rate against
 * each competitor, touchpoints per deal by channel (lost vs won), and the month-by-month trend of
 * the win rate and the controllable share. Pure aggregation over arrays passed in; the time zone
 * that decides which month a deal closed in is an argument.
 *
 * The same rules as lib/insights.ts: only final reflections of deals still lost or dead count,
 * only final win reflections of deals still won.
 */
import { isLostOrDead, type Channel, type Deal, type Reflection, type Touchpoint, type WinReflection } from './model';
import { reflectionReasons, weightedControllability } from './reflection/model';

/** A competitor's name as one key: trimmed, inner spaces collapsed, case ignored. */
export function competitorKey(name: string | undefined): string | undefined {
  const clean = name?.trim().replace(/\s+/g, ' ');
  return clean ? clean.toLowerCase() : undefined;
}

const cleanName = (name: string) => name.trim().replace(/\s+/g, ' ');

export interface CompetitorRate {
  name: string;
  /** Deals we won against them (the win reflection names them as beaten). */
  won: number;
  /** Deals lost to them (the reflection says lost to a competitor and names them). */
  lost: number;
  /** won / (won + lost). */
  winRate: number;
}

export function winRateByCompetitor(
  deals: readonly Deal[],
  reflections: readonly Reflection[],
  winReflections: readonly WinReflection[],
): CompetitorRate[] {
  const status = new Map(deals.map((d) => [d.id, d]));
  const map = new Map<string, { name: string; won: number; lost: number; at: number }>();
  const add = (raw: string | undefined, at: number, won: boolean) => {
    const key = competitorKey(raw);
    if (!key) return;
    let e = map.get(key);
    if (!e) map.set(key, (e = { name: cleanName(raw!), won: 0, lost: 0, at }));
    // The spelling written last is the one shown.
    if (at >= e.at) {
      e.at = at;
      e.name = cleanName(raw!);
    }
    if (won) e.won += 1;
    else e.lost += 1;
  };
  for (const r of reflections) {
    if (r.state === 'final' && r.outcome === 'competitor' && isLostOrDead(status.get(r.dealId))) add(r.competitor, r.updatedAt, false);
  }
  for (const w of winReflections) {
    if (w.state === 'final' && status.get(w.dealId)?.status === 'won') add(w.competitorBeaten, w.updatedAt, true);
  }
  return [...map.values()]
    .map(({ name, won, lost }) => ({ name, won, lost, winRate: won / (won + lost) }))
    .sort((a, b) => b.won + b.lost - (a.won + a.lost) || a.name.localeCompare(b.name));
}

/** The channels a deal's touchpoints are counted by (notes are the rep's own, not a touch). */
export const TOUCH_CHANNELS = ['email', 'call', 'meeting'] as const satisfies readonly Channel[];
export type TouchChannel = (typeof TOUCH_CHANNELS)[number];

export interface ChannelTouches {
  channel: TouchChannel;
  /** Mean touchpoints of this channel per lost (or dead) deal; undefined with no such deal. */
  lost?: number;
  won?: number;
}

export interface TouchesByChannel {
  lostDeals: number;
  wonDeals: number;
  rows: ChannelTouches[];
}

/** Mean touchpoints per deal on each channel, lost deals against won ones. A deal with none counts as 0. */
export function touchpointsByChannel(deals: readonly Deal[], touchpointsByDeal: ReadonlyMap<string, readonly Touchpoint[]>): TouchesByChannel {
  const lost = deals.filter(isLostOrDead);
  const won = deals.filter((d) => d.status === 'won');
  const mean = (group: readonly Deal[], channel: TouchChannel) => {
    if (group.length === 0) return undefined;
    let n = 0;
    for (const d of group) for (const t of touchpointsByDeal.get(d.id) ?? []) if (t.channel === channel) n += 1;
    return n / group.length;
  };
  return {
    lostDeals: lost.length,
    wonDeals: won.length,
    rows: TOUCH_CHANNELS.map((channel) => {
      const row: ChannelTouches = { channel };
      const l = mean(lost, channel);
      const w = mean(won, channel);
      if (l !== undefined) row.lost = l;
      if (w !== undefined) row.won = w;
      return row;
    }),
  };
}

export interface MonthPoint {
  /** `YYYY-MM` in the rep's time zone. */
  month: string;
  won: number;
  /** Lost and dead. */
  lost: number;
  /** won / (won + lost); undefined in a month with no closed deal. */
  winRate?: number;
  /** Loss reasons (primary and secondary) of the month's finished reflections, by when the deal was lost. */
  reasons: number;
  /** Weighted share of those reasons in the rep's control (controllable 1, partly ½). */
  controllableShare?: number;
}

/** `YYYY-MM` of an instant in a time zone (UTC when the zone is unknown). */
export function monthOf(ms: number, timeZone: string): string {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit' }).formatToParts(ms);
  } catch {
    return new Date(ms).toISOString().slice(0, 7);
  }
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}`;
}

/** The month after `YYYY-MM`. */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** When a closed deal closed: its close date, else its last update. */
export const closedAtOf = (d: Pick<Deal, 'closedAt' | 'updatedAt'>): number => d.closedAt ?? d.updatedAt;

/**
 * Month by month, from the first month with a closed deal or a finished reflection to the last,
 * every month in between included (empty ones have no rates): deals won and lost by the month
 * they closed, and the controllable share of the reasons of the deals lost that month.
 */
export function monthlyTrend(deals: readonly Deal[], reflections: readonly Reflection[], timeZone: string): MonthPoint[] {
  const byMonth = new Map<string, { won: number; lost: number; reasons: ReturnType<typeof reflectionReasons> }>();
  const at = (month: string) => {
    let e = byMonth.get(month);
    if (!e) byMonth.set(month, (e = { won: 0, lost: 0, reasons: [] }));
    return e;
  };
  const dealById = new Map(deals.map((d) => [d.id, d]));
  for (const d of deals) {
    if (d.status === 'won') at(monthOf(closedAtOf(d), timeZone)).won += 1;
    else if (isLostOrDead(d)) at(monthOf(closedAtOf(d), timeZone)).lost += 1;
  }
  for (const r of reflections) {
    if (r.state !== 'final' || !isLostOrDead(dealById.get(r.dealId))) continue;
    at(monthOf(r.lostAt, timeZone)).reasons.push(...reflectionReasons(r));
  }
  const months = [...byMonth.keys()].sort();
  if (months.length === 0) return [];
  const out: MonthPoint[] = [];
  for (let m = months[0]!; m <= months[months.length - 1]!; m = nextMonth(m)) {
    const e = byMonth.get(m) ?? { won: 0, lost: 0, reasons: [] };
    const point: MonthPoint = { month: m, won: e.won, lost: e.lost, reasons: e.reasons.length };
    if (e.won + e.lost > 0) point.winRate = e.won / (e.won + e.lost);
    const share = weightedControllability(e.reasons);
    if (share !== undefined) point.controllableShare = share;
    out.push(point);
  }
  return out;
}

/** "Nov 2026" for `2026-11`. */
export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(Date.UTC(y, m - 1, 15));
}
