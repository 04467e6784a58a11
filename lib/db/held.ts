/**
 * Captured events the database refused alone while the rest of their batch was stored (see
 * lib/capture/isolate.ts), kept in the extension's own database (table `heldCapture`), which no
 * content script can reach, until they are tried again when Deal Debrief starts
 * (lib/background/held.ts). Each is kept as the page sent it and the background admitted it,
 * with the address of the page that sent it, under a key made from the event itself, so the same
 * event captured again (the conversation opened again, a second tab, a batch sent again) is kept
 * once. Within bounds (`MAX_HELD` events, `MAX_HELD_CHARS` characters as JSON): when more would
 * not fit, nothing is kept and the batch is refused as before.
 *
 * Forgetting changes them by the rules of stored touchpoints (lib/db/forget.ts), in the same
 * transaction as the rest.
 */
import type { CaptureEvent, Party } from '../capture/events';
import { filterEvents, type NeverCaptureMatcher } from '../capture-control';
import { domainOf } from '../addresses';
import { hash53 } from '../keys';
import type { DealDebriefDB, HeldRow } from './schema';

export const MAX_HELD = 500;
export const MAX_HELD_CHARS = 1_000_000;

export type { HeldRow };

export type HeldEntry = Pick<HeldRow, 'event' | 'site' | 'url' | 'at' | 'error'>;

export function heldKey(event: CaptureEvent): string {
  const json = JSON.stringify(event);
  return `held:${hash53(json)}:${hash53(json, 1)}`;
}

function rowOf(entry: HeldEntry, n: number): HeldRow {
  return { ...entry, key: heldKey(entry.event), n, size: JSON.stringify(entry.event).length + entry.url.length };
}

/** Keep these (those already kept stay as they are); false when they would not fit (nothing is kept then). */
export async function holdEvents(db: DealDebriefDB, entries: readonly HeldEntry[]): Promise<boolean> {
  return db.transaction('rw', db.heldCapture, async () => {
    const kept = await db.heldCapture.toArray();
    const known = new Set(kept.map((r) => r.key));
    const added: HeldRow[] = [];
    entries.forEach((entry, i) => {
      const row = rowOf(entry, i);
      if (known.has(row.key)) return;
      known.add(row.key);
      added.push(row);
    });
    if (added.length === 0) return true;
    const chars = [...kept, ...added].reduce((n, r) => n + r.size, 0);
    if (kept.length + added.length > MAX_HELD || chars > MAX_HELD_CHARS) return false;
    await db.heldCapture.bulkAdd(added);
    return true;
  });
}

/** What is kept, in the order it was received. */
export async function readHeld(db: DealDebriefDB): Promise<HeldRow[]> {
  return (await db.heldCapture.toArray()).sort((a, b) => a.at - b.at || a.n - b.n);
}

export function countHeld(db: DealDebriefDB): Promise<number> {
  return db.heldCapture.count();
}

/** A `send-undone` takes back the send: a kept `sending` of that compose window is never stored. */
export async function dropHeldSendings(db: DealDebriefDB, composeIds: readonly string[]): Promise<void> {
  if (composeIds.length === 0) return;
  const ids = new Set(composeIds);
  await db.heldCapture.filter((r) => r.event.kind === 'sending' && ids.has(r.event.composeId)).delete();
}

/** Kept events the never-capture list now covers go (the caller's transaction). */
export async function forgetHeldMatching(db: DealDebriefDB, m: NeverCaptureMatcher): Promise<number> {
  // A call goes too when its contact is on the list, as its stored touchpoint does (its contactEmails).
  const callOnList = (e: CaptureEvent) => e.kind === 'call' && (m.address(e.contactEmail) || (e.pageEmails?.length === 1 && m.address(e.pageEmails[0])));
  return db.heldCapture.filter((r) => filterEvents([r.event], m).dropped > 0 || callOnList(r.event)).delete();
}

interface Team {
  own: readonly string[];
  internalDomains: readonly string[];
}

