/**
 * The popup's first screen, kept in session storage so the popup paints it before it opens the
 * database (lib/followups/popup-view.ts). The background removes the copy as soon as it hears of
 * a write that could change it, and writes a fresh one shortly after the last of a burst; a copy
 * read while a write was under way is thrown away, never stored. Time is the popup's to check:
 * each copy says until when it holds (`changesAt`), and the minute alarm writes a new one then.
 */
import type { Clock } from '../clock';
import type { DealDebriefDB } from '../db/schema';
import { readPopup } from '../followups/popup-read';
import { SHOWN_AT_FIRST, snapshotOf, type PopupSnapshot } from '../followups/popup-view';

/** The tables the first screen is read from: a write to any of them makes the copy stale. */
export const FIRST_SCREEN_TABLES = ['followUps', 'deals', 'contacts', 'settings'] as const;

export interface SnapshotStore {
  set(snapshot: PopupSnapshot): Promise<void>;
  remove(): Promise<void>;
}

/** `later(run)`: run once after a burst of calls (the background's `coalesced`). */
export function createSnapshotKeeper(db: DealDebriefDB, clock: Clock, store: SnapshotStore, later: (run: () => void) => () => void) {
  /** Counts the writes heard: a copy is stored only if none was heard while it was read. */
  let generation = 0;
  /** The copy stored, while it is there. */
  let stored: Pick<PopupSnapshot, 'takenAt' | 'changesAt'> | undefined;

  async function write(): Promise<void> {
    const at = generation;
    const now = clock.now();
    const view = await db.transaction('r', [db.followUps, db.deals, db.contacts, db.settings], () => readPopup(db, now, SHOWN_AT_FIRST));
    if (at !== generation) return; // a write came meanwhile: its own refresh follows
    const snapshot = snapshotOf(view, SHOWN_AT_FIRST);
    stored = snapshot;
    await store.set(snapshot);
  }
  const writeSoon = later(() => void write().catch(() => undefined));

  return {
    /** Write the copy now unless the stored one still holds (start-up, the minute alarm). */
    async refresh(): Promise<void> {
      const now = clock.now();
      if (stored && stored.takenAt <= now && now < stored.changesAt) return;
      await write();
    },
    /** Tables were written (all when not told): a copy they touch is removed at once and written again soon. */
    changed(tables?: Iterable<string>): void {
      if (tables) {
        const set = new Set(tables);
        if (!FIRST_SCREEN_TABLES.some((t) => set.has(t))) return;
      }
      generation++;
      stored = undefined;
      void store.remove().catch(() => undefined);
      writeSoon();
    },
  };
}
