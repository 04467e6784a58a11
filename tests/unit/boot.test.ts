/**
 * What a content script asks of the browser when a page opens: one storage read for where the
 * sidebar goes and whether it is collapsed, and one message to the background for what the page
 * shows once an adapter has read it (no placeholder before it); a page no adapter reports on is
 * still reported.
 */
import type { AdapterEnv } from '../../lib/sites/adapter';

type Sent = { name: string; args: { events: unknown[]; context?: { view: string } } };

describe('opening a page', () => {
  const g = globalThis as { browser?: unknown } & Record<symbol, unknown>;
  const before = g.browser;
  let reads: unknown[];
  let sent: Sent[];
  let changed: ((changes: Record<string, { newValue?: unknown }>, area: string) => void)[];

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestIdleCallback', 'cancelIdleCallback'] });
    reads = [];
    sent = [];
    changed = [];
    const event = { addListener() {}, removeListener() {} };
    const onChanged = { addListener: (l: (typeof changed)[number]) => void changed.push(l), removeListener() {} };
    g.browser = {
      runtime: {
        id: 'deal-debrief-test',
        getURL: (p: string) => `chrome-extension://x${p}`,
        onMessage: event,
        sendMessage: async (m: Sent) => (sent.push(m), { ok: true, value: null }),
      },
      storage: { local: { get: async (keys: unknown) => (reads.push(keys), {}), set: async () => undefined }, onChanged },
    };
  });
  afterEach(() => {
    vi.useRealTimers();
    g.browser = before;
    delete g[Symbol.for('deal-debrief:live')];
    vi.resetModules();
    document.body.replaceChildren();
    document.documentElement.removeAttribute('style');
  });

  const boot = async (adapters: ((env: AdapterEnv) => void)[]) => {
    const { bootSite } = await import('../../lib/content/boot');
    await bootSite('gmail', new AbortController().signal, adapters);
    await vi.advanceTimersByTimeAsync(2000);
  };

  it('reads storage once and mounts the sidebar', async () => {
    await boot([]);
    expect(reads).toEqual([['sidebarPlacement', 'sidebarCollapsed:gmail']]);
    expect(document.querySelector('deal-debrief-sidebar')).not.toBeNull();
  });

  it('sends the view an adapter reads, without a placeholder before it', async () => {
    // As Gmail's first read of a page: it ends a few tasks after the script started.
    await boot([({ report }) => void setTimeout(() => report({ view: 'list', status: 'ok', participants: [], captured: 3 }), 30)]);
    expect(sent.map((m) => m.args.context?.view)).toEqual(['list']);
  });

  it("adds the sidebar's frame once the page's first read is reported, not while it runs", async () => {
    const { bootSite } = await import('../../lib/content/boot');
    let read!: AdapterEnv['report'];
    await bootSite('gmail', new AbortController().signal, [({ report }) => void (read = report)]);
    await vi.advanceTimersByTimeAsync(100);
    // The read is still under way: no frame yet, so its page does not start beside the read.
    expect(document.querySelector('deal-debrief-sidebar')).toBeNull();
    read({ view: 'thread', status: 'ok', participants: [], captured: 100 });
    // Not in the task that reported (the read's last slice): in the next one.
    expect(document.querySelector('deal-debrief-sidebar')).toBeNull();
    await vi.advanceTimersByTimeAsync(0);
    expect(document.querySelector('deal-debrief-sidebar')).not.toBeNull();
  });

  it('gives the frame, added after the first report, the theme that report carried', async () => {
    const schemes: (string | null)[] = [];
    const set = CSSStyleDeclaration.prototype.setProperty;
    const spy = vi.spyOn(CSSStyleDeclaration.prototype, 'setProperty').mockImplementation(function (this: CSSStyleDeclaration, name: string, value: string | null, priority?: string) {
      if (name === 'color-scheme') schemes.push(value);
      return set.call(this, name, value, priority);
    });
    await boot([({ report }) => void setTimeout(() => report({ view: 'thread', status: 'ok', participants: [], captured: 1, theme: 'dark' }), 30)]);
    spy.mockRestore();
    expect(document.querySelector('deal-debrief-sidebar')).not.toBeNull();
    expect(schemes).toEqual(['dark']);
  });

  it('adds the frame on a page no adapter reports on, after the wait for one', async () => {
    const { bootSite, PLACEHOLDER_MS } = await import('../../lib/content/boot');
    await bootSite('gmail', new AbortController().signal, []);
    await vi.advanceTimersByTimeAsync(PLACEHOLDER_MS - 1);
    expect(document.querySelector('deal-debrief-sidebar')).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(document.querySelector('deal-debrief-sidebar')).not.toBeNull();
  });

  it('adds no frame when the rep moved the sidebar to the side panel during the first read', async () => {
    const { bootSite } = await import('../../lib/content/boot');
    let read!: AdapterEnv['report'];
    await bootSite('gmail', new AbortController().signal, [({ report }) => void (read = report)]);
    for (const l of changed) l({ sidebarPlacement: { newValue: 'panel' } }, 'local');
    read({ view: 'thread', status: 'ok', participants: [], captured: 1 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(document.querySelector('deal-debrief-sidebar')).toBeNull();
  });

  it('reports a page no adapter reports on', async () => {
    await boot([]);
    expect(sent.map((m) => [m.name, m.args.context?.view])).toEqual([['capture', 'other']]);
  });
});
