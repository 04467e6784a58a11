/**
 * Keeping derived follow-ups and the badge true: reply-owed follow-ups from the response-time
 * engine, the recurring loss retrospective, the badge count (overdue + due today) and at most
 * one notification per item. Runs on a one-minute alarm and, coalesced, after every write (the
 * background wires both: lib/background/effects.ts `coalesced`). The plans are pure functions;
 * `createRefresher` reads the database, writes follow-ups only through lib/db/followups.ts, and
 * reaches the browser only through the effects it is given (lib/background/effects.ts in the
 * extension, fakes in tests). Time comes from its clock; it keeps no timer of its own.
 */
import { isolateBidi } from '../bidi';
import type { Clock } from '../clock';
import { withinWindow, type AwaitingRow } from '../db/awaiting';
import { writeFollowUps } from '../db/followups';
import { AWAITING_WINDOW_MS, followUpsOfKind, lostOrDeadDealCount, pendingFollowUps, replyFollowUpsOfContact } from '../db/queries';
import type { DealDebriefDB } from '../db/schema';
import { loadSettings } from '../db/settings';
import { responseContext } from '../deal-figures';
import { classifyDue, nextRetrospective } from '../followups/due';
import { RETROSPECTIVE_ID } from '../followups/rules';
import type { DealStatus, FollowUp, Settings } from '../model';
import { formatWait, replyFollowUpId, workdayMs } from '../attention';
import { awaitingItem, type AwaitingItem, type ResponseContext } from '../response';
import { addWorkingMs, calendarFromSettings } from '../worktime';

export const REFRESH_ALARM = 'refresh';

export { replyFollowUpId };

/** Reply-owed follow-ups for what is awaiting now; a follow-up keeps the rep's done/snoozed state. */
export function replyFollowUps(
  awaiting: readonly Pick<AwaitingItem, 'contactEmail' | 'since' | 'overdueAt' | 'targetMs' | 'latest'>[],
  existing: Map<string, FollowUp>,
  timeZone: string,
  now: number,
  names: ReadonlyMap<string, string> = new Map(),
  dayMs = 8 * 3_600_000,
): FollowUp[] {
  return awaiting.map((a) => {
    const id = replyFollowUpId(a);
    const old = existing.get(id);
    const name = a.contactEmail ? names.get(a.contactEmail) : undefined;
    // Names, addresses and subjects come from pages: isolated, they cannot reorder the sentence the
    // popup and the notification show.
    const who = a.contactEmail ? (name ? `${isolateBidi(name)} (${isolateBidi(a.contactEmail)})` : isolateBidi(a.contactEmail)) : 'a prospect';
    const since = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit', timeZone }).format(a.since);
    const f: FollowUp = {
      id,
      kind: 'reply',
      dueAt: a.overdueAt,
      state: old?.state ?? 'open',
      snoozedUntil: old?.snoozedUntil,
      dealId: a.latest.dealId,
      contactEmail: a.contactEmail,
      threadId: a.latest.threadId,
      reason: `Reply to ${who} — waiting since ${since} (target ${formatWait(a.targetMs, dayMs)})`,
      details: a.latest.subject ? [`Last message: ${isolateBidi(a.latest.subject)}`] : undefined,
      notifiedAt: old?.notifiedAt,
      createdAt: old?.createdAt ?? now,
      updatedAt: old && old.dueAt === a.overdueAt ? old.updatedAt : now,
    };
    return f;
  });
}

