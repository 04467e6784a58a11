/**
 * The win reflection's model: the deal and its stored win reflection (live), the draft with its
 * edits, autosave, and Save. Competitors named before are suggested.
 */
import { batch, computed, effect, signal } from '@preact/signals';
import { extensionClock } from '../../lib/clock';
import { db } from '../../lib/db';
import { call } from '../../lib/messaging';
import type { WinReflection } from '../../lib/model';
import { knownCompetitors, type FieldIssue } from '../../lib/reflection/model';
import { emptyWinReflection, validateWinForFinish } from '../../lib/reflection/win';
import { createAutosave } from '../autosave';
import { live } from '../live';
import { applyPatch } from './draft';

type WinPatch = { [K in keyof WinReflection]?: WinReflection[K] | undefined };

export function createWinModel(dealId: string) {
  const data = live(async () => {
    const d = db();
    const deal = await d.deals.get(dealId);
    if (!deal) return null;
    const [own, losses, wins] = await Promise.all([d.winReflections.get(dealId), d.reflections.toArray(), d.winReflections.toArray()]);
    return { deal, own: own ?? null, losses, wins };
  });
  const draft = signal<WinReflection | undefined>(undefined);
  const problems = signal<FieldIssue[]>([]);
  const saving = signal(false);
  const justSaved = signal(false);
  const actionError = signal<string | undefined>(undefined);
  let known = -Infinity;

  const autosave = createAutosave<WinReflection>({
    current: () => draft.peek(),
    now: () => extensionClock.now(),
    send: async (r) => {
      const result = await call('saveWinReflection', { reflection: r });
      if (result.ok) return { ok: true };
      problems.value = result.problems;
      return { ok: false, message: 'Not saved: a finished win reflection needs the fields marked below.' };
    },
  });

  const stop = effect(() => {
    const v = data.value.value;
    if (!v) return;
    if (v.own) {
      if (v.own.updatedAt <= known) return;
      known = v.own.updatedAt;
      if (!draft.peek() || !autosave.pending()) draft.value = v.own;
    } else if (!draft.peek()) draft.value = emptyWinReflection(v.deal, extensionClock.now());
  });

  const deal = computed(() => data.value.value?.deal ?? undefined);
  const competitors = computed(() => {
    const v = data.value.value;
    if (!v) return [];
    const fromWins = v.wins.map((w) => ({ competitor: w.competitorBeaten, updatedAt: w.updatedAt }));
    return knownCompetitors([...v.losses, ...fromWins]).map((c) => c.name);
  });

  function update(patch: WinPatch): void {
    const current = draft.value;
    if (!current) return;
    const next = applyPatch(current, patch);
    batch(() => {
      draft.value = next;
      if (problems.value.length) {
        const fields = new Set(problems.value.map((p) => p.field));
        problems.value = validateWinForFinish(next).filter((p) => fields.has(p.field));
      }
    });
    autosave.changed();
  }

  async function finish(): Promise<FieldIssue[]> {
    if (!draft.value || saving.value) return problems.value;
    saving.value = true;
    actionError.value = undefined;
    try {
      await autosave.settle();
      const result = await call('saveWinReflection', { reflection: draft.value, finish: true });
      if (!result.ok) {
        problems.value = result.problems;
        return result.problems;
      }
      batch(() => {
        problems.value = [];
        justSaved.value = true;
        autosave.markSaved();
        if (draft.value) draft.value = { ...draft.value, state: result.state };
      });
      return [];
    } catch (e) {
      actionError.value = `Could not save: ${e instanceof Error ? e.message : String(e)}`;
      return [];
    } finally {
      saving.value = false;
    }
  }

  return {
    status: computed(() => (data.value.value === null ? 'missing' : data.value.value && draft.value ? 'ready' : 'loading')),
    loadError: data.error,
    deal,
    draft,
    problems,
    save: autosave.save,
    saving,
    justSaved,
    actionError,
    competitors,
    isFinal: computed(() => draft.value?.state === 'final'),
    update,
    finish,
    flush: autosave.flush,
    dispose() {
      stop();
      autosave.dispose();
      data.dispose();
    },
  };
}

export type WinModel = ReturnType<typeof createWinModel>;
