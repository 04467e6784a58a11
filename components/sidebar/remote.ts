/**
 * Live reads for the sidebar through the background (the sidebar iframe cannot open IndexedDB:
 * see lib/db/reads.ts). A read re-runs whenever the background reports a database change.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { DB_REV_KEY } from '../../lib/db/reads';
import type { ReadArgs, ReadName, ReadResult } from '../../lib/protocol';
import { call } from '../../lib/messaging';

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
    const onChange = (changes: Record<string, unknown>, area: string) => {
      if (area === 'session' && DB_REV_KEY in changes) load();
    };
    browser.storage.onChanged.addListener(onChange);
    load();
    return () => {
      alive = false;
      browser.storage.onChanged.removeListener(onChange);
    };
  }, [value, enabled]);
  return value;
}
