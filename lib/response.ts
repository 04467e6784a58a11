/**
 * Response-time analysis for one contact's touchpoints.
 *
 * Rules (docs/method.md, "Response-time targets", plus the choices written here where it is silent):
 * - Internal touchpoints and notes are ignored entirely (a note neither asks nor answers), and
 *   so is an inbound message the rep marked "no reply needed" (it neither waits nor answers).
 * - An inbound email, or an inbound call that was missed (outcome `voicemail` / `no-answer`),
 *   waits for a reply. An inbound call that connected (or has no outcome) and an inbound
 *   meeting are live two-way conversations: they wait for nothing and they answer whatever was
 *   waiting, like an outbound touchpoint does.
 * - A waiting inbound is answered by the first outbound email, call (any outcome: a voicemail
 *   left is a reply attempt) or meeting strictly later than it. Touchpoints at the same instant
 *   are taken inbound first, so an outbound sent in the same millisecond does not answer.
 * - Several inbound before one reply form one response, measured in working time from the
 *   FIRST of them; the response lists every inbound it answers.
 * - Target: new lead when nothing answered this contact before that first inbound (no earlier
 *   outbound or conversation), otherwise active deal.
 * - A reply is late when its working time is strictly more than the target (replying exactly
 *   at the target is on time). An open item is `overdue` from the instant the target is reached
 *   (≥ target), `escalated` from the escalate threshold, `due-soon` from 75 % of the target.
 */
import type { Touchpoint } from './model';
import { addWorkingMs, workingMsBetween, type WorkCalendar } from './worktime';

export interface ResponseTargets {
  newLeadMs: number;
  newLeadEscalateMs: number;
  activeDealMs: number;
  activeDealEscalateMs: number;
}

export interface ResponseContext {
  calendar: WorkCalendar;
  now: number;
  targets: ResponseTargets;
}

export type TargetKind = 'new-lead' | 'active-deal';
export type AwaitingState = 'ok' | 'due-soon' | 'overdue' | 'escalated';

/** One reply and the inbound touchpoints it answered. */
export interface ResponseRecord {
  /** Every inbound this reply answered, oldest first; the clock starts at the first. */
  inbounds: Touchpoint[];
  reply: Touchpoint;
  /** Working time from the first inbound to the reply. */
  workingMs: number;
  targetKind: TargetKind;
  targetMs: number;
  late: boolean;
}

/** Inbound touchpoints still waiting for a reply at `now`. */
export interface AwaitingItem {
  /** Filled in by `awaitingReplies` from the map key. */
  contactEmail?: string;
  inbounds: Touchpoint[];
  /** The first unanswered inbound's instant: the clock starts here. */
  since: number;
  /** The most recent waiting inbound (the thread to open). */
  latest: Touchpoint;
  elapsedMs: number;
  targetKind: TargetKind;
  targetMs: number;
  escalateMs: number;
  state: AwaitingState;
  /** Instant the target is reached. */
  overdueAt: number;
  /** Instant the escalate threshold is reached. */
  escalateAt: number;
  /** Working time past the target (0 while not overdue). */
  overdueByMs: number;
}

export interface ContactAnalysis {
  responses: ResponseRecord[];
  /** At most one item: the inbound after the last answer. */
  awaiting: AwaitingItem[];
  /** Inbound touchpoint key → the touchpoint that answered it. */
  answeredBy: Map<string, Touchpoint>;
}

export const DUE_SOON_RATIO = 0.75;

function waitsForReply(t: Touchpoint): boolean {
  if (t.direction !== 'inbound' || t.channel === 'note') return false;
  if (t.channel === 'email') return true;
  if (t.channel === 'call') return t.outcome === 'voicemail' || t.outcome === 'no-answer';
  return false;
}

function answers(t: Touchpoint): boolean {
  if (t.channel === 'note' || t.direction === 'internal') return false;
  if (t.direction === 'outbound') return true;
  // Inbound conversation: a connected (or unlabelled) call, or a meeting.
  return !waitsForReply(t);
}

/**
 * Whether the walk takes `t` as a reply or a live conversation (what answers whatever waits),
 * after leaving out what it ignores.
 */
export function answersInWalk(t: Touchpoint): boolean {
  if (t.direction === 'inbound' && t.noReplyNeeded) return false;
  return answers(t);
}

function targetFor(kind: TargetKind, targets: ResponseTargets): { target: number; escalate: number } {
  return kind === 'new-lead'
    ? { target: targets.newLeadMs, escalate: targets.newLeadEscalateMs }
    : { target: targets.activeDealMs, escalate: targets.activeDealEscalateMs };
}

const DIRECTION_ORDER: Record<Touchpoint['direction'], number> = { inbound: 0, internal: 1, outbound: 2 };

/** What is still waiting after a contact's history: the inbound after the last answer, and its target kind. */
export interface OpenInbounds {
  pending: Touchpoint[];
  kind: TargetKind;
}

/**
 * Where a walk picks up from, for touchpoints that all come after the ones already walked: what
 * was still waiting then (oldest first), its kind, and whether anything had answered by then.
 */
export interface WalkStart {
  pending: readonly Touchpoint[];
  kind: TargetKind;
  engaged: boolean;
}

/**
 * The structural walk shared by the full analysis and the awaiting table kept at ingest: which
 * inbound touchpoints each reply answered and which are still waiting. No time arithmetic, no
 * settings: the target kind depends only on the order of touchpoints.
 */
