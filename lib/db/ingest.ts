/**
 * Turning capture events into stored records: validation has happened (lib/capture/schemas.ts);
 * here we dedupe by natural key, merge provisional records into real ones, link contacts and
 * deals. Called only by the background, the single writer. Every batch is one transaction.
 */
import { classifyDirection, companyDomain } from '../addresses';
import type { CallStarted, CaptureEvent, DealSeen, EmailSeen, EmailSending, ListRowSeen, Party } from '../capture/events';
import { gmailMessageKey, hashedKey, listRowKey, sendingKey } from '../keys';
import type { Contact, Deal, Settings, Touchpoint } from '../model';
import type { DealDebriefDB } from './schema';
import { loadSettings } from './settings';

/** A list row's time has minute precision; the real message lies within this of it. */
const ROW_MERGE_WINDOW_MS = 2 * 60_000;
/** A message recorded at Send shows up in the thread within this window (undo-send delays it). */
const SEND_MERGE_WINDOW_MS = 15 * 60_000;
/**
 * A send event arriving after its real message was already captured is dropped; the message's
 * time is the send time within seconds, so a tight window keeps a second reply minutes later.
 */
const SEEN_BEFORE_SEND_MS = 2 * 60_000;

export interface IngestResult {
  /** Touchpoints created or changed. */
  stored: number;
  /** Natural keys of the touchpoints this batch concerns (new or already known). */
  keys: string[];
  deals: string[];
}

interface Identity {
  own: string[];
  internalDomains: string[];
}

function identity(settings: Settings): Identity {
  return {
    own: [...new Set([...settings.ownAddresses, ...settings.detectedAddresses].map((a) => a.toLowerCase()))],
    internalDomains: settings.internalDomains.map((d) => d.toLowerCase()),
  };
}

export async function ingest(db: DealDebriefDB, events: CaptureEvent[], now: number): Promise<IngestResult> {
  const result: IngestResult = { stored: 0, keys: [], deals: [] };
  await db.transaction('rw', [db.touchpoints, db.contactTouches, db.contacts, db.deals, db.settings], async () => {
    // Own addresses first: they decide the direction of everything else in the batch.
    for (const event of events) {
      if (event.kind === 'own-address') await rememberOwnAddress(db, event.email, now);
    }
    const who = identity(await loadSettings(db));
    // Each thread's prospects across the whole batch, so a collapsed message of the rep's gets
    // the same contacts whatever order the batch lists the thread's messages in.
    const batchProspects = new Map<string, Set<string>>();
    for (const event of events) {
      if (event.kind !== 'email') continue;
      const set = batchProspects.get(event.threadId) ?? new Set<string>();
      for (const p of classifyDirection({ from: event.from, to: event.to, cc: event.cc }, who).prospects) set.add(p);
      batchProspects.set(event.threadId, set);
    }
    for (const event of events) {
      switch (event.kind) {
        case 'email':
          await ingestEmail(db, event, who, now, result, batchProspects.get(event.threadId));
          break;
        case 'list-row':
          await ingestListRow(db, event, who, now, result);
          break;
        case 'sending':
          await ingestSending(db, event, who, now, result);
          break;
        case 'deal':
          result.deals.push(await ingestDeal(db, event, now));
          break;
        case 'call':
          await ingestCall(db, event, now, result);
          break;
        case 'own-address':
          break;
      }
    }
  });
  return result;
}

async function rememberOwnAddress(db: DealDebriefDB, email: string, now: number): Promise<void> {
  const settings = await loadSettings(db);
  const address = email.toLowerCase();
  if (settings.detectedAddresses.includes(address)) return;
  await db.settings.put({ ...settings, id: 'settings', detectedAddresses: [...settings.detectedAddresses, address] });
  void now;
}

/** Store or update a touchpoint and its contact index rows. Returns true when something changed. */
export async function putTouchpoint(db: DealDebriefDB, tp: Touchpoint): Promise<void> {
  await db.touchpoints.put(tp);
  await db.contactTouches.where('key').equals(tp.key).delete();
  if (tp.contactEmails.length > 0) {
    await db.contactTouches.bulkPut(tp.contactEmails.map((email) => ({ email, at: tp.at, key: tp.key })));
  }
}

export async function deleteTouchpoint(db: DealDebriefDB, key: string): Promise<void> {
  await db.touchpoints.delete(key);
  await db.contactTouches.where('key').equals(key).delete();
}

