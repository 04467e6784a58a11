/**
 * Turning capture events into stored records: validation has happened (lib/capture/schemas.ts);
 * here we dedupe by natural key, merge provisional records into real ones, link contacts and
 * deals. Called only by the background, the single writer. Every batch is one transaction.
 */
import { classifyDirection, companyDomain, domainOf, isBulkSender, isFreeMailDomain, type DirectionResult } from '../addresses';
import type { CallStarted, CaptureEvent, CrmActivity, DealSeen, EmailSeen, EmailSending, ListRowSeen, Party } from '../capture/events';
import { crmActivityKey, crmRecordFromUrl, crmTenant, gmailMessageKey, hashedKey, httpsOrigin, listRowKey, sendingKey } from '../keys';
import type { CallOutcome, Channel, Contact, Deal, Direction, NextStep, Settings, Touchpoint } from '../model';
import { currentNative, markAwaitingDirty, noteHighestRev, trackedWrite } from './awaiting';
import { readCacheOf, type ReadCache } from './read-cache';
import { IngestView, withPhones, type ContactSighting } from './ingest-view';
import { dealLinkedToThread, dealsOfContacts, touchpointsBetween, touchpointsOfContactBetween } from './queries';
import type { DealDebriefDB } from './schema';
import { loadSettings, settingsFrom } from './settings';

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
  /** Events not stored because they contradict what is stored or what they claim to be, with why. */
  refused: string[];
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
  const result: IngestResult = { stored: 0, keys: [], deals: [], refused: [] };
  await trackedWrite(db, [db.contacts, db.deals, db.settings], async () => {
    // What earlier batches read of the contacts and reply-owed rows is answered from memory
    // (lib/db/read-cache.ts); a highest rev other than the one it knows means another page wrote.
    // The settings are read with that rev when no address of the rep's in the batch changes them first.
    const cache = ownReadCache(db);
    const remembers = events.some((e) => e.kind === 'own-address');
    const [last, settingsRow] = await Promise.all([cache ? db.awaiting.orderBy('rev').last() : undefined, remembers ? undefined : db.settings.get('settings')]);
    if (cache) checkReadCache(cache, last?.rev ?? 0);
    // Own addresses first: they decide the direction of everything else in the batch.
    for (const event of events) {
      if (event.kind === 'own-address') await rememberOwnAddress(db, event.email);
    }
    const who = identity(remembers ? await loadSettings(db) : settingsFrom(settingsRow));
    // Each thread's messages in this batch with their prospects: a collapsed message of the
    // rep's takes its contacts from the message before it, wherever the batch lists that one.
    // Each message is classified once, here.
    const batchThreads = new Map<string, ThreadNeighbour[]>();
    const classified = new Map<EmailSeen, DirectionResult>();
    for (const event of events) {
      if (event.kind !== 'email') continue;
      const c = classifyDirection({ from: event.from, to: event.to, cc: event.cc }, who);
      classified.set(event, c);
      const list = batchThreads.get(event.threadId) ?? [];
      list.push({ at: event.at, prospects: c.prospects });
      batchThreads.set(event.threadId, list);
    }
    // Each run of mail events is decided in memory against what it will ask about, loaded up
    // front in a few requests issued together, and written back in bulk (lib/db/ingest-view.ts).
    // Deals and calls, which write more than touchpoints, go one at a time between the runs.
    const view = new IngestView(db, cache);
    for (let i = 0; i < events.length; ) {
      const event = events[i]!;
      if (event.kind === 'deal') {
        const id = await ingestDeal(db, event, who, now, result);
        if (id) result.deals.push(id);
        i += 1;
        continue;
      }
      if (event.kind === 'call') {
        await ingestCall(db, event, now, result);
        i += 1;
        continue;
      }
      let end = i;
      while (end < events.length && events[end]!.kind !== 'deal' && events[end]!.kind !== 'call') end += 1;
      const run = events.slice(i, end);
      await view.preload(...mailNeighbourhood(run, classified, batchThreads), prospectInstants(run, classified));
      for (const e of run) ingestMail(view, e, who, now, result, batchThreads, classified);
      await view.flush();
      i = end;
    }
  });
  return result;
}

/**
 * The database's read cache, owned by the current (batch's) transaction; undefined when off. It
 * is consulted only after the transaction's first requests have answered, and checked against
 * the highest reply-owed rev they read (`checkReadCache`): by then every earlier transaction
 * writing the same tables has ended, and its writes have dropped the cache (lib/db/read-cache.ts).
 */
