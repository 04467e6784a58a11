/**
 * Captured events the database refused alone while the rest of their batch was stored (see
 * lib/capture/isolate.ts): kept by the background in its own database (lib/db/held.ts), never
 * dropped, and tried again when Deal Debrief starts after a browser restart or an update — a
 * defect that made them fail is fixed by an update, not by trying again a minute later. The page
 * that sent them says "capture paused" with their count until it changes, and Settings shows how
 * many are kept.
 */
import type { CaptureEvent } from '../capture/events';
import { admitEvents, prepareEvents } from '../capture/admit';
import { storeIsolating } from '../capture/isolate';
import type { Clock } from '../clock';
import { type HeldRow, readHeld } from '../db/held';
import { ingest } from '../db/ingest';
import { loadSettings } from '../db/settings';
import type { DealDebriefDB } from '../db/schema';

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

/** What trying the held events again did. */
export interface HeldRetry {
  /** Events stored now. */
  stored: number;
  /** No longer wanted: not a capture event by today's schema, not the sending page's to hand over, paused, or on the never-capture list. */
  discarded: number;
  kept: number;
}

/**
 * Try the held events again, as the capture handler would take them now from the page that sent
 * them: admitted again (the capture schema, the page's site, the rep's pauses and never-capture
 * list; what fails that is discarded, as the handler would refuse it now) and prepared for
 * ingest the same way (lib/capture/admit.ts). What stores is removed; what still fails stays,
 * with its new error; an environmental failure keeps them all.
 *
 * Each part is stored in one transaction with the held table: it stores only the events still
 * kept there exactly as read, and removes them, so a contact forgotten, everything deleted or a
 * send undone while this runs is never written back.
 */
export async function retryHeldCapture(db: DealDebriefDB, clock: Clock, store: (events: CaptureEvent[]) => Promise<unknown> = (events) => ingest(db, events, clock.now())): Promise<HeldRetry> {
  const outcome: HeldRetry = { stored: 0, discarded: 0, kept: 0 };
  const rows = await readHeld(db);
  if (rows.length === 0) return outcome;
  const control = await loadSettings(db);
  const now = clock.now();
  const skew = clock.offsetMs?.() ?? 0;
  const rowOf = new Map<CaptureEvent, HeldRow>();
  const unwanted: string[] = [];
  for (const row of rows) {
    const admitted = admitEvents([row.event], row.url, control, now).events;
    if (admitted.length !== 1) {
      unwanted.push(row.key);
      continue;
    }
    rowOf.set(prepareEvents(admitted, skew)[0]!, row);
  }
  if (unwanted.length) await db.heldCapture.bulkDelete(unwanted);
  outcome.discarded = unwanted.length;
  const wanted = [...rowOf.keys()];
  if (wanted.length === 0) return outcome;
  const unchanged = (now: HeldRow | undefined, then: HeldRow) => now !== undefined && JSON.stringify(now.event) === JSON.stringify(then.event);
  try {
    const { results, failed } = await storeIsolating(wanted, (part) =>
      db.transaction('rw', db.tables, async () => {
        const current = await db.heldCapture.bulkGet(part.map((e) => rowOf.get(e)!.key));
        // Changed or gone since it was read (forgotten, undone): left to what did that.
        const still = part.filter((e, i) => unchanged(current[i], rowOf.get(e)!));
        if (still.length) await store(still);
        await db.heldCapture.bulkDelete(still.map((e) => rowOf.get(e)!.key));
        return still.length;
      }),
    );
    outcome.stored = results.reduce((n, r) => n + r, 0);
    outcome.kept = failed.length;
    // What failed again stays, with its new error.
    if (failed.length) {
      await db.transaction('rw', db.heldCapture, async () => {
        for (const f of failed) await db.heldCapture.update(rowOf.get(f.event)!.key, { error: errorName(f.error) });
      });
    }
  } catch {
    // Storage is unwell, or every one failed again: all of them wait for the next start.
    outcome.kept = wanted.length;
  }
  return outcome;
}
