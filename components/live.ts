/**
 * Dexie liveQuery as a Preact signal: extension pages read the database directly and update
 * live when the background writes (Dexie broadcasts changes between same-origin contexts).
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { liveQuery } from 'dexie';
import { useEffect, useMemo } from 'preact/hooks';

export interface Live<T> {
  value: ReadonlySignal<T | undefined>;
  error: ReadonlySignal<string | undefined>;
  dispose(): void;
}

export function live<T>(query: () => Promise<T> | T): Live<T> {
  const value = signal<T | undefined>(undefined);
  const error = signal<string | undefined>(undefined);
  const sub = liveQuery(query).subscribe({
    next: (v) => {
      value.value = v;
      error.value = undefined;
    },
    error: (e: unknown) => {
      error.value = e instanceof Error ? e.message : String(e);
    },
  });
  return { value, error, dispose: () => sub.unsubscribe() };
}

/** A live query owned by a component: re-subscribed when `deps` change, disposed on unmount. */
export function useLive<T>(query: () => Promise<T> | T, deps: unknown[]): ReadonlySignal<T | undefined> {
  // `deps` are the query's inputs, listed by the caller (as with useMemo).
  const handle = useMemo(() => live(query), deps);
  useEffect(() => () => handle.dispose(), [handle]);
  return handle.value;
}