function ownReadCache(db: DealDebriefDB): ReadCache | undefined {
  const cache = readCacheOf(db);
  const native = currentNative();
  if (!cache || !native) return undefined;
  cache.own(native);
  return cache;
}

/** The cache checked against the highest reply-owed rev the batch read first. */
function checkReadCache(cache: ReadCache, rev: number): void {
  cache.check(rev);
  // Nothing in the batch writes the reply-owed table before its end: the rows written then take the next rev.
  noteHighestRev(rev);
}

/** One mail event, decided against the view (synchronously: see lib/db/ingest-view.ts). */
function ingestMail(
  view: IngestView,
  event: CaptureEvent,
  who: Identity,
  now: number,
  result: IngestResult,
  batchThreads: Map<string, ThreadNeighbour[]>,
  classified: ReadonlyMap<EmailSeen, DirectionResult>,
): void {
  switch (event.kind) {
    case 'email':
      ingestEmail(view, event, who, now, result, batchThreads.get(event.threadId) ?? [], classified.get(event));
      break;
    case 'list-row':
      ingestListRow(view, event, who, now, result);
      break;
    case 'sending':
      ingestSending(view, event, who, now, result);
      break;
    case 'send-undone': {
      const key = sendingKey(event.composeId);
      if (view.get(key)?.provenance === 'sending') {
        view.delete(key);
        result.stored += 1;
      }
      break;
    }
    case 'own-address':
    case 'deal':
    case 'call':
      break;
  }
}

/**
 * What a run of mail events will ask about: the keys they may take, their threads (for the deals
 * linked to them), the minutes around them (for the touchpoints a message may merge with),
 * every address they name (for the deals those people are in), and the threads whose other
 * messages are asked about: an inbox row's, a send's, a message seen without its id's, and a
 * collapsed message of the rep's with no recipients shown (it takes the prospects of the message
 * before it, which may be a message of the batch outside this run: the deals of the prospects of
 * every message of its thread in the batch are loaded too). A message seen with its id asks its
 * thread only about merge candidates, which the minutes around it load.
 */
function mailNeighbourhood(
  events: readonly CaptureEvent[],
  classified: ReadonlyMap<EmailSeen, DirectionResult>,
  batchThreads: ReadonlyMap<string, readonly ThreadNeighbour[]>,
): [string[], string[], [number, number][], string[], string[]] {
  const keys: string[] = [];
  const threads: string[] = [];
  const threadRows: string[] = [];
  const windows: [number, number][] = [];
  const addresses: string[] = [];
  const around = Math.max(SEND_MERGE_WINDOW_MS, CRM_EMAIL_AFTER_MS, CRM_EMAIL_BEFORE_MS);
  const named = (...lists: (readonly Party[])[]) => {
    for (const list of lists) for (const p of list) addresses.push(p.email);
  };
  for (const e of events) {
    if (e.kind === 'email') {
      keys.push(e.provisional ? collapsedKey(e.threadId, e.from.email, e.at) : gmailMessageKey(e.messageId));
      threads.push(e.threadId, ...(e.legacyThreadId ? [`legacy:${e.legacyThreadId}`] : []));
      const c = classified.get(e);
      // A collapsed message of the rep's naming no prospect: its contacts are guessed from the message before it.
      const guesses = e.to.length === 0 && e.cc.length === 0 && (!c || (c.direction === 'outbound' && c.prospects.length === 0));
      if (e.provisional || guesses) threadRows.push(e.threadId);
      if (guesses) for (const n of batchThreads.get(e.threadId) ?? []) addresses.push(...n.prospects);
      windows.push([e.at - around, e.at + around]);
      named([e.from], e.to, e.cc);
    } else if (e.kind === 'list-row') {
      keys.push(listRowKey(e.threadId, e.lastMessageId));
      threads.push(e.threadId);
      threadRows.push(e.threadId);
      if (e.latestFrom) named([e.latestFrom]);
    } else if (e.kind === 'sending') {
      keys.push(sendingKey(e.composeId));
      const threadId = e.threadId ?? (e.legacyThreadId ? `legacy:${e.legacyThreadId}` : undefined);
      if (threadId) threads.push(threadId);
      if (threadId) threadRows.push(threadId);
      named(e.to, e.cc, e.bcc);
    } else if (e.kind === 'send-undone') {
      keys.push(sendingKey(e.composeId));
    }
  }
  return [keys, threads, windows, addresses, threadRows];
}


/**
 * The instants at which a run's messages name each of their prospects (as classified), so that
 * the histories the reply-owed update will need are read with the run's first reads.
 */
