/**
 * The rep's draft of a reflection and the edits made to it. The draft is local and the
 * database is the record: it starts from the stored reflection (or a fresh one) and, while
 * nothing local is waiting to be saved, follows the stored one — so another tab's edits show up.
 * Every edit tells the autosave; a problem shown goes away as soon as its field is put right.
 */
import { batch, effect, signal, type ReadonlySignal } from '@preact/signals';
import type { LossReason, ReasonCategory, Reflection } from '../../lib/model';
import {
  emptyReflection,
  MAX_CONTRACT_TERM_MONTHS,
  MIN_CONTRACT_TERM_MONTHS,
  validateForFinish,
  type FieldIssue,
} from '../../lib/reflection/model';
import { lossReason } from '../../lib/reflection/taxonomy';
import type { Core } from './data';

export type Patch = { [K in keyof Reflection]?: Reflection[K] | undefined };

/** Apply a patch; keys set to `undefined` are removed, so nothing stores `key: undefined`. */
export function applyPatch<T extends object>(r: T, patch: { [K in keyof T]?: T[K] | undefined }): T {
  const next = { ...r } as Record<string, unknown>;
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete next[k];
    else next[k] = v;
  }
  return next as unknown as T;
}

/** "12" → 12; anything that is not a whole number of months in range → undefined. */
export function parseTerm(text: string): number | undefined {
  const t = text.trim();
  if (!/^\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= MIN_CONTRACT_TERM_MONTHS && n <= MAX_CONTRACT_TERM_MONTHS ? n : undefined;
}

/** Keep only the problems shown that still apply to `r`: a field put right loses its message. */
export function recheck(shown: readonly FieldIssue[], r: Reflection): FieldIssue[] {
  const fields = new Set(shown.map((p) => p.field));
  return validateForFinish(r).filter((p) => fields.has(p.field));
}

export function createDraft(options: {
  core: ReadonlySignal<Core | null | undefined>;
  stored: ReadonlySignal<{ own: Reflection | null } | undefined>;
  editable: ReadonlySignal<boolean>;
  /** True while an edit waits to be saved: the stored reflection is not adopted then. */
  pending: () => boolean;
  changed: () => void;
  now: () => number;
}) {
  const { core, stored, editable, pending, changed, now } = options;
  const draft = signal<Reflection | undefined>(undefined);
  /** The contract term input's text: it may be briefly invalid ("" or "0") while typed. */
  const termText = signal('');
  const problems = signal<FieldIssue[]>([]);
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

  const stopAdopt = effect(() => {
    const c = core.value;
    const s = stored.value;
    if (!c || !s) return;
    if (s.own) {
      // Only a newer stored version counts: a query result still in flight from before our own
      // save (or the deal query re-running) must not put older text back into the form.
      if (s.own.updatedAt <= knownUpdatedAt) return;
      knownUpdatedAt = s.own.updatedAt;
      if (!draft.peek() || !pending()) adopt(s.own);
    } else if (!draft.peek()) {
      const at = now();
      adopt({ ...emptyReflection(c.deal, at), lostAt: c.deal.closedAt ?? at });
    }
  });

  function update(patch: Patch): void {
    const current = draft.value;
    if (!current || !editable.value) return;
    const next = applyPatch(current, patch);
    batch(() => {
      draft.value = next;
      if (problems.value.length) problems.value = recheck(problems.value, next);
    });
    changed();
  }

  const list = <K extends 'secondaryReasons' | 'team'>(k: K): Reflection[K] => draft.value?.[k] ?? [];

  return {
    draft,
    termText,
    problems,
    update,
    setTermText(text: string): void {
      termText.value = text;
      update({ contractTermMonths: parseTerm(text) });
    },
    setPrimaryCategory(category: ReasonCategory | ''): void {
      const current = draft.value?.primaryReason;
      update({ primaryReason: category ? lossReason(category, current?.detail ?? '') : undefined });
    },
    setPrimary(patch: Partial<LossReason>): void {
      const current = draft.value?.primaryReason;
      if (current) update({ primaryReason: { ...current, ...patch } });
    },
    setSecondary(index: number, patch: Partial<LossReason>): void {
      update({
        secondaryReasons: list('secondaryReasons').map((r, i) => {
          if (i !== index) return r;
          // A new category brings its default controllability; the rep can flip it again.
          return patch.category && patch.category !== r.category ? lossReason(patch.category, patch.detail ?? r.detail) : { ...r, ...patch };
        }),
      });
    },
    addSecondary: () => update({ secondaryReasons: [...list('secondaryReasons'), lossReason('other')] }),
    removeSecondary: (index: number) => update({ secondaryReasons: list('secondaryReasons').filter((_, i) => i !== index) }),
    addTeam: () => update({ team: [...list('team'), { person: '', role: '', feltWinning: '', feltLost: '', why: '' }] }),
    setTeam: (index: number, patch: Partial<Reflection['team'][number]>) =>
      update({ team: list('team').map((t, i) => (i === index ? { ...t, ...patch } : t)) }),
    removeTeam: (index: number) => update({ team: list('team').filter((_, i) => i !== index) }),
    dispose: stopAdopt,
  };
}
