/**
 * Storage problems in plain words, and the database's own signals (a blocked upgrade, a failed
 * open) turned into them. Nothing is dropped without a word: a capture that cannot be written
 * pauses the page's sidebar with one of these sentences ("capture paused: <sentence>") and the
 * options page shows it; the content script's outbox keeps the events and sends them again.
 */
import type { DealDebriefDB } from './schema';

export const STORAGE_FULL = "the browser's storage for Deal Debrief is full — free some disk space; what was captured waits and is stored once there is room";
export const UPGRADE_BLOCKED = 'the database is being updated and another Deal Debrief page still has it open — close the other Deal Debrief tabs';
export const OPEN_FAILED = 'the database could not be opened';
export const WRITE_FAILED = 'what was captured could not be saved';

function namesOf(error: unknown): string[] {
  const names: string[] = [];
  let e: unknown = error;
  // Dexie wraps the browser's error (an aborted transaction carries the quota error inside).
  for (let depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { name, inner } = e as { name?: unknown; inner?: unknown };
    if (typeof name === 'string') names.push(name);
    e = inner;
  }
  return names;
}

/** What went wrong with a database write or open, in words a rep can act on. */
export function storageProblem(error: unknown, during: 'write' | 'open' = 'write'): string {
  const names = namesOf(error);
  const message = error instanceof Error ? error.message : String(error);
  if (names.includes('QuotaExceededError') || /quota/i.test(message)) return STORAGE_FULL;
  if (during === 'open' || names.some((n) => ['OpenFailedError', 'VersionError', 'UpgradeError', 'InvalidStateError', 'DatabaseClosedError', 'MissingAPIError'].includes(n))) {
    return `${OPEN_FAILED} (${names.at(-1) ?? 'error'}) — reload the extension or restart the browser; what was captured waits`;
  }
  return `${WRITE_FAILED} (${names.at(-1) ?? 'error'}) — it waits and is tried again`;
}

/**
 * Report the database's health: a blocked upgrade or a failed open as a sentence, `undefined`
 * once it opens. (Dexie closes this connection itself when another page needs to upgrade.)
 */
export function watchDatabase(db: DealDebriefDB, report: (problem: string | undefined) => void): void {
  db.on('blocked', () => report(UPGRADE_BLOCKED));
  db.on('ready', () => report(undefined), true);
  db.open().catch((error: unknown) => report(storageProblem(error, 'open')));
}

/**
 * Test builds only: every write fails as if the disk were full, while `full()` is true. A Dexie
 * middleware, so it fails exactly where a real quota error would (inside the write's transaction).
 */
export function simulateFullStorage(db: DealDebriefDB, full: () => boolean): void {
  db.use({
    stack: 'dbcore',
    name: 'simulated-full-storage',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) => (full() ? Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) : table.mutate(req)),
        };
      },
    }),
  });
}
