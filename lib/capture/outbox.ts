/**
 * The content script's outbox: capture events wait here until the background acknowledges
 * them. MV3 stops idle service workers at any moment; a send that fails (worker asleep,
 * restarting, extension reloaded) is retried with back-off, so nothing captured is lost.
 * Events are sent in batches, one request in flight at a time, in capture order.
 */
import type { CaptureEvent, PageContext } from './events';

export interface OutboxDeps {
  /** Deliver a batch; resolve only when the background has stored it. */
  send(events: CaptureEvent[], context: PageContext | undefined): Promise<unknown>;
  setTimer(fn: () => void, ms: number): unknown;
  /** Called after a delivered batch with the number of events in it. */
  onDelivered?(count: number): void;
  onError?(error: unknown, attempt: number): void;
}

export const BATCH_DELAY_MS = 150;
const MAX_BATCH = 200;
const MAX_BACKOFF_MS = 10_000;

export class Outbox {
  private queue: CaptureEvent[] = [];
  private context: PageContext | undefined;
  private contextDirty = false;
  private inFlight = false;
  private scheduled = false;
  private attempt = 0;
  private stopped = false;

  constructor(private readonly deps: OutboxDeps) {}

  get pending(): number {
    return this.queue.length;
  }

  push(...events: CaptureEvent[]): void {
    if (events.length === 0) return;
    this.queue.push(...events);
    this.schedule(BATCH_DELAY_MS);
  }

  /** The page context rides along with the next batch (or goes alone). */
  setContext(context: PageContext): void {
    this.context = context;
    this.contextDirty = true;
    this.schedule(BATCH_DELAY_MS);
  }

  stop(): void {
    this.stopped = true;
  }

  private schedule(ms: number): void {
    if (this.scheduled || this.inFlight || this.stopped) return;
    this.scheduled = true;
    this.deps.setTimer(() => {
      this.scheduled = false;
      void this.flush();
    }, ms);
  }

  async flush(): Promise<void> {
    if (this.inFlight || this.stopped) return;
    if (this.queue.length === 0 && !this.contextDirty) return;
    this.inFlight = true;
    const batch = this.queue.slice(0, MAX_BATCH);
    const context = this.contextDirty ? this.context : undefined;
    this.contextDirty = false;
    try {
      await this.deps.send(batch, context);
      this.queue.splice(0, batch.length);
      this.attempt = 0;
      this.deps.onDelivered?.(batch.length);
    } catch (error) {
      if (context) this.contextDirty = true;
      this.attempt += 1;
      this.deps.onError?.(error, this.attempt);
    } finally {
      this.inFlight = false;
    }
    if (this.queue.length > 0 || this.contextDirty) {
      const delay = this.attempt === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 250 * 2 ** (this.attempt - 1));
      this.schedule(delay);
    }
  }
}
