/**
 * The hard data a reflection is pre-filled with, and the won deal to compare a lost one with
 * (docs/method.md, "Hard data" and "Compare with a won deal"). Pure: the deal's touchpoints, its response
 * summary and `now` are passed in.
 */
import type { Channel, Deal, Direction, Touchpoint } from '../model';
import { normaliseLeadSource } from './taxonomy';
import { isValidTimeZone, localDayAndTime } from '../worktime';

export const DAY_MS = 24 * 60 * 60 * 1000;
export const WEEK_MS = 7 * DAY_MS;

/** Response-time figures for one deal, computed elsewhere (`summarise` in lib/response.ts accepts); all in ms. */
export interface ResponseSummaryInput {
  /** Inbound prospect emails that were answered. */
  count: number;
  median?: number;
  worst?: number;
  /** Replies that came after the response target. */
  late: number;
  /** Inbound emails still waiting for a reply. */
  awaiting: number;
  /** Of those, how many are overdue or escalated (lib/response.ts `ResponseSummary`). */
  awaitingOverdue?: number;
}

export interface Silence {
  ms: number;
  from: number;
  to: number;
}

export interface DealHardData {
  byChannel: Record<Channel, number>;
  byDirection: Record<Direction, number>;
  total: number;
  firstTouchAt?: number;
  lastTouchAt?: number;
  /**
   * Whole days from `openedAt` to `closedAt` (or `now` while open); on the rep's calendar when
   * their time zone is given (10:00 on 20 March to 10:00 on 30 March is 10 days, though the clocks
   * went forward in between), else in 24-hour days.
   */
  daysOpen: number;
  /** Touchpoints per week over the time the deal was open (at least one week). */
  perWeek: number;
  /**
   * Largest gap between consecutive conversations with the prospect. Internal touchpoints and
   * notes are not conversations and neither break nor start a silence. Undefined with fewer
   * than two conversations.
   */
  longestSilence?: Silence;
  response: ResponseSummaryInput;
  leadSource?: string;
  /**
   * Gmail conversations of the deal that were only partly captured (Gmail hid some messages and
   * they were never expanded): how many, and how many of their messages are missing from the counts.
   */
  partial?: { threads: number; missing: number };
}

/** Conversations whose stored messages are fewer than Gmail said they held. */
export function partlyCaptured(touchpoints: readonly Touchpoint[]): { threads: number; missing: number } | undefined {
  const byThread = new Map<string, { total: number; seen: number }>();
  for (const t of touchpoints) {
    if (t.channel !== 'email' || !t.threadId) continue;
    const cur = byThread.get(t.threadId) ?? { total: 0, seen: 0 };
    cur.seen += 1;
    cur.total = Math.max(cur.total, t.threadTotal ?? 0);
    byThread.set(t.threadId, cur);
  }
  let threads = 0;
  let missing = 0;
  for (const { total, seen } of byThread.values()) {
    if (total > seen) {
      threads += 1;
      missing += total - seen;
    }
  }
  return threads ? { threads, missing } : undefined;
}

export function dealHardData(
  deal: Deal,
  touchpoints: readonly Touchpoint[],
  responseSummary: ResponseSummaryInput,
  now: number,
  timeZone?: string,
): DealHardData {
  const byChannel: Record<Channel, number> = { email: 0, call: 0, meeting: 0, note: 0 };
  const byDirection: Record<Direction, number> = { inbound: 0, outbound: 0, internal: 0 };
  let first: number | undefined;
  let last: number | undefined;
  for (const t of touchpoints) {
    byChannel[t.channel] += 1;
    byDirection[t.direction] += 1;
    if (first === undefined || t.at < first) first = t.at;
    if (last === undefined || t.at > last) last = t.at;
  }

  const end = deal.closedAt ?? now;
  const openMs = Math.max(0, end - deal.openedAt);
  const daysOpen = wholeDays(deal.openedAt, end, timeZone);
  const perWeek = touchpoints.length / Math.max(1, openMs / WEEK_MS);

  const conversations = touchpoints
    .filter((t) => t.direction !== 'internal' && t.channel !== 'note')
    .map((t) => t.at)
    .sort((a, b) => a - b);
  let longestSilence: Silence | undefined;
  for (let i = 1; i < conversations.length; i++) {
    const from = conversations[i - 1]!;
    const to = conversations[i]!;
    if (!longestSilence || to - from > longestSilence.ms) longestSilence = { ms: to - from, from, to };
  }

  const out: DealHardData = {
    byChannel,
    byDirection,
    total: touchpoints.length,
    daysOpen,
    perWeek,
    response: { ...responseSummary },
  };
  if (first !== undefined) out.firstTouchAt = first;
  if (last !== undefined) out.lastTouchAt = last;
  if (longestSilence) out.longestSilence = longestSilence;
  const leadSource = normaliseLeadSource(deal.leadSource);
  if (leadSource !== undefined) out.leadSource = leadSource;
  const partial = partlyCaptured(touchpoints);
  if (partial) out.partial = partial;
  return out;
}

/**
 * Whole days from `from` to `to` (0 when `to` is not later): on the wall clock of `timeZone` when
 * it is given and known, else 24-hour days.
 */
export function wholeDays(from: number, to: number, timeZone?: string): number {
  if (timeZone === undefined || !isValidTimeZone(timeZone)) return Math.max(0, Math.floor((to - from) / DAY_MS));
  const a = localDayAndTime(from, timeZone);
  const b = localDayAndTime(to, timeZone);
  const wallMs = (b.day - a.day) * DAY_MS + (b.wallMs - a.wallMs);
  return Math.max(0, Math.floor(wallMs / DAY_MS));
}

/**
 * Distance between two amounts: |ln(a/b)|, so 10k vs 20k is as far as 50k vs 100k. Infinite
 * when either is missing or not positive, or the currencies are both known and differ.
 */
export function amountDistance(a: Pick<Deal, 'amount' | 'currency'>, b: Pick<Deal, 'amount' | 'currency'>): number {
  if (a.amount === undefined || b.amount === undefined || a.amount <= 0 || b.amount <= 0) return Infinity;
  if (a.currency && b.currency && a.currency.toUpperCase() !== b.currency.toUpperCase()) return Infinity;
  return Math.abs(Math.log(a.amount / b.amount));
}

/**
 * The won deal most like `lost`: same lead source first, then nearest amount (log-ratio; deals
 * without a comparable amount after those with one), then the most recent close (`closedAt`,
 * else `updatedAt`), then id for a stable answer. Undefined when no candidate is won.
 */
export function similarWonDeal(lost: Deal, candidates: readonly Deal[]): Deal | undefined {
  const source = normaliseLeadSource(lost.leadSource)?.toLowerCase();
  const ranked = candidates
    .filter((d) => d.status === 'won' && d.id !== lost.id)
    .map((d) => ({
      d,
      sameSource: source !== undefined && normaliseLeadSource(d.leadSource)?.toLowerCase() === source ? 0 : 1,
      distance: amountDistance(lost, d),
      closed: d.closedAt ?? d.updatedAt,
    }))
    .sort(
      (a, b) =>
        a.sameSource - b.sameSource ||
        compareDistance(a.distance, b.distance) ||
        b.closed - a.closed ||
        (a.d.id < b.d.id ? -1 : a.d.id > b.d.id ? 1 : 0),
    );
  return ranked[0]?.d;
}

function compareDistance(a: number, b: number): number {
  if (a === b) return 0; // also Infinity === Infinity
  return a < b ? -1 : 1;
}
