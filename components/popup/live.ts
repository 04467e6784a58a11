/**
 * The popup's live read: the database and Dexie's `liveQuery`, loaded after the first screen is
 * on (model.ts imports this module only when it needs it), so opening the popup does not wait
 * for them.
 */
import { liveQuery } from 'dexie';
import { db } from '../../lib/db';
import { readPopup } from '../../lib/followups/popup-read';
import type { PopupView, Shown } from '../../lib/followups/popup-view';

/** Read the popup at `now` and again after every write that changes it; returns the stop. */
export function watchPopup(now: number, shown: Shown, next: (v: PopupView) => void, error: (e: unknown) => void): () => void {
  const sub = liveQuery(() => readPopup(db(), now, shown)).subscribe({ next, error });
  return () => sub.unsubscribe();
}
