/** Small hooks the sidebar's components share. */
import { signal, type ReadonlySignal } from '@preact/signals';
import { useEffect, useMemo } from 'preact/hooks';
import { extensionClock } from '../../lib/clock';
import type { Settings } from '../../lib/model';
import { useRead } from './remote';

/** A clock tick for relative times and live flags. */
export function useNow(everyMs = 30_000): ReadonlySignal<number> {
  const now = useMemo(() => signal(extensionClock.now()), []);
  useEffect(() => {
    const id = setInterval(() => (now.value = extensionClock.now()), everyMs);
    return () => clearInterval(id);
  }, [now, everyMs]);
  return now;
}

export function useSettings(): ReadonlySignal<Settings | undefined> {
  return useRead('settings', null);
}
