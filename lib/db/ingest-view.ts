/**
 * What one capture batch reads and writes of the touchpoints, held in memory for the length of
 * the batch and written back in bulk.
 *
 * Ingest decides each email against its neighbours (the thread around it, the minutes around
 * it, the key it would take). Asked of IndexedDB one event at a time, that was some twenty
 * requests per message, each waiting for the last. The view loads what a batch will ask about
 * in a few requests issued together (the keys, each thread once, the stretches of time), answers
 * every later question from memory — including what the batch itself wrote — and at the end
 * writes the touchpoints (their contact index entries with them) and the contacts in bulk.
 *
 * Within the batch the view is the truth: a row it holds (loaded, written or deleted) wins over
 * what the database says. Its questions are answered synchronously, so that deciding a run of
 * mail awaits nothing but the loading and the writing (Dexie keeps a transaction's context
 * across awaits of its own requests, not across long chains of other promises). Asking about
 * something `preload` did not load is a programming error and throws. Code that writes
 * touchpoints or deals another way runs between a `flush()` and a new `preload`. Use only
 * inside `trackedWrite` (lib/db/awaiting.ts).
 */
import type { Contact, Deal, Touchpoint } from '../model';
import { companyDomain } from '../addresses';
import { addedSoFar, historyNeeded, markAwaitingDirty, newestHistory, noteAwaitingAdded, noteEarlyHistories, type RowContent } from './awaiting';
import { isMergeCandidate } from './contact-keys';
import type { ReadCache, StoredKeys } from './read-cache';
import type { DealDebriefDB } from './schema';

const MAX = Number.MAX_SAFE_INTEGER;

/** How many keys of a batch one request looks up together (see `keyStretches`). */
export const KEYS_PER_STRETCH = 16;
/** How many stored keys one such request lists at most before its keys are read one by one. */
export const STRETCH_LIMIT = 512;

/**
 * From how many stretches of time a batch first samples how densely the touchpoints it looks for
 * by time lie (see `preload`): they are few, so one read from the first stretch on mostly holds them all.
 */
export const WINDOWS_TO_SAMPLE = 2;
/** How many touchpoints that sample reads. */
export const SAMPLE_ROWS = 64;
/**
 * Two stretches of time are read together when the gap between them is expected to hold at most
 * this many touchpoints: one request costs about as much as reading several rows.
 */
export const GAP_ROWS = 4;

/** How many thread index entries of deals one read takes before each thread is read on its own. */
export const THREAD_DEALS_AT_ONCE = 50;

/** A party of a touchpoint to remember as a contact at the end of the batch. */
export interface ContactSighting {
  email: string;
  name?: string;
  at: number;
  phones?: readonly string[];
}

export class IngestView {
  /** key → the touchpoint as the batch sees it; `null` once deleted. */
  private rows = new Map<string, Touchpoint | null>();
  /** key → the stored touchpoint before the batch changed it (`undefined`: none); only for keys written. */
  private before = new Map<string, Touchpoint | undefined>();
  /** Keys written whose stored state was never read (resolved at flush). */
  private unknownBefore = new Set<string>();
  /** The touchpoints in `rows` (deleted ones left out), ordered by time, then key. */
  private byTime: Touchpoint[] = [];
  private byThread = new Map<string, Set<string>>();
  private threadsLoaded = new Set<string>();
  /** Keys asked for by `preload`. */
  private keyed = new Set<string>();
  /** Stretches of time whose stored merge candidates are all in `rows` ([from, until], inclusive). */
  private windows: [number, number][] = [];
  private contacts = new Map<string, ContactSighting[]>();
  private dealOfThread = new Map<string, Deal | undefined>();
  private dealsOfContact = new Map<string, Deal[]>();
  /** Contacts as stored (`undefined`: none), read with the batch for the people it names. */
  private storedContacts = new Map<string, Contact | undefined>();

  /** `cache`: what earlier batches read of the contacts, when this batch's transaction owns it (lib/db/read-cache.ts). */
  constructor(
    private readonly db: DealDebriefDB,
    private readonly cache?: ReadCache,
  ) {}

