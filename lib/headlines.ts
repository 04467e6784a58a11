/**
 * The insights in plain sentences, the ones worth reading before any chart: how many recent losses
 * had a reason the rep could control (and which one came back), the lead sources that win and
 * lose, reply times on lost against won deals, the competitor that takes most deals, and losses
 * that come early. Pure: figures in, sentences out; a sentence appears only when its figures say
 * something (two deals or more). Names and words from pages or the rep (a lead source, a
 * competitor, a reason's detail) are isolated (lib/bidi.ts): they cannot reorder the sentence.
 */
import { isolateBidi } from './bidi';
import type { CompetitorRate } from './insights-charts';
import type { Insights } from './insights';
import { isLostOrDead, type Deal, type LossReason, type Reflection } from './model';
import { formatWait } from './attention';
import { reflectionReasons } from './reflection/model';
import { reasonLabel } from './reflection/taxonomy';

/** "once", "twice", "3 times". */
export function times(n: number): string {
  return n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`;
}

const pct = (x: number) => `${Math.round(x * 100)}%`;
/** A reason fully in the rep's control (partly controllable ones, such as price, are not claimed). */
const inControl = (r: LossReason) => r.controllability === 'controllable';
/** What a reason is called in a sentence: the rep's words, else the category. */
const reasonWords = (r: LossReason) => r.detail.trim().replace(/\s+/g, ' ').toLowerCase() || reasonLabel(r.category).toLowerCase();

export interface RecentControllable {
  /** Finished reflections looked at (the last `lastN` losses). */
  losses: number;
  /** Of those, the ones with at least one reason marked controllable. */
  controllable: number;
  /** The in-control reason named most often among them, and how often (ties: the most recent loss's). */
  top?: { words: string; count: number };
}

/** The last `lastN` finished reflections of deals still lost or dead, by when they were lost. */
export function recentControllable(deals: readonly Deal[], reflections: readonly Reflection[], lastN = 5): RecentControllable {
  const byId = new Map(deals.map((d) => [d.id, d]));
  const recent = reflections
    .filter((r) => r.state === 'final' && isLostOrDead(byId.get(r.dealId)))
    .sort((a, b) => b.lostAt - a.lostAt || a.dealId.localeCompare(b.dealId))
    .slice(0, lastN);
  const counts = new Map<string, { count: number; rank: number }>();
  let controllable = 0;
  recent.forEach((r, rank) => {
    const mine = reflectionReasons(r).filter(inControl);
    if (mine.length > 0) controllable += 1;
    for (const words of new Set(mine.map(reasonWords))) {
      const e = counts.get(words);
      if (e) e.count += 1;
      else counts.set(words, { count: 1, rank });
    }
  });
  const out: RecentControllable = { losses: recent.length, controllable };
  const top = [...counts].sort((a, b) => b[1].count - a[1].count || a[1].rank - b[1].rank)[0];
  if (top) out.top = { words: top[0], count: top[1].count };
  return out;
}

export interface HeadlineInput {
  deals: readonly Deal[];
  reflections: readonly Reflection[];
  insights: Insights;
  competitors: readonly CompetitorRate[];
  /** How many of the latest losses the first sentence looks at. */
  lastN?: number;
}

export interface Headline {
  id: 'controllable' | 'lead-source' | 'response' | 'competitor' | 'early';
  text: string;
}

export function headlines(input: HeadlineInput): Headline[] {
  const { insights: i } = input;
  const out: Headline[] = [];
  const lastN = input.lastN ?? 5;

  const recent = recentControllable(input.deals, input.reflections, lastN);
  if (recent.losses > 0) {
    const of = recent.losses === lastN ? `of your last ${lastN} losses` : recent.losses === 1 ? 'of your 1 loss' : `of your ${recent.losses} losses`;
    let text: string;
    if (recent.controllable === 0) text = `None ${of} had a reason you could control.`;
    else if (recent.controllable === recent.losses && recent.losses > 1) {
      text = `All ${of} had a reason you could control`;
      text += recent.top && recent.top.count >= 2 ? `: ${isolateBidi(recent.top.words)} ${times(recent.top.count)}.` : '.';
    } else {
      text = `${recent.controllable} ${of} had a reason you could control`;
      text += recent.top && recent.top.count >= 2 ? `: ${isolateBidi(recent.top.words)} ${times(recent.top.count)}.` : '.';
    }
    out.push({ id: 'controllable', text });
  }

  const sources = i.leadSources.filter((s) => s.source !== '' && s.won + s.lost >= 2 && s.winRate !== undefined);
  if (sources.length >= 2) {
    const sorted = [...sources].sort((a, b) => b.winRate! - a.winRate! || b.won + b.lost - (a.won + a.lost));
    const best = sorted[0]!;
    const worst = sorted[sorted.length - 1]!;
    if (best.winRate! > worst.winRate!) {
      out.push({
        id: 'lead-source',
        text: `${isolateBidi(best.label)} won ${best.won} of ${best.won + best.lost} deals (${pct(best.winRate!)}); ${isolateBidi(worst.label.toLowerCase())} won ${worst.won} of ${worst.won + worst.lost} (${pct(worst.winRate!)}).`,
      });
    }
  }

  const { lost, won } = i.responseTime;
  if (lost.median !== undefined && won.median !== undefined && lost.median !== won.median) {
    out.push({
      id: 'response',
      text: `On the deals you lost you took a median ${formatWait(lost.median, i.responseTime.dayMs)} to reply; on the deals you won, ${formatWait(won.median, i.responseTime.dayMs)}.`,
    });
  }

  const rival = [...input.competitors].sort((a, b) => b.lost - a.lost || a.name.localeCompare(b.name))[0];
  if (rival && rival.lost >= 2) {
    const beaten = rival.won === 0 ? 'you have not beaten them yet' : `you beat them ${times(rival.won)}`;
    out.push({ id: 'competitor', text: `${isolateBidi(rival.name)} took ${rival.lost} deals from you; ${beaten}.` });
  }

  if (i.stageRecorded >= 2 && i.earlyLosses * 2 >= i.stageRecorded) {
    out.push({
      id: 'early',
      text: `${i.earlyLosses} of ${i.stageRecorded} losses came in the first two stages: look at who you target before how you sell.`,
    });
  }
  return out;
}
