/**
 * Live reads for the sidebar through the background (the sidebar iframe cannot open IndexedDB:
 * see lib/db/reads.ts). The background keeps each read live over the sidebar's port
 * (./context.ts) and answers again only when a write touched what it read.
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import type { ReadArgs, ReadName, ReadResult } from '../../lib/protocol';
import { pageLink } from './context';

export function useRead<K extends ReadName>(name: K, args: ReadArgs<K>, enabled = true): ReadonlySignal<ReadResult<K> | undefined> {
  const key = JSON.stringify(args);
  // Another part of the sidebar may already show this read: its answer shows at once.
  const value = useMemo(() => signal<ReadResult<K> | undefined>(enabled ? pageLink().cached(name, args) : undefined), [name, key]);
  useEffect(() => {
    if (!enabled) return;
    return pageLink().read(name, args, (result) => (value.value = result));
  }, [value, enabled]);
  return value;
}