/**
 * A kept event without one contact, by the rule for stored touchpoints: it goes when it is
 * theirs (they sent it, the call was to them) or when no other prospect is left on it; otherwise
 * their address is taken off it. Undefined when it goes.
 */
export function heldWithout(event: CaptureEvent, email: string, team: Team): CaptureEvent | undefined {
  const e = email.toLowerCase();
  const own = new Set(team.own.map((a) => a.toLowerCase()));
  const internal = team.internalDomains.map((d) => d.toLowerCase());
  const is = (p: Party | undefined) => p?.email.toLowerCase() === e;
  const prospect = (p: Party) => {
    const a = p.email.toLowerCase();
    const d = domainOf(a);
    return a !== e && !own.has(a) && !internal.some((i) => d === i || d.endsWith(`.${i}`));
  };
  const without = (ps: Party[]) => ps.filter((p) => !is(p));
  let next: CaptureEvent | undefined;
  switch (event.kind) {
    case 'email':
      next = is(event.from) || ![event.from, ...event.to, ...event.cc].some(prospect) ? undefined : { ...event, to: without(event.to), cc: without(event.cc) };
      break;
    case 'sending':
      next = ![...event.to, ...event.cc, ...event.bcc].some(prospect) ? undefined : { ...event, to: without(event.to), cc: without(event.cc), bcc: without(event.bcc) };
      break;
    case 'list-row':
      next = is(event.latestFrom) || !event.participants.some(prospect) ? undefined : { ...event, participants: without(event.participants) };
      break;
    case 'call':
      next = event.contactEmail?.toLowerCase() === e ? undefined : { ...event, pageEmails: event.pageEmails?.filter((a) => a.toLowerCase() !== e) };
      if (next && event.pageEmails === undefined) delete (next as { pageEmails?: string[] }).pageEmails;
      break;
    case 'deal':
      next = {
        ...event,
        contacts: event.contacts.filter((c) => c.email?.toLowerCase() !== e),
        ...(event.activities && {
          activities: event.activities
            .filter((a) => !is(a.from) && !(a.participants.some(is) && !a.participants.some(prospect)))
            .map((a) => ({ ...a, participants: without(a.participants) })),
        }),
      };
      break;
    default:
      next = event;
  }
  // Whatever still names them in any field goes whole.
  return next && !JSON.stringify(next).toLowerCase().includes(JSON.stringify(e)) ? next : undefined;
}

/** Kept events about one contact lose them (the caller's transaction, with the settings in it). */
export async function forgetHeldContact(db: DealDebriefDB, email: string, team: Team, phones: readonly string[] = []): Promise<void> {
  const e = JSON.stringify(email.toLowerCase());
  // A call to one of their numbers would be theirs once stored (lib/db/ingest.ts, contactByPhone).
  const last9 = (p: string) => p.replace(/\D/g, '').slice(-9);
  const theirs = new Set(phones.map(last9).filter((d) => d.length >= 6));
  // A number another contact has too (a switchboard) stays theirs: the call is kept for them.
  if (theirs.size) {
    await db.contacts.filter((c) => c.email !== email.toLowerCase()).each((c) => c.phones.forEach((p) => theirs.delete(last9(p))));
  }
  const byPhone = (ev: CaptureEvent) => ev.kind === 'call' && ev.contactEmail === undefined && theirs.has(last9(ev.phone));
  if (theirs.size) await db.heldCapture.filter((r) => byPhone(r.event)).delete();
  const rows = await db.heldCapture.filter((r) => JSON.stringify(r.event).toLowerCase().includes(e)).toArray();
  const gone: string[] = [];
  const changed: HeldRow[] = [];
  for (const r of rows) {
    const event = heldWithout(r.event, email, team);
    if (!event) gone.push(r.key);
    else changed.push({ ...r, event, size: JSON.stringify(event).length + r.url.length });
  }
  // A changed event keeps its key: it is the same capture, with less in it.
  await db.heldCapture.bulkDelete(gone);
  await db.heldCapture.bulkPut(changed);
}
