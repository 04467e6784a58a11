/**
 * The debrief page's model: the deal, its touchpoints and figures, the decision-maker (the
 * deal's first contact, with name and phone when known), the reflection (for the rep's own
 * reason) and the debrief being typed during the call, autosaved.
 */
import { batch, computed, effect, signal } from '@preact/signals';
import { extensionClock } from '../../lib/clock';
import { dealFigures } from '../../lib/deal-figures';
import { db, loadSettings } from '../../lib/db';
import { call } from '../../lib/messaging';
import type { Debrief, ReasonCategory } from '../../lib/model';
import { emptyDebrief } from '../../lib/reflection/debrief';
import { createAutosave } from '../autosave';
import { live } from '../live';

export function createDebriefModel(dealId: string) {
  const data = live(async () => {
    const d = db();
    const deal = await d.deals.get(dealId);
    if (!deal) return null;
    const [touchpoints, settings, reflection, contacts, stored] = await Promise.all([
      d.touchpoints.where('[dealId+at]').between([dealId, 0], [dealId, Number.MAX_SAFE_INTEGER], true, true).toArray(),
      loadSettings(d),
      d.reflections.get(dealId),
      d.contacts.bulkGet(deal.contactEmails),
      d.debriefs.get(dealId),
    ]);
    return { deal, touchpoints, settings, reflection: reflection ?? null, contacts: contacts.filter((c) => c !== undefined), stored: stored ?? null };
  });
  const draft = signal<Debrief | undefined>(undefined);
  const marking = signal(false);
  const actionError = signal<string | undefined>(undefined);
  let known = -Infinity;

  const autosave = createAutosave<Debrief>({
    current: () => draft.peek(),
    now: () => extensionClock.now(),
    send: async (d) => {
      await call('saveDebrief', { debrief: d });
      return { ok: true };
    },
  });

  const stop = effect(() => {
    const v = data.value.value;
    if (!v) return;
    if (v.stored) {
      if (v.stored.updatedAt <= known) return;
      known = v.stored.updatedAt;
      if (!draft.peek() || !autosave.pending()) draft.value = v.stored;
    } else if (!draft.peek()) {
      const fresh = emptyDebrief(dealId, v.reflection?.outcome, extensionClock.now());
      const first = v.contacts[0];
      draft.value = first?.name ? { ...fresh, spokeWith: first.name } : fresh;
    }
  });

  const value = computed(() => data.value.value ?? undefined);
  const figures = computed(() => {
    const v = value.value;
    return v ? dealFigures(v.deal, v.touchpoints, v.settings, extensionClock.now()) : undefined;
  });
  /** The person to call: the deal's first contact that has a phone number, else its first contact. */
  const decisionMaker = computed(() => {
    const v = value.value;
    if (!v) return undefined;
    const withPhone = v.contacts.find((c) => c.phones.length > 0);
    const c = withPhone ?? v.contacts[0];
    if (c) return { name: c.name ?? c.email, email: c.email, phone: c.phones[0] };
    const email = v.deal.contactEmails[0];
    return email ? { name: email, email, phone: undefined } : undefined;
  });

  function update(patch: Partial<Debrief>): void {
    const current = draft.value;
    if (!current) return;
    draft.value = { ...current, ...patch };
    autosave.changed();
  }

  return {
    status: computed(() => (data.value.value === null ? 'missing' : data.value.value && draft.value ? 'ready' : 'loading')),
    loadError: data.error,
    deal: computed(() => value.value?.deal),
    settings: computed(() => value.value?.settings),
    touchpoints: computed(() => [...(value.value?.touchpoints ?? [])].sort((a, b) => b.at - a.at)),
    reflection: computed(() => value.value?.reflection ?? undefined),
    figures,
    decisionMaker,
    draft,
    save: autosave.save,
    marking,
    actionError,
    held: computed(() => draft.value?.heldAt !== undefined),
    setAnswer(index: number, answer: string): void {
      const d = draft.value;
      if (d) update({ answers: d.answers.map((a, i) => (i === index ? { ...a, answer } : a)) });
    },
    setBuyerReason(category: ReasonCategory | undefined): void {
      const d = draft.value;
      if (!d) return;
      const next: Debrief = { ...d };
      if (category) next.buyerReason = category;
      else delete next.buyerReason;
      draft.value = next;
      autosave.changed();
    },
    update,
    /** The call is done: save everything now and close the debrief follow-up. */
    async markHeld(): Promise<boolean> {
      const d = draft.value;
      if (!d || marking.value) return false;
      marking.value = true;
      actionError.value = undefined;
      try {
        await autosave.settle();
        const saved = await call('saveDebrief', { debrief: draft.value ?? d, held: true });
        batch(() => {
          known = saved.updatedAt;
          draft.value = saved;
          autosave.markSaved();
        });
        return true;
      } catch (e) {
        actionError.value = `Could not save: ${e instanceof Error ? e.message : String(e)}`;
        return false;
      } finally {
        marking.value = false;
      }
    },
    flush: autosave.flush,
    dispose() {
      stop();
      autosave.dispose();
      data.dispose();
    },
  };
}

export type DebriefModel = ReturnType<typeof createDebriefModel>;