  /** Of these addresses, those whose stored contact neither the batch nor the cache knows; the cache's answers are taken. */
  private contactsToRead(emails: Iterable<string>): string[] {
    const out: string[] = [];
    for (const e of emails) {
      if (this.storedContacts.has(e)) continue;
      if (this.cache?.contacts.has(e)) this.storedContacts.set(e, this.cache.contacts.get(e));
      else out.push(e);
    }
    return out;
  }

  /** Contacts read from the database, kept for the batch and in the cache. */
  private contactsRead(emails: readonly string[], rows: readonly (Contact | undefined)[] | undefined): void {
    emails.forEach((e, i) => {
      this.storedContacts.set(e, rows?.[i]);
      this.cache?.contacts.set(e, rows?.[i]);
    });
  }

  /** A stored row loaded (only while preloading: `byTime` is sorted again at its end). */
  private hold(tp: Touchpoint): void {
    if (this.rows.has(tp.key)) return;
    this.rows.set(tp.key, tp);
    this.byTime.push(tp);
    this.index(tp);
  }

  /** The row under `key` becomes `tp` (`null`: deleted), in `rows` and in the time order. */
  private set(key: string, tp: Touchpoint | null): void {
    // Rows are never changed in place (a change is a `put` of a new object), so the row is
    // where its time and key say.
    const was = this.rows.get(key);
    if (was) this.byTime.splice(firstAtOrAfter(this.byTime, was.at, key), 1);
    this.rows.set(key, tp);
    if (!tp) return;
    this.byTime.splice(firstAtOrAfter(this.byTime, tp.at, key), 0, tp);
    this.index(tp);
  }

  private index(tp: Touchpoint): void {
    if (!tp.threadId) return;
    let set = this.byThread.get(tp.threadId);
    if (!set) this.byThread.set(tp.threadId, (set = new Set()));
    set.add(tp.key);
  }

