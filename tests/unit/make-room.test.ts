import { makeRoom } from '../../lib/content/make-room';

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
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestIdleCallback', 'cancelIdleCallback'] });
  Object.defineProperty(document.documentElement, 'scrollHeight', { configurable: true, get: () => 5000 });
  Object.defineProperty(window, 'innerWidth', { configurable: true, get: () => 1400 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  document.body.replaceChildren();
  document.documentElement.removeAttribute('style');
});

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
