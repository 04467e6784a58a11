/**
 * Live reads for the sidebar through the background (the sidebar iframe cannot open IndexedDB:
 * see lib/db/reads.ts). A read re-runs whenever the background reports a database change over
 * the sidebar's port (./context.ts).
 */
import { effect, signal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { ReadArgs, ReadName, ReadResult } from '../../lib/protocol';
import { call } from '../../lib/messaging';
import { pageLink } from './context';

export function useRead<K extends ReadName>(name: K, args: ReadArgs<K>, enabled = true): ReadonlySignal<ReadResult<K> | undefined> {
  const key = JSON.stringify(args);
  const value = useMemo(() => signal<ReadResult<K> | undefined>(undefined), [name, key]);
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    let seq = 0;
    const load = () => {
      const mine = ++seq;
      call('read', { name, args }).then(
        (result) => {
          if (alive && mine === seq) value.value = result as ReadResult<K>;
        },
        () => undefined,
      );
    };
    const revision = pageLink().revision;
    // Runs now, and again each time the database revision changes.
    const stop = effect(() => {
      void revision.value;
      load();
    });
    return () => {
      alive = false;
      stop();
    };
  }, [value, enabled]);
  return value;
}
