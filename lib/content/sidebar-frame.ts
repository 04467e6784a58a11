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
import { ext } from './ext';
import type { SiteId } from '../model';
import { letGo, makeRoom, type Room } from './make-room';
import { stateKey } from '../sidebar-state';
export { stateKey };

export const SIDEBAR_WIDTH = 360;
/** The handle's column at the sidebar's left edge. */
const HANDLE_WIDTH = 28;
const HOST_TAG = 'deal-debrief-sidebar';

/**
 * The design tokens (components/ui/tokens.css) the strip and its handle use, light and dark: the
 * page's shadow root cannot read the extension's stylesheet, so they are repeated here and a unit
 * test keeps them equal. The theme follows the page's when it says which (`setTheme`), else the
 * browser's, like the sidebar inside.
 */
export const TOKENS = `--fg:light-dark(#1f2328,#e6edf3);--line:light-dark(#d0d7de,#3d444d);--bg:light-dark(#fff,#0d1117);--accent:light-dark(#0969da,#4493f8);--on-accent:light-dark(#fff,#0d1117);--bad:light-dark(#cf222e,#f85149)`;

// `.contained`: the page's root holds its fixed elements (make-room.ts); the strip sits just past its right edge.
const CSS = `:host{all:initial!important}
:host>div{${TOKENS};color-scheme:light dark}
.strip{position:fixed;top:0;right:0;height:100vh;width:${SIDEBAR_WIDTH}px;z-index:2147483646;border-left:1px solid var(--line);background:var(--bg);box-sizing:border-box}
.contained .strip{right:auto;left:100%}
iframe{position:absolute;top:0;left:${HANDLE_WIDTH}px;height:100%;width:calc(100% - ${HANDLE_WIDTH}px);border:0}
.handle{position:absolute;top:50%;left:0;width:${HANDLE_WIDTH - 2}px;min-height:56px;margin-top:-28px;padding:4px 0;border:1px solid var(--accent);border-radius:8px 0 0 8px;background:var(--accent);color:var(--on-accent);font:600 13px/1.2 system-ui,sans-serif;cursor:pointer;display:flex;flex-direction:column;align-items:center;gap:4px}
.handle:focus-visible{outline:3px solid var(--fg);outline-offset:1px}
.count{min-width:18px;border-radius:9px;background:var(--bg);color:var(--bad);padding:1px 3px}
.count:empty{display:none}
.count,.paused{font-size:12px}
.collapsed .strip{width:${HANDLE_WIDTH}px;height:0;border:0;background:none;top:50%}
.collapsed iframe{display:none}
.collapsed .handle{position:fixed;left:auto;right:0}
`;

export interface SidebarFrame {
  /** The page's theme when it says one; undefined: the browser's. */
  setTheme(theme: 'light' | 'dark' | undefined): void;
  remove(): void;
}

/**
 * Mount once per page; a second call returns the existing frame. `stored`: what storage holds,
 * when the caller has already read the collapsed state with its own keys (one read, not two).
 */
export async function mountSidebar(doc: Document, site: SiteId, stored?: Record<string, unknown>): Promise<SidebarFrame> {
  const existing = mounted.get(doc);
  if (existing) return existing;
  // A sidebar left by an earlier copy of this script (the extension was updated or reloaded)
  // is replaced, never doubled.
  doc.querySelector(HOST_TAG)?.remove();

  const host = doc.createElement(HOST_TAG);
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const wrap = doc.createElement('div');
  const strip = doc.createElement('div');
  strip.className = 'strip';
  const iframe = doc.createElement('iframe');
  iframe.title = 'Deal Debrief';
  // The sidebar page checks who frames it (Sidebar.tsx); where the browser has no ancestor
  // origins it reads the referrer, which the page's own referrer policy must not blank out.
  iframe.referrerPolicy = 'origin';
  iframe.src = `${ext.runtime.getURL('/sidebar.html')}?site=${encodeURIComponent(site)}`;
  const handle = doc.createElement('button');
  handle.className = 'handle';
  const arrow = doc.createElement('span');
  const count = doc.createElement('span');
  count.className = 'count';
  const pausedMark = doc.createElement('span');
  pausedMark.className = 'paused';
  handle.append(arrow, count, pausedMark);
  strip.append(iframe, handle);
  wrap.append(strip);
  shadow.append(style, wrap);

  // First visit: expanded (the sidebar says in one sentence what it does); then the rep's choice.
  const key = stateKey(site);
  let collapsed = Boolean((stored ?? ((await ext.storage.local.get(key)) as Record<string, unknown>))[key]);
  // Collapsed: the page gets its width back, should it have been laid out narrow from the start.
  if (collapsed) letGo(doc);
  let attention = 0;
  let paused = false;
  let room: Room | undefined;
  let scheme: string | undefined;
  const render = () => {
    // Expanded, the page narrows by the sidebar's width instead of lying under it.
    if (!collapsed && !room) room = makeRoom(doc, window, SIDEBAR_WIDTH, host);
    if (collapsed && room) {
      room.release();
      room = undefined;
    }
    wrap.className = `${collapsed ? 'collapsed' : ''} ${room?.contained ? 'contained' : ''}`;
    arrow.textContent = collapsed ? '‹' : '›';
    count.textContent = attention > 0 ? '' + attention : '';
    pausedMark.textContent = paused ? 'II' : '';
    const needs = attention > 0 ? `, ${attention} ${attention === 1 ? 'item needs' : 'items need'} attention here` : '';
    const pause = paused ? ', capture paused' : '';
    handle.setAttribute('aria-label', `${collapsed ? 'Show' : 'Hide'} Deal Debrief sidebar${needs}${pause}`);
    handle.setAttribute('aria-expanded', '' + !collapsed);
    host.setAttribute('data-collapsed', '' + collapsed);
  };
  const frame: SidebarFrame = {
    // Every report passes the theme; a write restyles the strip and the frame, so only a change is written.
    setTheme: (theme) => theme !== scheme && wrap.style.setProperty('color-scheme', (scheme = theme) ?? null),
    remove() {
      room?.release();
      room = undefined;
      ext.runtime.onMessage.removeListener(onMessage);
      host.remove();
      mounted.delete(doc);
    },
  };
  handle.addEventListener('click', () => {
    collapsed = !collapsed;
    render();
    void ext.storage.local.set({ [key]: collapsed });
  });
  // The sidebar (through the background) says what needs attention on this page.
  const onMessage = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== ext.runtime.id || typeof message !== 'object' || message === null || (message as { dd?: unknown }).dd !== 'handle') return undefined;
    const m = message as { count?: unknown; paused?: unknown };
    attention = Math.min(999, Math.floor(Number(m.count))) || 0;
    paused = m.paused === true;
    render();
    return undefined;
  };
  ext.runtime.onMessage.addListener(onMessage);
  render();
  (doc.body ?? doc.documentElement).append(host);
  mounted.set(doc, frame);
  return frame;
}

const mounted = new WeakMap<Document, SidebarFrame>();
