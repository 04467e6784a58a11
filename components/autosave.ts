/**
 * Autosave for a form whose record lives in the database: every edit marks the draft dirty and
 * schedules a debounced send; `flush()` sends the latest draft at once (pages call it on
 * `visibilitychange` and `pagehide`, so a closed tab loses nothing typed); a failed send is
 * retried. One send runs at a time and the latest draft is always the last one sent.
 *
 * Used by the reflection, win reflection, debrief and retrospective pages. It knows nothing of
 * what is saved: `current()` gives the draft, `send()` stores it and says how it went.
 */
import { signal, type ReadonlySignal } from '@preact/signals';

export const AUTOSAVE_DELAY_MS = 600;
/** After a failed save, try once more after this long (typing again also retries). */
export const RETRY_DELAY_MS = 5_000;

export type SaveState =
  | { kind: 'idle' }
  | { kind: 'saving' }
  | { kind: 'saved'; at: number }
  | { kind: 'error'; message: string };

/**
 * What a send reports: stored, refused (kept dirty, not retried on its own: the rep must change
 * something), or a failure to retry (the background was not reachable).
 */
export type SendResult = { ok: true } | { ok: false; message: string };

export interface Autosave {
  save: ReadonlySignal<SaveState>;
  /** Something changed: save it after the debounce. */
  changed(): void;
  /** Save now, without waiting for the debounce. Safe to call from `pagehide`. */
  flush(): Promise<void>;
  /** Wait until nothing is pending or running (before an action that reads the stored record). */
  settle(): Promise<void>;
  /** True while an edit is waiting to be saved or a save is running. */
  pending(): boolean;
  /** The page recorded a save it made itself (e.g. a finish). */
  markSaved(): void;
  dispose(): void;
}

export function createAutosave<T>(options: {
  current: () => T | undefined;
  send: (draft: T) => Promise<SendResult>;
  now: () => number;
  delayMs?: number;
  retryMs?: number;
}): Autosave {
  const { current, send, now } = options;
  const delay = options.delayMs ?? AUTOSAVE_DELAY_MS;
  const retry = options.retryMs ?? RETRY_DELAY_MS;
  const save = signal<SaveState>({ kind: 'idle' });
  let dirty = false;
  let inFlight: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let disposed = false;

  function clearTimer(): void {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  }

  function schedule(ms: number): void {
    clearTimer();
    timer = setTimeout(() => {
      timer = undefined;
      void saveNow();
    }, ms);
  }

  async function run(draft: T): Promise<void> {
    dirty = false;
    save.value = { kind: 'saving' };
    try {
      const result = await send(draft);
      if (result.ok) save.value = { kind: 'saved', at: now() };
      else {
        dirty = true;
        save.value = { kind: 'error', message: result.message };
      }
    } catch (e) {
      dirty = true;
      save.value = { kind: 'error', message: `Not saved: ${e instanceof Error ? e.message : String(e)}. Retrying…` };
      if (!disposed) schedule(retry);
    }
  }

  function saveNow(): Promise<void> {
    // One save at a time; the one running re-checks `dirty` when it ends.
    if (inFlight) return inFlight;
    const draft = current();
    if (!dirty || draft === undefined) return Promise.resolve();
    inFlight = run(draft).finally(() => {
      inFlight = undefined;
      if (dirty && !disposed && timer === undefined && save.peek().kind !== 'error') schedule(0);
    });
    return inFlight;
  }

  function flush(): Promise<void> {
    clearTimer();
    const draft = current();
    if (!dirty || draft === undefined) return inFlight ?? Promise.resolve();
    if (inFlight) {
      // The page may be going away: send the latest draft now, not after the running save.
      dirty = false;
      void send(draft).then(
        (r) => {
          if (!r.ok) dirty = true;
        },
        () => {
          dirty = true;
        },
      );
      return inFlight;
    }
    return saveNow();
  }

  async function settle(): Promise<void> {
    for (let i = 0; i < 5 && (dirty || inFlight); i++) {
      clearTimer();
      const before = inFlight;
      await (inFlight ?? saveNow());
      // A refused draft stays dirty; waiting again would send the same thing.
      if (!before && dirty && save.peek().kind === 'error') return;
    }
  }

  return {
    save,
    changed() {
      dirty = true;
      schedule(delay);
    },
    flush,
    settle,
    pending: () => dirty || inFlight !== undefined,
    markSaved() {
      save.value = { kind: 'saved', at: now() };
    },
    dispose() {
      disposed = true;
      clearTimer();
    },
  };
}
