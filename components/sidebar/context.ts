/**
 * The sidebar's view of its page: what the content script of its tab reported, and the
 * database revision that makes reads re-run. Both arrive over one port to the background
 * (lib/sidebar-link.ts), the same way in Chrome and Firefox. The port closes when an MV3
 * service worker or a Firefox event page goes idle; the sidebar connects again at once (that
 * wakes the background, which sends the current context and revision again).
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { PageContext } from '../../lib/capture/events';
import { SIDEBAR_PORT, type SidebarHello, type SidebarUpdate } from '../../lib/sidebar-link';

export interface PageLink {
  /** undefined until the background answered; then what the tab's content script last reported. */
  context: ReadonlySignal<PageContext | undefined>;
  /** Changes whenever the database did. */
  revision: ReadonlySignal<number>;
  dispose(): void;
}

/** Whether this page is shown on its own (the browser's side panel), not framed in a web page. */
export function inSidePanel(): boolean {
  try {
    return window.top === window;
  } catch {
    return false;
  }
}

export function createPageLink(): PageLink {
  const context = signal<PageContext | undefined>(undefined);
  const revision = signal(0);
  let lastRev: string | undefined;
  let disposed = false;
  let port: ReturnType<typeof browser.runtime.connect> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let backoff = 0;

  const open = async () => {
    if (disposed || !browser.runtime?.id) return; // the extension was updated or removed
    const hello: SidebarHello = {};
    if (inSidePanel() && browser.windows) hello.panelWindowId = (await browser.windows.getCurrent()).id;
    if (disposed) return;
    const p = browser.runtime.connect({ name: SIDEBAR_PORT });
    port = p;
    p.onMessage.addListener((message: unknown) => {
      const update = message as SidebarUpdate;
      backoff = 0;
      if (update.ctx !== undefined) context.value = update.ctx ?? undefined;
      if (update.rev !== undefined && update.rev !== lastRev) {
        lastRev = update.rev;
        revision.value++;
      }
    });
    p.onDisconnect.addListener(() => {
      if (port !== p || disposed) return;
      port = undefined;
      // At once after an idle background stopped; slower if the background keeps refusing.
      retry = setTimeout(() => void open(), backoff);
      backoff = Math.min(Math.max(backoff * 2, 100), 10_000);
    });
    p.postMessage(hello);
  };
  void open();
  return {
    context,
    revision,
    dispose() {
      disposed = true;
      clearTimeout(retry);
      port?.disconnect();
    },
  };
}

let shared: PageLink | undefined;

/** The page's one link (the sidebar and its reads share it). */
export function pageLink(): PageLink {
  shared ??= createPageLink();
  return shared;
}
