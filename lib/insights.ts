/**
 * Insights: lost deals compared with won ones, the controllable share of loss reasons, where in
 * the pipeline deals are lost (early losses point at the buyer personas), competitors, lead
 * sources, response times and touchpoint counts (docs/method.md, "Regular retrospectives"). Pure aggregation over arrays passed in.
 *
 * Rules:
 * - "Lost" means status `lost` or `dead`; `open` deals are ignored except in `counts.open`.
 * - Reasons, stages, competitors and outcomes come from *final* reflections of deals that are
 *   still lost or dead (a re-opened deal's reflection no longer counts). Drafts are counted in
 *   `reflections.draft` so the page can nudge the rep to finish them.
 * - A deal missing from `touchpointsByDeal` has 0 touchpoints; a deal missing from
 *   `responseByDeal` (or with no median) has no response time and is left out of that median.
 */
import { isLostOrDead, type Controllability, type Deal, type Debrief, type LossOutcome, type ReasonCategory, type Reflection, type Touchpoint, type WinReflection } from './model';
import { CONTROLLABILITY_WEIGHT } from './reflection/model';
import {
  OUTCOMES,
  REASON_CATEGORIES,
  isEarlyStage,
  leadSourceLabel,
  normaliseLeadSource,
  reasonLabel,
  stageIndex,
  stageListFor,
} from './reflection/taxonomy';

export interface InsightsInput {
  deals: readonly Deal[];
  reflections: readonly Reflection[];
  touchpointsByDeal: ReadonlyMap<string, readonly Touchpoint[]>;
  responseByDeal: ReadonlyMap<string, { median?: number }>;
  /** Win reflections; only finished ones of deals still won count. */
  winReflections?: readonly WinReflection[];
  /** The rep's working day in ms, so response times read in working days (8 h when not given). */
  dayMs?: number;
}

export interface ReasonInsight {
  category: ReasonCategory;
  label: string;
  primary: number;
  secondary: number;
  total: number;
  controllable: number;
  partly: number;
  notControllable: number;
  /** Weighted share (controllable 1, partly ½, not 0) of this category's loss reasons; undefined with none. */
  controllableShare?: number;
  /** Won deals whose win reflection gives this as the main reason they chose us. */
  wins: number;
  /** Won deals whose win reflection says this almost lost it. */
  almostLost: number;
}

export interface StageInsight {
  stage: string;
  count: number;
  /** In the first two stages of the deal's stage list (docs/method.md, "Adjustments": early losses point at the buyer personas). */
  early: boolean;
}

export interface CompetitorInsight {
  name: string;
  losses: number;
  dealIds: string[];
}

export interface LeadSourceInsight {
  /** Lead-source id (`cold-call`…), the CRM's own text, or `''` when not recorded. */
  source: string;
  label: string;
  won: number;
  lost: number;
  /** won / (won + lost); undefined when neither. */
  winRate?: number;
}

export interface GroupMedian {
  deals: number;
  median?: number;
}

export interface Insights {
  counts: { won: number; lost: number; dead: number; open: number; lostTotal: number; winRate?: number };
  reflections: { final: number; draft: number; missing: number };
  outcomes: { outcome: LossOutcome; label: string; count: number }[];
  reasons: ReasonInsight[];
  /** Over all reasons, primary and secondary. */
  controllable: { reasons: number; controllable: number; partly: number; notControllable: number; share?: number };
  stages: StageInsight[];
  /** Final reflections with a recorded stage / those in an early stage. */
  stageRecorded: number;
  earlyLosses: number;
  earlyLossShare?: number;
  competitors: CompetitorInsight[];
  leadSources: LeadSourceInsight[];
  /** Median over deals of each deal's median response time (ms). */
  /** Median working time to reply, and the working day it is told in. */
  responseTime: { lost: GroupMedian; won: GroupMedian; dayMs: number };
  /** Median touchpoint count per deal. */
  touchpoints: { lost: GroupMedian; won: GroupMedian };
}

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

const groupMedian = (values: number[]): GroupMedian => {
  const m = median(values);
  return m === undefined ? { deals: values.length } : { deals: values.length, median: m };
};

const DEFAULT_DAY_MS = 8 * 3_600_000;

