/**
 * What needs the rep's attention, and how it reads: replies owed become flags worth acting on.
 * - One flag per person (the most urgent wait of each contact).
 * - A reply still owed on a won, lost or dead deal never escalates: it is kept apart, shown
 *   quietly, and counts on no badge.
 * - A flag the rep snoozed stays hidden until the snooze ends; one marked done stays hidden.
 * - Waits read as people say them, in working time: "45 m", "5 h 12 m", "1 working day 2 h",
 *   "3 working days".
 * Pure: callers pass deal statuses, follow-up states and `now`.
 */
import { isolateBidi } from './bidi';
import type { DealStatus, FollowUp, Settings } from './model';
import type { AwaitingItem } from './response';
import { parseTimeOfDay } from './worktime';

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** The id of the reply-owed follow-up made for a wait (kept by the background's refresher). */
export const replyFollowUpId = (item: Pick<AwaitingItem, 'contactEmail' | 'since'>) => `reply:${item.contactEmail}:${item.since}`;

/** Length of the rep's working day in ms (8 h for 09:00–17:00, and before the settings are read); never below one hour. */
export function workdayMs(settings: Pick<Settings, 'workStart' | 'workEnd'> | undefined): number {
  if (!settings) return 8 * HOUR;
  const start = parseTimeOfDay(settings.workStart);
  const end = parseTimeOfDay(settings.workEnd, true);
  if (start === undefined || end === undefined || end <= start) return 8 * HOUR;
  return Math.max(HOUR, end - start);
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Working time as people say it. Below one working day: hours and minutes ("5 h 12 m", "3 h",
 * "45 m", "less than a minute"). From one working day: "1 working day", "1 working day 2 h";
 * from two: whole working days ("3 working days"). Never "232h".
 */
export function formatWait(ms: number, dayMs: number): string {
  const total = Number.isFinite(ms) && ms > 0 ? ms : 0;
  const day = Number.isFinite(dayMs) && dayMs >= HOUR ? dayMs : 8 * HOUR;
  if (total < MINUTE) return 'less than a minute';
  if (total < day) {
    const minutes = Math.floor(total / MINUTE);
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h === 0) return `${m} m`;
    return m === 0 ? `${h} h` : `${h} h ${m} m`;
  }
  const days = Math.floor(total / day);
  if (days >= 2) return plural(days, 'working day', 'working days');
  const hours = Math.floor((total - day) / HOUR);
  return hours > 0 ? `1 working day ${hours} h` : '1 working day';
}

export type ClosedStatus = Exclude<DealStatus, 'open'>;

export interface Attention extends AwaitingItem {
  contactEmail: string;
  /** Set when the wait belongs to a closed deal: shown quietly, never escalated, no badge. */
  closed?: ClosedStatus;
  /** The reply-owed follow-up that snooze and done act on. */
  followUpId: string;
}

export interface Settled {
  /** One per person, most urgent first. */
  active: Attention[];
  /** Waits on closed deals, newest first. */
  quiet: Attention[];
}

const RANK: Record<AwaitingItem['state'], number> = { escalated: 0, overdue: 1, 'due-soon': 2, ok: 3 };

export function settleAttention(
  items: readonly AwaitingItem[],
  options: {
    dealStatus?: (dealId: string) => DealStatus | undefined;
    followUps?: ReadonlyMap<string, Pick<FollowUp, 'state' | 'snoozedUntil'>>;
    now: number;
  },
): Settled {
  const best = new Map<string, Attention>();
  for (const item of items) {
    if (!item.contactEmail) continue;
    const followUpId = replyFollowUpId(item);
    const f = options.followUps?.get(followUpId);
    if (f?.state === 'done') continue;
    if (f?.state === 'snoozed' && (f.snoozedUntil ?? 0) > options.now) continue;
    const status = item.latest.dealId ? options.dealStatus?.(item.latest.dealId) : undefined;
    const closed = status && status !== 'open' ? status : undefined;
    const a: Attention = { ...item, contactEmail: item.contactEmail, followUpId, ...(closed ? { closed, state: 'ok' as const, overdueByMs: 0 } : {}) };
    const prev = best.get(a.contactEmail);
    if (!prev || rank(a) < rank(prev)) best.set(a.contactEmail, a);
  }
  const all = [...best.values()];
  return {
    active: all
      .filter((a) => !a.closed)
      .sort((a, b) => RANK[a.state] - RANK[b.state] || a.overdueAt - b.overdueAt || a.contactEmail.localeCompare(b.contactEmail)),
    quiet: all.filter((a) => a.closed).sort((a, b) => b.latest.at - a.latest.at),
  };
}

function rank(a: Attention): number {
  return (a.closed ? 10 : 0) + RANK[a.state];
}

const CLOSED_TEXT: Record<ClosedStatus, string> = { won: 'won', lost: 'lost', dead: 'closed as dead' };

/** The one line a flag says: "Dana Prospect has waited 5 h 12 m for your reply (target 1 h, new lead)". */
export function flagText(a: Attention, dayMs: number, name?: string): string {
  // A name from a page is isolated: direction controls in it cannot turn the sentence around.
  const who = isolateBidi(name || a.contactEmail);
  if (a.closed) return `${who} wrote ${formatWait(a.elapsedMs, dayMs)} ago (working time); the deal is ${CLOSED_TEXT[a.closed]}, so nothing escalates.`;
  const target = `target ${formatWait(a.targetMs, dayMs)}${a.targetKind === 'new-lead' ? ', new lead' : ''}`;
  return `${who} has waited ${formatWait(a.elapsedMs, dayMs)} for your reply (${target})`;
}

export const STATE_TEXT: Record<AwaitingItem['state'], string> = {
  ok: 'on time',
  'due-soon': 'due soon',
  overdue: 'overdue',
  escalated: 'overdue: escalate',
};
