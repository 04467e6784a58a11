/**
 * How the sidebar page learns what its page shows and what its reads answer: one port
 * (`runtime.connect`) to the background, in Chrome and Firefox alike.
 *
 * Firefox gives an extension frame embedded in a web page only what a content script has
 * (`runtime`, `storage.local`): no `tabs`, no `storage.session`. A port works in every context
 * the sidebar page can be shown in: the frame beside the page (the browser tells the background
 * which tab the frame sits in) and the browser's own side panel (no tab: it follows the active
 * tab of its window).
 */
import type { PageContext } from './capture/events';
import type { ReadName } from './protocol';

export const SIDEBAR_PORT = 'dd-sidebar';

/** Sidebar → background, once after connecting: which window a side panel follows. */
export interface SidebarHello {
  panelWindowId?: number;
}

/**
 * Sidebar → background: keep answering a read (lib/db/reads.ts) under the sidebar's own id, now
 * and whenever what it read changes; or stop. Sent again for every read after reconnecting.
 */
export type SidebarReadRequest = { sub: { id: number; name: ReadName; args: unknown } } | { unsub: number };

/** A read's answer: its value, or why it failed (the sidebar keeps what it showed). */
export type ReadAnswer = { id: number; value: unknown; error?: undefined } | { id: number; error: string; value?: undefined };

/** Background → sidebar. `ctx` absent: unchanged; `null`: nothing reported for this tab. */
export interface SidebarUpdate {
  ctx?: PageContext | null;
  /**
   * With `ctx`: the origin of the page the tab shows (what the browser tells the background about
   * the port's tab), `null` when the background may not see it. A frame sitting directly in its
   * tab's page checks against it where the browser names neither the frame's parent nor its
   * referrer (Firefox ESR 140, for one).
   */
  tabOrigin?: string | null;
  /** An answer to one of the reads the sidebar asked for. */
  read?: ReadAnswer;
}