export function walkContact(
  touchpoints: readonly Touchpoint[],
  onReply?: (answered: Touchpoint[], reply: Touchpoint, kind: TargetKind) => void,
  start?: WalkStart,
): OpenInbounds {
  // Callers pass sorted input; a stable re-sort costs little and fixes the order of ties.
  const sorted = touchpoints
    .filter((t) => t.direction !== 'internal' && t.channel !== 'note' && !(t.direction === 'inbound' && t.noReplyNeeded))
    .map((t, i) => ({ t, i }))
    .sort((a, b) => a.t.at - b.t.at || DIRECTION_ORDER[a.t.direction] - DIRECTION_ORDER[b.t.direction] || a.i - b.i)
    .map((x) => x.t);

  let pending: Touchpoint[] = start ? [...start.pending] : [];
  let pendingKind: TargetKind = start?.kind ?? 'new-lead';
  let engaged = start?.engaged ?? false;

  for (const t of sorted) {
    if (waitsForReply(t)) {
      if (pending.length === 0) pendingKind = engaged ? 'active-deal' : 'new-lead';
      pending.push(t);
      continue;
    }
    if (!answers(t)) continue;
    const first = pending[0];
    if (first && t.at > first.at) {
      const answered = pending.filter((p) => p.at < t.at);
      onReply?.(answered, t, pendingKind);
      pending = pending.filter((p) => p.at >= t.at);
      // Anything left arrived at the reply's instant: it waits, now inside an active thread.
      pendingKind = 'active-deal';
    }
    engaged = true;
  }
  return { pending, kind: pendingKind };
}

/** The waiting item for inbound touchpoints still open (oldest first) at `ctx.now`. */
export function awaitingItem(pending: readonly Touchpoint[], kind: TargetKind, ctx: ResponseContext): AwaitingItem | undefined {
  const first = pending[0];
  const latest = pending[pending.length - 1];
  if (!first || !latest) return undefined;
  const { target, escalate } = targetFor(kind, ctx.targets);
  const elapsedMs = workingMsBetween(ctx.calendar, first.at, ctx.now);
  return {
    inbounds: [...pending],
    since: first.at,
    latest,
    elapsedMs,
    targetKind: kind,
    targetMs: target,
    escalateMs: escalate,
    state: stateFor(elapsedMs, target, escalate),
    overdueAt: addWorkingMs(ctx.calendar, first.at, target),
    escalateAt: addWorkingMs(ctx.calendar, first.at, escalate),
    overdueByMs: Math.max(0, elapsedMs - target),
  };
}

export function analyseContact(touchpoints: readonly Touchpoint[], ctx: ResponseContext): ContactAnalysis {
  const responses: ResponseRecord[] = [];
  const answeredBy = new Map<string, Touchpoint>();
  const open = walkContact(touchpoints, (answered, reply, kind) => {
    const first = answered[0];
    if (!first) return;
    for (const a of answered) answeredBy.set(a.key, reply);
    const workingMs = workingMsBetween(ctx.calendar, first.at, reply.at);
    const { target } = targetFor(kind, ctx.targets);
    responses.push({ inbounds: answered, reply, workingMs, targetKind: kind, targetMs: target, late: workingMs > target });
  });
  const item = awaitingItem(open.pending, open.kind, ctx);
  return { responses, awaiting: item ? [item] : [], answeredBy };
}

export function stateFor(elapsedMs: number, targetMs: number, escalateMs: number): AwaitingState {
  if (elapsedMs >= escalateMs) return 'escalated';
  if (elapsedMs >= targetMs) return 'overdue';
  if (elapsedMs >= DUE_SOON_RATIO * targetMs) return 'due-soon';
  return 'ok';
}

export interface ResponseSummary {
  /** Number of replies (a reply answering several inbound counts once). */
  count: number;
  /** Median working response time; undefined without replies. Even count: mean of the middle two, rounded. */
  median: number | undefined;
  /** Longest working response time; undefined without replies. */
  worst: number | undefined;
  /** Replies later than their target. */
  late: number;
  /** Contacts waiting for a reply now. */
  awaiting: number;
  /** Of those, how many are overdue or escalated. */
  awaitingOverdue: number;
}

/** Summary for a deal (its contacts' analyses) or overall (every contact's). */
export function summarise(results: readonly ContactAnalysis[]): ResponseSummary {
  const times: number[] = [];
  let late = 0;
  let awaiting = 0;
  let awaitingOverdue = 0;
  for (const r of results) {
    for (const resp of r.responses) {
      times.push(resp.workingMs);
      if (resp.late) late++;
    }
    for (const a of r.awaiting) {
      awaiting++;
      if (a.state === 'overdue' || a.state === 'escalated') awaitingOverdue++;
    }
  }
  times.sort((a, b) => a - b);
  const n = times.length;
  let median: number | undefined;
  if (n > 0) {
    const hi = times[n >> 1] ?? 0;
    median = n % 2 === 1 ? hi : Math.round(((times[(n >> 1) - 1] ?? 0) + hi) / 2);
  }
  return { count: n, median, worst: n > 0 ? times[n - 1] : undefined, late, awaiting, awaitingOverdue };
}

const STATE_RANK: Record<AwaitingState, number> = { escalated: 0, overdue: 1, 'due-soon': 2, ok: 3 };

/**
 * Every contact's waiting item, most urgent first: by state (escalated, overdue, due-soon, ok),
 * then the one that turned (or turns) overdue earliest, then contact email for a stable order.
 */
export function awaitingReplies(byContact: ReadonlyMap<string, readonly Touchpoint[]>, ctx: ResponseContext): AwaitingItem[] {
  const items: AwaitingItem[] = [];
  for (const [email, tps] of byContact) {
    for (const item of analyseContact(tps, ctx).awaiting) items.push({ ...item, contactEmail: email });
  }
  return items.sort(
    (a, b) =>
      STATE_RANK[a.state] - STATE_RANK[b.state] ||
      a.overdueAt - b.overdueAt ||
      (a.contactEmail ?? '').localeCompare(b.contactEmail ?? ''),
  );
}