  /**
   * Load these keys, the merge candidates of these stretches of time (through the sparse
   * `mergeAt` index), the contacts of these addresses, the deals of these threads, the rows of
   * `threadRows` (by default all of `threads`), and the deals of every address named by the
   * events and of everyone the stored rows under the keys and in the threads read name. The
   * requests go out in two waves (three when a stored row under one of the keys names someone
   * nothing else named, or a read of several stretches found more rows than expected), each
   * issued at once: what a wave asks for depends only on the waves before it.
   *
   * Several stretches of time are read in few requests: the first wave samples the first
   * `SAMPLE_ROWS` candidates from the earliest stretch on, which mostly holds them all (they are
   * few) and else gives how densely they lie (and loads every stretch it passes); the second
   * reads the other stretches together
   * wherever the gap between two is expected to hold at most `GAP_ROWS` rows. Such a read stops
   * at four times the rows expected (and 32 more), and its stretches are then read one by one.
   */
  async preload(
    keys: Iterable<string>,
    threads: Iterable<string>,
    windows: Iterable<[number, number]>,
    addresses: Iterable<string> = [],
    threadRows: Iterable<string> = threads,
    prospects: ReadonlyMap<string, readonly number[]> = new Map(),
  ): Promise<void> {
    const wantKeys = [...new Set(keys)].filter((k) => !this.rows.has(k));
    const wantThreads = [...new Set(threadRows)].filter((t) => !this.threadsLoaded.has(t));
    const wantWindows = mergeWindows([...windows]).filter((w) => !this.covered(w[0], w[1]));
    const wantDealThreads = [...new Set(threads)].filter((t) => !this.dealOfThread.has(t) && !this.threadDealFromCache(t));
    const named = new Set([...addresses].map((a) => a.toLowerCase()));
    const wantContacts = this.contactsToRead(named);
    // Keys whose stretch of the key space earlier batches listed are answered from what that
    // showed (lib/db/read-cache.ts): certainly not stored, or read; only the others are listed.
    const toList: string[] = [];
    const maybe: string[] = [];
    for (const k of wantKeys) {
      const answer = this.cache?.storedKeys.answer(k);
      if (answer === undefined) toList.push(k);
      else if (answer === 'maybe') maybe.push(k);
    }
    const stretches = keyStretches(toList);
    const dealThreads = [...wantDealThreads].sort();
    // The histories the reply-owed update will need (rows it cannot move on from what they keep:
    // lib/db/awaiting.ts), read now with the rest instead of after the batch's writes. Only for
    // contacts whose rows the cache holds: the others' rows are not known before they are read.
    const histories: string[] = [];
    for (const [email, instants] of prospects) {
      if (this.cache?.awaiting.has(email) && historyNeeded(this.cache.awaiting.get(email) as RowContent | undefined, instants)) histories.push(email);
    }
    const addedBefore = histories.length ? addedSoFar() : 0;
    // Wave one. One level of Promise.all over Dexie's own requests at a time: nested native
    // Promise.all loses the transaction's context (it commits before the next request is made),
    // so each wave is one flat list.
    for (const k of wantKeys) this.keyed.add(k);
    const sample = wantWindows.length >= WINDOWS_TO_SAMPLE;
    const first = wantWindows[0];
    const last = wantWindows[wantWindows.length - 1];
    const one = [
      stretches.map((s, i) => (s.length < 2 ? undefined : this.db.touchpoints.where(':id').between(listFrom(stretches, i), s[s.length - 1]!, true, true).limit(STRETCH_LIMIT + 1).primaryKeys())),
      wantThreads.map((t) => this.db.touchpoints.where('[threadId+at]').between([t, 0], [t, MAX], true, true).toArray()),
      sample && first && last
        ? [this.db.touchpoints.where('mergeAt').between(first[0], last[1], true, true).limit(SAMPLE_ROWS).toArray()]
        : wantWindows.map(([a, b]) => this.db.touchpoints.where('mergeAt').between(a, b, true, true).toArray()),
      dealThreads.length ? [this.db.deals.where('threadIds').between(dealThreads[0]!, dealThreads[dealThreads.length - 1]!, true, true).limit(THREAD_DEALS_AT_ONCE + 1).toArray()] : [],
      wantContacts.length ? [this.db.contacts.bulkGet(wantContacts)] : [],
      histories.map((email) => newestHistory(this.db, email)),
    ] as const;
    const [listed, byThread, inWindows, threadDeals, contacts, newest] = byList(one, await Promise.all(one.flat()));
    if (histories.length) noteEarlyHistories(new Map(histories.map((email, i) => [email, newest[i] ?? []])), addedBefore);
    this.contactsRead(wantContacts, contacts[0]);
    for (const list of byThread) for (const tp of list) this.hold(tp);
    for (const list of inWindows) for (const tp of list) this.hold(tp);
    for (const t of wantThreads) this.threadsLoaded.add(t);
    // What the sample left to read, in groups of stretches read together.
    let groups: WindowGroup[] = [];
    if (!sample) this.windows = mergeWindows([...this.windows, ...wantWindows]);
    else {
      const rows = inWindows[0] ?? [];
      if (rows.length < SAMPLE_ROWS) this.windows = mergeWindows([...this.windows, ...wantWindows]);
      else {
        // Every row before the last one's instant was read (one at that instant may not be).
        const edge = rows[rows.length - 1]!.at;
        const done = wantWindows.filter((w) => w[1] < edge);
        this.windows = mergeWindows([...this.windows, ...done]);
        groups = windowGroups(wantWindows.slice(done.length), SAMPLE_ROWS / Math.max(1, edge - first![0]));
      }
    }
    const groupReads = groups.map((g) => {
      const query = this.db.touchpoints.where('mergeAt').between(g.from, g.until, true, true);
      return g.limit === undefined ? query.toArray() : query.limit(g.limit + 1).toArray();
    });
    const found = threadDeals[0];
    if (found && found.length <= THREAD_DEALS_AT_ONCE) {
      for (const t of wantDealThreads) {
        let first: Deal | undefined;
        for (const d of found) if (d.threadIds.includes(t) && (!first || d.id < first.id)) first = d;
        this.setThreadDeal(t, first);
      }
    }
    // Wave two: the rows under the keys that are stored, each thread's deal when one read held
    // too many, the deals of everyone named so far (the events, the stored mail in their threads),
    // and the stretches of time the sample did not reach.
    const read = [...storedAmong(stretches, listed), ...maybe];
    if (this.cache) learnKeys(this.cache.storedKeys, stretches, listed);
    const oneByOne = found && found.length > THREAD_DEALS_AT_ONCE ? wantDealThreads : [];
    const people = this.peopleWithoutDeals(named);
    const two = [
      read.length ? [this.db.touchpoints.bulkGet(read)] : [],
      oneByOne.map((t) => this.db.deals.where('threadIds').equals(t).first()),
      people.length ? [this.db.deals.where('contactEmails').anyOf(people).toArray()] : [],
      groupReads,
    ] as const;
    const [got, perThread, deals, grouped] = byList(two, await Promise.all(two.flat()));
    oneByOne.forEach((t, i) => this.setThreadDeal(t, perThread[i]));
    this.takeDeals(people, deals[0]);
    const oneByOneWindows: [number, number][] = [];
    const spans: [number, number][] = [];
    groups.forEach((g, i) => {
      const rows = grouped[i] ?? [];
      if (g.limit !== undefined && rows.length > g.limit) {
        oneByOneWindows.push(...g.windows);
        return;
      }
      for (const tp of rows) this.hold(tp);
      // The whole stretch from the group's first window to its last was read.
      spans.push([g.from, g.until]);
    });
    this.windows = mergeWindows([...this.windows, ...spans]);
    const byKey = new Map(read.map((k, i) => [k, got[0]?.[i]]));
    for (const k of wantKeys) {
      const tp = byKey.get(k);
      if (tp) this.hold(tp);
      else if (!this.rows.has(k)) this.rows.set(k, null);
    }
    // Wave three, rarely: the deals of people only a stored row under a key names, and stretches
    // whose group held more rows than expected.
    const late = this.peopleWithoutDeals(named);
    if (late.length || oneByOneWindows.length) {
      const three = [
        late.length ? [this.db.deals.where('contactEmails').anyOf(late).toArray()] : [],
        oneByOneWindows.map(([a, b]) => this.db.touchpoints.where('mergeAt').between(a, b, true, true).toArray()),
      ] as const;
      const [lateDeals, single] = byList(three, await Promise.all(three.flat()));
      this.takeDeals(late, lateDeals[0]);
      for (const list of single) for (const tp of list) this.hold(tp);
      this.windows = mergeWindows([...this.windows, ...oneByOneWindows]);
    }
    this.byTime.sort(byTimeThenKey);
  }

