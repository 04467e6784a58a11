/**
 * The one scan loop every site adapter runs: a MutationObserver on the page and route events ask
 * for a scan; asks are coalesced into one timer, so a burst of DOM changes costs one scan; the
 * scan itself may ask again (a record still rendering). Everything stops when the adapter's
 * signal aborts.
 *
 * The signal is the host's (lib/content/boot.ts), not the framework context's own timers: the
 * framework stops a script when a page dispatches its start event, which any page can forge,
 * and the host only honours that stop when the extension is really gone.
 */
import type { AdapterEnv } from './adapter';

export interface ScanLoopOptions {
  /** How long after the first ask the scan runs (later asks in between join it). */
  delayMs: number;
  /**
   * Which DOM changes ask for a scan (all by default): `true` after `delayMs`, `'now'` at once
   * (a change the rep is waiting to see, such as a new message in the open conversation).
   */
  relevant?: (records: MutationRecord[]) => boolean | 'now';
  /** What the observer watches besides the child lists of the whole subtree (attributes, say). */
  observe?: MutationObserverInit;
  /**
   * The part of the page whose changes the scan reads, when the site can tell (none: the whole
   * page). Only its subtree is observed, and of its ancestors only the child lists, so its leaving
   * the page is noticed: a change elsewhere (a chat list, a clock) then costs the page nothing.
   * Found again before every scan and when it leaves the page; the scan reads the whole view, so
   * nothing changed in between is missed.
   */
  root?: (doc: Document) => Element | null | undefined;
}

export interface ScanLoop {
  /** Ask for a scan after `delayMs` (or the given delay); a scan already asked for wins. */
  schedule(delayMs?: number): void;
}

export function startScanLoop(env: Pick<AdapterEnv, 'doc' | 'signal'>, scan: () => void, options: ScanLoopOptions): ScanLoop {
  const { doc, signal } = env;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let atOnce = false;
  let root: Element | null | undefined;
  const schedule = (delay = options.delayMs) => {
    if (timer !== undefined || signal.aborted) return;
    atOnce = !delay;
    timer = setTimeout(() => {
      timer = undefined;
      if (signal.aborted) return;
      watch();
      scan();
    }, delay);
  };
  const observer = new MutationObserver((records) => {
    // The root left the page (its view was replaced): watch the new one (or the whole page).
    if (root?.isConnected === false) watch();
    // A scan is already due at once: it reads the whole view, so these records need no look.
    // While one waits out the delay, a change that asks for a scan now brings it forward.
    if (timer !== undefined && atOnce) return;
    const relevant = !options.relevant || options.relevant(records);
    if (relevant === 'now') {
      clearTimeout(timer);
      timer = undefined;
      schedule(0);
    } else if (relevant) schedule();
  });
  const init = { childList: true, subtree: true, ...options.observe };
  function watch(): void {
    const found = options.root?.(doc);
    if (found && found === root) return;
    // Whatever the old target had queued is read by the scan that follows.
    observer.disconnect();
    root = found;
    for (let up = found?.parentNode; up; up = up.parentNode) observer.observe(up, { childList: true });
    observer.observe(found ?? doc.body, init);
  }
  watch();
  // An aborted signal fires once; a scan asked for afterwards is refused.
  signal.addEventListener('abort', () => {
    observer.disconnect();
    clearTimeout(timer);
  });
  return { schedule };
}
