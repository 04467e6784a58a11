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

  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'requestIdleCallback', 'cancelIdleCallback'] });
    reads = [];
    sent = [];
    const event = { addListener() {}, removeListener() {} };
    g.browser = {
      runtime: {
        id: 'deal-debrief-test',
        getURL: (p: string) => `chrome-extension://x${p}`,
        onMessage: event,
        sendMessage: async (m: Sent) => (sent.push(m), { ok: true, value: null }),
      },
      storage: { local: { get: async (keys: unknown) => (reads.push(keys), {}), set: async () => undefined }, onChanged: event },
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

  it('reports a page no adapter reports on', async () => {
    await boot([]);
    expect(sent.map((m) => [m.name, m.args.context?.view])).toEqual([['capture', 'other']]);
  });
});