  /**
   * The people named here or by a stored row under a key or in a thread whose deals are not
   * loaded yet. (Rows loaded only for their time are asked about their CRM copies and sends,
   * never their people's deals.)
   */
  private peopleWithoutDeals(named: ReadonlySet<string>): string[] {
    const people = new Set(named);
    for (const tp of this.rows.values()) {
      if (tp && (this.keyed.has(tp.key) || (tp.threadId !== undefined && this.threadsLoaded.has(tp.threadId)))) for (const e of tp.contactEmails) people.add(e);
    }
    const missing: string[] = [];
    for (const e of people) {
      if (this.dealsOfContact.has(e)) continue;
      const cached = this.cache?.dealsOfContact.has(e) ? this.cache.dealsOfContact.get(e) : undefined;
      if (cached) this.dealsOfContact.set(e, cached);
      else missing.push(e);
    }
    return missing;
  }

  /** The deal of a thread as the cache knows it, taken; false when it does not know. */
  private threadDealFromCache(threadId: string): boolean {
    if (!this.cache?.dealOfThread.has(threadId)) return false;
    this.dealOfThread.set(threadId, this.cache.dealOfThread.get(threadId));
    return true;
  }

  private setThreadDeal(threadId: string, deal: Deal | undefined): void {
    this.dealOfThread.set(threadId, deal);
    this.cache?.dealOfThread.set(threadId, deal);
  }

  /** Files the deals read for these people (`deals` undefined: none were asked about). */
  private takeDeals(missing: readonly string[], deals: readonly Deal[] | undefined): void {
    if (!deals) return;
    const wanted = new Set(missing);
    for (const e of missing) this.dealsOfContact.set(e, []);
    for (const d of deals) for (const e of d.contactEmails) if (wanted.has(e)) this.dealsOfContact.get(e)?.push(d);
    // As the index orders them: by deal id within an address, each once.
    for (const e of missing) {
      const list = [...new Map((this.dealsOfContact.get(e) ?? []).map((d) => [d.id, d])).values()];
      const sorted = list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
      this.dealsOfContact.set(e, sorted);
      this.cache?.dealsOfContact.set(e, sorted);
    }
  }

