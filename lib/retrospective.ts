/**
 * The loss retrospective (docs/method.md, "Regular retrospectives" and "Adjustments"): what
 * happened since the last session — deals lost and won, their reasons and the controllable share,
 * where the buyer's reason differed from the rep's, the lessons written — and the adjustments the
 * team agreed (who, what, by when), reviewed with their outcome at the next session. Pure: records
 * and `now` in, figures and Markdown out.
 *
 * A retrospective row is stored when the page opens (`heldAt` 0: the session is still going on)
 * so that adjustments typed during it are kept; completing it sets `heldAt` and the period's end.
 */
import { computeAgreement, computeInsights, type Mismatch, type ReasonInsight } from './insights';
import { isolateBidi } from './bidi';
import { closedAtOf } from './insights-charts';
import { isLostOrDead, type Adjustment, type AdjustmentOutcome, type Deal, type Debrief, type Reflection, type Retrospective, type WinReflection } from './model';
import { outcomeLabel, reasonLabel } from './reflection/taxonomy';
import { DAY_MS, isValidTimeZone, localDate } from './worktime';

export const ADJUSTMENT_OUTCOMES: { id: AdjustmentOutcome; label: string }[] = [
  { id: 'open', label: 'Not reviewed yet' },
  { id: 'done', label: 'Done' },
  { id: 'partly', label: 'Partly done' },
  { id: 'dropped', label: 'Not done' },
];

export const outcomeOfAdjustmentLabel = (o: AdjustmentOutcome) => ADJUSTMENT_OUTCOMES.find((x) => x.id === o)?.label ?? o;

/** Sessions held, oldest first (a session still going on has `heldAt` 0 and is left out). */
export const heldRetrospectives = (all: readonly Retrospective[]) => all.filter((r) => r.heldAt > 0).sort((a, b) => a.heldAt - b.heldAt);

/** The session still going on, if any (the newest one). */
export const pendingRetrospective = (all: readonly Retrospective[]) =>
  all.filter((r) => r.heldAt === 0).sort((a, b) => b.createdAt - a.createdAt)[0];

/**
 * Where a new session's period starts: where the last one held ended; the first session covers
 * everything since the first deal closed (or the last `everyDays` days when none has).
 */
export function periodStart(retrospectives: readonly Retrospective[], deals: readonly Deal[], now: number, everyDays: number): number {
  const last = heldRetrospectives(retrospectives).pop();
  if (last) return last.periodTo;
  const closed = deals.filter((d) => d.status !== 'open').map(closedAtOf);
  return closed.length ? Math.min(...closed) : now - Math.max(1, everyDays) * DAY_MS;
}

/**
 * The name a session downloads under: the day its period ends on the rep's calendar in
 * `timeZone` (UTC's when the zone is unknown), the same day the document's title gives.
 */
export function sessionFileName(to: number, timeZone: string): string {
  const day = isValidTimeZone(timeZone) ? localDate(to, timeZone) : new Date(to).toISOString().slice(0, 10);
  return `deal-debrief-retrospective-${day}.md`;
}

export interface RetroDeal {
  id: string;
  name: string;
  status: Deal['status'];
  closedAt: number;
  /** Lost deals: the outcome and the primary reason, when the reflection is finished. */
  outcome?: string;
  reason?: string;
  competitor?: string;
}

export interface Lesson {
  dealId: string;
  dealName: string;
  kind: 'lost' | 'won';
  text: string;
  at: number;
}

export interface RetroSummary {
  from: number;
  to: number;
  lost: RetroDeal[];
  won: RetroDeal[];
  reasons: ReasonInsight[];
  controllable: { reasons: number; share?: number };
  /** Debriefs of the period's losses where the buyer's reason differed from the rep's. */
  mismatches: Mismatch[];
  compared: number;
  /** "What I will do differently" of reflections finished in the period, and "what we will repeat" of wins. */
  lessons: Lesson[];
}

export interface RetroInput {
  deals: readonly Deal[];
  reflections: readonly Reflection[];
  winReflections: readonly WinReflection[];
  debriefs: readonly Debrief[];
}

/** What the period `[from, to)` holds: deals closed in it, and lessons written in it. */
export function summarise(input: RetroInput, from: number, to: number): RetroSummary {
  const inPeriod = (at: number) => at >= from && at < to;
  const deals = input.deals.filter((d) => d.status !== 'open' && inPeriod(closedAtOf(d)));
  const ids = new Set(deals.map((d) => d.id));
  const reflectionOf = new Map(input.reflections.map((r) => [r.dealId, r]));
  const byNewest = (a: RetroDeal, b: RetroDeal) => b.closedAt - a.closedAt || a.name.localeCompare(b.name);
  const lost = deals
    .filter(isLostOrDead)
    .map((d) => {
      const row: RetroDeal = { id: d.id, name: d.name, status: d.status, closedAt: closedAtOf(d) };
      const r = reflectionOf.get(d.id);
      if (r?.state === 'final') {
        row.outcome = outcomeLabel(r.outcome);
        if (r.primaryReason) row.reason = reasonLabel(r.primaryReason.category);
        if (r.outcome === 'competitor' && r.competitor?.trim()) row.competitor = r.competitor.trim();
      }
      return row;
    })
    .sort(byNewest);
  const won = deals
    .filter((d) => d.status === 'won')
    .map((d) => ({ id: d.id, name: d.name, status: d.status, closedAt: closedAtOf(d) }))
    .sort(byNewest);
  const reflections = input.reflections.filter((r) => ids.has(r.dealId));
  const insights = computeInsights({
    deals,
    reflections,
    winReflections: input.winReflections.filter((w) => ids.has(w.dealId)),
    touchpointsByDeal: new Map(),
    responseByDeal: new Map(),
  });
  const agreement = computeAgreement(deals, reflections, input.debriefs.filter((d) => ids.has(d.dealId)));

  // Lessons: written (finished) in the period, whenever the deal closed.
  const nameOf = new Map(input.deals.map((d) => [d.id, d.name]));
  const lessons: Lesson[] = [];
  for (const r of input.reflections) {
    const at = r.finishedAt ?? r.updatedAt;
    if (r.state === 'final' && r.differently.trim() && inPeriod(at) && isLostOrDead(input.deals.find((d) => d.id === r.dealId))) {
      lessons.push({ dealId: r.dealId, dealName: nameOf.get(r.dealId) ?? r.dealId, kind: 'lost', text: r.differently.trim(), at });
    }
  }
  for (const w of input.winReflections) {
    const at = w.finishedAt ?? w.updatedAt;
    if (w.state === 'final' && w.repeat.trim() && inPeriod(at)) {
      lessons.push({ dealId: w.dealId, dealName: nameOf.get(w.dealId) ?? w.dealId, kind: 'won', text: w.repeat.trim(), at });
    }
  }
  lessons.sort((a, b) => b.at - a.at || a.dealId.localeCompare(b.dealId));

  const controllable: RetroSummary['controllable'] = { reasons: insights.controllable.reasons };
  if (insights.controllable.share !== undefined) controllable.share = insights.controllable.share;
  // Reasons named for a loss of the period (a category only a win named has no loss to show).
  return { from, to, lost, won, reasons: insights.reasons.filter((r) => r.total > 0), controllable, mismatches: agreement.mismatches, compared: agreement.compared, lessons };
}

