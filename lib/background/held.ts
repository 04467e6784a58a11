/**
 * Captured events the database refused alone while the rest of their batch was stored (see
 * lib/capture/isolate.ts): kept by the background, never dropped, and tried again when Deal
 * Debrief starts after a browser restart or an update — a defect that made them fail is fixed by
 * an update, not by trying again a minute later. The page that sent them says "capture paused"
 * with their count until it changes, and Settings shows how many are kept.
 *
 * Kept under one key of the extension's local storage, within bounds (`MAX_HELD` events,
 * `MAX_HELD_CHARS` characters as JSON): when more would not fit, the events are not kept here and
 * the batch is refused as before, so the page's outbox keeps it and sends it again.
 */
import type { CaptureEvent } from '../capture/events';
import type { SiteId } from '../model';
import { acceptEvents, siteOfUrl } from '../capture/acceptance';
import { storeIsolating } from '../capture/isolate';
import type { Clock } from '../clock';
import { filterEvents, neverCaptureMatcher, pausedUntil } from '../capture-control';
import { ingest } from '../db/ingest';
import { loadSettings } from '../db/settings';
import type { DealDebriefDB } from '../db/schema';

export const HELD_KEY = 'heldCapture';
export const MAX_HELD = 500;
export const MAX_HELD_CHARS = 1_000_000;

export interface HeldEvent {
  event: CaptureEvent;
  /** The site and address of the page that sent it (the browser's word), to check it again. */
  site?: SiteId;
  url: string;
  /** When the background received it. */
  at: number;
  /** The error's name only (never its message, which may quote the page). */
  error: string;
}

/** Where the held events live: the extension's local storage in the browser, memory in tests. */
export interface HeldArea {
  read(): Promise<unknown>;
  write(held: HeldEvent[]): Promise<void>;
}

/** A short name for an error: its class or DOMException name, never its message. */
export function errorName(error: unknown): string {
  let name = 'error';
  if (error && typeof error === 'object') {
    const own = (error as { name?: unknown }).name;
    const inner = (error as { inner?: { name?: unknown } }).inner?.name;
    name = typeof inner === 'string' ? `${String(own)}/${inner}` : typeof own === 'string' ? own : 'error';
  }
  return name.replace(/[^\w/.-]/g, '').slice(0, 60) || 'error';
}

function parseHeld(raw: unknown): HeldEvent[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter((h): h is HeldEvent => !!h && typeof h === 'object' && !!(h as HeldEvent).event && typeof (h as HeldEvent).url === 'string');
}

export interface HeldCapture {
  /** Keep these; false when they would not fit (nothing is kept then). */
  hold(entries: HeldEvent[]): Promise<boolean>;
  count(): Promise<number>;
  /** Replace what is kept with what `change` returns (one change at a time). */
  update(change: (held: HeldEvent[]) => Promise<HeldEvent[]>): Promise<void>;
  clear(): Promise<void>;
}

export function createHeldCapture(area: HeldArea): HeldCapture {
  // Captures from several tabs and the retry at start may overlap: one read-change-write at a time.
  let chain: Promise<unknown> = Promise.resolve();
  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const next = chain.then(run, run);
    chain = next.catch(() => undefined);
    return next;
  };
  return {
    hold: (entries) =>
      serially(async () => {
        const next = [...parseHeld(await area.read()), ...entries];
        if (next.length > MAX_HELD || JSON.stringify(next).length > MAX_HELD_CHARS) return false;
        await area.write(next);
        return true;
      }),
    count: () => serially(async () => parseHeld(await area.read()).length),
    update: (change) =>
      serially(async () => {
        const held = parseHeld(await area.read());
        if (held.length === 0) return;
        const next = await change(held);
        if (next.length !== held.length || next.some((h, i) => h !== held[i])) await area.write(next);
      }),
    clear: () => serially(() => area.write([])),
  };
}

/** Whether a held event names this address (any field whose whole value it is, in any case). */
export function heldMentions(held: HeldEvent, email: string): boolean {
  return JSON.stringify(held.event).toLowerCase().includes(JSON.stringify(email.toLowerCase()));
}

/** What trying the held events again did. */
export interface HeldRetry {
  /** Events stored now. */
  stored: number;
  /** No longer wanted: their site's capture is paused, or they touch the never-capture list. */
  discarded: number;
  kept: number;
}

/**
 * Try the held events again, under today's rules: an event the page may no longer hand over, one
 * whose site's capture the rep has paused, or one that touches the never-capture list is
 * discarded, as the capture handler would refuse it now (the rep asked for that). What stores is
 * removed; what still fails stays, with its new error; an environmental failure keeps them all.
 */
export async function retryHeldCapture(db: DealDebriefDB, clock: Clock, held: HeldCapture, store: (events: CaptureEvent[]) => Promise<unknown> = (events) => ingest(db, events, clock.now())): Promise<HeldRetry> {
  const outcome: HeldRetry = { stored: 0, discarded: 0, kept: 0 };
  await held.update(async (entries) => {
    const control = await loadSettings(db);
    const matcher = neverCaptureMatcher(control.neverCapture);
    const now = clock.now();
    const wanted = entries.filter((h) => {
      const site = siteOfUrl(h.url, control.customCrmHosts);
      const accepted = acceptEvents([h.event], h.url, control.customCrmHosts).events;
      const paused = site !== undefined && pausedUntil(control.capturePausedUntil, site, now) !== undefined;
      const allowed = paused ? accepted.filter((e) => e.kind === 'own-address') : filterEvents(accepted, matcher).kept;
      return allowed.length === 1;
    });
    outcome.discarded = entries.length - wanted.length;
    let left = wanted;
    if (wanted.length === 0) return left;
    try {
      const { failed } = await storeIsolating(
        wanted.map((h) => h.event),
        store,
      );
      outcome.stored = wanted.length - failed.length;
      const failedAgain = new Map(failed.map((f) => [f.event, f.error]));
      left = wanted.filter((h) => failedAgain.has(h.event)).map((h) => ({ ...h, error: errorName(failedAgain.get(h.event)) }));
    } catch {
      // Storage is unwell, or every one failed again: all of them wait for the next start.
    }
    outcome.kept = left.length;
    return left;
  });
  return outcome;
}