function prospectInstants(events: readonly CaptureEvent[], classified: ReadonlyMap<EmailSeen, DirectionResult>): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const e of events) {
    if (e.kind !== 'email') continue;
    for (const p of classified.get(e)?.prospects ?? []) {
      const list = out.get(p);
      if (list) list.push(e.at);
      else out.set(p, [e.at]);
    }
  }
  return out;
}

async function rememberOwnAddress(db: DealDebriefDB, email: string): Promise<void> {
  const settings = await loadSettings(db);
  const address = email.toLowerCase();
  if (settings.detectedAddresses.includes(address)) return;
  // The rep's colleagues are never prospects: the company domain of a newly detected work
  // address becomes internal by default (once, when first detected: a domain the rep removes
  // stays removed). A public mail domain (gmail.com, outlook.com…) is nobody's company.
  const company = isFreeMailDomain(address) ? undefined : companyDomain(address);
  const internalDomains = company && !settings.internalDomains.includes(company) ? [...settings.internalDomains, company] : settings.internalDomains;
  const next = { ...settings, detectedAddresses: [...settings.detectedAddresses, address], internalDomains };
  await db.settings.put({ ...next, id: 'settings' });
  await reclassifyEmails(db, next);
}

/**
 * Who is "us" changed (an address detected, an alias or internal domain added): every stored
 * email whose recipients are known is classified again, so a colleague stops being a prospect
 * and the rep's alias stops being an inbound sender. Collapsed-only records keep their guess.
 * Call inside `trackedWrite` (lib/db/awaiting.ts).
 */
export async function reclassifyEmails(db: DealDebriefDB, settings: Settings): Promise<number> {
  const who = identity(settings);
  let changed = 0;
  const emails = await db.touchpoints.filter((t) => t.channel === 'email' && t.from !== undefined).toArray();
  for (const t of emails) {
    const known = t.to.length > 0 || t.cc.length > 0 || t.provenance === 'list-row';
    if (!known) continue;
    const party = (email: string) => ({ email });
    const { direction, prospects } = classifyDirection({ from: party(t.from!), to: t.to.map(party), cc: t.cc.map(party) }, who);
    if (direction === t.direction && prospects.join() === t.contactEmails.join()) continue;
    await putTouchpoint(db, { ...t, direction, contactEmails: prospects });
    changed += 1;
  }
  return changed;
}

/**
 * Store or update a touchpoint (its contact index entries come with it); its contacts, before
 * and after, get their awaiting-reply rows rebuilt. Call inside `trackedWrite` (lib/db/awaiting.ts).
 */
export async function putTouchpoint(db: DealDebriefDB, tp: Touchpoint): Promise<void> {
  const old = await db.touchpoints.get(tp.key);
  markAwaitingDirty([...(old?.contactEmails ?? []), ...tp.contactEmails]);
  await db.touchpoints.put(tp);
}

export async function deleteTouchpoint(db: DealDebriefDB, key: string): Promise<void> {
  const old = await db.touchpoints.get(key);
  markAwaitingDirty(old?.contactEmails ?? []);
  await db.touchpoints.delete(key);
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
          phones: withPhones(existing.phones, extraPhones),
          firstSeen: Math.min(existing.firstSeen, at),
          lastSeen: Math.max(existing.lastSeen, at),
        }
      : {
          email,
          name: party.name && party.name !== 'me' ? party.name : undefined,
          domain: companyDomain(email),
          phones: withPhones([], extraPhones),
          firstSeen: at,
          lastSeen: at,
        };
    await db.contacts.put(contact);
  }
}

/** The deal a touchpoint belongs to: the deal its thread is linked to, else the newest open deal of its prospects. */
export async function resolveDeal(db: DealDebriefDB, threadId: string | undefined, prospects: string[]): Promise<string | undefined> {
  return resolveDealWith({ dealLinkedToThread: (t) => dealLinkedToThread(db, t), dealsOfContacts: (e) => dealsOfContacts(db, e) }, threadId, prospects);
}

async function resolveDealWith(
  lookup: { dealLinkedToThread(threadId: string): Promise<Deal | undefined>; dealsOfContacts(emails: readonly string[]): Promise<Deal[]> },
  threadId: string | undefined,
  prospects: string[],
): Promise<string | undefined> {
  const byThread = threadId ? await lookup.dealLinkedToThread(threadId) : undefined;
  return byThread ? byThread.id : newestOpenDeal(prospects.length ? await lookup.dealsOfContacts(prospects) : []);
}