async function upsertContacts(db: DealDebriefDB, parties: Party[], at: number, phones: Map<string, string[]> = new Map()): Promise<void> {
  for (const party of parties) {
    const email = party.email.toLowerCase();
    const existing = await db.contacts.get(email);
    const extraPhones = phones.get(email) ?? [];
    const contact: Contact = existing
      ? {
          ...existing,
          name: party.name && party.name !== 'me' ? party.name : existing.name,
          phones: [...new Set([...existing.phones, ...extraPhones])],
          firstSeen: Math.min(existing.firstSeen, at),
          lastSeen: Math.max(existing.lastSeen, at),
        }
      : {
          email,
          name: party.name && party.name !== 'me' ? party.name : undefined,
          domain: companyDomain(email),
          phones: extraPhones,
          firstSeen: at,
          lastSeen: at,
        };
    await db.contacts.put(contact);
  }
}

/** The deal a touchpoint belongs to: the deal its thread is linked to, else the newest open deal of its prospects. */
export async function resolveDeal(db: DealDebriefDB, threadId: string | undefined, prospects: string[]): Promise<string | undefined> {
  if (threadId) {
    const byThread = await db.deals.where('threadIds').equals(threadId).first();
    if (byThread) return byThread.id;
  }
  if (prospects.length === 0) return undefined;
  const candidates = await db.deals.where('contactEmails').anyOf(prospects).toArray();
  const open = candidates.filter((d) => d.status === 'open').sort((a, b) => b.updatedAt - a.updatedAt);
  return open[0]?.id ?? candidates.sort((a, b) => b.updatedAt - a.updatedAt)[0]?.id;
}

function partiesOf(...lists: Party[][]): Map<string, Party> {
  const map = new Map<string, Party>();
  for (const list of lists) for (const p of list) if (!map.has(p.email)) map.set(p.email, p);
  return map;
}

