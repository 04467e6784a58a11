/**
 * What the background does with events a page hands over before they are stored, in one place for
 * the capture handler and for the retry of events kept because the database refused them
 * (lib/background/held.ts), so the two cannot drift apart.
 *
 * `admitEvents` checks them (the capture schema, what the sender's site may hand over, the
 * rep's pauses and never-capture list): what it keeps is what the page sent, as received.
 * `prepareEvents` then makes copies ready for ingest (a call's deal, the test clock's skew);
 * events are kept for a retry before this step, so the retry prepares them again the same way.
 *
 * Pure: the settings, the time and the skew come in as arguments.
 */
import type { Settings } from '../model';
import { crmRecordFromUrl } from '../keys';
import { filterEvents, neverCaptureMatcher, pausedUntil } from '../capture-control';
import { acceptEvents, siteOfUrl } from './acceptance';
import type { CaptureEvent } from './events';
import { validateEvents } from './schemas';

export interface Admitted {
  /** Not events at all by the capture schema (one reason each). */
  rejected: string[];
  /** Events of another site or page than the sender's (one reason each). */
  refused: string[];
  /** What may be stored, as the page sent it. */
  events: CaptureEvent[];
}

type Control = Pick<Settings, 'customCrmHosts' | 'capturePausedUntil' | 'neverCapture'>;

export function admitEvents(input: unknown, senderUrl: string | undefined, control: Control, now: number): Admitted {
  const validated = validateEvents(input);
  // A content script may hand over only what its own site's adapters produce, about its own
  // page's origin; the site is the sender's address (the browser's word), not the page's.
  const site = siteOfUrl(senderUrl, control.customCrmHosts);
  const accepted = acceptEvents(validated.events, senderUrl, control.customCrmHosts);
  // The rep decides what is captured: nothing while capture is paused on this site, and
  // nothing that touches the never-capture list.
  const paused = site !== undefined && pausedUntil(control.capturePausedUntil, site, now) !== undefined;
  const events = paused ? accepted.events.filter((e) => e.kind === 'own-address') : filterEvents(accepted.events, neverCaptureMatcher(control.neverCapture)).kept;
  return { rejected: validated.rejected, refused: accepted.refused, events };
}

/** Copies of admitted events ready for ingest, in the same order; the events themselves are not changed. */
export function prepareEvents(events: readonly CaptureEvent[], skewMs: number): CaptureEvent[] {
  return events.map((e) => {
    if (e.kind !== 'call' && e.kind !== 'sending') return e;
    // Sends and calls happen "now" on the page's clock; in a test build the background's clock
    // may be moved, and the two must agree. In production the skew is always 0.
    const at = e.at + skewMs;
    // A call placed on a deal's page belongs to that deal: the one the call's own address names
    // (its sender's origin, checked when admitted), never one another page of the tab showed before.
    return e.kind === 'call' ? { ...e, at, dealId: crmRecordFromUrl(e.url)?.key } : { ...e, at };
  });
}