/** The same answer from the view, without waiting (see lib/db/ingest-view.ts). */
function resolveDealIn(view: IngestView, threadId: string | undefined, prospects: string[]): string | undefined {
  const byThread = threadId ? view.dealLinkedToThread(threadId) : undefined;
  return byThread ? byThread.id : newestOpenDeal(prospects.length ? view.dealsOfContacts(prospects) : []);
}

function newestOpenDeal(candidates: readonly Deal[]): string | undefined {
  // Only an open deal takes new mail: a won or lost deal's hard data stays what it was at the
  // close, and mail after a loss waits for the next deal with that contact.
  return candidates.filter((d) => d.status === 'open').sort((a, b) => b.updatedAt - a.updatedAt)[0]?.id;
}

/** How far before a CRM deal was first seen its contacts' earlier mail still belongs to it. */
export const DEAL_LOOKBACK_MS = 180 * 86_400_000;

function partiesOf(...lists: Party[][]): Map<string, Party> {
  const map = new Map<string, Party>();
  for (const list of lists) for (const p of list) if (!map.has(p.email)) map.set(p.email, p);
  return map;
}

interface ThreadNeighbour {
  at: number;
  prospects: string[];
}

/**
 * The prospects of the message just before `at` in the thread (stored or in this batch); when
 * the rep's message opened the thread, the prospects of the whole thread.
 */
function priorProspects(view: IngestView, threadId: string, at: number, batch: ThreadNeighbour[]): string[] {
  const stored = view.thread(threadId);
  const all: ThreadNeighbour[] = [
    ...stored.filter((t) => t.direction !== 'internal').map((t) => ({ at: t.at, prospects: t.contactEmails })),
    ...batch,
  ].filter((c) => c.prospects.length > 0);
  const before = all.filter((c) => c.at < at).sort((a, b) => b.at - a.at);
  return before[0]?.prospects ?? [...new Set(all.flatMap((c) => c.prospects))];
}

