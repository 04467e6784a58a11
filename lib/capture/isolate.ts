/**
 * Finding the few events of a batch that cannot be stored, so one bad event does not stop the
 * rest. A batch is stored whole first; only when that throws, and the failure is not one of the
 * browser's storage itself (see `isEnvironmentalFailure`), it is split in halves, recursively,
 * each part stored as a batch of its own in the original order — consecutive batches, as the
 * content script's outbox would send anyway. What fails alone is returned with its error.
 *
 * Work: a batch that stores costs one call. With k events that fail alone among n, each of them
 * costs at most two calls per level of splitting, so about 1 + 2·k·log2(n) calls (and never more
 * than 2·n − 1, when everything fails): for the outbox's largest batch (200 events) and one bad
 * event, about 16 calls. A batch larger than `MAX_ISOLATED_EVENTS` is not split at all.
 */
import { isEnvironmentalFailure } from '../db/health';

/** What the sidebar (after "capture paused: ") and Settings say about events kept because they failed alone. */
export function notStoredMessage(count: number): string {
  return count === 1
    ? '1 item could not be stored; it is kept and tried again when Deal Debrief restarts or updates'
    : `${count} items could not be stored; they are kept and tried again when Deal Debrief restarts or updates`;
}

/** The outbox sends at most 200 events at a time; anything much larger is not split. */
export const MAX_ISOLATED_EVENTS = 1_000;

export interface Isolated<E, R> {
  /** What each stored part returned, in order (a batch that stored whole: one result). */
  results: R[];
  /** Events that could not be stored even alone, in order, with the error they met. */
  failed: { event: E; error: unknown }[];
}

/**
 * Store `events`, and when that fails, store everything that can be stored. Throws (the first
 * error) as a plain storing would when the failure is environmental — the storage is full or the
 * database cannot be opened, at any point while splitting — or when every event fails even
 * alone: then nothing tells a bad event from bad storage, and all of it must wait, whole, as
 * before. (An event that fails alone in a batch of one is sent again by the outbox with whatever
 * is captured after it, and is found then.) What was stored before such a throw stays stored; a
 * batch sent again is stored again without doubling anything, as after any lost answer.
 */
export async function storeIsolating<E, R>(events: readonly E[], store: (events: E[]) => Promise<R>, environmental: (error: unknown) => boolean = isEnvironmentalFailure): Promise<Isolated<E, R>> {
  const out: Isolated<E, R> = { results: [], failed: [] };
  try {
    out.results.push(await store([...events]));
    return out;
  } catch (error) {
    if (environmental(error) || events.length > MAX_ISOLATED_EVENTS) throw error;
    if (events.length === 1) throw error;
    const half = Math.ceil(events.length / 2);
    await storeParts(events.slice(0, half), store, environmental, out);
    await storeParts(events.slice(half), store, environmental, out);
    if (out.failed.length === events.length) throw error;
    return out;
  }
}

async function storeParts<E, R>(events: E[], store: (events: E[]) => Promise<R>, environmental: (error: unknown) => boolean, out: Isolated<E, R>): Promise<void> {
  try {
    out.results.push(await store(events));
  } catch (error) {
    if (environmental(error)) throw error;
    if (events.length === 1) {
      out.failed.push({ event: events[0]!, error });
      return;
    }
    const half = Math.ceil(events.length / 2);
    await storeParts(events.slice(0, half), store, environmental, out);
    await storeParts(events.slice(half), store, environmental, out);
  }
}
