/** The popup's model: follow-ups grouped by due state in the rep's time zone. */
import { computed, signal } from '@preact/signals';
import { classifyDue } from '../../lib/followups/due';
import { db, loadSettings } from '../../lib/db';
import { pendingFollowUps } from '../../lib/db/queries';
import { extensionClock } from '../../lib/clock';
import type { FollowUp } from '../../lib/model';
import { live } from '../live';

export const UPCOMING_DAYS = 14;

export interface Groups {
  overdue: FollowUp[];
  today: FollowUp[];
  upcoming: FollowUp[];
}

export function groupFollowUps(items: FollowUp[], now: number, timeZone: string): Groups {
  const groups: Groups = { overdue: [], today: [], upcoming: [] };
  for (const f of items) {
    const state = classifyDue(f, now, timeZone);
    if (state === 'overdue') groups.overdue.push(f);
    else if (state === 'today') groups.today.push(f);
    else if (state === 'upcoming') groups.upcoming.push(f);
  }
  const when = (f: FollowUp) => (f.state === 'snoozed' && f.snoozedUntil ? f.snoozedUntil : f.dueAt);
  for (const list of Object.values(groups)) list.sort((a: FollowUp, b: FollowUp) => when(a) - when(b));
  return groups;
}

export function createPopupModel() {
  const tick = signal(extensionClock.now());
  const timer = setInterval(() => (tick.value = extensionClock.now()), 30_000);
  const horizon = () => extensionClock.now() + (UPCOMING_DAYS + 2) * 86_400_000;
  const data = live(async () => {
    const settings = await loadSettings(db());
    // Open ones stop at the horizon: 5,000 stored follow-ups cost only what is shown. Snoozed
    // ones are few and wake by `snoozedUntil`, not `dueAt`: all of them.
    const items = await pendingFollowUps(db(), horizon());
    const deals = new Map((await db().deals.bulkGet([...new Set(items.flatMap((f) => (f.dealId ? [f.dealId] : [])))])).flatMap((d) => (d ? [[d.id, d] as const] : [])));
    return { items, timeZone: settings.timeZone, deals };
  });
  const groups = computed(() => {
    const d = data.value.value;
    return d ? groupFollowUps(d.items, tick.value, d.timeZone) : undefined;
  });
  return {
    groups,
    deals: computed(() => data.value.value?.deals ?? new Map()),
    timeZone: computed(() => data.value.value?.timeZone),
    now: tick,
    error: data.error,
    dispose() {
      clearInterval(timer);
      data.dispose();
    },
  };
}
