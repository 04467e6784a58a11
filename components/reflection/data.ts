/**
 * What the reflection page reads, live: the deal with its touchpoints and settings, the won
 * deals it can be compared with, the stored reflections, the deal's follow-ups and its debrief,
 * and — for the won deal picked for the comparison — that deal's touchpoints and win reflection.
 * The only part of the reflection page that touches IndexedDB.
 */
import { computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { db, loadSettings } from '../../lib/db';
import { followUpsOfDeal, touchpointsOfDeal, wonDeals as storedWonDeals } from '../../lib/db/queries';
import type { Deal, FollowUp, Reflection, Settings, Touchpoint } from '../../lib/model';
import { live, type Live } from '../live';

export interface Core {
  deal: Deal;
  touchpoints: Touchpoint[];
  settings: Settings;
  wonDeals: Deal[];
}

const dealTouchpoints = (dealId: string) => touchpointsOfDeal(db(), dealId);

export function createReflectionData(dealId: string) {
  const core = live(async (): Promise<Core | null> => {
    const d = db();
    const deal = await d.deals.get(dealId);
    if (!deal) return null;
    const [touchpoints, settings, wonDeals] = await Promise.all([
      dealTouchpoints(dealId),
      loadSettings(d),
      storedWonDeals(d),
    ]);
    return { deal, touchpoints, settings, wonDeals };
  });
  const stored = live(async () => {
    const [own, all] = await Promise.all([db().reflections.get(dealId), db().reflections.toArray()]);
    return { own: own ?? null, all };
  });
  const followUpsLive = live(() => followUpsOfDeal(db(), dealId));
  const debriefLive = live(async () => (await db().debriefs.get(dealId)) ?? null);

  const deal = computed(() => core.value.value?.deal);
  const settings = computed(() => core.value.value?.settings);
  const touchpoints = computed(() => core.value.value?.touchpoints ?? []);
  const wonDeals = computed(() => core.value.value?.wonDeals ?? []);
  const loadError = computed(() => core.error.value ?? stored.error.value ?? followUpsLive.error.value);

  return {
    core: core.value,
    stored: stored.value,
    deal,
    settings,
    touchpoints,
    wonDeals,
    followUps: followUpsLive.value as ReadonlySignal<FollowUp[] | undefined>,
    debrief: computed(() => debriefLive.value.value ?? undefined),
    allReflections: computed<Reflection[]>(() => stored.value.value?.all ?? []),
    loadError,
    dispose() {
      core.dispose();
      stored.dispose();
      followUpsLive.dispose();
      debriefLive.dispose();
    },
  };
}

export type ReflectionData = ReturnType<typeof createReflectionData>;

/** A live query re-made whenever `key` changes (the won deal picked for the comparison). */
export function followKey<T>(key: ReadonlySignal<string | undefined>, query: (key: string) => Promise<T>) {
  const value = signal<{ key: string; value: T } | undefined>(undefined);
  let handle: Live<{ key: string; value: T }> | undefined;
  let stopCopy: (() => void) | undefined;
  const stop = effect(() => {
    const k = key.value;
    stopCopy?.();
    handle?.dispose();
    handle = undefined;
    stopCopy = undefined;
    if (!k) return;
    const h = live(async () => ({ key: k, value: await query(k) }));
    handle = h;
    stopCopy = effect(() => {
      value.value = h.value.value;
    });
  });
  return {
    /** The value for the current key only (never a previous key's). */
    current: computed(() => {
      const v = value.value;
      return v && v.key === key.value ? v.value : undefined;
    }),
    dispose() {
      stop();
      stopCopy?.();
      handle?.dispose();
    },
  };
}

export { dealTouchpoints };
