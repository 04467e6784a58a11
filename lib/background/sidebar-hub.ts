/**
 * The background's end of the sidebar ports (protocol: lib/sidebar-link.ts). Each open sidebar
 * page holds a port; the hub tells it its tab's page context on connect and whenever the
 * content script reports a new one, and keeps answering the reads each sidebar asked for
 * (./live-reads.ts), again whenever a write changed their answer, until it goes away.
 *
 * A sidebar framed in a page belongs to the tab the browser names as the port's sender. A
 * sidebar in the browser's side panel has no tab: it follows the active tab of its window.
 * Only the extension's own sidebar page may connect; anything else is disconnected.
 * Browser calls come in as arguments, so this runs in unit tests with plain objects.
 */
import type { PageContext } from '../capture/events';
import { SIDEBAR_PORT, type ReadAnswer, type SidebarHello, type SidebarReadRequest, type SidebarUpdate } from '../sidebar-link';
import type { LiveReads } from './live-reads';

export interface HubPort {
  name: string;
  sender?: { id?: string; url?: string; tab?: { id?: number; url?: string } };
  postMessage(message: SidebarUpdate): void;
  disconnect(): void;
  onMessage: { addListener(fn: (message: unknown) => void): void };
  onDisconnect: { addListener(fn: () => void): void };
}

export interface HubDeps {
  extensionId: string;
  /** `moz-extension://…/` or `chrome-extension://…/`. */
  extensionOrigin: string;
  readContext(tabId: number): Promise<PageContext | undefined>;
  activeTab(windowId: number): Promise<number | undefined>;
  /** The reads one sidebar keeps live (./live-reads.ts), answering through `send`. */
  liveReads(send: (answer: ReadAnswer) => void): LiveReads;
}

interface Entry {
  port: HubPort;
  tabId?: number;
  /** The origin of the page the port's tab shows, when the browser tells (sent with each context). */
  tabOrigin: string | null;
  /** Set for a side panel: the window whose active tab it follows. */
  windowId?: number;
}

export interface SidebarHub {
  connect(port: HubPort): void;
  tabContextChanged(tabId: number, ctx: PageContext | undefined): void;
  tabActivated(tabId: number, windowId: number): void;
  /** How many sidebars are connected (for tests). */
  size(): number;
}

function originOf(url: string | undefined): string | null {
  try {
    return url ? new URL(url).origin : null;
  } catch {
    return null;
  }
}

function post(entry: Entry, update: SidebarUpdate): void {
  try {
    entry.port.postMessage(update);
  } catch {
    // The port closed in between; its onDisconnect removes it.
  }
}

export function createSidebarHub(deps: HubDeps): SidebarHub {
  const entries = new Set<Entry>();
  const sidebarUrl = `${deps.extensionOrigin}sidebar.html`;

  async function sendContext(entry: Entry): Promise<void> {
    const tabId = entry.tabId;
    const ctx = tabId === undefined ? undefined : await deps.readContext(tabId);
    // The panel may have moved to another tab while this was read.
    if (entry.tabId === tabId && entries.has(entry)) post(entry, { ctx: ctx ?? null, tabOrigin: entry.tabOrigin });
  }

  return {
    connect(port) {
      const sender = port.sender;
      if (port.name !== SIDEBAR_PORT || sender?.id !== deps.extensionId || !sender.url?.startsWith(sidebarUrl)) {
        port.disconnect();
        return;
      }
      const entry: Entry = { port, tabId: sender.tab?.id, tabOrigin: originOf(sender.tab?.url) };
      entries.add(entry);
      const reads = deps.liveReads((read) => entries.has(entry) && post(entry, { read }));
      port.onDisconnect.addListener(() => {
        entries.delete(entry);
        reads.dispose();
      });
      port.onMessage.addListener((message) => {
        const m = message as Partial<Record<'sub' | 'unsub', unknown>> | null;
        if (typeof m !== 'object' || m === null) return;
        if ('sub' in m) {
          const sub = m.sub as Extract<SidebarReadRequest, { sub: unknown }>['sub'] | null;
          if (sub && typeof sub === 'object') reads.subscribe(sub.id, sub.name, sub.args);
        } else if (typeof m.unsub === 'number') reads.unsubscribe(m.unsub);
      });
      if (entry.tabId !== undefined) {
        void sendContext(entry);
        return;
      }
      // No tab: the browser's side panel says which window it is in, then follows its active tab.
      port.onMessage.addListener((message) => {
        const windowId = (message as SidebarHello | null)?.panelWindowId;
        if (entry.windowId !== undefined || typeof windowId !== 'number') return;
        entry.windowId = windowId;
        void deps.activeTab(windowId).then((tabId) => {
          if (tabId === undefined || entry.tabId !== undefined) return;
          entry.tabId = tabId;
          void sendContext(entry);
        });
      });
    },
    tabContextChanged(tabId, ctx) {
      for (const entry of entries) if (entry.tabId === tabId) post(entry, { ctx: ctx ?? null, tabOrigin: entry.tabOrigin });
    },
    tabActivated(tabId, windowId) {
      for (const entry of entries) {
        if (entry.windowId !== windowId || entry.tabId === tabId) continue;
        entry.tabId = tabId;
        void sendContext(entry);
      }
    },
    size: () => entries.size,
  };
}