export function computeInsights(input: InsightsInput): Insights {
  const { deals, reflections, touchpointsByDeal, responseByDeal } = input;
  const dealById = new Map(deals.map((d) => [d.id, d]));

  const won = deals.filter((d) => d.status === 'won');
  const lostDeals = deals.filter(isLostOrDead);
  const counts: Insights['counts'] = {
    won: won.length,
    lost: deals.filter((d) => d.status === 'lost').length,
    dead: deals.filter((d) => d.status === 'dead').length,
    open: deals.filter((d) => d.status === 'open').length,
    lostTotal: lostDeals.length,
  };
  if (won.length + lostDeals.length > 0) counts.winRate = won.length / (won.length + lostDeals.length);

  // Reflections that count: final, for a deal that is still lost or dead.
  const current = reflections.filter((r) => {
    return isLostOrDead(dealById.get(r.dealId));
  });
  const finals = current.filter((r) => r.state === 'final');
  const reflected = new Set(finals.map((r) => r.dealId));
  const reflectionSummary = {
    final: finals.length,
    draft: current.filter((r) => r.state === 'draft').length,
    missing: lostDeals.filter((d) => !reflected.has(d.id)).length,
  };

  // Outcomes
  const outcomes = OUTCOMES.map((o) => ({
    outcome: o.id,
    label: o.label,
    count: finals.filter((r) => r.outcome === o.id).length,
  })).filter((o) => o.count > 0);

  // Reasons
  const reasonMap = new Map<ReasonCategory, ReasonInsight>();
  const tally = { controllable: 0, partly: 0, notControllable: 0 };
  const entry = (c: ReasonCategory): ReasonInsight => {
    let e = reasonMap.get(c);
    if (!e) {
      e = {
        category: c,
        label: reasonLabel(c),
        primary: 0,
        secondary: 0,
        total: 0,
        controllable: 0,
        partly: 0,
        notControllable: 0,
        wins: 0,
        almostLost: 0,
      };
      reasonMap.set(c, e);
    }
    return e;
  };
  const bump = (c: ReasonCategory, ctrl: Controllability, primary: boolean) => {
    const e = entry(c);
    if (primary) e.primary += 1;
    else e.secondary += 1;
    e.total += 1;
    const key = ctrl === 'not-controllable' ? 'notControllable' : ctrl;
    e[key] += 1;
    tally[key] += 1;
  };
  for (const r of finals) {
    if (r.primaryReason) bump(r.primaryReason.category, r.primaryReason.controllability, true);
    for (const s of r.secondaryReasons) bump(s.category, s.controllability, false);
  }
  const wonIds = new Set(won.map((d) => d.id));
  const winFinals = (input.winReflections ?? []).filter((w) => w.state === 'final' && wonIds.has(w.dealId));
  for (const w of winFinals) {
    if (w.whyCategory) entry(w.whyCategory).wins += 1;
    if (w.almostLostCategory) entry(w.almostLostCategory).almostLost += 1;
  }
  const order = (c: ReasonCategory) => REASON_CATEGORIES.findIndex((x) => x.id === c);
  const reasons = [...reasonMap.values()]
    .map((e) => {
      const s = weighted(e.controllable, e.partly, e.notControllable);
      return s === undefined ? e : { ...e, controllableShare: s };
    })
    .sort((a, b) => b.total - a.total || b.primary - a.primary || b.wins - a.wins || order(a.category) - order(b.category));
  const reasonCount = tally.controllable + tally.partly + tally.notControllable;
  const controllable: Insights['controllable'] = { reasons: reasonCount, ...tally };
  const share = weighted(tally.controllable, tally.partly, tally.notControllable);
  if (share !== undefined) controllable.share = share;

  // Stages
  const stageMap = new Map<string, StageInsight & { order: number }>();
  let stageRecorded = 0;
  let earlyLosses = 0;
  for (const r of finals) {
    const stage = r.stageLost?.trim();
    if (!stage) continue;
    const list = stageListFor(dealById.get(r.dealId));
    const early = isEarlyStage(list, stage);
    const idx = stageIndex(list, stage);
    stageRecorded += 1;
    if (early) earlyLosses += 1;
    const key = stage.toLowerCase();
    const e = stageMap.get(key);
    if (!e) stageMap.set(key, { stage, count: 1, early, order: idx < 0 ? Infinity : idx });
    else {
      e.count += 1;
      e.early ||= early;
      if (idx >= 0 && idx < e.order) e.order = idx;
    }
  }
  const stages = [...stageMap.values()]
    .sort((a, b) => compareNum(a.order, b.order) || b.count - a.count || a.stage.localeCompare(b.stage))
    .map(({ stage, count, early }) => ({ stage, count, early }));

  // Competitors
  const compMap = new Map<string, CompetitorInsight & { last: number }>();
  for (const r of finals) {
    if (r.outcome !== 'competitor') continue;
    const name = r.competitor?.trim().replace(/\s+/g, ' ');
    if (!name) continue;
    const key = name.toLowerCase();
    const e = compMap.get(key);
    if (!e) compMap.set(key, { name, losses: 1, dealIds: [r.dealId], last: r.updatedAt });
    else {
      e.losses += 1;
      e.dealIds.push(r.dealId);
      if (r.updatedAt >= e.last) {
        e.last = r.updatedAt;
        e.name = name;
      }
    }
  }
  const competitors = [...compMap.values()]
    .sort((a, b) => b.losses - a.losses || a.name.localeCompare(b.name))
    .map(({ name, losses, dealIds }) => ({ name, losses, dealIds }));

  // Lead sources: the reflection's (the rep may have corrected it), else the deal's.
  const reflectionByDeal = new Map(current.map((r) => [r.dealId, r]));
  const srcMap = new Map<string, LeadSourceInsight>();
  for (const d of [...won, ...lostDeals]) {
    const raw = isLostOrDead(d) ? (reflectionByDeal.get(d.id)?.leadSource ?? d.leadSource) : d.leadSource;
    const source = normaliseLeadSource(raw) ?? '';
    const key = source.toLowerCase();
    let e = srcMap.get(key);
    if (!e) {
      e = { source, label: source ? leadSourceLabel(source) : 'Not recorded', won: 0, lost: 0 };
      srcMap.set(key, e);
    }
    if (d.status === 'won') e.won += 1;
    else e.lost += 1;
  }
  const leadSources = [...srcMap.values()]
    .map((e) => (e.won + e.lost > 0 ? { ...e, winRate: e.won / (e.won + e.lost) } : e))
    .sort((a, b) => b.won + b.lost - (a.won + a.lost) || a.label.localeCompare(b.label));

  // Response time and touchpoints, lost vs won
  const responseMedians = (group: Deal[]) =>
    group.flatMap((d) => {
      const m = responseByDeal.get(d.id)?.median;
      return m === undefined ? [] : [m];
    });
  const touchCounts = (group: Deal[]) => group.map((d) => touchpointsByDeal.get(d.id)?.length ?? 0);

  const out: Insights = {
    counts,
    reflections: reflectionSummary,
    outcomes,
    reasons,
    controllable,
    stages,
    stageRecorded,
    earlyLosses,
    competitors,
    leadSources,
    responseTime: { lost: groupMedian(responseMedians(lostDeals)), won: groupMedian(responseMedians(won)), dayMs: input.dayMs ?? DEFAULT_DAY_MS },
    touchpoints: { lost: groupMedian(touchCounts(lostDeals)), won: groupMedian(touchCounts(won)) },
  };
  if (stageRecorded > 0) out.earlyLossShare = earlyLosses / stageRecorded;
  return out;
}

