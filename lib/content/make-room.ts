/**
 * Beside the page, never on top of it: while the sidebar is expanded the page narrows by the
 * sidebar's width, so every control of the host page stays visible and clickable.
 *
 * How (checked in Chromium at 1366×768 by tests/e2e/layout.e2e.ts):
 * - The root element gets `width: calc(100% - W)`: everything laid out in the flow narrows.
 * - Fixed-position elements (Gmail's top bar with the account button at its right edge, its
 *   side-panel rail, a docked compose window) are placed against the viewport, not the root, so
 *   narrowing alone leaves them under the sidebar. When the document itself does not scroll (Gmail,
 *   Salesforce Lightning: they scroll inner panes), a `transform` on the root makes the root the
 *   containing block of fixed elements: they narrow with it, and `right: 0` means the page's new
 *   right edge. The root also gets the viewport's height, so `bottom: 0` stays at the bottom.
 * - When the document scrolls, a transform would make fixed elements scroll with it; instead each
 *   fixed element reaching into the sidebar's strip is moved left (its `right` grows by W) or, when
 *   it is anchored on the left, made narrower. New ones are found after DOM changes, batched.
 * Everything set is inline `!important` on the page's own elements and is removed on collapse.
 * Plain DOM, no framework.
 */

export interface Room {
  /** True when the root element contains fixed elements (then the sidebar is placed against it). */
  readonly contained: boolean;
  release(): void;
}

interface Saved {
  el: HTMLElement;
  props: [string, string, string][];
}

function setImportant(el: HTMLElement, saved: Saved[], props: Record<string, string>): void {
  const entry: Saved = { el, props: [] };
  for (const [name, value] of Object.entries(props)) {
    entry.props.push([name, el.style.getPropertyValue(name), el.style.getPropertyPriority(name)]);
    el.style.setProperty(name, value, 'important');
  }
  saved.push(entry);
}

function restore(saved: Saved[]): void {
  for (const { el, props } of saved.reverse()) {
    for (const [name, value, priority] of props) {
      if (value) el.style.setProperty(name, value, priority);
      else el.style.removeProperty(name);
    }
  }
  saved.length = 0;
}

/** At most this many elements are looked at per scan, so a huge page never stalls. */
const SCAN_LIMIT = 20_000;

export function makeRoom(doc: Document, win: Window, width: number, host?: Element): Room {
  const root = doc.documentElement;
  const saved: Saved[] = [];
  const moved: Saved[] = [];
  const scrolls = root.scrollHeight > win.innerHeight + 1 && win.getComputedStyle(root).overflowY !== 'hidden' && win.getComputedStyle(doc.body ?? root).overflow !== 'hidden';
  setImportant(root, saved, { width: `calc(100% - ${width}px)`, ...(scrolls ? {} : { transform: 'translateZ(0)', height: '100vh', overflow: 'hidden' }) });

  let observer: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const seen = new WeakSet<Element>();
  const scan = () => {
    timer = undefined;
    const limit = win.innerWidth - width;
    const all = (doc.body ?? root).getElementsByTagName('*');
    for (let i = 0; i < all.length && i < SCAN_LIMIT; i++) {
      const el = all[i] as HTMLElement;
      if (seen.has(el) || el === host || !el.style) continue;
      const style = win.getComputedStyle(el);
      if (style.position !== 'fixed') continue;
      seen.add(el);
      const rect = el.getBoundingClientRect();
      if (rect.right <= limit + 0.5 || rect.width === 0) continue;
      const right = parseFloat(style.right);
      if (style.right !== 'auto' && Number.isFinite(right)) setImportant(el, moved, { right: `${right + width}px` });
      else setImportant(el, moved, { 'max-width': `${Math.max(0, limit - rect.left)}px` });
    }
  };
  if (scrolls) {
    scan();
    const watch = new MutationObserver(() => {
      timer ??= setTimeout(scan, 400);
    });
    watch.observe(doc.body ?? root, { childList: true, subtree: true });
    observer = watch;
  }

  return {
    contained: !scrolls,
    release() {
      observer?.disconnect();
      if (timer) clearTimeout(timer);
      restore(moved);
      restore(saved);
    },
  };
}