async function ingestEmail(
  db: DealDebriefDB,
  e: EmailSeen,
  who: Identity,
  now: number,
  result: IngestResult,
  batchProspects: Set<string> = new Set(),
): Promise<void> {
  const key = gmailMessageKey(e.messageId);
  result.keys.push(key);
  const { direction, prospects } = classifyDirection({ from: e.from, to: e.to, cc: e.cc }, who);
  const existing = await db.touchpoints.get(key);
  // A collapsed message shows no recipients; never let it erase what an expanded view saw.
  const to = e.to.length || e.cc.length || !existing ? e.to.map((p) => p.email) : existing.to;
  const cc = e.to.length || e.cc.length || !existing ? e.cc.map((p) => p.email) : existing.cc;
  let threadProspects: string[] = [];
  if (direction === 'outbound' && prospects.length === 0) {
    // A collapsed message of the rep's shows no recipients: it went to the thread's prospects.
    const others = await db.touchpoints.where('[threadId+at]').between([e.threadId, 0], [e.threadId, Number.MAX_SAFE_INTEGER]).toArray();
    threadProspects = [...new Set([...others.flatMap((t) => t.contactEmails), ...batchProspects])];
  }
  const contactEmails = [...new Set([...(existing?.provenance === 'seen' ? existing.contactEmails : []), ...prospects, ...threadProspects])];
  const dealId = existing?.dealId ?? (await resolveDeal(db, e.threadId, contactEmails));
  const tp: Touchpoint = {
    key,
    channel: 'email',
    direction: existing?.provenance === 'seen' && existing.direction !== 'internal' && direction === 'internal' ? existing.direction : direction,
    at: e.at,
    contactEmails,
    from: e.from.email,
    to,
    cc,
    threadId: e.threadId,
    subject: e.subject,
    dealId,
    capturedFrom: 'gmail',
    provenance: 'seen',
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (existing && sameTouchpoint(existing, tp)) return;
  await putTouchpoint(db, tp);
  result.stored += 1;
  await upsertContacts(db, [...partiesOf([e.from], e.to, e.cc).values()].filter((p) => contactEmails.includes(p.email)), e.at);

  // Merge provisional records this message supersedes.
  const nearby = await db.touchpoints
    .where('[threadId+at]')
    .between([e.threadId, e.at - SEND_MERGE_WINDOW_MS], [e.threadId, e.at + SEND_MERGE_WINDOW_MS], true, true)
    .toArray();
  for (const other of nearby) {
    if (other.key === key) continue;
    const rowMatch = other.provenance === 'list-row' && other.from === e.from.email && Math.abs(other.at - e.at) <= ROW_MERGE_WINDOW_MS;
    if (rowMatch) await deleteTouchpoint(db, other.key);
  }
  if (direction === 'outbound' && !existing) await mergeSending(db, e);
}

const normSubject = (s: string | undefined) => (s ?? '').replace(/^\s*((re|fwd?|aw|wg)\s*:\s*)+/i, '').trim().toLowerCase();

/**
 * The rep's message, now seen in the thread with its real id, replaces the record made when
 * Send was clicked: the nearest one in time (a second reply minutes later keeps its own). A
 * send is found by the message's thread, its legacy thread id, or — for a brand-new compose,
 * which has no thread yet — by subject and recipient.
 */
async function mergeSending(db: DealDebriefDB, e: EmailSeen): Promise<void> {
  const lo = e.at - SEND_MERGE_WINDOW_MS;
  const hi = e.at + SEND_MERGE_WINDOW_MS;
  const threads = [e.threadId, ...(e.legacyThreadId ? [`legacy:${e.legacyThreadId}`] : [])];
  const inThreads = (
    await Promise.all(threads.map((t) => db.touchpoints.where('[threadId+at]').between([t, lo], [t, hi], true, true).toArray()))
  ).flat();
  const recipients = new Set([...e.to, ...e.cc].map((p) => p.email));
  const threadless = (await db.touchpoints.where('at').between(lo, hi, true, true).toArray()).filter(
    (t) => !t.threadId && normSubject(t.subject) === normSubject(e.subject) && [...t.to, ...t.cc].some((a) => recipients.has(a)),
  );
  const nearest = [...inThreads, ...threadless]
    .filter((t) => t.provenance === 'sending')
    .sort((a, b) => Math.abs(a.at - e.at) - Math.abs(b.at - e.at))[0];
  if (nearest) await deleteTouchpoint(db, nearest.key);
}

function sameTouchpoint(a: Touchpoint, b: Touchpoint): boolean {
  return (
    a.at === b.at &&
    a.direction === b.direction &&
    a.dealId === b.dealId &&
    a.subject === b.subject &&
    a.provenance === b.provenance &&
    a.to.join() === b.to.join() &&
    a.cc.join() === b.cc.join() &&
    a.contactEmails.join() === b.contactEmails.join()
  );
}

async function ingestListRow(db: DealDebriefDB, e: ListRowSeen, who: Identity, now: number, result: IngestResult): Promise<void> {
  if (!e.latestFrom) return;
  const { direction, prospects } = classifyDirection({ from: e.latestFrom, to: [], cc: [] }, who);
  // A row is only worth keeping when it reveals a prospect waiting on us.
  if (direction !== 'inbound' || prospects.length === 0) return;
  const key = listRowKey(e.threadId, e.lastMessageId);
  result.keys.push(key);
  if (await db.touchpoints.get(key)) return;
  const seen = await db.touchpoints
    .where('[threadId+at]')
    .between([e.threadId, e.at - ROW_MERGE_WINDOW_MS], [e.threadId, e.at + ROW_MERGE_WINDOW_MS], true, true)
    .toArray();
  if (seen.some((t) => t.provenance === 'seen' && t.from === e.latestFrom?.email)) return;
  await putTouchpoint(db, {
    key,
    channel: 'email',
    direction,
    at: e.at,
    contactEmails: prospects,
    from: e.latestFrom.email,
    to: [],
    cc: [],
    threadId: e.threadId,
    subject: e.subject,
    dealId: await resolveDeal(db, e.threadId, prospects),
    capturedFrom: 'gmail',
    provenance: 'list-row',
    createdAt: now,
    updatedAt: now,
  });
  result.stored += 1;
  await upsertContacts(db, [e.latestFrom], e.at);
}

async function ingestSending(db: DealDebriefDB, e: EmailSending, who: Identity, now: number, result: IngestResult): Promise<void> {
  const from = who.own[0] ?? '';
  const { prospects } = classifyDirection({ from: { email: from }, to: e.to, cc: [...e.cc, ...e.bcc] }, who);
  const key = sendingKey(e.composeId);
  result.keys.push(key);
  const threadId = e.threadId ?? (e.legacyThreadId ? `legacy:${e.legacyThreadId}` : undefined);
  if (threadId) {
    // The sent message may already be in the thread (Gmail rendered it before the send event arrived).
    const seen = await db.touchpoints
      .where('[threadId+at]')
      .between([threadId, e.at - SEND_MERGE_WINDOW_MS], [threadId, e.at + SEND_MERGE_WINDOW_MS], true, true)
      .toArray();
    if (seen.some((t) => t.provenance === 'seen' && t.direction === 'outbound' && Math.abs(t.at - e.at) <= SEEN_BEFORE_SEND_MS)) return;
  }
  const existing = await db.touchpoints.get(key);
  // The outbox re-sends a batch whose acknowledgement was lost: the same send is stored once.
  if (existing && existing.at === e.at && existing.provenance === 'sending') return;
  await putTouchpoint(db, {
    key,
    channel: 'email',
    direction: prospects.length > 0 ? 'outbound' : 'internal',
    at: e.at,
    contactEmails: prospects,
    from: from || undefined,
    to: e.to.map((p) => p.email),
    cc: e.cc.map((p) => p.email),
    threadId,
    subject: e.subject,
    dealId: await resolveDeal(db, threadId, prospects),
    capturedFrom: 'gmail',
    provenance: 'sending',
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  result.stored += 1;
  await upsertContacts(db, [...partiesOf(e.to, e.cc, e.bcc).values()].filter((p) => prospects.includes(p.email)), e.at);
}

export function crmDealId(source: DealSeen['source'], crmId: string): string {
  return `${source}:${crmId}`;
}

async function ingestDeal(db: DealDebriefDB, e: DealSeen, now: number): Promise<string> {
  const id = crmDealId(e.source, e.crmId);
  const existing = await db.deals.get(id);
  const emails = [...new Set(e.contacts.flatMap((c) => (c.email ? [c.email.toLowerCase()] : [])))];
  const deal: Deal = {
    // What the rep edits in the sidebar (status, lead source, contract term) survives a re-read.
    status: 'open',
    threadIds: [],
    openedAt: now,
    ...existing,
    id,
    source: e.source,
    name: e.name,
    amount: e.amount ?? existing?.amount,
    currency: e.currency ?? existing?.currency,
    stage: e.stage ?? existing?.stage,
    stages: e.stages?.length ? e.stages : existing?.stages,
    owner: e.owner ?? existing?.owner,
    expectedCloseAt: e.expectedCloseAt ?? existing?.expectedCloseAt,
    contactEmails: [...new Set([...(existing?.contactEmails ?? []), ...emails])],
    url: e.url,
    updatedAt: now,
  };
  const phones = new Map<string, string[]>();
  for (const c of e.contacts) if (c.email) phones.set(c.email.toLowerCase(), c.phones);
  await upsertContacts(
    db,
    e.contacts.flatMap((c) => (c.email ? [{ email: c.email.toLowerCase(), name: c.name }] : [])),
    now,
    phones,
  );
  deal.openedAt = Math.min(deal.openedAt, await linkContactTouchpoints(db, deal));
  await db.deals.put(deal);
  return id;
}

/**
 * Touchpoints already captured for a deal's contacts join its timeline: every one not yet
 * linked to another deal, up to the deal's close. Returns the earliest linked instant (or
 * +Infinity), which becomes the deal's opening when earlier than its first sighting.
 */
export async function linkContactTouchpoints(db: DealDebriefDB, deal: Deal): Promise<number> {
  let earliest = Number.POSITIVE_INFINITY;
  const until = deal.closedAt ?? Number.MAX_SAFE_INTEGER;
  for (const email of deal.contactEmails) {
    const rows = await db.contactTouches.where('[email+at]').between([email, 0], [email, until], true, true).toArray();
    const tps = await db.touchpoints.bulkGet(rows.map((r) => r.key));
    for (const tp of tps) {
      if (!tp) continue;
      if (tp.dealId && tp.dealId !== deal.id) continue;
      earliest = Math.min(earliest, tp.at);
      if (tp.dealId !== deal.id) await db.touchpoints.update(tp.key, { dealId: deal.id });
    }
  }
  return earliest;
}

async function ingestCall(db: DealDebriefDB, e: CallStarted, now: number, result: IngestResult): Promise<void> {
  let contact = e.contactEmail ? await db.contacts.get(e.contactEmail.toLowerCase()) : await contactByPhone(db, e.phone);
  if (!contact && e.pageEmails?.length === 1 && e.pageEmails[0]) {
    // A page that shows one address and one number (custom CRM hosts): that is the contact.
    await upsertContacts(db, [{ email: e.pageEmails[0] }], e.at, new Map([[e.pageEmails[0], [e.phone]]]));
    contact = await db.contacts.get(e.pageEmails[0]);
  }
  const emails = contact ? [contact.email] : [];
  const key = hashedKey('call', [e.phone], e.at);
  result.keys.push(key);
  if (await db.touchpoints.get(key)) return;
  if (contact && !contact.phones.includes(e.phone)) await db.contacts.update(contact.email, { phones: [...contact.phones, e.phone] });
  await putTouchpoint(db, {
    key,
    channel: 'call',
    direction: 'outbound',
    at: e.at,
    contactEmails: emails,
    to: [],
    cc: [],
    subject: `Call ${e.phone}`,
    dealId: e.dealId ?? (await resolveDeal(db, undefined, emails)),
    capturedFrom: e.site,
    provenance: 'seen',
    createdAt: now,
    updatedAt: now,
  });
  result.stored += 1;
}

function digits(phone: string): string {
  return phone.replace(/\D/g, '');
}

/** Contacts are few; the phone match tolerates national vs international forms (last 9 digits). */
export async function contactByPhone(db: DealDebriefDB, phone: string): Promise<Contact | undefined> {
  const want = digits(phone).slice(-9);
  if (want.length < 6) return undefined;
  return db.contacts.filter((c) => c.phones.some((p) => digits(p).slice(-9) === want)).first();
}
