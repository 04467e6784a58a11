/**
 * Keeping derived follow-ups and the badge true: reply-owed follow-ups from the response-time
 * engine, the recurring loss retrospective, the badge count (overdue + due today) and at most
 * one notification per item. Runs on a one-minute alarm and, coalesced, after every write.
 * `planRefresh` is the pure part; `createRefresher` applies it to the database and the browser.
 */
import { browser } from 'wxt/browser';
import type { Clock } from '../clock';
import { AWAITING_WINDOW_MS, touchpointsOfRecentCorrespondents } from '../db/queries';
import type { DealDebriefDB } from '../db/schema';
import { loadSettings } from '../db/settings';
import { byContact, responseContext } from '../deal-figures';
import { classifyDue, nextRetrospective } from '../followups/due';
import { RETROSPECTIVE_ID } from '../followups/rules';
import type { Deal, FollowUp, Settings, Touchpoint } from '../model';
import { awaitingReplies, formatDuration, type AwaitingItem } from '../response';
import { calendarFromSettings } from '../worktime';

export const REFRESH_ALARM = 'refresh';

export const replyFollowUpId = (item: Pick<AwaitingItem, 'contactEmail' | 'since'>) => `reply:${item.contactEmail}:${item.since}`;

/** Reply-owed follow-ups for what is awaiting now; a follow-up keeps the rep's done/snoozed state. */
export function replyFollowUps(
  awaiting: AwaitingItem[],
  existing: Map<string, FollowUp>,
  timeZone: string,
  now: number,
  names: ReadonlyMap<string, string> = new Map(),
): FollowUp[] {
  return awaiting.map((a) => {
    const id = replyFollowUpId(a);
    const old = existing.get(id);
    const name = a.contactEmail ? names.get(a.contactEmail) : undefined;
    const who = a.contactEmail ? (name ? `${name} (${a.contactEmail})` : a.contactEmail) : 'a prospect';
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
      reason: `Reply to ${who} — waiting since ${since} (target ${formatDuration(a.targetMs)})`,
      details: a.latest.subject ? [`Last message: ${a.latest.subject}`] : undefined,
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
    details: ['Open the insights page, export the retrospective (Markdown or CSV) and walk through each loss: what was controllable, what you will change.'],
    createdAt: now,
    updatedAt: now,
  };
}

/**
 * The recurring loss retrospective follows its setting. One session is pending at a time, due
 * one period after the last session held (or after the first loss). Turning retrospectives off
 * removes the pending one; changing the interval moves it.
 */
export function planRetrospective(settings: Settings, stored: FollowUp[], lostDeals: number, now: number): { remove: string[]; add?: FollowUp } {
  const pending = stored.filter((f) => f.state !== 'done');
  const lastDone = stored.filter((f) => f.state === 'done').sort((a, b) => a.dueAt - b.dueAt).pop();
  if (settings.retrospectiveEveryDays <= 0 || lostDeals === 0) return { remove: pending.map((f) => f.id) };
  const calendar = calendarFromSettings(settings);
  // Where the period counts from: the last session held, else when the first one was planned.
  const anchorOf = (createdAt: number) => lastDone?.dueAt ?? createdAt;
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

export function createRefresher(db: DealDebriefDB, clock: Clock) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  // The minute alarm only moves time forward: while nothing was written, the touchpoints read
  // last time are still the ones to analyse, so an idle browser costs no database reads.
  let cached: { touchpoints: Touchpoint[]; windowStart: number } | undefined;
  async function correspondence(now: number): Promise<Touchpoint[]> {
    if (!cached || now - AWAITING_WINDOW_MS < cached.windowStart - 3_600_000 || now - AWAITING_WINDOW_MS > cached.windowStart + 3_600_000) {
      cached = { touchpoints: await touchpointsOfRecentCorrespondents(db, now), windowStart: now - AWAITING_WINDOW_MS };
    }
    return cached.touchpoints;
  }

  async function refreshFollowUps(settings: Settings, now: number): Promise<void> {
    const touchpoints: Touchpoint[] = await correspondence(now);
    const awaiting = awaitingReplies(byContact(touchpoints), responseContext(settings, now));
    const lostDeals = (await db.deals.where('status').anyOf('lost', 'dead').toArray()) as Deal[];
    const contacts = await db.contacts.bulkGet(awaiting.flatMap((a) => (a.contactEmail ? [a.contactEmail] : [])));
    const names = new Map(contacts.flatMap((c) => (c?.name ? [[c.email, c.name] as const] : [])));
    await db.transaction('rw', db.followUps, async () => {
      const stored = await db.followUps.where('kind').equals('reply').toArray();
      const existing = new Map(stored.map((f) => [f.id, f]));
      const wanted = replyFollowUps(awaiting, existing, settings.timeZone, now, names);
      const keep = new Set(wanted.map((f) => f.id));
      // Answered (or no longer waiting): the reply follow-up has done its job.
      await db.followUps.bulkDelete(stored.filter((f) => !keep.has(f.id)).map((f) => f.id));
      const changed = wanted.filter((f) => {
        const old = existing.get(f.id);
        return !old || old.dueAt !== f.dueAt || old.reason !== f.reason || old.dealId !== f.dealId;
      });
      if (changed.length) await db.followUps.bulkPut(changed);

      const plan = planRetrospective(settings, await db.followUps.where('kind').equals('retrospective').toArray(), lostDeals.length, now);
      if (plan.remove.length) await db.followUps.bulkDelete(plan.remove);
      if (plan.add) await db.followUps.put(plan.add);
    });
  }

  async function run(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      const now = clock.now();
      const settings = await loadSettings(db);
      await refreshFollowUps(settings, now);
      const live = [
        ...(await db.followUps.where('[state+dueAt]').between(['open', 0], ['open', Number.MAX_SAFE_INTEGER]).toArray()),
        ...(await db.followUps.where('[state+dueAt]').between(['snoozed', 0], ['snoozed', Number.MAX_SAFE_INTEGER]).toArray()),
      ];
      const count = badgeCount(live, now, settings.timeZone);
      // MV3 `action`; Firefox's MV2 build has `browserAction`.
      const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
      await action.setBadgeText({ text: count > 0 ? String(count) : '' });
      if (count > 0) await action.setBadgeBackgroundColor({ color: '#d1242f' });
      const due = toNotify(live, now);
      for (const f of due) {
        if (settings.notifications && browser.notifications) {
          await browser.notifications
            .create(f.id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title: 'Deal Debrief: follow-up due', message: f.reason })
            .catch(() => undefined);
        }
        // Recorded even when notifications are off, so turning them on does not replay the past.
        await db.followUps.update(f.id, { notifiedAt: now });
      }
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
    /** Something was written: the next run reads the database again. */
    invalidate() {
      cached = undefined;
    },
    soon() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        timer = undefined;
        void run();
      }, 250);
    },
  };
}