  private covered(from: number, until: number): boolean {
    // The windows are sorted and apart: only the last one starting at or before `from` can hold it.
    let lo = 0;
    let hi = this.windows.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.windows[mid]![0] <= from) lo = mid + 1;
      else hi = mid;
    }
    const w = this.windows[lo - 1];
    return w !== undefined && until <= w[1];
  }

  get(key: string): Touchpoint | undefined {
    if (!this.rows.has(key)) throw new Error(`IngestView: the touchpoint ${key} was not loaded.`);
    return this.rows.get(key) ?? undefined;
  }

  /** The thread's touchpoints with `at` in [from, until]. */
  thread(threadId: string, from = 0, until = MAX): Touchpoint[] {
    if (!this.threadsLoaded.has(threadId)) throw new Error(`IngestView: the thread ${threadId} was not loaded.`);
    const out: Touchpoint[] = [];
    for (const key of this.byThread.get(threadId) ?? []) {
      const tp = this.rows.get(key);
      if (tp && tp.threadId === threadId && tp.at >= from && tp.at <= until) out.push(tp);
    }
    return out.sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : 1));
  }

  /**
   * Every merge candidate (a touchpoint a message seen later may replace or take over:
   * lib/db/contact-keys.ts) with `at` between the two instants; an end can be left out of the range.
   */
  mergeCandidates(from: number, until: number, ends: { from?: boolean; until?: boolean } = {}): Touchpoint[] {
    if (!this.covered(from, until)) throw new Error(`IngestView: the touchpoints from ${from} to ${until} were not loaded.`);
    const lo = ends.from ?? true;
    const hi = ends.until ?? true;
    const out: Touchpoint[] = [];
    for (let i = firstAtOrAfter(this.byTime, from); i < this.byTime.length; i++) {
      const tp = this.byTime[i]!;
      if (hi ? tp.at > until : tp.at >= until) break;
      if ((lo || tp.at > from) && isMergeCandidate(tp)) out.push(tp);
    }
    return out;
  }

  /** The merge candidates of these threads with `at` in [from, until], by time then key (whether or not the threads were loaded). */
  threadCandidates(threadIds: readonly string[], from: number, until: number): Touchpoint[] {
    return this.mergeCandidates(from, until).filter((t) => t.threadId !== undefined && threadIds.includes(t.threadId));
  }

  private remember(key: string): void {
    if (this.before.has(key) || this.unknownBefore.has(key)) return;
    if (this.rows.has(key)) this.before.set(key, this.rows.get(key) ?? undefined);
    else this.unknownBefore.add(key);
  }

  put(tp: Touchpoint): void {
    this.remember(tp.key);
    this.set(tp.key, tp);
  }

  delete(key: string): void {
    this.remember(key);
    this.set(key, null);
  }

  /** Remember people seen; merged into the contacts table at `flush()`. */
  sawContacts(sightings: ContactSighting[]): void {
    for (const s of sightings) {
      const list = this.contacts.get(s.email);
      if (list) list.push(s);
      else this.contacts.set(s.email, [s]);
    }
  }

  /** The deal a thread is linked to (deals are not written while the view is in use). */
  dealLinkedToThread(threadId: string): Deal | undefined {
    if (!this.dealOfThread.has(threadId)) throw new Error(`IngestView: the deal of thread ${threadId} was not loaded.`);
    return this.dealOfThread.get(threadId);
  }

  /**
   * Every deal any of these contacts takes part in, in the order the `contactEmails` index gives
   * them (address, then deal id), so that ties are broken as a query would break them.
   */
  dealsOfContacts(emails: readonly string[]): Deal[] {
    const missing = emails.filter((e) => !this.dealsOfContact.has(e));
    if (missing.length) throw new Error(`IngestView: the deals of ${missing.join(', ')} were not loaded.`);
    return [...new Set(emails)].sort().flatMap((e) => this.dealsOfContact.get(e) ?? []);
  }

  /** Write what the batch changed: touchpoints (their contact index comes with them), contacts; then forget it all. */
  async flush(): Promise<void> {
    const unknown = [...this.unknownBefore];
    if (unknown.length) {
      const got = await this.db.touchpoints.bulkGet(unknown);
      unknown.forEach((k, i) => this.before.set(k, got[i] ?? undefined));
      this.unknownBefore.clear();
    }
    const puts: Touchpoint[] = [];
    const deletes: string[] = [];
    const added: Touchpoint[] = [];
    const dirty = new Set<string>();
    for (const [key, old] of this.before) {
      const now = this.rows.get(key) ?? undefined;
      if (now) puts.push(now);
      else if (old) deletes.push(key);
      else continue;
      // A touchpoint where none was stored only adds to its contacts' histories.
      if (now && !old) {
        added.push(now);
        continue;
      }
      for (const email of old?.contactEmails ?? []) dirty.add(email);
      for (const email of now?.contactEmails ?? []) dirty.add(email);
    }
    this.before.clear();
    if (dirty.size) markAwaitingDirty(dirty);
    if (added.length) noteAwaitingAdded(added);
    const sightings = [...this.contacts.entries()];
    this.contacts.clear();
    // Contacts the preload read (all the batch names, normally) are not read again.
    const unread = this.contactsToRead(sightings.map(([email]) => email));
    if (unread.length) this.contactsRead(unread, await this.db.contacts.bulkGet(unread));
    const contacts: Contact[] = [];
    for (const [email, seen] of sightings) {
      const stored = this.storedContacts.get(email);
      const merged = mergeContact(stored, email, seen);
      // A sighting inside what is known of someone changes nothing: no write.
      if (!stored || !sameContact(stored, merged)) contacts.push(merged);
    }
    this.reset();
    await Promise.all([
      puts.length ? this.db.touchpoints.bulkPut(puts) : undefined,
      deletes.length ? this.db.touchpoints.bulkDelete(deletes) : undefined,
      contacts.length ? this.db.contacts.bulkPut(contacts) : undefined,
    ]);
  }

  private reset(): void {
    this.rows.clear();
    this.byTime = [];
    this.byThread.clear();
    this.threadsLoaded.clear();
    this.keyed.clear();
    this.windows = [];
    this.dealOfThread.clear();
    this.dealsOfContact.clear();
    this.storedContacts.clear();
  }
}

