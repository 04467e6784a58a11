/**
 * The page reports its context on every change of what it shows, and each report passes the
 * page's theme to the sidebar frame. Writing the frame's `color-scheme` makes the browser
 * recompute the style of the strip and the frame, so it is written only when the theme changes.
 */
describe('the sidebar frame theme', () => {
  const g = globalThis as { browser?: unknown };
  const before = g.browser;
  afterEach(() => {
    g.browser = before;
    vi.restoreAllMocks();
    vi.resetModules();
    document.body.replaceChildren();
    document.documentElement.removeAttribute('style');
  });

  it('writes color-scheme only when the theme changes', async () => {
    g.browser = {
      runtime: { id: 'deal-debrief-test', getURL: (p: string) => `chrome-extension://x${p}`, onMessage: { addListener() {}, removeListener() {} } },
      storage: { local: { get: async () => ({}), set: async () => undefined } },
    };
    const { mountSidebar } = await import('../../lib/content/sidebar-frame');
    const frame = await mountSidebar(document, 'gmail');
    const writes: (string | null)[] = [];
    const proto = CSSStyleDeclaration.prototype;
    const set = proto.setProperty;
    const remove = proto.removeProperty;
    vi.spyOn(proto, 'setProperty').mockImplementation(function (this: CSSStyleDeclaration, name: string, value: string | null, priority?: string) {
      if (name === 'color-scheme') writes.push(value);
      return set.call(this, name, value, priority);
    });
    vi.spyOn(proto, 'removeProperty').mockImplementation(function (this: CSSStyleDeclaration, name: string) {
      if (name === 'color-scheme') writes.push(null);
      return remove.call(this, name);
    });
    frame.setTheme('dark');
    frame.setTheme('dark');
    frame.setTheme('dark');
    expect(writes).toEqual(['dark']);
    frame.setTheme('light');
    frame.setTheme('light');
    frame.setTheme(undefined);
    frame.setTheme(undefined);
    expect(writes).toEqual(['dark', 'light', null]);
    frame.remove();
  });
});
