/**
 * What the handle of this page shows: how many flags need attention in the sidebar now, and
 * whether capture is paused here. Each list of flags reports its count; the sum goes to the
 * page's handle through the background, coalesced.
 */
import { call } from '../../lib/messaging';

const counts = new Map<string, number>();
let paused = false;
let timer: ReturnType<typeof setTimeout> | undefined;
let last = '';

function schedule(): void {
  if (timer) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = undefined;
    const count = [...counts.values()].reduce((a, b) => a + b, 0);
    const key = `${count}:${paused}`;
    if (key === last) return;
    last = key;
    call('handleState', { count, paused }).catch(() => (last = ''));
  }, 150);
}

export function reportAttention(id: string, count: number | undefined): void {
  if (count === undefined) counts.delete(id);
  else counts.set(id, count);
  schedule();
}

export function reportPaused(value: boolean): void {
  paused = value;
  schedule();
}
