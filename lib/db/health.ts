/**
 * Storage problems in plain words, and the database's own signals (a blocked upgrade, a failed
 * open) turned into them. Nothing is dropped without a word: a capture that cannot be written
 * pauses the page's sidebar with one of these sentences ("capture paused: <sentence>") and the
 * options page shows it; the content script's outbox keeps the events and sends them again. A
 * write the rep asked for (a quick log, linking a deal, marking it lost) fails where they
 * clicked, with a sentence of its own ("Not saved: …"): nothing waits to be tried again there.
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

type Failure = { kind: 'full' | 'open' | 'write'; name: string };

function classify(error: unknown, during: 'write' | 'open'): Failure {
  const names = namesOf(error);
  const message = error instanceof Error ? error.message : String(error);
  const name = names.at(-1) ?? 'error';
  if (names.includes('QuotaExceededError') || /quota/i.test(message)) return { kind: 'full', name };
  if (during === 'open' || names.some((n) => OPEN_ERRORS.has(n))) return { kind: 'open', name };
  return { kind: 'write', name };
}

const OPEN_ERRORS = new Set(['OpenFailedError', 'VersionError', 'UpgradeError', 'InvalidStateError', 'DatabaseClosedError', 'MissingAPIError']);

/** What went wrong with a database write or open, in words a rep can act on. */
export function storageProblem(error: unknown, during: 'write' | 'open' = 'write'): string {
  const f = classify(error, during);
  if (f.kind === 'full') return STORAGE_FULL;
  if (f.kind === 'open') return `${OPEN_FAILED} (${f.name}) — reload the extension or restart the browser; what was captured waits`;
  return `${WRITE_FAILED} (${f.name}) — it waits and is tried again`;
}

/**
 * Whether a failed write says the storage itself is unwell rather than that the data written
 * tripped over something: the disk is full (a quota error, however wrapped), the database is not
 * open or cannot be opened, or the browser's backing store failed (Chromium reports an I/O
 * failure of its database files as UnknownError). Every event fails then, whatever it is, and
 * everything must wait. Other failures — an error of the extension's own (a TypeError), a
 * constraint or data error, an aborted transaction without a storage cause — may come from a
 * few events alone, and a capture batch is split to find them (lib/capture/isolate.ts). Calling
 * one of those environmental by mistake only keeps the whole batch waiting, as before; the
 * other way, the split finds every event failing alone and the batch waits all the same.
 */
export function isEnvironmentalFailure(error: unknown): boolean {
  return classify(error, 'write').kind !== 'write' || namesOf(error).includes('UnknownError');
}

/**
 * The names a failed database operation carries: the browser's IndexedDB errors and Dexie's
 * around them. An error the extension throws itself ("Duration must be zero or more minutes.")
 * is a plain Error and already says what is wrong.
 */
const STORAGE_ERRORS = new Set([
  ...OPEN_ERRORS,
  'QuotaExceededError',
  'AbortError',
  'UnknownError',
  'ConstraintError',
  'DataError',
  'DataCloneError',
  'TransactionInactiveError',
  'ReadOnlyError',
  'NotFoundError',
  'InvalidAccessError',
  'TimeoutError',
  'BulkError',
  'ModifyError',
  'PrematureCommitError',
  'VersionChangeError',
]);

export function isStorageFailure(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return namesOf(error).some((n) => STORAGE_ERRORS.has(n)) || /quota/i.test(message);
}

export const NOT_SAVED = 'Not saved';
export const NOT_SAVED_FULL = `${NOT_SAVED}: the browser's storage for Deal Debrief is full — free some disk space, then try again.`;

/** A write the rep asked for that the database refused, in words; the rep tries again themselves. */
export function notSavedProblem(error: unknown): string {
  const f = classify(error, 'write');
  if (f.kind === 'full') return NOT_SAVED_FULL;
  if (f.kind === 'open') return `${NOT_SAVED}: ${OPEN_FAILED} (${f.name}) — reload the extension or restart the browser, then try again.`;
  return `${NOT_SAVED}: the database refused the change (${f.name}) — try again.`;
}

/**
 * These handlers (writes the rep asks for) answer a storage failure with an Error saying it in
 * words (`notSavedProblem`), which the page shows where the rep clicked; any other error passes
 * as it is.
 */
export function sayStorageFailures<H extends object>(handlers: H, names: readonly (keyof H)[]): H {
  const out = { ...handlers };
  for (const name of names) {
    const handler = handlers[name] as (...args: unknown[]) => Promise<unknown>;
    (out as Record<keyof H, unknown>)[name] = async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (isStorageFailure(error)) throw new Error(notSavedProblem(error), { cause: error });
        throw error;
      }
    };
  }
  return out;
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
 * Test builds and tests only: a write fails inside its transaction, where a real failure would,
 * with the error `fault` gives for it (none: it goes through). `values`: what a put or add writes.
 */
export function failWrites(db: DealDebriefDB, name: string, fault: (table: string, values: readonly unknown[] | undefined) => Error | undefined): void {
  db.use({
    stack: 'dbcore',
    name,
    create: (down) => ({
      ...down,
      table: (tableName) => {
        const table = down.table(tableName);
        return {
          ...table,
          mutate: (req) => {
            const error = fault(tableName, 'values' in req ? req.values : undefined);
            return error ? Promise.reject(error) : table.mutate(req);
          },
        };
      },
    }),
  });
}

/** Test builds only: every write fails as if the disk were full, while `full()` is true. */
export function simulateFullStorage(db: DealDebriefDB, full: () => boolean): void {
  failWrites(db, 'simulated-full-storage', () => (full() ? new DOMException('The quota has been exceeded.', 'QuotaExceededError') : undefined));
}

/**
 * Test builds only: a write carrying the touchpoint with this key fails with a TypeError — the
 * way a defect of the extension's own code fails a capture batch — while `key()` names it. The
 * database itself stays well.
 */
export function simulateFaultyItem(db: DealDebriefDB, key: () => string | undefined): void {
  failWrites(db, 'simulated-faulty-item', (table, values) => {
    const faulty = key();
    const hit = faulty !== undefined && table === 'touchpoints' && values?.some((v) => (v as { key?: unknown } | undefined)?.key === faulty);
    return hit ? new TypeError('A simulated defect.') : undefined;
  });
}