/** A contact keeps at most this many phone numbers: any page may name any contact with some. */
export const MAX_PHONES = 20;

/**
 * `kept` and then `seen`, once each. Beyond `MAX_PHONES` the ones not seen for longest go: a
 * number seen again counts as seen now. (Under the bound the order stays as it was, so a number
 * seen again changes nothing to write.)
 */
export function withPhones(kept: readonly string[], seen: readonly string[]): string[] {
  const all = [...new Set([...kept, ...seen])];
  if (all.length <= MAX_PHONES) return all;
  const now = new Set(seen);
  return [...all.filter((p) => !now.has(p)), ...now].slice(-MAX_PHONES);
}

/** A contact as stored, updated with what this batch saw of them (same rules as one at a time). */
export function mergeContact(existing: Contact | undefined, email: string, seen: readonly ContactSighting[]): Contact {
  let contact: Contact | undefined = existing;
  for (const s of seen) {
    const name = s.name && s.name !== 'me' ? s.name : undefined;
    const phones = s.phones ?? [];
    contact = contact
      ? {
          ...contact,
          name: name ?? contact.name,
          phones: withPhones(contact.phones, phones),
          firstSeen: Math.min(contact.firstSeen, s.at),
          lastSeen: Math.max(contact.lastSeen, s.at),
        }
      : { email, name, domain: companyDomain(email), phones: withPhones([], phones), firstSeen: s.at, lastSeen: s.at };
  }
  return contact!;
}

function sameContact(a: Contact, b: Contact): boolean {
  return (
    a.email === b.email &&
    a.name === b.name &&
    a.domain === b.domain &&
    a.firstSeen === b.firstSeen &&
    a.lastSeen === b.lastSeen &&
    a.phones.length === b.phones.length &&
    a.phones.every((p, i) => p === b.phones[i]) &&
    Object.keys(a).length === Object.keys(b).length
  );
}

type Answers<T extends readonly unknown[]> = { [K in keyof T]: Awaited<T[K] extends readonly (infer P)[] ? P : never>[] };

/**
 * The answers of several lists of requests, awaited as one flat list (`await Promise.all(...)`
 * straight in the caller, as Dexie keeps its transaction across that and not across a nested
 * Promise.all or a further async step), handed back list by list.
 */
