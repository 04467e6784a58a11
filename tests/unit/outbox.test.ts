import type { CaptureEvent, PageContext } from '../../lib/capture/events';
import { BATCH_DELAY_MS, DROPPED_QUEUE_FULL, DROPPED_TOO_LARGE, MAX_BATCH_CHARS, MAX_EVENT_CHARS, MAX_QUEUE, Outbox } from '../../lib/capture/outbox';

const ev = (n: number): CaptureEvent => ({ kind: 'own-address', email: `rep${n}@ourco.test` });
const ids = (events: CaptureEvent[]) => events.map((e) => (e.kind === 'own-address' ? e.email : e.kind));
const ctx = (url: string): PageContext => ({ site: 'gmail', url, view: 'thread', status: 'ok', participants: [], captured: 0 });

interface Deferred {
  resolve(): void;
  reject(e: unknown): void;
}

/** A fake world: timers run only when the test says so; each send is held until settled. */
function harness() {
  const timers: { fn: () => void; ms: number }[] = [];
  const delays: number[] = [];
  const sends: { events: CaptureEvent[]; context: PageContext | undefined; settle: Deferred }[] = [];
  const delivered: number[] = [];
  const errors: number[] = [];
  const dropped: [number, string][] = [];
  const outbox = new Outbox({
    send(events, context) {
      return new Promise<void>((resolve, reject) => {
        sends.push({ events: [...events], context, settle: { resolve, reject } });
      });
    },
    setTimer(fn, ms) {
      timers.push({ fn, ms });
      delays.push(ms);
    },
    onDelivered: (n) => delivered.push(n),
    onError: (_e, attempt) => errors.push(attempt),
    onDropped: (n, reason) => dropped.push([n, reason]),
  });
  const settle = async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
    await new Promise((r) => setTimeout(r, 0));
  };
  return {
    outbox,
    timers,
    delays,
    sends,
    delivered,
    errors,
    dropped,
    /** Fire every pending timer. */
    async fire() {
      const due = timers.splice(0);
      for (const t of due) t.fn();
      await settle();
    },
    async succeed() {
      const s = sends.at(-1);
      if (!s) throw new Error('nothing in flight');
      s.settle.resolve();
      await settle();
    },
    async fail(message = 'Could not establish connection. Receiving end does not exist.') {
      const s = sends.at(-1);
      if (!s) throw new Error('nothing in flight');
      s.settle.reject(new Error(message));
      await settle();
    },
  };
}

