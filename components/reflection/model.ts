/**
 * The reflection page's model: live data for one deal, the rep's draft, autosave and the
 * finish / reopen actions. Signals in, signals out; the page components only render it.
 *
 * The draft is local and the database is the record: it starts from the stored reflection
 * (or a fresh one), every edit schedules a debounced `saveReflection`, and `flush()` sends
 * the latest draft at once (the page calls it on `visibilitychange` and `pagehide`, so a
 * closed tab loses nothing typed). When nothing is waiting to be saved, the draft follows the
 * stored reflection, so another tab's edits show up here.
 */
import { batch, computed, effect, signal, type ReadonlySignal } from '@preact/signals';
import { extensionClock } from '../../lib/clock';
import { dealFigures } from '../../lib/deal-figures';
import { db, loadSettings } from '../../lib/db';
import { call } from '../../lib/messaging';
import type { Channel, Deal, Direction, FollowUp, LossReason, ReasonCategory, Reflection, Settings, Touchpoint } from '../../lib/model';
import { similarWonDeal } from '../../lib/reflection/hardData';
import {
  emptyReflection,
  knownCompetitors,
  MAX_CONTRACT_TERM_MONTHS,
  MIN_CONTRACT_TERM_MONTHS,
  validateForFinish,
  type FieldIssue,
} from '../../lib/reflection/model';
import { lossReason, stageListFor } from '../../lib/reflection/taxonomy';
import { live, type Live } from '../live';

export const AUTOSAVE_DELAY_MS = 600;
/** After a failed save, try once more after this long (typing again also retries). */
export const RETRY_DELAY_MS = 5_000;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'error'; message: string };

/** What the timeline shows: everything, one channel, one direction, or the replies. */
export type TimelineFilter = 'all' | Channel | Direction | 'replies' | 'late';

export const TIMELINE_FILTERS: readonly TimelineFilter[] = [
  'all',
  'email',
  'call',
  'meeting',
  'note',
  'inbound',
  'outbound',
  'internal',
  'replies',
  'late',
];

export function isTimelineFilter(s: string): s is TimelineFilter {
  return (TIMELINE_FILTERS as readonly string[]).includes(s);
}

/** Anchor of a filtered timeline: `#timeline-email`; `#timeline` shows everything. */
export function timelineAnchor(filter: TimelineFilter): string {
  return filter === 'all' ? 'timeline' : `timeline-${filter}`;
}