function byList<T extends readonly (readonly unknown[])[]>(lists: T, answers: readonly unknown[]): Answers<T> {
  const out: unknown[][] = [];
  let at = 0;
  for (const list of lists) {
    out.push(answers.slice(at, at + list.length));
    at += list.length;
  }
  return out as Answers<T>;
}

/**
 * A batch's keys sorted (by code unit, as IndexedDB orders strings) and cut into stretches of
 * `KEYS_PER_STRETCH`: one request lists the keys stored between a stretch's first and last (a
 * new message's key mostly is not), and only those found are read (`storedAmong`).
 */
function keyStretches(keys: readonly string[]): string[][] {
  const sorted = [...keys].sort();
  const stretches: string[][] = [];
  for (let i = 0; i < sorted.length; i += KEYS_PER_STRETCH) stretches.push(sorted.slice(i, i + KEYS_PER_STRETCH));
  return stretches;
}

/**
 * The keys of the stretches to read, given what was listed for each: those listed, and every key
 * of a stretch that was not listed (one key). A stretch that held more than `STRETCH_LIMIT`
 * stored keys was listed in key order up to its limit, so the listing still says which of its
 * keys up to the last one listed are stored; only the keys after that one are read.
 */
function storedAmong(stretches: readonly string[][], listed: readonly (readonly string[] | undefined)[]): string[] {
  const read: string[] = [];
  stretches.forEach((s, i) => {
    const found = listed[i];
    if (!found) {
      read.push(...s);
      return;
    }
    const stored = new Set<string>(found);
    const edge = found.length > STRETCH_LIMIT ? found[found.length - 1]! : undefined;
    for (const k of s) if (stored.has(k) || (edge !== undefined && k > edge)) read.push(k);
  });
  return read;
}

/**
 * Where a stretch's listing starts: at the last key of the stretch before it (the stretches are
 * consecutive runs of one sorted list), so that the listings of a batch leave no gap between
 * them and what they show is known from the batch's first key to its last (`learnKeys`); the
 * first stretch starts at its own first key.
 */
function listFrom(stretches: readonly string[][], i: number): string {
  const before = stretches[i - 1];
  return before ? before[before.length - 1]! : stretches[i]![0]!;
}

/** What the listings showed: every key stored from where a listing started to its stretch's last key (or the last one listed, when the listing stopped at its limit). */
function learnKeys(known: StoredKeys, stretches: readonly string[][], listed: readonly (readonly string[] | undefined)[]): void {
  stretches.forEach((s, i) => {
    const found = listed[i];
    if (!found || s.length < 2) return;
    const until = found.length > STRETCH_LIMIT ? found[found.length - 1]! : s[s.length - 1]!;
    known.learn(listFrom(stretches, i), until, found);
  });
}

function byTimeThenKey(a: Touchpoint, b: Touchpoint): number {
  return a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

/**
 * Where `(at, key)` goes in touchpoints ordered by time, then key: the index of the first one at
 * or after it (without a key: the first at or after `at`).
 */
function firstAtOrAfter(sorted: readonly Touchpoint[], at: number, key?: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const t = sorted[mid]!;
    if (t.at < at || (t.at === at && key !== undefined && t.key < key)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Sorted, apart stretches of time in groups to read together: a stretch joins the one before
 * when the gap between them is expected to hold at most `GAP_ROWS` touchpoints.
 */
function windowGroups(windows: readonly [number, number][], rowsPerMs: number): WindowGroup[] {
  const groups: [number, number][][] = [];
  for (const w of windows) {
    const group = groups[groups.length - 1];
    const before = group?.[group.length - 1];
    if (group && before && (w[0] - before[1]) * rowsPerMs <= GAP_ROWS) group.push(w);
    else groups.push([w]);
  }
  return groups.map((g) => {
    const from = g[0]![0];
    const until = g[g.length - 1]![1];
    // A lone stretch is read whole, as before; a group stops at four times what it should hold.
    return { windows: g, from, until, limit: g.length === 1 ? undefined : Math.ceil(4 * (until - from) * rowsPerMs) + 32 };
  });
}

interface WindowGroup {
  windows: [number, number][];
  from: number;
  until: number;
  /** Rows the read takes at most; more found means they are read one by one. */
  limit: number | undefined;
}

/** Overlapping or touching stretches joined; sorted. */
function mergeWindows(windows: [number, number][]): [number, number][] {
  const sorted = windows.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}
