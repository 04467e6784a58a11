/**
 * The sidebar's reads, kept live by the background for one sidebar page (lib/sidebar-link.ts).
 *
 * The sidebar cannot open IndexedDB (lib/db/reads.ts), so it names the reads it shows and the
 * background runs each as a Dexie live query: Dexie knows which tables, keys and index ranges a
 * read looked at, and runs it again only when a write touched them — an edit, a delete, an undo,
 * a restore, a change of tenant, from any tab. An answer is sent when it differs from the last
 * one sent, so a write elsewhere costs the sidebar nothing.
 */
import { liveQuery } from 'dexie';
import { READS } from '../db/reads';
import type { DealDebriefDB } from '../db/schema';
import type { ReadAnswer } from '../sidebar-link';

export interface LiveReads {
  /** Start (or restart, for a reused id) a read; its answer comes now and after each change. */
  subscribe(id: number, name: unknown, args: unknown): void;
  unsubscribe(id: number): void;
  /** The sidebar went away: stop all its reads. */
  dispose(): void;
}

/** At most this many reads per sidebar page (it shows about ten). */
const MAX_READS = 100;

/** A read that failed (its live query then ends) is started again after this, doubled up to a minute. */
const RETRY_MS = 1000;

export function createLiveReads(db: DealDebriefDB, send: (answer: ReadAnswer) => void): LiveReads {
  const running = new Map<number, { unsubscribe(): void }>();
  const stop = (id: number) => {
    running.get(id)?.unsubscribe();
    running.delete(id);
  };
  const start = (id: number, fn: (d: DealDebriefDB, a: unknown) => Promise<unknown>, args: unknown, retryMs: number) => {
    let last: string | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const sub = liveQuery(() => fn(db, args)).subscribe({
      next: (value) => {
        retryMs = RETRY_MS;
        const text = JSON.stringify(value ?? null);
        if (text === last) return;
        last = text;
        send({ id, value: value ?? null });
      },
      error: (e: unknown) => {
        send({ id, error: e instanceof Error ? e.message : String(e) });
        // The live query is over; a database closed or busy for a moment must not leave the
        // sidebar showing what it showed forever.
        retry = setTimeout(() => running.get(id) === handle && start(id, fn, args, Math.min(retryMs * 2, 60_000)), retryMs);
      },
    });
    const handle = {
      unsubscribe() {
        clearTimeout(retry);
        sub.unsubscribe();
      },
    };
    running.set(id, handle);
  };
  return {
    subscribe(id, name, args) {
      if (typeof id !== 'number') return;
      stop(id);
      const fn = typeof name === 'string' && Object.hasOwn(READS, name) ? (READS[name as keyof typeof READS] as (d: DealDebriefDB, a: unknown) => Promise<unknown>) : undefined;
      if (!fn) return send({ id, error: `Unknown read "${String(name)}".` });
      if (running.size >= MAX_READS) return send({ id, error: 'Too many reads from one sidebar.' });
      start(id, fn, args, RETRY_MS);
    },
    unsubscribe: stop,
    dispose() {
      for (const id of [...running.keys()]) stop(id);
    },
  };
}
