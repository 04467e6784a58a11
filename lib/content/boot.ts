/**
 * What every content script does on a supported page: mount the sidebar once, open the
 * outbox, tell the background which site and URL this is, then run the site's adapter with
 * an AbortSignal that stops every listener and observer when the script is invalidated.
 */
import type { PageContext } from '../capture/events';
import type { Outbox } from '../capture/outbox';
import type { SiteId } from '../model';
import { createOutbox } from './capture-client';
import { mountSidebar } from './sidebar-frame';

export interface AdapterEnv {
  doc: Document;
  win: Window;
  site: SiteId;
  outbox: Outbox;
  signal: AbortSignal;
  /** Report what the page shows now; the sidebar follows it. */
  report(context: Omit<PageContext, 'site' | 'url'> & { url?: string }): void;
}

export type Adapter = (env: AdapterEnv) => void;

export async function bootSite(site: SiteId, signal: AbortSignal, adapters: Adapter[]): Promise<void> {
  const doc = document;
  const win = window;
  await mountSidebar(doc, site);
  const outbox = createOutbox(signal);
  const report: AdapterEnv['report'] = (context) =>
    outbox.setContext({ ...context, site, url: context.url ?? win.location.href });
  report({ view: 'other', status: 'ok', participants: [], captured: 0 });
  for (const adapter of adapters) {
    try {
      adapter({ doc, win, site, outbox, signal, report });
    } catch (error) {
      // Never throw into the page: a broken adapter pauses capture and says so.
      report({ view: 'other', status: 'paused', pausedReason: 'page not recognised', participants: [], captured: 0 });
      console.warn('[Deal Debrief] capture paused:', error instanceof Error ? error.message : 'unknown error');
    }
  }
}