function weighted(controllable: number, partly: number, not: number): number | undefined {
  const n = controllable + partly + not;
  if (n === 0) return undefined;
  return (controllable * CONTROLLABILITY_WEIGHT.controllable + partly * CONTROLLABILITY_WEIGHT.partly) / n;
}

function compareNum(a: number, b: number): number {
  return a === b ? 0 : a < b ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Agreement: the rep's read against the buyer's (debrief calls)
// ---------------------------------------------------------------------------------------------

export interface Mismatch {
  dealId: string;
  dealName: string;
  rep: ReasonCategory;
  buyer: ReasonCategory;
  buyerDetail: string;
}

export interface OverNamed {
  category: ReasonCategory;
  label: string;
  /** Debriefs where the rep named this and the buyer said something else. */
  mismatches: number;
  /** Debriefs where the rep named this at all. */
  named: number;
}

export interface Agreement {
  /** Debriefs that have a buyer's reason and a final reflection with a primary reason. */
  compared: number;
  matched: number;
  /** matched / compared; undefined when nothing can be compared. */
  share?: number;
  overNamed: OverNamed[];
  mismatches: Mismatch[];
}

/**
 * How often the buyer's reason (from the debrief call) matched the rep's primary reason, which
 * reasons reps name more than buyers confirm, and the list of mismatches (newest debrief first).
 * Only final reflections of deals that are still lost or dead count, as everywhere else.
 */
export function computeAgreement(deals: readonly Deal[], reflections: readonly Reflection[], debriefs: readonly Debrief[]): Agreement {
  const dealById = new Map(deals.map((d) => [d.id, d]));
  const reflectionByDeal = new Map(reflections.filter((r) => r.state === 'final').map((r) => [r.dealId, r]));
  const named = new Map<ReasonCategory, OverNamed>();
  const mismatches: (Mismatch & { at: number })[] = [];
  let compared = 0;
  let matched = 0;
  for (const d of debriefs) {
    const deal = dealById.get(d.dealId);
    const rep = reflectionByDeal.get(d.dealId)?.primaryReason?.category;
    if (!deal || !isLostOrDead(deal) || !rep || !d.buyerReason) continue;
    compared += 1;
    let e = named.get(rep);
    if (!e) {
      e = { category: rep, label: reasonLabel(rep), mismatches: 0, named: 0 };
      named.set(rep, e);
    }
    e.named += 1;
    if (rep === d.buyerReason) matched += 1;
    else {
      e.mismatches += 1;
      mismatches.push({ dealId: deal.id, dealName: deal.name, rep, buyer: d.buyerReason, buyerDetail: d.buyerReasonDetail, at: d.heldAt ?? d.updatedAt });
    }
  }
  const out: Agreement = {
    compared,
    matched,
    overNamed: [...named.values()].filter((e) => e.mismatches > 0).sort((a, b) => b.mismatches - a.mismatches || a.label.localeCompare(b.label)),
    mismatches: mismatches.sort((a, b) => b.at - a.at || a.dealId.localeCompare(b.dealId)).map(({ at: _at, ...m }) => m),
  };
  if (compared > 0) out.share = matched / compared;
  return out;
}
