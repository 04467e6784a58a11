/**
 * The sidebar frame: an iframe of the extension's sidebar page at the right edge of the host
 * page, inside a closed shadow root: the page's scripts cannot reach the frame, read its address or
 * restyle it, and the host element's own style is pinned (`!important` inside the shadow tree wins
 * over the page's `!important`), so the page cannot make the sidebar see-through to trick a click
 * (assistive tools still see the handle; it is an ordinary button). It has a handle that
 * collapses and expands it. Collapsed, only the small handle remains, half-way down the right
 * edge (below Gmail's side-panel icons, above its docked compose windows), so the page's own
 * controls stay reachable. The state is remembered per site. Plain DOM: no UI framework here.
 */
import { browser } from 'wxt/browser';
import type { SiteId } from '../model';

export const SIDEBAR_WIDTH = 360;
const HOST_TAG = 'deal-debrief-sidebar';
const stateKey = (site: SiteId) => `sidebarCollapsed:${site}`;

const CSS = `
:host { all: initial !important; }
.frame { position: fixed; top: 0; right: 0; height: 100vh; width: ${SIDEBAR_WIDTH}px; border: 0;
  border-left: 1px solid #d0d7de; box-shadow: -2px 0 8px rgba(0,0,0,.12); background: #fff;
  z-index: 2147483646; color-scheme: light; }
.handle { position: fixed; top: 50%; right: ${SIDEBAR_WIDTH}px; width: 22px; height: 56px; margin-top: -28px;
  z-index: 2147483647; border: 1px solid #d0d7de; border-right: 0; border-radius: 8px 0 0 8px;
  background: #1f6feb; color: #fff; font: 600 13px/1 system-ui, sans-serif; cursor: pointer; padding: 0; }
.handle:focus-visible { outline: 2px solid #0b3d91; outline-offset: 1px; }
.collapsed .frame { display: none; }
.collapsed .handle { right: 0; }
`;

export interface SidebarFrame {
  readonly element: HTMLElement;
  readonly iframe: HTMLIFrameElement;
  setCollapsed(collapsed: boolean): Promise<void>;
  isCollapsed(): boolean;
  remove(): void;
}

/** Mount once per page; a second call returns the existing frame. */
export async function mountSidebar(doc: Document, site: SiteId): Promise<SidebarFrame> {
  const existing = mounted.get(doc);
  if (existing) return existing;
  // A sidebar left by an earlier copy of this script (the extension was updated or reloaded)
  // is replaced, never doubled.
  for (const stale of [...doc.getElementsByTagName(HOST_TAG)]) stale.remove();

  const host = doc.createElement(HOST_TAG);
  host.setAttribute('data-deal-debrief', 'sidebar');
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const wrap = doc.createElement('div');
  const iframe = doc.createElement('iframe');
  iframe.className = 'frame';
  iframe.title = 'Deal Debrief';
  // The sidebar page checks who frames it (Sidebar.tsx); where the browser has no ancestor
  // origins it reads the referrer, which the page's own referrer policy must not blank out.
  iframe.referrerPolicy = 'origin';
  iframe.src = `${browser.runtime.getURL('/sidebar.html')}?site=${encodeURIComponent(site)}`;
  const handle = doc.createElement('button');
  handle.className = 'handle';
  handle.type = 'button';
  wrap.append(iframe, handle);
  shadow.append(style, wrap);

  let collapsed = Boolean((await browser.storage.local.get(stateKey(site)))[stateKey(site)]);
  const render = () => {
    wrap.className = collapsed ? 'collapsed' : '';
    handle.textContent = collapsed ? '‹' : '›';
    handle.setAttribute('aria-label', collapsed ? 'Show Deal Debrief sidebar' : 'Hide Deal Debrief sidebar');
    handle.setAttribute('aria-expanded', String(!collapsed));
    host.setAttribute('data-collapsed', String(collapsed));
  };
  const frame: SidebarFrame = {
    element: host,
    iframe,
    isCollapsed: () => collapsed,
    async setCollapsed(value) {
      collapsed = value;
      render();
      await browser.storage.local.set({ [stateKey(site)]: value });
    },
    remove() {
      host.remove();
      mounted.delete(doc);
    },
  };
  handle.addEventListener('click', () => void frame.setCollapsed(!collapsed));
  render();
  (doc.body ?? doc.documentElement).append(host);
  mounted.set(doc, frame);
  return frame;
}

const mounted = new WeakMap<Document, SidebarFrame>();
