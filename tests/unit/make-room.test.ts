import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { letGo, makeRoom } from '../../lib/content/make-room';
import { SIDEBAR_WIDTH } from '../../lib/content/sidebar-frame';

/** The style sheet the background registers for Gmail's pages while the sidebar is expanded. */
const ROOM_CSS = readFileSync(join(__dirname, '../../public/room.css'), 'utf8');

/**
 * A page whose document scrolls (so fixed elements are moved one by one), laid out by hand:
 * happy-dom has no layout, so each element says where it is and what its offset parent is.
 */
function layOut(el: HTMLElement, box: { left: number; right: number }, fixed: boolean) {
  el.style.position = fixed ? 'fixed' : 'static';
  if (fixed) el.style.right = '0px';
  Object.defineProperty(el, 'offsetParent', { configurable: true, get: () => (fixed ? null : document.body) });
  el.getBoundingClientRect = () => ({ left: box.left, right: box.right, width: box.right - box.left, top: 0, bottom: 10, height: 10, x: box.left, y: 0, toJSON: () => ({}) });
}

beforeEach(() => {
  // The browsers the extension runs in have idle callbacks; happy-dom has none. Here they run on the (fake) timers.
  window.requestIdleCallback ??= (run) => setTimeout(run) as unknown as number;
  window.cancelIdleCallback ??= (id) => clearTimeout(id);
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => 5000 });
  Object.defineProperty(window, 'innerWidth', { configurable: true, get: () => 1400 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.replaceChildren();
  document.head.replaceChildren();
  document.documentElement.removeAttribute('style');
  document.documentElement.removeAttribute('data-deal-debrief-full');
  document.body.removeAttribute('style');
});

/** The page as Gmail's loads with the early style sheet: narrow before its first layout. */
function earlySheet(): void {
  const sheet = document.createElement('style');
  sheet.textContent = ROOM_CSS;
  document.head.append(sheet);
}

describe('making room on a page whose document scrolls', () => {
  it('moves a fixed bar reaching into the strip, and a fixed element added later', async () => {
    const bar = document.createElement('div');
    layOut(bar, { left: 0, right: 1400 }, true);
    document.body.append(bar);
    const room = makeRoom(document, window, 360);
    await vi.advanceTimersByTimeAsync(1000);
    expect(bar.style.getPropertyValue('right')).toBe('360px');
    const toast = document.createElement('div');
    layOut(toast, { left: 1200, right: 1390 }, true);
    document.body.append(toast);
    await vi.advanceTimersByTimeAsync(1000);
    expect(toast.style.getPropertyValue('right')).toBe('360px');
    room.release();
    expect(bar.style.getPropertyValue('right')).toBe('0px');
    expect(toast.style.getPropertyValue('right')).toBe('0px');
  });

  it('after the first look, reads the style of what changed only, not of the whole page again', async () => {
    for (let i = 0; i < 200; i++) {
      const row = document.createElement('div');
      layOut(row, { left: 0, right: 900 }, false);
      document.body.append(row);
    }
    const room = makeRoom(document, window, 360);
    await vi.advanceTimersByTimeAsync(1000);
    const styles = vi.spyOn(window, 'getComputedStyle');
    for (let i = 0; i < 50; i++) {
      const status = document.createElement('span');
      layOut(status, { left: 0, right: 100 }, false);
      document.body.append(status);
      status.remove();
    }
    const kept = document.createElement('span');
    layOut(kept, { left: 0, right: 100 }, false);
    document.body.append(kept);
    await vi.advanceTimersByTimeAsync(1000);
    expect(styles.mock.calls.map(([el]) => el)).toEqual([kept]);
    room.release();
  });
});

describe('making room on a page that does not let its document scroll', () => {
  it('asks for the page height only when the styles let the document scroll', () => {
    // Reading the height lays the whole page out at once; Gmail's root and body say overflow: hidden.
    let heightReads = 0;
    Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => (heightReads++, 5000) });
    document.documentElement.style.overflow = 'hidden';
    document.body.style.overflow = 'hidden';
    const room = makeRoom(document, window, 360);
    expect(heightReads).toBe(0);
    expect(room.contained).toBe(true);
    room.release();
    document.body.removeAttribute('style');
  });
});

describe('a page laid out narrow from the start by the early style sheet', () => {
  it('is adopted as it is: nothing is set, so the page is not laid out again', () => {
    earlySheet();
    document.body.style.overflow = 'hidden';
    const root = document.documentElement;
    const room = makeRoom(document, window, SIDEBAR_WIDTH);
    expect(root.getAttribute('style')).toBeNull();
    expect(room.contained).toBe(true);
    // Collapsed: the sheet's narrowing is turned off, the page gets its width back.
    room.release();
    expect(root.hasAttribute('data-deal-debrief-full')).toBe(true);
    expect(getComputedStyle(root).getPropertyValue('width')).not.toContain('calc');
    // Expanded again: the sheet's narrowing is on again, still nothing set inline.
    const again = makeRoom(document, window, SIDEBAR_WIDTH);
    expect(root.hasAttribute('data-deal-debrief-full')).toBe(false);
    expect(root.getAttribute('style')).toBeNull();
    again.release();
  });

  it('is turned off where the document scrolls after all, which then makes room the usual way', () => {
    earlySheet();
    const root = document.documentElement;
    const room = makeRoom(document, window, SIDEBAR_WIDTH);
    expect(room.contained).toBe(false);
    expect(root.hasAttribute('data-deal-debrief-full')).toBe(true);
    expect(root.style.getPropertyValue('width')).toBe(`calc(100% - ${SIDEBAR_WIDTH}px)`);
    expect(root.style.getPropertyValue('transform')).toBe('');
    room.release();
    expect(root.style.getPropertyValue('width')).toBe('');
  });

  it('is turned off for a sidebar that is collapsed or not in the page', () => {
    earlySheet();
    letGo(document);
    expect(getComputedStyle(document.documentElement).getPropertyValue('overflow')).not.toBe('hidden');
  });

  it('narrows exactly as the content script does where the page has no such sheet', () => {
    document.body.style.overflow = 'hidden';
    // The sheet's declarations are the contained narrowing, for the sidebar's width.
    const rule = /html:not\(\[data-deal-debrief-full\]\)\{([^}]*)\}/.exec(ROOM_CSS)?.[1];
    const declared = Object.fromEntries((rule ?? '').split(';').map((d) => d.split(/:(.*)/s).map((x) => x.trim().replace(/!important$/, ''))));
    expect(ROOM_CSS).toContain(`--deal-debrief-room:${SIDEBAR_WIDTH}px`);
    document.documentElement.style.overflow = 'hidden';
    const room = makeRoom(document, window, SIDEBAR_WIDTH);
    const root = document.documentElement.style;
    const set = Object.fromEntries(Object.keys(declared).map((name) => [name, root.getPropertyValue(name)]));
    expect(set).toEqual(declared);
    expect(Object.keys(declared).sort()).toEqual(['height', 'overflow', 'transform', 'width']);
    expect(Object.keys(declared).every((name) => root.getPropertyPriority(name) === 'important')).toBe(true);
    room.release();
  });
});
