/**
 * The reflection page's actions: finish (the background validates and schedules the follow-ups),
 * reopen the deal (it came back) and mark it lost again. Each first waits for the autosave, so
 * the background acts on what the rep typed.
 */
import { batch, signal, type Signal } from '@preact/signals';
import { call } from '../../lib/messaging';
import type { Reflection } from '../../lib/model';
import type { FieldIssue } from '../../lib/reflection/model';
import type { Autosave } from '../autosave';

export function createActions(options: {
  dealId: string;
  draft: Signal<Reflection | undefined>;
  problems: Signal<FieldIssue[]>;
  autosave: Autosave;
}) {
  const { dealId, draft, problems, autosave } = options;
  const finishing = signal(false);
  const reopening = signal(false);
  const actionError = signal<string | undefined>(undefined);
  /** Set after a successful finish in this page, so the page can say what was scheduled. */
  const justFinished = signal(false);
  const justReopened = signal(false);

  async function finish(): Promise<FieldIssue[]> {
    if (!draft.value || finishing.value) return problems.value;
    finishing.value = true;
    actionError.value = undefined;
    justFinished.value = false;
    try {
      await autosave.settle();
      const r = draft.value;
      const result = await call('saveReflection', { reflection: r, finish: true });
      if (!result.ok) {
        problems.value = result.problems;
        return result.problems;
      }
      batch(() => {
        problems.value = [];
        justFinished.value = true;
        autosave.markSaved();
        if (draft.value) draft.value = { ...draft.value, state: result.state };
      });
      return [];
    } catch (e) {
      actionError.value = `Could not finish: ${e instanceof Error ? e.message : String(e)}`;
      return [];
    } finally {
      finishing.value = false;
    }
  }

  async function reopen(): Promise<boolean> {
    if (reopening.value) return false;
    reopening.value = true;
    actionError.value = undefined;
    try {
      await autosave.settle();
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

  async function markLost(): Promise<void> {
    actionError.value = undefined;
    try {
      await call('markLost', { dealId, open: false });
      justReopened.value = false;
    } catch (e) {
      actionError.value = `Could not mark the deal lost: ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  return { finishing, reopening, actionError, justFinished, justReopened, finish, reopen, markLost };
}