function ingestEmail(
  view: IngestView,
  e: EmailSeen,
  who: Identity,
  now: number,
  result: IngestResult,
  batch: ThreadNeighbour[] = [],
  known?: DirectionResult,
): void {
  const key = e.provisional ? collapsedKey(e.threadId, e.from.email, e.at) : gmailMessageKey(e.messageId);
  result.keys.push(key);
  if (e.provisional && realMessageFor(view, e.threadId, e.from.email, e.at)) return;
  const classified = known ?? classifyDirection({ from: e.from, to: e.to, cc: e.cc }, who);
  const existing = view.get(key);
  const expandedView = e.to.length > 0 || e.cc.length > 0;
  const knownFull = existing?.provenance === 'seen' && (existing.to.length > 0 || existing.cc.length > 0);
  let direction = classified.direction;
  let contactEmails = classified.prospects;
  let to = e.to.map((p) => p.email);
  let cc = e.cc.map((p) => p.email);
  if (!expandedView && knownFull && existing) {
    // A collapsed message shows sender and date only: what an expanded view saw stands.
    ({ direction, contactEmails, to, cc } = existing);
  } else if (!expandedView && direction === 'outbound' && contactEmails.length === 0) {
    // The rep's collapsed message answered the message before it: its best guess of contacts,
    // replaced by the real recipients as soon as the message is seen expanded.
    contactEmails = priorProspects(view, e.threadId, e.at, batch);
  }
  const dealId = existing?.dealId ?? resolveDealIn(view, e.threadId, contactEmails);
  const tp: Touchpoint = {
    key,
    channel: 'email',
    direction,
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
    ...(existing?.noReplyNeeded ? { noReplyNeeded: true } : {}),
    ...(e.truncated ? { truncated: true } : {}),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  // "No reply needed" said on the inbox row carries over to the message it stood for.
  const rows = view.threadCandidates([e.threadId], e.at - ROW_MERGE_WINDOW_MS, e.at + ROW_MERGE_WINDOW_MS);
  if (rows.some((o) => o.provenance === 'list-row' && o.from === e.from.email && o.noReplyNeeded)) tp.noReplyNeeded = true;
  if (e.threadTotal !== undefined) tp.threadTotal = e.threadTotal;
  if (existing && sameTouchpoint(existing, tp)) return;
  view.put(tp);
  result.stored += 1;
  view.sawContacts(sightings([...partiesOf([e.from], e.to, e.cc).values()].filter((p) => contactEmails.includes(p.email)), e.at));

  // Merge provisional records this message supersedes.
  const nearby = view.threadCandidates([e.threadId], e.at - SEND_MERGE_WINDOW_MS, e.at + SEND_MERGE_WINDOW_MS);
  for (const other of nearby) {
    if (other.key === key) continue;
    const rowMatch = other.provenance === 'list-row' && other.from === e.from.email && Math.abs(other.at - e.at) <= ROW_MERGE_WINDOW_MS;
    // The same message seen collapsed without its id (sender and the minute its header showed).
    const headerMatch = !e.provisional && isCollapsedKey(other.key) && other.from === e.from.email && e.at >= other.at && e.at < other.at + MINUTE_MS;
    if (rowMatch || headerMatch) view.delete(other.key);
  }
  if (direction === 'outbound') mergeSending(view, e);
  absorbCrmCopies(view, tp, who);
}

/** The parties as contact sightings at `at` (addresses lower-cased, as stored). */
function sightings(parties: readonly Party[], at: number, phones: Map<string, string[]> = new Map()): ContactSighting[] {
  return parties.map((p) => {
    const email = p.email.toLowerCase();
    return { email, name: p.name, at, phones: phones.get(email) ?? [] };
  });
}

const normSubject = (s: string | undefined) => (s ?? '').replace(/^\s*((re|fwd?|aw|wg)\s*:\s*)+/i, '').trim().toLowerCase();

/**
 * The rep's message, now seen in the thread with its real id, replaces the record made when
 * Send was clicked: the nearest one in time (a second reply minutes later keeps its own). A
 * send is found by the message's thread, its legacy thread id, or — for a brand-new compose,
 * which has no thread yet — by subject and recipient.
 */
function mergeSending(view: IngestView, e: EmailSeen): void {
  const lo = e.at - SEND_MERGE_WINDOW_MS;
  const hi = e.at + SEND_MERGE_WINDOW_MS;
  const threads = [e.threadId, ...(e.legacyThreadId ? [`legacy:${e.legacyThreadId}`] : [])];
  const inThreads = view.threadCandidates(threads, lo, hi);
  const recipients = new Set([...e.to, ...e.cc].map((p) => p.email));
  // A collapsed message shows no recipients: then the subject alone identifies the send.
  const sameRecipients = (t: Touchpoint) => recipients.size === 0 || [...t.to, ...t.cc].some((a) => recipients.has(a));
  const threadless = view.mergeCandidates(lo, hi).filter(
    (t) => !t.threadId && normSubject(t.subject) === normSubject(e.subject) && sameRecipients(t),
  );
  const nearest = [...inThreads, ...threadless]
    .filter((t) => t.provenance === 'sending')
    .sort((a, b) => Math.abs(a.at - e.at) - Math.abs(b.at - e.at))[0];
  if (nearest) view.delete(nearest.key);
}

const MINUTE_MS = 60_000;

/** A message seen only collapsed, without its id: keyed by thread, sender and the minute shown. */
export function collapsedKey(threadId: string, from: string, at: number): string {
  return `gmail-c:${threadId}:${at}:${from}`;
}

function isCollapsedKey(key: string): boolean {
  return key.startsWith('gmail-c:');
}

/** The message a collapsed header (sender, minute) stands for, once it was seen with its real id. */
function realMessageFor(view: IngestView, threadId: string, from: string, minute: number): Touchpoint | undefined {
  const near = view.thread(threadId, minute, minute + MINUTE_MS - 1);
  return near.find((t) => t.key.startsWith('gmail:') && t.from === from);
}

function sameTouchpoint(a: Touchpoint, b: Touchpoint): boolean {
  return (
    a.threadTotal === b.threadTotal &&
    a.at === b.at &&
    a.direction === b.direction &&
    a.dealId === b.dealId &&
    a.subject === b.subject &&
    a.provenance === b.provenance &&
    Boolean(a.noReplyNeeded) === Boolean(b.noReplyNeeded) &&
    a.to.join() === b.to.join() &&
    a.cc.join() === b.cc.join() &&
    a.contactEmails.join() === b.contactEmails.join()
  );
}

function ingestListRow(view: IngestView, e: ListRowSeen, who: Identity, now: number, result: IngestResult): void {
  if (!e.latestFrom) return;
  const { direction, prospects } = classifyDirection({ from: e.latestFrom, to: [], cc: [] }, who);
  // A row is only worth keeping when it reveals a prospect waiting on us.
  if (direction !== 'inbound' || prospects.length === 0) return;
  const key = listRowKey(e.threadId, e.lastMessageId);
  result.keys.push(key);
  if (view.get(key)) return;
  const seen = view.thread(e.threadId, e.at - ROW_MERGE_WINDOW_MS, e.at + ROW_MERGE_WINDOW_MS);
  if (seen.some((t) => t.provenance === 'seen' && t.from === e.latestFrom?.email)) return;
  view.put({
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
    dealId: resolveDealIn(view, e.threadId, prospects),
    capturedFrom: 'gmail',
    provenance: 'list-row',
    ...(e.truncated ? { truncated: true } : {}),
    createdAt: now,
    updatedAt: now,
  });
  result.stored += 1;
  view.sawContacts(sightings([e.latestFrom], e.at));
}

function ingestSending(view: IngestView, e: EmailSending, who: Identity, now: number, result: IngestResult): void {
  const from = who.own[0] ?? '';
  const { prospects } = classifyDirection({ from: { email: from }, to: e.to, cc: [...e.cc, ...e.bcc] }, who);
  const key = sendingKey(e.composeId);
  result.keys.push(key);
  const threadId = e.threadId ?? (e.legacyThreadId ? `legacy:${e.legacyThreadId}` : undefined);
  if (threadId) {
    // The sent message may already be in the thread (Gmail rendered it before the send event arrived).
    const seen = view.thread(threadId, e.at - SEND_MERGE_WINDOW_MS, e.at + SEND_MERGE_WINDOW_MS);
    if (seen.some((t) => t.provenance === 'seen' && t.direction === 'outbound' && Math.abs(t.at - e.at) <= SEEN_BEFORE_SEND_MS)) return;
  }
  const existing = view.get(key);
  // The outbox re-sends a batch whose acknowledgement was lost: the same send is stored once.
  if (existing && existing.at === e.at && existing.provenance === 'sending') return;
  view.put({
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
    dealId: resolveDealIn(view, threadId, prospects),
    capturedFrom: 'gmail',
    provenance: 'sending',
    ...(e.truncated ? { truncated: true } : {}),
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  });
  result.stored += 1;
  view.sawContacts(sightings([...partiesOf(e.to, e.cc, e.bcc).values()].filter((p) => prospects.includes(p.email)), e.at));
}

/**
 * The stored id of the deal a DealSeen describes, with its tenant, read from the record URL
 * (the same grammar the parser used); undefined when the URL does not show that very record.
 */
export function dealKeyOf(e: DealSeen): string | undefined {
  const ref = crmRecordFromUrl(e.url);
  return ref && ref.source === e.source && ref.recordId === e.crmId ? ref.key : undefined;
}

async function ingestDeal(db: DealDebriefDB, e: DealSeen, who: Identity, now: number, result: IngestResult): Promise<string | undefined> {
  const id = dealKeyOf(e);
  if (!id) {
    result.refused.push(`deal: ${e.url} is not the record ${e.source} ${e.crmId}`);
    return undefined;
  }
  const existing = await db.deals.get(id);
  // A stored record's address never moves to another origin, whatever a page claims.
  if (existing?.url && httpsOrigin(existing.url) !== httpsOrigin(e.url)) {
    result.refused.push(`deal: ${id} belongs to ${httpsOrigin(existing.url) ?? 'another address'}, not ${httpsOrigin(e.url) ?? e.url}`);
    return undefined;
  }
  const emails = [...new Set(e.contacts.flatMap((c) => (c.email ? [c.email.toLowerCase()] : [])))];
  const deal: Deal = {
    // What the rep edits in the sidebar (status, lead source, contract term) survives a re-read.
    status: 'open',
    threadIds: [],
    openedAt: now,
    firstSeenAt: now,
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
    ...(e.truncated ? { truncated: true } : {}),
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
  const earliestActivity = e.activities ? await ingestActivities(db, deal, e, who, now, result) : Number.POSITIVE_INFINITY;
  const linked = await linkContactTouchpoints(db, deal);
  deal.crmCreatedAt = e.createdAt ?? existing?.crmCreatedAt;
  // Days open count from the CRM's create date when the record shows it, else from the first touch.
  deal.openedAt = deal.crmCreatedAt ?? Math.min(deal.openedAt, linked, earliestActivity);
  await db.deals.put(deal);
  return id;
}

// ─── CRM activity timelines ───────────────────────────────────────────────────────────────

/**
 * A CRM shows a logged email's minute; Gmail knows the second. The same email lies within a
 * minute of the CRM's minute: from a minute before it to the end of the minute after.
 */
const CRM_EMAIL_BEFORE_MS = 60_000;
const CRM_EMAIL_AFTER_MS = 120_000;
const CRM_SOURCES: ReadonlySet<string> = new Set(['hubspot', 'salesforce', 'pipedrive']);

const CHANNEL_OF: Record<CrmActivity['type'], Channel> = { call: 'call', meeting: 'meeting', email: 'email', note: 'note', task: 'note' };

/** A CRM's wording of a call's result, where it maps onto ours. */
export function callOutcomeOf(text: string | undefined): CallOutcome | undefined {
  if (!text) return undefined;
  if (/voice\s?mail|mailbox|mailbox|anrufbeantworter|messagerie/i.test(text)) return 'voicemail';
  if (/no answer|not reached|no-answer|busy|unreachable|nicht erreicht|besetzt/i.test(text)) return 'no-answer';
  if (/connected|reached|erreicht|verbunden|completed/i.test(text)) return 'connected';
  return undefined;
}

function isTeam(email: string, who: Identity): boolean {
  if (who.own.includes(email)) return true;
  const d = domainOf(email);
  return who.internalDomains.some((i) => d === i || d.endsWith('.' + i));
}

function prospectsAmong(parties: readonly Party[], who: Identity): string[] {
  return [...new Set(parties.map((p) => p.email.toLowerCase()).filter((e) => !isTeam(e, who) && !isBulkSender(e)))];
}

function activityTouchpoint(a: CrmActivity, key: string, deal: Deal, source: DealSeen['source'], who: Identity, existing: Touchpoint | undefined, now: number): Touchpoint {
  const parties = [...(a.from ? [a.from] : []), ...a.participants];
  let direction: Direction;
  let contactEmails: string[];
  if (a.type === 'email' && a.from) {
    ({ direction, prospects: contactEmails } = classifyDirection({ from: a.from, to: a.participants, cc: [] }, who));
  } else {
    contactEmails = prospectsAmong(parties, who);
    direction = a.type === 'note' || a.type === 'task' ? 'internal' : (a.direction ?? 'outbound');
  }
  const tp: Touchpoint = {
    key,
    channel: CHANNEL_OF[a.type],
    direction,
    at: a.at,
    contactEmails,
    from: a.from?.email,
    to: a.type === 'email' ? a.participants.map((p) => p.email) : [],
    cc: [],
    subject: a.title || undefined,
    dealId: deal.id,
    capturedFrom: source,
    provenance: 'seen',
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
  if (a.durationMinutes !== undefined) tp.durationMinutes = a.durationMinutes;
  const outcome = a.type === 'call' ? callOutcomeOf(a.outcome) : undefined;
  // What the rep added in the sidebar (an outcome, a note) stays.
  tp.outcome = outcome ?? existing?.outcome;
  if (existing?.note) tp.note = existing.note;
  if (a.type === 'task') tp.activityKind = 'task';
  if (tp.outcome === undefined) delete tp.outcome;
  return tp;
}

function sameActivity(a: Touchpoint, b: Touchpoint): boolean {
  const pick = (t: Touchpoint) => [t.channel, t.direction, t.at, t.subject, t.dealId, t.durationMinutes, t.outcome, t.from, t.to.join(), t.contactEmails.join()];
  return JSON.stringify(pick(a)) === JSON.stringify(pick(b));
}

/** Addresses of a touchpoint outside the team (all of them when it has none: internal mail). */
function outsideAddresses(t: Pick<Touchpoint, 'from' | 'to' | 'cc' | 'contactEmails'>, who: Identity): Set<string> {
  const all = [t.from, ...t.to, ...t.cc, ...t.contactEmails].filter((x): x is string => !!x).map((x) => x.toLowerCase());
  const outside = all.filter((x) => !isTeam(x, who));
  return new Set(outside.length ? outside : all);
}

/** One email seen in Gmail and logged in a CRM: same direction, a shared participant, the CRM's minute. */
function sameEmail(gmail: Touchpoint, crm: Touchpoint, who: Identity): boolean {
  if (gmail.channel !== 'email' || crm.channel !== 'email' || gmail.direction !== crm.direction) return false;
  const delta = gmail.at - crm.at;
  if (delta < -CRM_EMAIL_BEFORE_MS || delta >= CRM_EMAIL_AFTER_MS) return false;
  const a = outsideAddresses(gmail, who);
  return [...outsideAddresses(crm, who)].some((x) => a.has(x));
}

/** The Gmail record of an email a CRM logged: by message id when the CRM shows one, else by time, direction and people. */
async function gmailCopyOf(db: DealDebriefDB, tp: Touchpoint, messageId: string | undefined, who: Identity): Promise<Touchpoint | undefined> {
  if (messageId) {
    const byId = await db.touchpoints.get(gmailMessageKey(messageId.replace(/^#/, '')));
    if (byId) return byId;
  }
  const near = await touchpointsBetween(db, tp.at - CRM_EMAIL_BEFORE_MS, tp.at + CRM_EMAIL_AFTER_MS, { until: false });
  return near.find((t) => t.capturedFrom === 'gmail' && sameEmail(t, tp, who));
}

/** A Gmail email just stored replaces the CRM's copies of it (logged before Gmail showed it). */
function absorbCrmCopies(view: IngestView, tp: Touchpoint, who: Identity): void {
  const near = view.mergeCandidates(tp.at - CRM_EMAIL_AFTER_MS, tp.at + CRM_EMAIL_BEFORE_MS, { from: false });
  const copies = near.filter((t) => CRM_SOURCES.has(t.capturedFrom) && sameEmail(tp, t, who));
  if (copies.length === 0) return;
  for (const c of copies) view.delete(c.key);
  const dealId = tp.dealId ?? copies.find((c) => c.dealId)?.dealId;
  if (dealId !== tp.dealId) view.put({ ...tp, dealId });
}

/**
 * Stores a record's timeline: each past activity as a touchpoint under its CRM key (a re-visit
 * changes nothing), a logged email that Gmail already showed not at all, planned ones as the
 * deal's next steps. Returns the earliest past activity (or +Infinity).
 */
async function ingestActivities(db: DealDebriefDB, deal: Deal, e: DealSeen, who: Identity, now: number, result: IngestResult): Promise<number> {
  const tenant = crmTenant(e.source, e.url);
  const next: NextStep[] = [];
  let earliest = Number.POSITIVE_INFINITY;
  for (const a of e.activities ?? []) {
    const key = crmActivityKey(e.source, tenant, a.id);
    const existing = await db.touchpoints.get(key);
    if (a.upcoming || a.at > now) {
      next.push({ key, kind: a.type, at: a.at, title: a.title, contactEmails: prospectsAmong([...(a.from ? [a.from] : []), ...a.participants], who) });
      // Moved into the future: it has not happened after all.
      if (existing) {
        await deleteTouchpoint(db, key);
        result.stored += 1;
      }
      continue;
    }
    earliest = Math.min(earliest, a.at);
    result.keys.push(key);
    const tp = activityTouchpoint(a, key, deal, e.source, who, existing, now);
    if (tp.channel === 'email' && !existing) {
      const copy = await gmailCopyOf(db, tp, a.messageId, who);
      if (copy) {
        if (!copy.dealId) await putTouchpoint(db, { ...copy, dealId: deal.id });
        continue;
      }
    }
    if (existing && sameActivity(existing, tp)) continue;
    await putTouchpoint(db, tp);
    result.stored += 1;
    const named = [...(a.from ? [a.from] : []), ...a.participants].filter((p) => tp.contactEmails.includes(p.email));
    await upsertContacts(db, named, a.at);
  }
  deal.nextSteps = next.sort((x, y) => x.at - y.at);
  return earliest;
}

/**
 * Touchpoints already captured for a deal's contacts join its timeline when they fall inside
 * the deal's life: not linked to another deal, up to its close, and from no earlier than the
 * close of the contacts' previous deal — or, without one, 180 days before this deal was first
 * seen (the CRM page does not show when the deal was created). Returns the earliest linked
 * instant (or +Infinity), which becomes the deal's opening when earlier than its first sighting.
 */
export async function linkContactTouchpoints(db: DealDebriefDB, deal: Deal): Promise<number> {
  let earliest = Number.POSITIVE_INFINITY;
  const until = deal.closedAt ?? Number.MAX_SAFE_INTEGER;
  const others = (await dealsOfContacts(db, deal.contactEmails)).filter((d) => d.id !== deal.id);
  const previousClose = Math.max(0, ...others.flatMap((d) => (d.closedAt !== undefined && d.closedAt <= deal.openedAt ? [d.closedAt] : [])));
  const from = Math.max(previousClose, (deal.firstSeenAt ?? deal.openedAt) - DEAL_LOOKBACK_MS);
  for (const email of deal.contactEmails) {
    for (const tp of await touchpointsOfContactBetween(db, email, from, until)) {
      if (tp.dealId && tp.dealId !== deal.id) continue;
      earliest = Math.min(earliest, tp.at);
      if (tp.dealId !== deal.id) {
        // The deal of a waiting message shows on its reply follow-up.
        markAwaitingDirty(tp.contactEmails);
        await db.touchpoints.update(tp.key, { dealId: deal.id });
      }
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
  if (contact && !contact.phones.includes(e.phone)) await db.contacts.update(contact.email, { phones: withPhones(contact.phones, [e.phone]) });
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