function retrospective(settings: Settings, dueAt: number, lostDeals: number, now: number): FollowUp {
  return {
    id: `${RETROSPECTIVE_ID}:${dueAt}`,
    kind: 'retrospective',
    dueAt,
    state: 'open',
    reason: `Loss retrospective — review ${lostDeals} lost deal${lostDeals === 1 ? '' : 's'} with the team (every ${settings.retrospectiveEveryDays} days)`,
    details: ['Open the retrospective: the deals lost and won since the last one, their reasons and what was in your control, where your read differed from the buyer’s, and last time’s adjustments. Agree who does what by when.'],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The recurring loss retrospective follows its setting. One session is pending at a time, due
 * one period after the last session held (or after the first loss). A session's follow-up is
 * done when the session is held, so when it was last changed is when it was held: a session held
 * late or early moves the next one with it. Turning retrospectives off removes the pending one;
 * changing the interval moves it.
 */
export function planRetrospective(settings: Settings, stored: FollowUp[], lostDeals: number, now: number): { remove: string[]; add?: FollowUp } {
  const pending = stored.filter((f) => f.state !== 'done');
  const lastDone = stored.filter((f) => f.state === 'done').sort((a, b) => a.updatedAt - b.updatedAt || a.dueAt - b.dueAt).pop();
  if (settings.retrospectiveEveryDays <= 0 || lostDeals === 0) return { remove: pending.map((f) => f.id) };
  const calendar = calendarFromSettings(settings);
  // Where the period counts from: when the last session was held, else when the first one was planned.
  const anchorOf = (createdAt: number) => lastDone?.updatedAt ?? createdAt;
  const keep = pending.find((f) => nextRetrospective(anchorOf(f.createdAt), settings.retrospectiveEveryDays, f.createdAt, calendar) === f.dueAt);
  const remove = pending.filter((f) => f !== keep).map((f) => f.id);
  if (keep) return { remove };
  const anchor = anchorOf(pending[0]?.createdAt ?? now);
  const dueAt = nextRetrospective(anchor, settings.retrospectiveEveryDays, now, calendar);
  return dueAt === undefined ? { remove } : { remove, add: retrospective(settings, dueAt, lostDeals, now) };
}

/** Due now or today: what the badge counts. */
export function badgeCount(items: FollowUp[], now: number, timeZone: string): number {
  return items.filter((f) => {
    const due = classifyDue(f, now, timeZone);
    return due === 'overdue' || due === 'today';
  }).length;
}

/** Items whose due time has come and that were never notified. */
export function toNotify(items: FollowUp[], now: number): FollowUp[] {
  return items.filter((f) => {
    const effective = f.state === 'snoozed' && f.snoozedUntil ? f.snoozedUntil : f.dueAt;
    return f.state !== 'done' && effective <= now && f.notifiedAt === undefined;
  });
}

/** What the refresher does to the browser: the badge and notifications (fakes in tests). */
export interface RefreshEffects {
  setBadge(count: number): Promise<void>;
  notify(f: FollowUp): Promise<void>;
}

/**
 * Tables a Dexie `storagemutated` event says changed (its parts are `idb://<db>/<table>/<index>`).
 * Parts of other databases are ignored.
 */
export function changedTables(parts: Record<string, unknown>, dbName: string): Set<string> {
  const tables = new Set<string>();
  const prefix = `idb://${dbName}/`;
  for (const part of Object.keys(parts)) {
    if (!part.startsWith(prefix)) continue;
    const table = part.slice(prefix.length).split('/')[0];
    if (table) tables.add(table);
  }
  return tables;
}

/** The settings a reply follow-up's timing and text depend on. */
const responseKey = (s: Settings) =>
  JSON.stringify([s.workingDays, s.workStart, s.workEnd, s.timeZone, s.holidays, s.newLeadTargetMinutes, s.newLeadEscalateMinutes, s.activeDealTargetMinutes, s.activeDealEscalateMinutes]);

type ReplyItem = Pick<AwaitingItem, 'contactEmail' | 'since' | 'overdueAt' | 'targetMs' | 'latest'>;

/** A stored awaiting row as the waiting item the follow-up describes, at `ctx.now`. */
export function itemFromRow(row: AwaitingRow, ctx: ResponseContext): ReplyItem | undefined {
  if (!row.open) return undefined;
  const item = awaitingItem([row.open.latest], row.open.kind, ctx);
  if (!item) return undefined;
  // The clock starts at the first waiting inbound, which may be older than the latest.
  const since = row.open.since;
  const target = item.targetMs;
  return { contactEmail: row.email, since, latest: row.open.latest, targetMs: target, overdueAt: addWorkingMs(ctx.calendar, since, target) };
}

/**
 * The refresher keeps what it read — settings, the awaiting rows, the count of lost deals, the
 * live follow-ups — until Dexie reports a write to that table (`invalidate`). After a capture it
 * reads only the awaiting rows whose `rev` moved and those contacts' reply follow-ups; on the
 * minute alarm with nothing written it reads nothing. Changing response settings rebuilds
 * every reply follow-up from the cached rows.
 */
export function createRefresher(db: DealDebriefDB, clock: Clock, effects: RefreshEffects) {
  let running: Promise<void> | undefined;
  let again = false;

  let settings: Settings | undefined;
  /** The response settings the stored reply follow-ups were last made with. */
  let followUpsMadeWith: string | undefined;
  const rows = new Map<string, AwaitingRow>();
  let rev = -1;
  let awaitingStale = true;
  let lostDeals: number | undefined;
  /** Won, lost and dead deals: a reply owed on one never escalates and counts on no badge. */
  let closedDeals: Map<string, DealStatus> | undefined;
  let closedStale = true;
  let retros: FollowUp[] | undefined;
  /** Open and snoozed follow-ups: what the badge and notifications look at. */
  let live: Map<string, FollowUp> | undefined;
  let lastNow: number | undefined;
  let lastBadge: number | undefined;

  async function awaitingChanges(): Promise<Set<string> | 'all'> {
    if (rev < 0) {
      awaitingStale = false;
      const all = await db.awaiting.toArray();
      rows.clear();
      for (const r of all) rows.set(r.email, r);
      // Every contact has a row: a spread of them all could exceed the call stack.
      rev = all.reduce((m, r) => Math.max(m, r.rev), 0);
      return 'all';
    }
    if (!awaitingStale) return new Set();
    awaitingStale = false;
    const fresh = await db.awaiting.where('rev').above(rev).toArray();
    for (const r of fresh) {
      rows.set(r.email, r);
      rev = Math.max(rev, r.rev);
    }
    return new Set(fresh.map((r) => r.email));
  }

  async function refreshReplies(current: Settings, now: number): Promise<void> {
    let changed = await awaitingChanges();
    const key = responseKey(current);
    if (key !== followUpsMadeWith) changed = 'all';
    if (!closedDeals || closedStale) {
      closedStale = false;
      const fresh = new Map((await db.deals.where('status').anyOf('won', 'lost', 'dead').toArray()).map((d) => [d.id, d.status]));
      // A deal closed or reopened: every wait is looked at again (a deal page seen again is not).
      const key = (m: Map<string, DealStatus>) => JSON.stringify([...m].sort());
      if (!closedDeals || key(fresh) !== key(closedDeals)) changed = 'all';
      closedDeals = fresh;
    }
    const closed = closedDeals;
    if (changed !== 'all' && lastNow !== undefined) {
      // Time passing moves a contact whose last message is older than the window out of it.
      for (const row of rows.values()) {
        if (row.open && withinWindow(row, lastNow, AWAITING_WINDOW_MS) !== withinWindow(row, now, AWAITING_WINDOW_MS)) changed.add(row.email);
      }
    }
    lastNow = now;
    if (changed !== 'all' && changed.size === 0) return;
    const ctx = responseContext(current, now);
    const emails = changed === 'all' ? [...rows.keys()] : [...changed];
    const items = emails.flatMap((email) => {
      const row = rows.get(email);
      const item = row && withinWindow(row, now, AWAITING_WINDOW_MS) ? itemFromRow(row, ctx) : undefined;
      return item && !(item.latest.dealId && closed.has(item.latest.dealId)) ? [item] : [];
    });
    const contacts = await db.contacts.bulkGet(items.flatMap((a) => (a.contactEmail ? [a.contactEmail] : [])));
    const names = new Map(contacts.flatMap((c) => (c?.name ? [[c.email, c.name] as const] : [])));
    const scope = changed;
    await db.transaction('rw', db.followUps, async () => {
      const stored =
        scope === 'all'
          ? await followUpsOfKind(db, 'reply')
          : (await Promise.all(emails.map((email) => replyFollowUpsOfContact(db, email)))).flat();
      const existing = new Map(stored.map((f) => [f.id, f]));
      const wanted = replyFollowUps(items, existing, ctx.calendar.timeZone, now, names, workdayMs(current));
      const keep = new Set(wanted.map((f) => f.id));
      // Answered (or no longer waiting): the reply follow-up has done its job.
      const gone = stored.filter((f) => !keep.has(f.id)).map((f) => f.id);
      const put = wanted.filter((f) => {
        const old = existing.get(f.id);
        return !old || old.dueAt !== f.dueAt || old.reason !== f.reason || old.dealId !== f.dealId;
      });
      await writeFollowUps(db, { remove: gone, put });
      if (live) {
        for (const id of gone) live.delete(id);
        for (const f of put) if (f.state !== 'done') live.set(f.id, f);
      }
    });
    followUpsMadeWith = key;
  }

  async function refreshRetrospective(current: Settings, now: number): Promise<void> {
    lostDeals ??= await lostOrDeadDealCount(db);
    retros ??= await followUpsOfKind(db, 'retrospective');
    const plan = planRetrospective(current, retros, lostDeals, now);
    if (!plan.remove.length && !plan.add) return;
    await writeFollowUps(db, { remove: plan.remove, put: plan.add ? [plan.add] : [] });
    retros = undefined;
    live = undefined;
  }

  async function liveFollowUps(): Promise<Map<string, FollowUp>> {
    if (live) return live;
    const got = await pendingFollowUps(db);
    live = new Map(got.map((f) => [f.id, f]));
    return live;
  }

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const now = clock.now();
      const current = (settings ??= await loadSettings(db));
      await refreshReplies(current, now);
      await refreshRetrospective(current, now);
      const items = [...(await liveFollowUps()).values()];
      // The zone the working hours use: the stored one, or UTC's when it cannot be used.
      const count = badgeCount(items, now, calendarFromSettings(current).timeZone);
      if (count !== lastBadge) {
        await effects.setBadge(count);
        lastBadge = count;
      }
      const due = toNotify(items, now);
      if (current.notifications) for (const f of due) await effects.notify(f);
      // Recorded even when notifications are off, so turning them on does not replay the past;
      // in one write, so a thousand due at once (a restored backup) are one change, not a
      // thousand that each make the popup's first screen stale.
      await writeFollowUps(db, { notified: { ids: due.map((f) => f.id), at: now } });
      for (const f of due) live?.set(f.id, { ...f, notifiedAt: now });
    })().finally(() => {
      running = undefined;
      if (again) {
        again = false;
        void run();
      }
    });
    return running;
  }

  return {
    run,
    /** Something was written: what was read from these tables (all when not told) is read again. */
    invalidate(tables?: Iterable<string>) {
      const set = tables ? new Set(tables) : undefined;
      const hit = (t: string) => !set || set.has(t);
      if (hit('settings')) settings = undefined;
      if (hit('awaiting')) awaitingStale = true;
      if (hit('deals')) {
        lostDeals = undefined;
        closedStale = true;
      }
      if (hit('followUps')) {
        live = undefined;
        retros = undefined;
      }
      if (!set) {
        rev = -1;
        lastBadge = undefined;
      }
    },
  };
}
