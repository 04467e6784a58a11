/**
 * Keeping derived follow-ups and the badge true: reply-owed follow-ups from the response-time
 * engine, the recurring retrospective, the badge count (overdue + due today) and at most one
 * notification per item. Runs on a one-minute alarm and, coalesced, after every write.
 */
import { browser } from 'wxt/browser';
import type { Clock } from '../clock';
import type { DealDebriefDB } from '../db/schema';
import { loadSettings } from '../db/settings';
import { classifyDue } from '../followups/due';

export const REFRESH_ALARM = 'refresh';

export function createRefresher(db: DealDebriefDB, clock: Clock) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> | undefined;

  async function run(): Promise<void> {
    if (running) return running;
    running = (async () => {
      const now = clock.now();
      const settings = await loadSettings(db);
      const open = await db.followUps.where('[state+dueAt]').between(['open', 0], ['open', Number.MAX_SAFE_INTEGER]).toArray();
      const snoozed = await db.followUps.where('[state+dueAt]').between(['snoozed', 0], ['snoozed', Number.MAX_SAFE_INTEGER]).toArray();
      let count = 0;
      for (const f of [...open, ...snoozed]) {
        const due = classifyDue(f, now, settings.timeZone);
        if (due === 'overdue' || due === 'today') count += 1;
      }
      await browser.action.setBadgeText({ text: count > 0 ? String(count) : '' });
      if (count > 0) await browser.action.setBadgeBackgroundColor({ color: '#d1242f' });
    })().finally(() => {
      running = undefined;
    });
    return running;
  }

  return {
    run,
    soon() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void run(), 300);
    },
    async dealForThread(threadId: string): Promise<string | undefined> {
      const deal = await db.deals.where('threadIds').equals(threadId).first();
      if (deal) return deal.id;
      const tp = await db.touchpoints.where('[threadId+at]').between([threadId, 0], [threadId, Number.MAX_SAFE_INTEGER]).last();
      return tp?.dealId;
    },
  };
}