/**
 * The adjustments a session reviews: every one agreed at an earlier session that is not closed
 * (open), and every one whose outcome was set during this session. Oldest due first.
 */
export function adjustmentsToReview(adjustments: readonly Adjustment[], retrospectives: readonly Retrospective[], currentId: string | undefined): Adjustment[] {
  const held = new Set(heldRetrospectives(retrospectives).map((r) => r.id));
  return adjustments
    .filter((a) => a.retrospectiveId !== currentId && held.has(a.retrospectiveId) && (a.outcome === 'open' || a.reviewedIn === currentId))
    .sort((a, b) => a.dueAt - b.dueAt || a.createdAt - b.createdAt);
}

const pct = (x: number | undefined) => (x === undefined ? '—' : `${Math.round(x * 100)}%`);
/** A table cell: pipes escaped, lines joined, direction controls isolated (lib/bidi.ts). */
const cell = (s: string) => isolateBidi(s.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' '));
/** A name or free text inside a sentence: it cannot reorder the words around it. */
const iso = isolateBidi;

/** The session as Markdown for the meeting notes: the period's figures, the adjustments reviewed and agreed. */
export function retrospectiveMarkdown(
  summary: RetroSummary,
  agreed: readonly Adjustment[],
  reviewed: readonly Adjustment[],
  fmtDate: (ms: number) => string,
  notes = '',
): string {
  const L: string[] = [];
  L.push(`# Loss retrospective — ${fmtDate(summary.from)} to ${fmtDate(summary.to)}`, '');
  L.push(`- Deals lost: ${summary.lost.length}`, `- Deals won: ${summary.won.length}`);
  L.push(`- Loss reasons in your control: ${pct(summary.controllable.share)} of ${summary.controllable.reasons}`, '');
  if (reviewed.length) {
    L.push('## Adjustments from the last retrospective', '', '| Who | What | By | Outcome | Note |', '|---|---|---|---|---|');
    for (const a of reviewed) L.push(`| ${cell(a.who)} | ${cell(a.what)} | ${fmtDate(a.dueAt)} | ${outcomeOfAdjustmentLabel(a.outcome)} | ${cell(a.outcomeNote)} |`);
    L.push('');
  }
  if (summary.lost.length) {
    L.push('## Deals lost', '');
    for (const d of summary.lost) L.push(`- ${iso(d.name)}${d.status === 'dead' ? ' (dead)' : ''}: ${d.reason ?? 'no finished reflection'}${d.competitor ? ` — went to ${iso(d.competitor)}` : ''}`);
    L.push('');
  }
  if (summary.won.length) {
    L.push('## Deals won', '');
    for (const d of summary.won) L.push(`- ${iso(d.name)}`);
    L.push('');
  }
  if (summary.reasons.length) {
    L.push('## Reasons', '', '| Reason | Times named | In your control |', '|---|---|---|');
    for (const r of summary.reasons) L.push(`| ${r.label} | ${r.total} | ${pct(r.controllableShare)} |`);
    L.push('');
  }
  if (summary.mismatches.length) {
    L.push('## Where the buyer said something else', '');
    for (const m of summary.mismatches) L.push(`- ${iso(m.dealName)}: you said ${reasonLabel(m.rep)}, they said ${reasonLabel(m.buyer)}${m.buyerDetail ? ` ("${iso(m.buyerDetail)}")` : ''}`);
    L.push('');
  }
  if (summary.lessons.length) {
    L.push('## Lessons written', '');
    for (const l of summary.lessons) L.push(`- ${iso(l.dealName)} (${l.kind}): ${iso(l.text)}`);
    L.push('');
  }
  L.push('## Adjustments agreed', '');
  if (agreed.length) {
    L.push('| Who | What | By |', '|---|---|---|');
    for (const a of agreed) L.push(`| ${cell(a.who)} | ${cell(a.what)} | ${fmtDate(a.dueAt)} |`);
  } else L.push('None yet.');
  if (notes.trim()) L.push('', '## Notes', '', ...notes.trim().split(/\r\n|\r|\n/).map(iso));
  return `${L.join('\n')}\n`;
}
