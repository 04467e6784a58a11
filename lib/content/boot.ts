/**
 * What every content script does on a supported page: mount the sidebar once, open the
 * outbox, tell the background which site and URL this is, then run the site's adapter with
 * an AbortSignal that stops every listener and observer when the script is invalidated.
 */
import { ext } from './ext';
import type { PageContext } from '../capture/events';
import type { SiteId } from '../model';
import type { Adapter, AdapterEnv } from '../sites/adapter';
import { createOutbox } from './capture-client';
import { TOO_MANY_ITEMS, ViewBudget } from '../capture/rate';
import { parsePlacement, PLACEMENT_KEY, watchPlacement } from '../sidebar-placement';
import { mountSidebar, stateKey, type SidebarFrame } from './sidebar-frame';
import { letGo } from './make-room';

/**
 * How long the adapters have to say what the page shows before the page is reported as a view of
 * this site with nothing recognised yet. Gmail's first read of a conversation ends well within it,
 * so opening one costs one message to the background, not a placeholder and then the view.
 * The sidebar's frame is added at the first report, or at the latest after this long.
 */
export const PLACEHOLDER_MS = 250;

/** Set by the copy of a content script that runs in this page (content scripts share one global scope). */
const LIVE = Symbol.for('deal-debrief:live');
type Scope = { [LIVE]?: () => boolean };

export async function bootSite(site: SiteId, contextSignal: AbortSignal, adapters: Adapter[]): Promise<void> {
  const doc = document;
  const win = window;
  // After an install or update the background runs this script in tabs already open; a page
  // that loaded meanwhile may have it from the manifest too. One living copy per page.
  const scope = globalThis as Scope;
  if (scope[LIVE]?.()) return;
  // Stops with the content script's context, and also when the extension was updated or
  // removed under this page (the runtime goes away; the old script would otherwise keep its
  // observers and timers until the tab reloads).
  const life = new AbortController();
  // The framework stops an older copy of this script when a newer one announces itself with a
  // DOM event on the document — an event the page can dispatch too. So its stop counts only when
  // this copy's extension is really gone (updated, reloaded or removed); a forged one is ignored.
  const stopIfOrphaned = () => {
    if (!ext.runtime?.id) life.abort();
  };
  if (contextSignal.aborted) stopIfOrphaned();
  else contextSignal.addEventListener('abort', stopIfOrphaned);
  const signal = life.signal;
  scope[LIVE] = () => !signal.aborted && !!ext.runtime?.id;
  // The frame beside the page, unless the rep shows the sidebar in the browser's side panel;
  // a change of that choice applies to open pages at once.
  // The frame is added once the page's first read has been reported (or PLACEHOLDER_MS passed):
  // its page starts in a process of its own, and on a two-core machine starting it during the
  // read made the read itself take about twice as long on the page's main thread. The sidebar
  // has nothing to show about the page before that read anyway.
  let frame: SidebarFrame | undefined;
  let wanted: 'page' | 'panel';
  let theme: PageContext['theme'];
  const place = async (placement: 'page' | 'panel', stored?: Record<string, unknown>) => {
    wanted = placement;
    // Not before the first report.
    if (!latest) return;
    if (placement === 'panel' || signal.aborted) {
      frame?.remove();
      letGo(doc);
      frame = undefined;
      return;
    }
    const mounted = await mountSidebar(doc, site, stored);
    // The choice may have changed while the frame was mounting.
    if (wanted === 'page' && !signal.aborted) (frame = mounted).setTheme(theme);
    else mounted.remove();
  };
  // Where the sidebar goes and whether it is collapsed, in one read.
  const stored = await ext.storage.local.get([PLACEMENT_KEY, stateKey(site)]);
  wanted = parsePlacement(stored[PLACEMENT_KEY]);
  watchPlacement(ext.storage, (placement) => void place(placement), signal);
  signal.addEventListener('abort', () => frame?.remove());
  // Items the outbox had to drop pause this view, in plain words, until the page shows another.
  let dropped: { url: string; message: string } | undefined;
  let latest: Parameters<AdapterEnv['report']>[0] | undefined;
  const onDropped = (_count: number, message: string) => {
    dropped = { url: win.location.href, message };
    if (latest) report(latest);
  };
  // One view may bring only so many new items a minute (a page of thousands of fake messages
  // must not become thousands of touchpoints); past that, this view stays paused.
  const budget = new ViewBudget();
  const outbox = createOutbox(signal, stopIfOrphaned, onDropped, (events) => {
    const { kept, cut } = budget.admit(win.location.href, events, Date.now());
    if (cut > 0) onDropped(cut, TOO_MANY_ITEMS);
    return kept;
  });
  let lastReported = '';
  const report: AdapterEnv['report'] = (context) => {
    const first = !latest;
    latest = context;
    const url = context.url ?? win.location.href;
    if (dropped && dropped.url !== url) dropped = undefined;
    const full: PageContext = { ...context, site, url, ...(dropped && { status: 'paused', pausedReason: 'items dropped', pauseMessage: dropped.message }) };
    // Busy pages re-render constantly: only a change of what the page shows is worth a message.
    const key = JSON.stringify(full);
    if (key === lastReported) return;
    lastReported = key;
    // The handle and the frame's edge match the page's theme, like the sidebar inside.
    // (Kept even while there is no frame yet: the frame takes it when it is added.)
    theme = full.theme;
    frame?.setTheme(theme);
    outbox.setContext(full);
    // In a task of its own: the read's last slice and adding the frame (which narrows the page)
    // would otherwise run as one long task.
    if (first) setTimeout(() => void place(wanted, stored));
  };
  for (const adapter of adapters) {
    try {
      adapter({ doc, win, site, outbox, signal, report });
    } catch (error) {
      // Never throw into the page: a broken adapter pauses capture and says so.
      report({ view: 'other', status: 'paused', pausedReason: 'page not recognised', participants: [], captured: 0 });
      console.warn('[Deal Debrief] capture paused:', error instanceof Error ? error.message : 'unknown error');
    }
  }
  // A page whose adapters said nothing yet is still reported (the background and the sidebar
  // then know this tab shows this site); when an adapter spoke first, that says it.
  // (The first report adds the frame.)
  setTimeout(() => latest || report({ view: 'other', status: 'ok', participants: [], captured: 0 }), PLACEHOLDER_MS);
}