describe('Outbox', () => {
  it('batches the events pushed in one task into one send', async () => {
    const h = harness();
    h.outbox.push(ev(1));
    h.outbox.push(ev(2), ev(3));
    h.outbox.push();
    expect(h.delays).toEqual([BATCH_DELAY_MS]);
    expect(h.sends).toHaveLength(0);
    expect(h.outbox.pending).toBe(3);
    await h.fire();
    expect(h.sends.map((s) => ids(s.events))).toEqual([['rep1@ourco.test', 'rep2@ourco.test', 'rep3@ourco.test']]);
    await h.succeed();
    expect(h.delivered).toEqual([3]);
    expect(h.outbox.pending).toBe(0);
    expect(h.timers).toHaveLength(0);
  });

  it('retries with doubling back-off, capped at 10 s, while the worker is gone', async () => {
    const h = harness();
    h.outbox.push(ev(1));
    for (let i = 0; i < 8; i++) {
      await h.fire();
      await h.fail();
    }
    // The batching delay, then 250 · 2^(attempt−1): 250, 500, 1000, 2000, 4000, 8000, then the cap.
    expect(h.delays).toEqual([BATCH_DELAY_MS, 250, 500, 1000, 2000, 4000, 8000, 10_000, 10_000]);
    expect(h.errors).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    await h.fire();
    await h.succeed();
    expect(h.delivered).toEqual([1]);
    // Back-off resets after a success: the next batch waits only the batching delay.
    h.outbox.push(ev(2));
    expect(h.delays.at(-1)).toBe(BATCH_DELAY_MS);
  });

  it('delivers everything in order, once, across failures and pushes made while a send is in flight', async () => {
    const h = harness();
    const ok: CaptureEvent[] = [];
    const succeed = async () => {
      ok.push(...(h.sends.at(-1)?.events ?? []));
      await h.succeed();
    };
    h.outbox.push(ev(1), ev(2));
    await h.fire();
    h.outbox.push(ev(3)); // while [1, 2] is in flight
    expect(h.timers).toHaveLength(0); // one request in flight at a time
    await h.fail();
    await h.fire();
    expect(ids(h.sends.at(-1)?.events ?? [])).toEqual(['rep1@ourco.test', 'rep2@ourco.test', 'rep3@ourco.test']);
    h.outbox.push(ev(4)); // while [1, 2, 3] is in flight
    await succeed();
    // What arrived while in flight goes next, at once.
    expect(h.delays.at(-1)).toBe(0);
    await h.fire();
    expect(ids(h.sends.at(-1)?.events ?? [])).toEqual(['rep4@ourco.test']);
    await h.fail();
    await h.fire();
    await succeed();
    expect(ids(ok)).toEqual(['rep1@ourco.test', 'rep2@ourco.test', 'rep3@ourco.test', 'rep4@ourco.test']);
    expect(h.outbox.pending).toBe(0);
    expect(h.timers).toHaveLength(0);
  });

  it('sends at most 200 events per request, in order', async () => {
    const h = harness();
    h.outbox.push(...Array.from({ length: 450 }, (_, i) => ev(i)));
    const sizes: number[] = [];
    const firsts: string[] = [];
    for (let i = 0; i < 3; i++) {
      await h.fire();
      const s = h.sends.at(-1);
      sizes.push(s?.events.length ?? 0);
      firsts.push(ids(s?.events ?? [])[0] ?? '');
      await h.succeed();
    }
    expect(sizes).toEqual([200, 200, 50]);
    expect(firsts).toEqual(['rep0@ourco.test', 'rep200@ourco.test', 'rep400@ourco.test']);
    expect(h.delivered).toEqual([200, 200, 50]);
  });

  it('sends the page context alone, re-sends it after a failure, and not again after success', async () => {
    const h = harness();
    h.outbox.setContext(ctx('https://mail.google.com/#inbox/a'));
    await h.fire();
    expect(h.sends[0]).toMatchObject({ events: [], context: { url: 'https://mail.google.com/#inbox/a' } });
    await h.fail();
    await h.fire();
    expect(h.sends[1]?.context?.url).toBe('https://mail.google.com/#inbox/a');
    await h.succeed();
    expect(h.timers).toHaveLength(0);
    h.outbox.push(ev(1));
    await h.fire();
    expect(h.sends[2]?.context).toBeUndefined();
  });

  it('lets the context ride along with a batch; a newer context set during a failed send replaces it', async () => {
    const h = harness();
    h.outbox.setContext(ctx('https://mail.google.com/#inbox/a'));
    h.outbox.push(ev(1));
    await h.fire();
    expect(h.sends).toHaveLength(1);
    expect(h.sends[0]?.context?.url).toBe('https://mail.google.com/#inbox/a');
    h.outbox.setContext(ctx('https://mail.google.com/#inbox/b'));
    await h.fail();
    await h.fire();
    expect(ids(h.sends[1]?.events ?? [])).toEqual(['rep1@ourco.test']);
    expect(h.sends[1]?.context?.url).toBe('https://mail.google.com/#inbox/b');
  });

  it('stop() ends retries and ignores later pushes', async () => {
    const h = harness();
    h.outbox.push(ev(1));
    await h.fire();
    await h.fail();
    expect(h.timers).toHaveLength(1); // a retry is scheduled
    h.outbox.stop();
    await h.fire();
    h.outbox.push(ev(2));
    await h.outbox.flush();
    expect(h.sends).toHaveLength(1);
    expect(h.timers).toHaveLength(0);
  });

  const TOO_BIG = 'Message length exceeded maximum allowed length.';
  const big = (n: number, chars: number): CaptureEvent => ({ kind: 'send-undone', composeId: `c${n}-${'x'.repeat(chars)}` });

  it('a batch refused for its size is split and retried at once; nothing is lost and the next thread still goes', async () => {
    const h = harness();
    h.outbox.push(...Array.from({ length: 8 }, (_, i) => ev(i)));
    await h.fire();
    expect(h.sends.at(-1)?.events).toHaveLength(8);
    await h.fail(TOO_BIG);
    expect(h.delays.at(-1)).toBe(0);
    await h.fire();
    expect(h.sends.at(-1)?.events).toHaveLength(4);
    await h.succeed();
    await h.fire();
    await h.succeed();
    expect(h.delivered).toEqual([4, 4]);
    expect(h.dropped).toEqual([]);
    expect(h.errors).toEqual([]);
  });

  it('one event the browser will never carry is dropped with a word, and the queue behind it moves on', async () => {
    const h = harness();
    h.outbox.push(big(1, 10), ev(2));
    await h.fire();
    await h.fail(TOO_BIG); // [big, 2] → halves
    await h.fire();
    expect(h.sends.at(-1)?.events.map((e) => e.kind)).toEqual(['send-undone']);
    await h.fail(TOO_BIG); // the single event itself is refused
    expect(h.dropped).toEqual([[1, DROPPED_TOO_LARGE]]);
    await h.fire();
    expect(ids(h.sends.at(-1)?.events ?? [])).toEqual(['rep2@ourco.test']);
    await h.succeed();
    expect(h.outbox.pending).toBe(0);
  });

  it('an event above the size cap is never queued, and says so', async () => {
    const h = harness();
    h.outbox.push(big(1, MAX_EVENT_CHARS), ev(2));
    expect(h.outbox.pending).toBe(1);
    expect(h.dropped).toEqual([[1, DROPPED_TOO_LARGE]]);
  });

  it('a batch stays under the size budget however many events are waiting', async () => {
    const h = harness();
    const each = MAX_EVENT_CHARS - 100;
    const fit = Math.floor(MAX_BATCH_CHARS / JSON.stringify(big(0, each)).length);
    h.outbox.push(...Array.from({ length: fit + 2 }, (_, i) => big(i, each)));
    await h.fire();
    expect(h.sends.at(-1)?.events).toHaveLength(fit);
    await h.succeed();
    await h.fire();
    expect(h.sends.at(-1)?.events).toHaveLength(2);
    expect(h.dropped).toEqual([]);
  });

  it('the queue is bounded while the background cannot take anything: the excess is dropped and reported', async () => {
    const h = harness();
    h.outbox.push(...Array.from({ length: MAX_QUEUE + 25 }, (_, i) => ev(i)));
    expect(h.outbox.pending).toBe(MAX_QUEUE);
    expect(h.dropped).toEqual([[25, DROPPED_QUEUE_FULL]]);
  });
});

describe('outbox: admission', () => {
  it('queues only what admit lets through', async () => {
    const sent: CaptureEvent[][] = [];
    const outbox = new Outbox({
      send: async (events) => void sent.push([...events]),
      setTimer: () => undefined,
      admit: (events) => events.slice(0, 2),
    });
    outbox.push(ev(1), ev(2), ev(3));
    expect(outbox.pending).toBe(2);
    await outbox.flush();
    expect(sent.map(ids)).toEqual([['rep1@ourco.test', 'rep2@ourco.test']]);
  });
});
