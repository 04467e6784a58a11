/**
 * How much one view of a page may produce. A page can render thousands of fake message
 * elements (or a CRM timeline of thousands of items); each would become a touchpoint and fill
 * the database. A real view holds far fewer: Gmail shows at most 100 messages in a conversation
 * (each may be seen collapsed, then expanded) and 100 rows on a list page, and a CRM deal event
 * carries at most 500 timeline items. So a view may bring at most `VIEW_ITEMS_PER_MINUTE` new
 * items within any minute; past that, nothing more from that view is kept and capture on it
 * stays paused until the page shows another view (the sidebar says so).
 *
 * An item is a distinct thing that can become a touchpoint: a message, a list row, a send, a
 * call, a deal and each item of its timeline. The same item seen again (a re-render, a
 * collapsed message opened) does not count twice. Pure: the time comes in as an argument.
 */
import type { CaptureEvent } from './events';

export const VIEW_ITEMS_PER_MINUTE = 600;
export const VIEW_WINDOW_MS = 60_000;
/** What the sidebar says after "capture paused: ". */
export const TOO_MANY_ITEMS = 'too many items on this page';

/** The distinct items an event stands for (none for the account's address or an undo). */
export function itemsOf(event: CaptureEvent): string[] {
  switch (event.kind) {
    case 'email':
      return [`m:${event.messageId}`];
    case 'list-row':
      return [`r:${event.threadId}`];
    case 'sending':
      return [`s:${event.composeId}`];
    case 'call':
      return [`c:${event.phone}:${event.at}`];
    case 'deal':
      return [`d:${event.source}:${event.crmId}`, ...(event.activities ?? []).map((a) => `a:${a.id}`)];
    default:
      return [];
  }
}

export interface Admitted {
  kept: CaptureEvent[];
  /** Events not kept: the view is over its bound. */
  cut: number;
}

export class ViewBudget {
  #view: string | undefined;
  #seen = new Set<string>();
  /** When each new item of this view was admitted, oldest first. */
  #times: number[] = [];
  #over = false;

  readonly #limit: number;
  readonly #windowMs: number;

  constructor(limit = VIEW_ITEMS_PER_MINUTE, windowMs = VIEW_WINDOW_MS) {
    this.#limit = limit;
    this.#windowMs = windowMs;
  }

  /** The events of `view` that fit its bound at `now`, in order; the first that does not fit and all after it are cut. */
  admit(view: string, events: readonly CaptureEvent[], now: number): Admitted {
    if (view !== this.#view) {
      this.#view = view;
      this.#seen = new Set();
      this.#times = [];
      this.#over = false;
    }
    while (this.#times.length > 0 && now - this.#times[0]! >= this.#windowMs) this.#times.shift();
    const kept: CaptureEvent[] = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      if (this.#over) return { kept, cut: events.length - i };
      // Its distinct items not seen before, in order.
      const fresh = new Set<string>();
      for (const item of itemsOf(event)) if (!this.#seen.has(item)) fresh.add(item);
      if (this.#times.length + fresh.size > this.#limit) {
        this.#over = true;
        return { kept, cut: events.length - i };
      }
      for (const item of fresh) {
        this.#seen.add(item);
        this.#times.push(now);
      }
      kept.push(event);
    }
    return { kept, cut: 0 };
  }
}