/** Anchor of one touchpoint on the timeline; keys hold `:` and other characters ids avoid. */
export function touchpointAnchor(key: string): string {
  return `tp-${key.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

/** The id of the control a finish problem belongs to (`validateForFinish` field names). */
export function controlIdFor(field: string, draft?: Reflection): string {
  const secondary = /^secondaryReasons\.(\d+)$/.exec(field);
  if (secondary) return `secondary-${secondary[1]}-detail`;
  switch (field) {
    case 'outcome':
      return `outcome-${draft?.outcome ?? 'competitor'}`;
    case 'primaryReason':
      return draft?.primaryReason ? 'primary-detail' : 'primary-category';
    default:
      return field;
  }
}

interface Core {
  deal: Deal;
  touchpoints: Touchpoint[];
  settings: Settings;
  wonDeals: Deal[];
}

type Patch = { [K in keyof Reflection]?: Reflection[K] | undefined };

/** Apply a patch; keys set to `undefined` are removed, so nothing stores `key: undefined`. */
function applyPatch(r: Reflection, patch: Patch): Reflection {
  const next: Record<string, unknown> = { ...r };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return next as unknown as Reflection;
}

/** "12" → 12; anything that is not a whole number of months in range → undefined. */
export function parseTerm(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= MIN_CONTRACT_TERM_MONTHS && n <= MAX_CONTRACT_TERM_MONTHS ? n : undefined;
}

export function createReflectionModel(dealId: string) {
  // ---- live data ------------------------------------------------------------------------
  const core = live(async (): Promise<Core | null> => {
    const d = db();
    const deal = await d.deals.get(dealId);
    if (!deal) return null;
    const [touchpoints, settings, wonDeals] = await Promise.all([
      d.touchpoints.where('[dealId+at]').between([dealId, 0], [dealId, Number.MAX_SAFE_INTEGER], true, true).toArray(),
      loadSettings(d),
      d.deals.where('status').equals('won').toArray(),
    ]);
    return { deal, touchpoints, settings, wonDeals };
  });
  const stored = live(async () => {
    const [own, all] = await Promise.all([db().reflections.get(dealId), db().reflections.toArray()]);
    return { own: own ?? null, all };
  });
  const followUpsLive = live(() => db().followUps.where('dealId').equals(dealId).toArray());

  const deal = computed(() => core.value.value?.deal);
  const settings = computed(() => core.value.value?.settings);
  const touchpoints = computed(() => core.value.value?.touchpoints ?? []);
  const loadError = computed(() => core.error.value ?? stored.error.value ?? followUpsLive.error.value);
  // ---- the draft ------------------------------------------------------------------------
  const draft = signal<Reflection | undefined>(undefined);
  const status = computed<'loading' | 'missing' | 'ready'>(() => {
    if (core.value.value === null) return 'missing';
    return core.value.value && stored.value.value && draft.value ? 'ready' : 'loading';
  });
  /** The contract term input's text: it may be briefly invalid ("" or "0") while typed. */
  const termText = signal('');
  const save = signal<SaveState>({ kind: 'idle' });
  const problems = signal<FieldIssue[]>([]);
  const finishing = signal(false);
  const reopening = signal(false);
  const actionError = signal<string | undefined>(undefined);
  /** Set after a successful finish in this page, so the page can say what was scheduled. */
  const justFinished = signal(false);
  const justReopened = signal(false);

  let dirty = false;
  let inFlight: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;
  /** `updatedAt` of the newest stored reflection seen, so stale query results are ignored. */
  let knownUpdatedAt = -Infinity;

  function adopt(r: Reflection): void {
    batch(() => {
      draft.value = r;
      // Keep what is being typed ("0", "") when it already stands for the stored term.
      if (parseTerm(termText.peek()) !== r.contractTermMonths) {
        termText.value = r.contractTermMonths === undefined ? '' : String(r.contractTermMonths);
      }
    });
  }

  // Start from the stored reflection (or a fresh one); afterwards follow the stored one while
  // nothing local is waiting to be saved.
  const stopAdopt = effect(() => {
    const c = core.value.value;
    const s = stored.value.value;
    if (!c || !s) return;
    if (s.own) {
      // Only a newer stored version counts: a query result still in flight from before our own
      // save (or the deal query re-running) must not put older text back into the form.
      if (s.own.updatedAt <= knownUpdatedAt) return;
      knownUpdatedAt = s.own.updatedAt;
      if (!draft.peek() || (!dirty && !inFlight)) adopt(s.own);
    } else if (!draft.peek()) {
      const now = extensionClock.now();
      adopt({ ...emptyReflection(c.deal, now), lostAt: c.deal.closedAt ?? now });
    }
  });

  // ---- derived --------------------------------------------------------------------------
  const editable = computed(() => {
    const st = deal.value?.status;
    return st === 'lost' || st === 'dead';
  });
  const storedState = computed(() => stored.value.value?.own?.state ?? 'draft');
  const isFinal = computed(() => draft.value?.state === 'final' || storedState.value === 'final');
  const figures = computed(() => {
    const c = core.value.value;
    return c ? dealFigures(c.deal, c.touchpoints, c.settings, extensionClock.now()) : undefined;
  });
  /** Keys of replies, and of replies that were late, for the timeline. */
  const replyKeys = computed(() => {
    const replies = new Map<string, { late: boolean; workingMs: number }>();
    for (const a of figures.value?.response.analyses.values() ?? []) {
      for (const r of a.responses) replies.set(r.reply.key, { late: r.late, workingMs: r.workingMs });
    }
    return replies;
  });
  const worstReplyKey = computed(() => {
    let worst: { key: string; ms: number } | undefined;
    for (const [key, r] of replyKeys.value) if (!worst || r.workingMs > worst.ms) worst = { key, ms: r.workingMs };
    return worst?.key;
  });
  const stages = computed(() => {
    const list = [...stageListFor(deal.value)];
    const current = draft.value?.stageLost;
    if (current && !list.some((s) => s.toLowerCase() === current.toLowerCase())) list.push(current);
    return list;
  });
  const competitors = computed(() => knownCompetitors(stored.value.value?.all ?? []).map((c) => c.name));
  const wonDeals = computed(() => core.value.value?.wonDeals ?? []);
  const comparedDeal = computed(() => {
    const d = deal.value;
    if (!d) return undefined;
    const chosen = draft.value?.comparedWonDealId;
    return (chosen ? wonDeals.value.find((w) => w.id === chosen) : undefined) ?? similarWonDeal(d, wonDeals.value);
  });
  const comparedId = computed(() => comparedDeal.value?.id);
  const followUps = computed(() =>
    (followUpsLive.value.value ?? [])
      .filter((f) => f.kind === 'debrief' || f.kind === 're-engage')
      .sort((a, b) => a.dueAt - b.dueAt),
  );

  // The won deal's touchpoints, re-queried when another deal is picked.
  const wonTouchpoints = signal<{ dealId: string; list: Touchpoint[] } | undefined>(undefined);
  let wonLive: Live<{ dealId: string; list: Touchpoint[] }> | undefined;
  let stopWonCopy: (() => void) | undefined;
  const stopWon = effect(() => {
    const id = comparedId.value;
    stopWonCopy?.();
    wonLive?.dispose();
    wonLive = undefined;
    stopWonCopy = undefined;
    if (!id) return;
    const handle = live(async () => ({
      dealId: id,
      list: await db().touchpoints.where('[dealId+at]').between([id, 0], [id, Number.MAX_SAFE_INTEGER], true, true).toArray(),
    }));
    wonLive = handle;
    stopWonCopy = effect(() => {
      wonTouchpoints.value = handle.value.value;
    });
  });
  const comparedFigures = computed(() => {
    const won = comparedDeal.value;
    const s = settings.value;
    const tps = wonTouchpoints.value;
    if (!won || !s || !tps || tps.dealId !== won.id) return undefined;
    return dealFigures(won, tps.list, s, extensionClock.now());
  });

  // ---- saving ---------------------------------------------------------------------------
  function clearTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function schedule(delay = AUTOSAVE_DELAY_MS): void {
    clearTimer();
    timer = setTimeout(() => {
      timer = undefined;
      void saveNow();
    }, delay);
  }

  /** Send the current draft. Concurrent calls chain: the latest draft is always sent last. */
  function saveNow(): Promise<void> {
    if (inFlight) {
      // One save at a time; the one running re-checks `dirty` when it ends.
      return inFlight;
    }
    if (!dirty || !draft.value) return Promise.resolve();
    inFlight = send(draft.value).finally(() => {
      inFlight = undefined;
      if (dirty && !disposed && timer === undefined) schedule(0);
    });
    return inFlight;
  }

  async function send(r: Reflection): Promise<void> {
    dirty = false;
    save.value = { kind: 'saving' };
    try {
      const result = await call('saveReflection', { reflection: r });
      if (result.ok) {
        save.value = { kind: 'saved', at: extensionClock.now() };
        if (draft.value === r && result.state !== r.state) draft.value = { ...r, state: result.state };
      } else {
        // A finished reflection is checked on every save: say what blocks it.
        problems.value = result.problems;
        dirty = true;
        save.value = { kind: 'error', message: 'Not saved: a finished reflection needs the fields marked below.' };
      }
    } catch (e) {
      dirty = true;
      save.value = { kind: 'error', message: `Not saved: ${e instanceof Error ? e.message : String(e)}. Retrying…` };
      if (!disposed) schedule(RETRY_DELAY_MS);
    }
  }

  /** Save now, without waiting for the debounce. Safe to call from `pagehide`. */
  function flush(): Promise<void> {
    clearTimer();
    if (!dirty || !draft.value) return inFlight ?? Promise.resolve();
    if (inFlight) {
      // The page may be going away: send the latest draft now, not after the running save.
      const latest = draft.value;
      dirty = false;
      void call('saveReflection', { reflection: latest }).catch(() => {
        dirty = true;
      });
      return inFlight;
    }
    return saveNow();
  }

  /** Drain: wait until nothing is pending or running. */
  async function settle(): Promise<void> {
    for (let i = 0; i < 5 && (dirty || inFlight); i++) {
      clearTimer();
      await (inFlight ?? saveNow());
    }
  }

  // ---- editing --------------------------------------------------------------------------
  function update(patch: Patch): void {
    const current = draft.value;
    if (!current || !editable.value) return;
    const next = applyPatch(current, patch);
    batch(() => {
      draft.value = next;
      // A problem shown goes away as soon as its field is put right.
      if (problems.value.length) problems.value = recheck(problems.value, next);
    });
    dirty = true;
    schedule();
  }

  function setTermText(text: string): void {
    termText.value = text;
    update({ contractTermMonths: parseTerm(text) });
  }

  function setPrimaryCategory(category: ReasonCategory | ''): void {
    const current = draft.value?.primaryReason;
    update({ primaryReason: category ? lossReason(category, current?.detail ?? '') : undefined });
  }

  function setPrimary(patch: Partial<LossReason>): void {
    const current = draft.value?.primaryReason;
    if (current) update({ primaryReason: { ...current, ...patch } });
  }

  function setSecondary(index: number, patch: Partial<LossReason>): void {
    const list = draft.value?.secondaryReasons ?? [];
    update({
      secondaryReasons: list.map((r, i) => {
        if (i !== index) return r;
        // A new category brings its default controllability; the rep can flip it again.
        return patch.category && patch.category !== r.category ? lossReason(patch.category, patch.detail ?? r.detail) : { ...r, ...patch };
      }),
    });
  }

  function addSecondary(): void {
    update({ secondaryReasons: [...(draft.value?.secondaryReasons ?? []), lossReason('other')] });
  }

  function removeSecondary(index: number): void {
    update({ secondaryReasons: (draft.value?.secondaryReasons ?? []).filter((_, i) => i !== index) });
  }

  function addTeam(): void {
    update({ team: [...(draft.value?.team ?? []), { person: '', role: '', feltWinning: '', feltLost: '', why: '' }] });
  }

  function setTeam(index: number, patch: Partial<Reflection['team'][number]>): void {
    update({ team: (draft.value?.team ?? []).map((t, i) => (i === index ? { ...t, ...patch } : t)) });
  }

  function removeTeam(index: number): void {
    update({ team: (draft.value?.team ?? []).filter((_, i) => i !== index) });
  }

  // ---- actions --------------------------------------------------------------------------
  /** Finish: the background validates and schedules the follow-ups. Returns the problems. */
  async function finish(): Promise<FieldIssue[]> {
    if (!draft.value || finishing.value) return problems.value;
    finishing.value = true;
    actionError.value = undefined;
    justFinished.value = false;
    try {
      await settle();
      const r = draft.value;
      const result = await call('saveReflection', { reflection: r, finish: true });
      if (!result.ok) {
        problems.value = result.problems;
        return result.problems;
      }
      batch(() => {
        problems.value = [];
        justFinished.value = true;
        save.value = { kind: 'saved', at: extensionClock.now() };
        if (draft.value === r) draft.value = { ...r, state: result.state };
        else if (draft.value) draft.value = { ...draft.value, state: result.state };
      });
      return [];
    } catch (e) {
      actionError.value = `Could not finish: ${e instanceof Error ? e.message : String(e)}`;
      return [];
    } finally {
      finishing.value = false;
    }
  }

  /** The deal came back: save what is typed, then reopen it (its follow-ups close). */
  async function reopen(): Promise<boolean> {
    if (reopening.value) return false;
    reopening.value = true;
    actionError.value = undefined;
    try {
      await settle();
      await call('reopenDeal', { dealId });
      batch(() => {
        justReopened.value = true;
        justFinished.value = false;
      });
      return true;
    } catch (e) {
      actionError.value = `Could not reopen the deal: ${e instanceof Error ? e.message : String(e)}`;
      return false;
    } finally {
      reopening.value = false;
    }
  }

  /** Mark the deal lost (again) without opening another tab. */
  async function markLost(): Promise<void> {
    actionError.value = undefined;
    try {
      await call('markLost', { dealId, open: false });
      justReopened.value = false;
    } catch (e) {
      actionError.value = `Could not mark the deal lost: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  // ---- timeline -------------------------------------------------------------------------
  const timelineFilter = signal<TimelineFilter>('all');
  const timelineOpen = signal(false);
  const timeline = computed(() => {
    const f = timelineFilter.value;
    const replies = replyKeys.value;
    return [...touchpoints.value]
      .filter((t) => {
        if (f === 'all') return true;
        if (f === 'replies') return replies.has(t.key);
        if (f === 'late') return replies.get(t.key)?.late === true;
        return t.channel === f || t.direction === f;
      })
      .sort((a, b) => b.at - a.at || (a.key < b.key ? -1 : 1));
  });

  function showTimeline(filter: TimelineFilter): void {
    batch(() => {
      timelineFilter.value = filter;
      timelineOpen.value = true;
    });
  }

  function dispose(): void {
    disposed = true;
    clearTimer();
    stopAdopt();
    stopWon();
    stopWonCopy?.();
    wonLive?.dispose();
    core.dispose();
    stored.dispose();
    followUpsLive.dispose();
  }

  const ro = <T>(s: ReadonlySignal<T>): ReadonlySignal<T> => s;

  return {
    dealId,
    status,
    loadError,
    deal,
    settings,
    touchpoints,
    draft: ro(draft),
    termText: ro(termText),
    save: ro(save),
    problems: ro(problems),
    finishing: ro(finishing),
    reopening: ro(reopening),
    actionError: ro(actionError),
    justFinished: ro(justFinished),
    justReopened: ro(justReopened),
    editable,
    isFinal,
    figures,
    replyKeys,
    worstReplyKey,
    stages,
    competitors,
    wonDeals,
    comparedDeal,
    comparedFigures,
    followUps: followUps as ReadonlySignal<FollowUp[]>,
    timeline,
    timelineFilter: ro(timelineFilter),
    timelineOpen: ro(timelineOpen),
    setTimelineOpen: (open: boolean) => void (timelineOpen.value = open),
    update,
    setTermText,
    setPrimaryCategory,
    setPrimary,
    setSecondary,
    addSecondary,
    removeSecondary,
    addTeam,
    setTeam,
    removeTeam,
    flush,
    finish,
    reopen,
    markLost,
    showTimeline,
    dispose,
  };
}

export type ReflectionModel = ReturnType<typeof createReflectionModel>;

/** Keep only the problems shown that still apply to `r`: a field put right loses its message. */
function recheck(shown: readonly FieldIssue[], r: Reflection): FieldIssue[] {
  const fields = new Set(shown.map((p) => p.field));
  return validateForFinish(r).filter((p) => fields.has(p.field));
}
