/**
 * The content side of the outbox, wired to the browser's own messaging: what it sends while the
 * page lives, and that a long-lived page does not pile up listeners on its stop signal.
 */
import type { CaptureEvent } from '../../lib/capture/events';

const ev = (n: number): CaptureEvent => ({ kind: 'own-address', email: `rep${n}@ourco.test` });
const settle = async () => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setTimeout(r, 0));
};

describe('the content script outbox', () => {
  const g = globalThis as { browser?: unknown };
  const before = g.browser;
  afterEach(() => {
    g.browser = before;
    vi.resetModules();
  });

  it('sends each batch, adds no listener to the page signal per send, and sends nothing after the stop', async () => {
    const sent: unknown[] = [];
    g.browser = { runtime: { id: 'deal-debrief-test', sendMessage: async (m: unknown) => (sent.push(m), { ok: true, value: null }) } };
    const { createOutbox } = await import('../../lib/content/capture-client');
    const life = new AbortController();
    let listeners = 0;
    const add = life.signal.addEventListener.bind(life.signal);
    life.signal.addEventListener = ((...args: Parameters<AbortSignal['addEventListener']>) => (listeners++, add(...args))) as AbortSignal['addEventListener'];
    const outbox = createOutbox(life.signal);
    const atStart = listeners;
    for (let i = 0; i < 30; i++) {
      outbox.push(ev(i));
      await settle();
    }
    expect(sent).toHaveLength(30);
    expect(listeners).toBe(atStart);
    outbox.push(ev(99));
    life.abort();
    await settle();
    expect(sent).toHaveLength(30);
  });
});
