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
 * - Gmail's pages usually have the contained path's narrowing before they are first laid out: the
 *   background registers public/room.css for them while the rep's sidebar is expanded beside the
 *   page (lib/background/room.ts). It is adopted as it is: nothing is set, so the page is not laid
 *   out a second time (on Gmail that relayout was a task of 57-81 ms). It says it is there with
 *   `--deal-debrief-room` on the root, and `data-deal-debrief-full` on the root turns it off.
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
    // (An empty value removes the property.)
    for (const [name, value, priority] of props) el.style.setProperty(name, value, priority);
  }
  saved.length = 0;
}

/** Set on the root by the early style sheet (public/room.css) when the page has it. */
const EARLY = '--deal-debrief-room';
/** On the root, turns the early style sheet's narrowing off. */
const FULL = 'data-deal-debrief-full';

/**
 * The early narrowing off, should the page have it: the sidebar is collapsed, or not in the page.
 * (On a page without it the attribute changes nothing.)
 */
export const letGo = (doc: Document) => doc.documentElement.setAttribute(FULL, '');

/** DOM changes are looked at in batches, this long after the first. */
const BATCH_MS = 400;
/** The look at the page works in slices this long, so it never holds the page up. */
const SLICE_MS = 8;

export function makeRoom(doc: Document, win: Window, width: number, host?: Element): Room {
  const root = doc.documentElement;
  const body = doc.body;
  const saved: Saved[] = [];
  const moved: Saved[] = [];
  const style = win.getComputedStyle(root);
  // Already narrow from the start (the early style sheet; after a collapse, turned on again).
  const early = !!style.getPropertyValue(EARLY);
  // The styles first: where they keep the document from scrolling (Gmail), its height, which lays
  // the whole page out at once, is never asked. (The early sheet's own overflow says nothing.)
  const scrolls = (early || style.overflowY !== 'hidden') && win.getComputedStyle(body ?? root).overflow !== 'hidden' && root.scrollHeight > win.innerHeight + 1;
  // The early sheet is adopted as it is (turned on again after a collapse), unless the document
  // scrolls, where it is wrong: then off, and the usual way instead.
  if (early) root.toggleAttribute(FULL, scrolls);
  if (!early || scrolls) setImportant(root, saved, { width: `calc(100% - ${width}px)`, ...(scrolls ? {} : { transform: 'translateZ(0)', height: '100vh', overflow: 'hidden' }) });

  let observer: MutationObserver | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let idle: number | undefined;
  const done = new WeakSet<Element>();
  /**
   * Whether `el` is fixed, and if so and it reaches into the sidebar's strip, moved out of it.
   * Only an element without an offset parent (or whose offset parent is the body) can be fixed,
   * so the computed style is read for those alone. False when nothing under `el` is laid out
   * (it is hidden, or not an HTML element): its subtree needs no look.
   */
  const check = (el: Element): boolean => {
    if (el === body) return true;
    // Not an HTML element (an SVG drawing): nothing in it can be fixed.
    if (el === host || !('offsetParent' in el)) return false;
    const html = el as HTMLElement;
    const parent = html.offsetParent;
    if (parent && parent !== body) return true;
    const style = win.getComputedStyle(html);
    if (!parent && style.display === 'none') return false;
    const limit = win.innerWidth - width;
    const rect = style.position === 'fixed' && !done.has(el) ? html.getBoundingClientRect() : undefined;
    if (!rect?.width || rect.right <= limit + 0.5) return true;
    done.add(el);
    const right = parseFloat(style.right);
    setImportant(html, moved, style.right !== 'auto' && Number.isFinite(right) ? { right: `${right + width}px` } : { 'max-width': `${Math.max(0, limit - rect.left)}px` });
    return true;
  };
  // What is left to look at: elements added since the last look, with what they hold.
  const todo = new Set<Element>();
  const stack: Element[] = [];
  const work = () => {
    idle = undefined;
    const until = performance.now() + SLICE_MS;
    for (let n = 1; ; n++) {
      if (!(n & 63) && performance.now() > until) return later();
      let el = stack.pop();
      if (!el) {
        const next = todo.values().next();
        if (next.done) return;
        todo.delete((el = next.value));
        if (!el.isConnected) continue;
      }
      if (check(el)) for (let c = el.lastElementChild; c; c = c.previousElementSibling) stack.push(c);
    }
  };
  // When the browser is idle: it has laid out the narrower page by then, so nothing is laid out
  // twice for this look.
  const later = () => {
    idle ??= win.requestIdleCallback(work, { timeout: 1000 });
  };
  if (scrolls) {
    // The whole page once, then only what was added: a record costs a set insertion, the look
    // waits for the batch.
    if (body) todo.add(body);
    later();
    observer = new MutationObserver((records) => {
      for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) todo.add(n as Element);
      timer ??= setTimeout(() => {
        timer = undefined;
        later();
      }, BATCH_MS);
    });
    observer.observe(body ?? root, { childList: true, subtree: true });
  }

  return {
    contained: !scrolls,
    release() {
      observer?.disconnect();
      clearTimeout(timer);
      if (idle !== undefined) win.cancelIdleCallback(idle);
      restore(moved);
      restore(saved);
      letGo(doc);
    },
  };
}
