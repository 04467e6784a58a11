/**
 * The reflection page's model, put together from parts with one job each:
 * `data` (live queries), `autosave` (the save state machine, shared with the other forms),
 * `draft` (the draft and its edits), `actions` (finish, reopen, mark lost) and `timeline`.
 * What is left here is derived: the deal's figures, stage list, competitors and the won deal
 * it is compared with. Signals in, signals out; the page components only render it.
 */
import { computed, type ReadonlySignal } from '@preact/signals';
import { extensionClock } from '../../lib/clock';
import { dealFigures } from '../../lib/deal-figures';
import { db } from '../../lib/db';
import { call } from '../../lib/messaging';
import { isLostOrDead, type FollowUp, type Reflection, type WinReflection } from '../../lib/model';
import { similarWonDeal } from '../../lib/reflection/hardData';
import { knownCompetitors } from '../../lib/reflection/model';
import { stageListFor } from '../../lib/reflection/taxonomy';
import { createAutosave } from '../autosave';
import { createActions } from './actions';
import { createReflectionData, dealTouchpoints, followKey } from './data';
import { createDraft } from './draft';
import { createTimeline } from './timeline';

export { AUTOSAVE_DELAY_MS, RETRY_DELAY_MS, type SaveState } from '../autosave';
export { parseTerm } from './draft';
export { isTimelineFilter, TIMELINE_FILTERS, timelineAnchor, touchpointAnchor, type TimelineFilter } from './timeline';

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

export function createReflectionModel(dealId: string) {
  const data = createReflectionData(dealId);
  const editable = computed(() => isLostOrDead(data.deal.value));

  // The draft and the autosave refer to each other: the autosave sends the draft, the draft
  // tells the autosave about edits and asks it whether anything is waiting.
  let draftPart: ReturnType<typeof createDraft> | undefined;
  const autosave = createAutosave<Reflection>({
    current: () => draftPart?.draft.peek(),
    now: () => extensionClock.now(),
    send: async (r) => {
      const result = await call('saveReflection', { reflection: r });
      if (result.ok) {
        const d = draftPart!.draft;
        if (d.peek() === r && result.state !== r.state) d.value = { ...r, state: result.state };
        return { ok: true };
      }
      // A finished reflection is checked on every save: say what blocks it.
      draftPart!.problems.value = result.problems;
      return { ok: false, message: 'Not saved: a finished reflection needs the fields marked below.' };
    },
  });
  const draft = createDraft({
    core: data.core,
    stored: data.stored,
    editable,
    pending: () => autosave.pending(),
    changed: () => autosave.changed(),
    now: () => extensionClock.now(),
  });
  draftPart = draft;
  const actions = createActions({ dealId, draft: draft.draft, problems: draft.problems, autosave });

  const status = computed<'loading' | 'missing' | 'ready'>(() => {
    if (data.core.value === null) return 'missing';
    return data.core.value && data.stored.value && draft.draft.value ? 'ready' : 'loading';
  });
  const storedState = computed(() => data.stored.value?.own?.state ?? 'draft');
  const isFinal = computed(() => draft.draft.value?.state === 'final' || storedState.value === 'final');
  const figures = computed(() => {
    const c = data.core.value;
    return c ? dealFigures(c.deal, c.touchpoints, c.settings, extensionClock.now()) : undefined;
  });
  const timeline = createTimeline(data.touchpoints, figures);
  const stages = computed(() => {
    const list = [...stageListFor(data.deal.value)];
    const current = draft.draft.value?.stageLost;
    if (current && !list.some((s) => s.toLowerCase() === current.toLowerCase())) list.push(current);
    return list;
  });
  const competitors = computed(() => knownCompetitors(data.allReflections.value).map((c) => c.name));
  const comparedDeal = computed(() => {
    const d = data.deal.value;
    if (!d) return undefined;
    const chosen = draft.draft.value?.comparedWonDealId;
    const won = data.wonDeals.value;
    return (chosen ? won.find((w) => w.id === chosen) : undefined) ?? similarWonDeal(d, won);
  });
  const comparedId = computed(() => comparedDeal.value?.id);
  const wonTouchpoints = followKey(comparedId, dealTouchpoints);
  const wonReflection = followKey(comparedId, async (id) => (await db().winReflections.get(id)) ?? null);
  const comparedFigures = computed(() => {
    const won = comparedDeal.value;
    const s = data.settings.value;
    const tps = wonTouchpoints.current.value;
    if (!won || !s || !tps) return undefined;
    return dealFigures(won, tps, s, extensionClock.now());
  });
  const followUps = computed(() =>
    (data.followUps.value ?? []).filter((f) => f.kind === 'debrief' || f.kind === 're-engage').sort((a, b) => a.dueAt - b.dueAt),
  );

  const ro = <T>(s: ReadonlySignal<T>): ReadonlySignal<T> => s;

  return {
    dealId,
    status,
    loadError: data.loadError,
    deal: data.deal,
    settings: data.settings,
    touchpoints: data.touchpoints,
    draft: ro(draft.draft),
    termText: ro(draft.termText),
    save: autosave.save,
    problems: ro(draft.problems),
    finishing: ro(actions.finishing),
    reopening: ro(actions.reopening),
    actionError: ro(actions.actionError),
    justFinished: ro(actions.justFinished),
    justReopened: ro(actions.justReopened),
    editable,
    isFinal,
    figures,
    replyKeys: timeline.replyKeys,
    worstReplyKey: timeline.worstReplyKey,
    stages,
    competitors,
    wonDeals: data.wonDeals,
    comparedDeal,
    comparedFigures,
    comparedReflection: computed<WinReflection | undefined>(() => wonReflection.current.value ?? undefined),
    followUps: followUps as ReadonlySignal<FollowUp[]>,
    debrief: data.debrief,
    timeline: timeline.timeline,
    timelineFilter: timeline.timelineFilter,
    timelineOpen: timeline.timelineOpen,
    setTimelineOpen: timeline.setTimelineOpen,
    showTimeline: timeline.showTimeline,
    update: draft.update,
    setTermText: draft.setTermText,
    setPrimaryCategory: draft.setPrimaryCategory,
    setPrimary: draft.setPrimary,
    setSecondary: draft.setSecondary,
    addSecondary: draft.addSecondary,
    removeSecondary: draft.removeSecondary,
    addTeam: draft.addTeam,
    setTeam: draft.setTeam,
    removeTeam: draft.removeTeam,
    flush: autosave.flush,
    finish: actions.finish,
    reopen: actions.reopen,
    markLost: actions.markLost,
    dispose() {
      autosave.dispose();
      draft.dispose();
      wonTouchpoints.dispose();
      wonReflection.dispose();
      data.dispose();
    },
  };
}

export type ReflectionModel = ReturnType<typeof createReflectionModel>;
