/**
 * The content script's outbox: capture events wait here until the background acknowledges
 * them. MV3 stops idle service workers at any moment; a send that fails (worker asleep,
 * restarting, extension reloaded) is retried with back-off, so nothing captured is lost.
 * Events are sent in batches, one request in flight at a time, in capture order.
 *
 * Nothing may block the queue or grow it without bound, and nothing is dropped without a word:
 * an event too large to ever be delivered, a batch refused for its size that cannot be split
 * further, and events beyond the queue's bound are dropped and reported through `onDropped`
 * (the page's sidebar then says capture is paused and why). A batch refused for its size is
 * split and retried in halves.
 */
import type { CaptureEvent, PageContext } from './events';

export interface OutboxDeps {
  /** Deliver a batch; resolve only when the background has stored it. */
  send(events: CaptureEvent[], context: PageContext | undefined): Promise<unknown>;
  setTimer(fn: () => void, ms: number): unknown;
  /** Called after a delivered batch with the number of events in it. */
  onDelivered?(count: number): void;
  onError?(error: unknown, attempt: number): void;
  /** Events were dropped; `reason` is in plain words for the rep. */
  onDropped?(count: number, reason: string): void;
  /** Which pushed events may be queued at all (the rest were already reported as dropped). */
  admit?(events: CaptureEvent[]): CaptureEvent[];
}

/**
 * How long a pushed event waits before it is sent: the rest of the current task, so what one
 * scan pushes goes in one batch, and what later scans push gathers behind the request in flight
 * (one at a time). A fixed wait on top would only delay the sidebar showing what was captured.
 */
export const BATCH_DELAY_MS = 0;
const MAX_BATCH = 200;
const MAX_BACKOFF_MS = 10_000;
/** The browser refuses a message above 64 MiB; an event or a batch stays far below it. */
export const MAX_EVENT_CHARS = 4 * 1024 * 1024;
export const MAX_BATCH_CHARS = 16 * 1024 * 1024;
/** Events kept while the background cannot take them (about a day of heavy use). */
export const MAX_QUEUE = 5_000;

export const DROPPED_TOO_LARGE = 'an item on this page is too large to store';
export const DROPPED_QUEUE_FULL = 'too much is waiting to be stored; newer items on this page are not kept';

/** Whether a failed send was refused for its size (Chromium: "Message length exceeded maximum allowed length."). */
export function isSizeError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /message length exceeded|maximum allowed length|too large|exceeds? .*(size|length)/i.test(message);
}

function sizeOf(event: CaptureEvent): number {
  try {
    return JSON.stringify(event).length;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

export class Outbox {
  #queue: { event: CaptureEvent; size: number }[] = [];
  /** Halved while batches are refused for their size; back to MAX_BATCH after a delivery. */
  #batchLimit = MAX_BATCH;
  #context: PageContext | undefined;
  #contextDirty = false;
  #inFlight = false;
  #scheduled = false;
  #attempt = 0;
  #stopped = false;

  readonly #deps: OutboxDeps;

  constructor(deps: OutboxDeps) {
    this.#deps = deps;
  }

  get pending(): number {
    return this.#queue.length;
  }

  push(...pushed: CaptureEvent[]): void {
    if (pushed.length === 0 || this.#stopped) return;
    const events = this.#deps.admit ? this.#deps.admit(pushed) : pushed;
    let tooLarge = 0;
    let overflow = 0;
    for (const event of events) {
      const size = sizeOf(event);
      if (size > MAX_EVENT_CHARS) tooLarge += 1;
      else if (this.#queue.length >= MAX_QUEUE) overflow += 1;
      else this.#queue.push({ event, size });
    }
    if (tooLarge) this.#deps.onDropped?.(tooLarge, DROPPED_TOO_LARGE);
    if (overflow) this.#deps.onDropped?.(overflow, DROPPED_QUEUE_FULL);
    this.#schedule(BATCH_DELAY_MS);
  }

  /** The page context rides along with the next batch (or goes alone). */
  setContext(context: PageContext): void {
    this.#context = context;
    this.#contextDirty = true;
    this.#schedule(BATCH_DELAY_MS);
  }

  stop(): void {
    this.#stopped = true;
  }

  #schedule(ms: number): void {
    if (this.#scheduled || this.#inFlight || this.#stopped) return;
    this.#scheduled = true;
    this.#deps.setTimer(() => {
      this.#scheduled = false;
      void this.flush();
    }, ms);
  }

  async flush(): Promise<void> {
    if (this.#inFlight || this.#stopped) return;
    if (this.#queue.length === 0 && !this.#contextDirty) return;
    this.#inFlight = true;
    let count = 0;
    let chars = 0;
    while (count < Math.min(this.#batchLimit, this.#queue.length) && (count === 0 || chars + this.#queue[count]!.size <= MAX_BATCH_CHARS)) {
      chars += this.#queue[count]!.size;
      count += 1;
    }
    const batch = this.#queue.slice(0, count).map((q) => q.event);
    const context = this.#contextDirty ? this.#context : undefined;
    this.#contextDirty = false;
    try {
      await this.#deps.send(batch, context);
      this.#queue.splice(0, batch.length);
      this.#attempt = 0;
      this.#batchLimit = MAX_BATCH;
      this.#deps.onDelivered?.(batch.length);
    } catch (error) {
      if (context) this.#contextDirty = true;
      if (isSizeError(error) && batch.length > 1) {
        // Refused for its size: try again at once in halves.
        this.#batchLimit = Math.max(1, Math.floor(batch.length / 2));
      } else if (isSizeError(error)) {
        // One event the browser will never carry: drop it rather than block the queue behind it.
        this.#queue.splice(0, 1);
        this.#deps.onDropped?.(1, DROPPED_TOO_LARGE);
      } else {
        this.#attempt += 1;
        this.#deps.onError?.(error, this.#attempt);
      }
    } finally {
      this.#inFlight = false;
    }
    if (this.#queue.length > 0 || this.#contextDirty) {
      const delay = this.#attempt === 0 ? 0 : Math.min(MAX_BACKOFF_MS, 250 * 2 ** (this.#attempt - 1));
      this.#schedule(delay);
    }
  }
}
