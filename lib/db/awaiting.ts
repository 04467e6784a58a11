/**
 * Who is owed a reply, kept up to date at ingest. One row per contact who is (or was) waiting
 * on the rep: the inbound touchpoints still open after the last answer, and when the contact
 * last wrote. A write that changes touchpoints marks their contacts; before its transaction
 * ends, only those contacts' histories are read again and their rows rewritten with a new
 * `rev`. A write that only adds touchpoints (new mail) moves the rows on from what they keep of
 * how they were worked out (`basis`), without reading the history, when the new touchpoints are
 * all older than what decides the row or all newer than what it has seen (`advanceRow`). The badge refresh then reads the rows whose `rev` moved, so its cost follows what
 * changed, not how many contacts there are.
 *
 * The rows hold no settings: the response targets, working hours and time zone apply when the
 * refresher turns a row into a waiting item, so changing them needs no rebuild here. Who counts
 * as "us" changes touchpoints (reclassification), which marks their contacts like any write.
 */
import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import { contactRange, withoutContactKeys } from './contact-keys';
import type { Touchpoint } from '../model';
import { readCacheOf, type ReadCache } from './read-cache';
import { answersInWalk, walkContact, type TargetKind } from '../response';

export interface AwaitingRow {
  email: string;
  /** Write counter: the rows changed since a reader's last look are those with a higher rev. */
  rev: number;
  /** When a prospect email or call of this contact last came in (any inbound naming them). */
  lastInboundAt?: number;
  /** What is still waiting for a reply; absent once answered (the row stays, so readers see the change). */
  open?: {
    kind: TargetKind;
    /** The first unanswered inbound's instant: the clock starts here. */
    since: number;
    inboundKeys: string[];
    /** The most recent waiting inbound (its thread, subject and deal). */
    latest: Touchpoint;
  };
  /**
   * What the row was worked out from, so that touchpoints added later can move it on without
   * reading the history again (`advanceRow`): the newest instant of any touchpoint naming the
   * contact, and the newest two instants (distinct, newest first) at which a reply or a
   * conversation is in their history — fewer when there are fewer. Readers ignore it; a change
   * to it alone keeps the row's `rev`. Rows written without it are worked out from the history.
   */
  basis?: RowBasis;
}

export interface RowBasis {
  newest: number;
  answers: number[];
}

export type RowContent = Omit<AwaitingRow, 'rev'>;

/**
 * Whether touchpoint `t` is part of `email`'s reply history: an inbound email waits on a reply
 * to its sender only (a prospect copied on it is owed nothing); everything else counts for
 * every prospect it names. Same rule as `byContact` in lib/deal-figures.ts.
 */
export function inHistoryOf(t: Touchpoint, email: string): boolean {
  if (!t.contactEmails.includes(email)) return false;
  const senderOnly = t.direction === 'inbound' && t.channel === 'email' && t.from !== undefined && t.contactEmails.includes(t.from);
  return !senderOnly || t.from === email;
}

/**
 * The row for one contact from every touchpoint naming them (any order), or from the newest of
 * them when those decide (`newestDecide`); undefined when none names them. Pure.
 */
export function awaitingRowFor(email: string, touchpoints: readonly Touchpoint[]): RowContent | undefined {
  let lastInboundAt: number | undefined;
  let newest: number | undefined;
  const history: Touchpoint[] = [];
  for (const t of touchpoints) {
    if (!t.contactEmails.includes(email)) continue;
    newest = Math.max(newest ?? t.at, t.at);
    if (t.direction === 'inbound') lastInboundAt = Math.max(lastInboundAt ?? t.at, t.at);
    if (inHistoryOf(t, email)) history.push(t);
  }
  if (newest === undefined) return undefined;
  history.sort((a, b) => a.at - b.at);
  const { pending, kind } = walkContact(history);
  return rowOf(email, lastInboundAt, pending, kind, { newest, answers: newestAnswers([], history) });
}

/** A row in the one shape every path writes (the same fields in the same order). */
function rowOf(email: string, lastInboundAt: number | undefined, pending: readonly Touchpoint[], kind: TargetKind, basis: RowBasis): RowContent {
  const first = pending[0];
  const latest = pending[pending.length - 1];
  if (!first || !latest) return { email, lastInboundAt, basis };
  // The row keeps the touchpoint, not its index entries.
  return { email, lastInboundAt, open: { kind, since: first.at, inboundKeys: pending.map((p) => p.key), latest: withoutContactKeys(latest) }, basis };
}

/** The newest two distinct instants among `known` and those of the replies and conversations in `history`. */
function newestAnswers(known: readonly number[], history: readonly Touchpoint[]): number[] {
  const at = new Set(known);
  for (const t of history) if (answersInWalk(t)) at.add(t.at);
  return [...at].sort((a, b) => b - a).slice(0, 2);
}

/**
 * The instant from which a row's contact's touchpoints decide the row on their own (see
 * `newestDecide`): the earlier of the second-newest reply instant and the last inbound, so that
 * an inbound and replies at two instants lie from it on. Undefined when the history holds no
 * inbound or replies at fewer than two instants.
 */
export function decidedFrom(row: RowContent): number | undefined {
  const second = row.basis?.answers[1];
  return second === undefined || row.lastInboundAt === undefined ? undefined : Math.min(second, row.lastInboundAt);
}

/**
 * The row once `added` (touchpoints new to the database, none of them changed or removed since)
 * are stored, worked out from the stored row alone when it can be: touchpoints before the
 * instant from which the newest ones decide the row change nothing (see `newestDecide`: the
 * walk's state after them does not depend on what came before, and they are older than every
 * instant the row keeps); touchpoints after the newest one the row knows continue the walk from
 * where it ended (what waited then, its kind, whether anything had answered). A batch may hold
 * both kinds (a backlog of old mail beside new mail): the old ones leave the row as it is, the
 * new ones then move it on. Otherwise — a row without its basis, a touchpoint among the known
 * ones — undefined: the history has to be read. Gives what `awaitingRowFor` gives on the whole
 * history. Pure.
 */
export function advanceRow(email: string, row: RowContent | undefined, added: readonly Touchpoint[]): RowContent | undefined {
  const basis = row?.basis;
  if (!row || !basis) return undefined;
  const from = decidedFrom(row);
  // Touchpoints before `from` change nothing; those after the newest known one move the row on.
  // One in between (or any older one, when the row has no `from`) needs the history.
  const mine: Touchpoint[] = [];
  for (const t of added) {
    if (!t.contactEmails.includes(email) || (from !== undefined && t.at < from)) continue;
    if (t.at <= basis.newest) return undefined;
    mine.push(t);
  }
  if (mine.length === 0) return row;
  let lastInboundAt = row.lastInboundAt;
  let newest = basis.newest;
  for (const t of mine) {
    newest = Math.max(newest, t.at);
    if (t.direction === 'inbound') lastInboundAt = Math.max(lastInboundAt ?? t.at, t.at);
  }
  // History order: by instant, then by key (the index's order).
  const history = mine.filter((t) => inHistoryOf(t, email)).sort((a, b) => a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  // What waited: the walk needs only the first one's instant (every one of them is older than
  // what comes now, so a reply answers them all) and the last one whole.
  const open = row.open;
  const waiting = open ? open.inboundKeys.map((key, i) => (i === open.inboundKeys.length - 1 ? open.latest : { ...open.latest, key, at: open.since })) : [];
  const { pending, kind } = walkContact(history, undefined, { pending: waiting, kind: open?.kind ?? 'new-lead', engaged: basis.answers.length > 0 });
  return rowOf(email, lastInboundAt, pending, kind, { newest, answers: newestAnswers(basis.answers, history) });
}

/** Every contact's row from a whole set of touchpoints (restore, upgrade, tests). Pure. */
export function awaitingRowsFrom(touchpoints: readonly Touchpoint[]): RowContent[] {
  const steps = awaitingRowSteps(touchpoints, Number.POSITIVE_INFINITY);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
  }
}

/**
 * The same rows, the contacts of about `perStep` touchpoints at a time with `pause` between them (a restore
 * computes them before it writes; in one go they held the page for tens of milliseconds).
 */
export async function awaitingRowsInSteps(touchpoints: readonly Touchpoint[], pause: () => Promise<void>, perStep = 500): Promise<RowContent[]> {
  const steps = awaitingRowSteps(touchpoints, perStep);
  for (;;) {
    const next = steps.next();
    if (next.done) return next.value;
    await pause();
  }
}

function* awaitingRowSteps(touchpoints: readonly Touchpoint[], perStep: number): Generator<void, RowContent[]> {
  const byEmail = new Map<string, Touchpoint[]>();
  for (const t of touchpoints) {
    for (const email of t.contactEmails) {
      const list = byEmail.get(email);
      if (list) list.push(t);
      else byEmail.set(email, [t]);
    }
  }
  const rows: RowContent[] = [];
  let n = 0;
  for (const [email, list] of byEmail) {
    const row = awaitingRowFor(email, list);
    // Only contacts who wait matter; a contact who never waited needs no row.
    if (row?.open) rows.push(row);
    n += list.length;
    if (n >= perStep) {
      n = 0;
      yield;
    }
  }
  return rows;
}

/** Does the waiting item count at `now`: the contact wrote within the window (60 days by default). */
export function withinWindow(row: AwaitingRow, now: number, windowMs: number): boolean {
  return row.lastInboundAt !== undefined && row.lastInboundAt >= now - windowMs;
}

// ── Keeping the table in step with writes ───────────────────────────────────────────────────

/** Contacts whose rows must be rebuilt before the transaction (keyed by the native transaction) ends. */
const dirtyByTransaction = new WeakMap<IDBTransaction, Set<string>>();
/** Touchpoints the transaction added (none was stored under their keys), whose rows may move on without a rebuild. */
const addedByTransaction = new WeakMap<IDBTransaction, Touchpoint[]>();
/** Contacts' newest touchpoints read early in the transaction (`noteEarlyHistories`). */
const earlyByTransaction = new WeakMap<IDBTransaction, Map<string, EarlyHistory>>();
/** The highest rev of the table when the transaction began, read by a capture batch (`noteHighestRev`). */
const revByTransaction = new WeakMap<IDBTransaction, number>();

/**
 * A contact's newest `SHORT_HISTORY + 1` touchpoints (newest first) as stored when the first
 * `from` of the transaction's added touchpoints were stored and no later one was.
 */
export interface EarlyHistory {
  newest: Touchpoint[];
  from: number;
}

export function currentNative(): IDBTransaction | undefined {
  const tx = Dexie.currentTransaction as (Transaction & { idbtrans?: IDBTransaction }) | null;
  return tx?.idbtrans ?? undefined;
}

/**
 * Note that these contacts' touchpoints changed. Must run inside `trackedWrite`: a touchpoint
 * written anywhere else would leave the table stale, so that is an error, not a silent miss.
 */
export function markAwaitingDirty(emails: Iterable<string>): void {
  const native = currentNative();
  const set = native ? dirtyByTransaction.get(native) : undefined;
  if (!set) throw new Error('Touchpoints were written outside a tracked transaction: the awaiting-reply table would go stale.');
  for (const e of emails) set.add(e);
}

/**
 * Note touchpoints just stored under keys where nothing was stored before. Their contacts' rows
 * move on from what the rows know when they can (`advanceRow`); a contact also marked dirty, or
 * whose row cannot, has its history read. A touchpoint changed or deleted later in the same
 * transaction must have its contacts marked dirty, as any change does. Inside `trackedWrite` only.
 */
export function noteAwaitingAdded(touchpoints: readonly Touchpoint[]): void {
  const native = currentNative();
  const list = native ? addedByTransaction.get(native) : undefined;
  if (!list) throw new Error('Touchpoints were written outside a tracked transaction: the awaiting-reply table would go stale.');
  list.push(...touchpoints);
}

/** How many touchpoints the transaction has added so far (see `noteAwaitingAdded`). Inside `trackedWrite` only. */
export function addedSoFar(): number {
  const native = currentNative();
  const list = native ? addedByTransaction.get(native) : undefined;
  if (!list) throw new Error('Not inside a tracked transaction.');
  return list.length;
}

/**
 * Note contacts' newest touchpoints, read (`newestHistory`) before any touchpoint after the
 * first `from` added ones was written, and with nothing of theirs changed since but what
 * `noteAwaitingAdded` notes. A contact whose row cannot move on from what it keeps then has its
 * history put together from these and the touchpoints added since, instead of read again
 * after the batch's writes. Inside `trackedWrite` only.
 */
export function noteEarlyHistories(histories: ReadonlyMap<string, Touchpoint[]>, from: number): void {
  const native = currentNative();
  if (!native || !addedByTransaction.has(native)) throw new Error('Not inside a tracked transaction.');
  const early = earlyByTransaction.get(native) ?? new Map<string, EarlyHistory>();
  for (const [email, newest] of histories) if (!early.has(email)) early.set(email, { newest, from });
  earlyByTransaction.set(native, early);
}

/**
 * Note the table's highest rev, read in this transaction before anything in it could write the
 * table (only the outermost `trackedWrite` does, at its end): the rows written then take the
 * next one without reading it again. Inside `trackedWrite` only.
 */
export function noteHighestRev(rev: number): void {
  const native = currentNative();
  if (!native || !addedByTransaction.has(native)) throw new Error('Not inside a tracked transaction.');
  revByTransaction.set(native, rev);
}

/**
 * Whether adding touchpoints at these instants would leave `row` unable to move on from what it
 * keeps (`advanceRow`), so that the contact's history must be read: no row or no basis, or an
 * instant from the one the newest touchpoints decide from up to the newest one the row knows.
 */
export function historyNeeded(row: RowContent | undefined, instants: readonly number[]): boolean {
  const basis = row?.basis;
  if (!row || !basis) return instants.length > 0;
  const from = decidedFrom(row);
  return instants.some((at) => (from === undefined || at >= from) && at <= basis.newest);
}

/** A contact's newest `SHORT_HISTORY + 1` touchpoints, newest first: one request. */
export function newestHistory(tables: Pick<AwaitingTables, 'touchpoints'>, email: string): Promise<Touchpoint[]> {
  const [lower, upper] = contactRange(email);
  return tables.touchpoints.where('contactKeys').between(lower, upper, true, true).reverse().limit(SHORT_HISTORY + 1).toArray();
}

/**
 * The contact's history from where `newest` (newest first, as `newestHistory` reads them) ends,
 * oldest first in the index's order: the whole history when `newest` holds no more than
 * `SHORT_HISTORY`; else the touchpoints at every instant but the oldest read, when those decide
 * the row (`newestDecide`); else undefined (the whole history has to be read). `added`: touchpoints
 * stored since `newest` was read, none of them there then.
 */
export function historyFrom(email: string, newest: readonly Touchpoint[], added: readonly Touchpoint[] = []): Touchpoint[] | undefined {
  const oldest = newest.length > SHORT_HISTORY ? newest[newest.length - 1]!.at : undefined;
  const mine = added.filter((t) => t.contactEmails.includes(email) && (oldest === undefined || t.at > oldest));
  const kept = oldest === undefined ? [...newest] : newest.filter((t) => t.at > oldest);
  const history = [...kept, ...mine].sort(byTimeThenKey);
  return oldest === undefined || newestDecide(email, history) ? history : undefined;
}

/** History order: by instant, then by key (the `contactKeys` index's order within an instant). */
function byTimeThenKey(a: Touchpoint, b: Touchpoint): number {
  return a.at - b.at || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}

interface AwaitingTables {
  touchpoints: EntityTable<Touchpoint, 'key'>;
  awaiting: EntityTable<AwaitingRow, 'email'>;
}

/** The row with the highest rev (a new rev is one more). */
function lastRev(tables: AwaitingTables): Promise<AwaitingRow | undefined> {
  return tables.awaiting.orderBy('rev').last();
}

/** The key of the row that keeps the table's highest rev when the row that held it is deleted: no address. */
export const HIGH_WATER = '';

/**
 * Deletes rows without letting the table's highest rev go down. A new rev is one more than the
 * highest stored and readers follow the table by rising rev, so deleting the row that held the
 * highest would hand out again revs readers have passed: the next waits would reach no badge and
 * no follow-up. A row without an address keeps `highest` (readers see it as a row where nothing
 * waits).
 */
export async function deleteRows(tables: Pick<AwaitingTables, 'awaiting'>, emails: readonly string[], highest: number): Promise<void> {
  if (emails.length === 0) return;
  await tables.awaiting.bulkDelete([...emails]);
  if (highest > 0) await tables.awaiting.put({ email: HIGH_WATER, rev: highest });
}

/** The rev a change readers must see is written with. */
export async function nextRev(tables: AwaitingTables): Promise<number> {
  return ((await lastRev(tables))?.rev ?? 0) + 1;
}

/** What readers see of a row: all but its rev and basis. */
const visible = (row: RowContent & { rev?: number }): string => {
  const { basis: _basis, rev: _rev, ...rest } = row;
  return JSON.stringify(rest);
};

/** Whether readers see the same (no row and a row where nothing waits look the same to them). */
const sameContent = (a: AwaitingRow | undefined, b: RowContent | undefined): boolean => (a ? visible(a) === visible(b ?? { email: a.email }) : !b?.open);

/**
 * Whether a contact's newest touchpoints alone give the same row as the whole history: they
 * hold an inbound one (the last inbound is among them) and replies or conversations at two
 * different instants. The walk's state after the second of those no longer depends on anything
 * before the first: every older inbound is answered by then, and whatever waits after it starts
 * inside an engaged conversation either way. `newest` must be every touchpoint from some instant
 * on (none of that instant left out), in history order.
 */
export function newestDecide(email: string, newest: readonly Touchpoint[]): boolean {
  let inbound = false;
  const answeredAt = new Set<number>();
  for (const t of newest) {
    if (!t.contactEmails.includes(email)) continue;
    if (t.direction === 'inbound') inbound = true;
    if (inHistoryOf(t, email) && answersInWalk(t)) answeredAt.add(t.at);
    if (inbound && answeredAt.size >= 2) return true;
  }
  return false;
}

/**
 * A contact's newest `SHORT_HISTORY + 1` touchpoints are read first, in one request; a history
 * no longer than `SHORT_HISTORY` is then read whole. In a conversation the rep takes part in,
 * the newest sixteen nearly always decide the row; reading up to 65 at first read twice as many
 * touchpoints per capture batch for the same answers.
 */
export const SHORT_HISTORY = 15;

/**
 * Rebuild the rows of these contacts from their histories, each read newest first through the
 * `contactKeys` index, `SHORT_HISTORY + 1` touchpoints in one request. A shorter history is
 * then read whole. Of a longer one, the touchpoints read at every instant but the oldest (which
 * may go on further back) usually decide the row on their own (`newestDecide`); only a contact
 * whose do not has the whole history read, in a second request.
 */
export async function updateAwaitingRows(
  tables: AwaitingTables,
  emails: Iterable<string>,
  added: readonly Touchpoint[] = [],
  cache?: ReadCache,
  early?: { histories?: ReadonlyMap<string, EarlyHistory>; highestRev?: number },
): Promise<number> {
  const dirty = [...new Set(emails)];
  const marked = new Set(dirty);
  // The added touchpoints of each contact they name, sorted out once (a batch adds hundreds,
  // naming dozens of people).
  const addedOf = new Map<string, Touchpoint[]>();
  for (const t of added) {
    for (const e of new Set(t.contactEmails)) {
      const mine = addedOf.get(e);
      if (mine) mine.push(t);
      else addedOf.set(e, [t]);
    }
  }
  const moved = [...addedOf.keys()].filter((e) => !marked.has(e));
  const list = [...dirty, ...moved];
  if (list.length === 0) return 0;
  const range = (email: string) => {
    const [lower, upper] = contactRange(email);
    return tables.touchpoints.where('contactKeys').between(lower, upper, true, true);
  };
  // One more than a short history holds: a full answer says the history is longer.
  const newestOf = (email: string) => newestHistory(tables, email);
  // The newest rev is read with the rows, not after working them out: a row readers see change
  // needs it, and asking for it then waited for one more answer from the database. Nothing
  // writes the table in between.
  // Rows a capture batch's cache holds are not read again (lib/db/read-cache.ts). They are taken
  // out now, not after the reads: while those are answered other tasks run, and a write
  // elsewhere may empty the cache, or the rows read may push them out of it.
  const stored = new Map<string, AwaitingRow | undefined>();
  const unknown: string[] = [];
  for (const email of list) {
    if (cache?.awaiting.has(email)) stored.set(email, cache.awaiting.get(email) as AwaitingRow | undefined);
    else unknown.push(email);
  }
  const rows = new Map<string, RowContent | undefined>();
  // Contacts only named by added touchpoints: their rows move on from what they know, when they
  // can. Those whose rows are known already are worked out before the first reads, so that the
  // histories of those whose rows cannot go out with them; the others once their rows are read.
  const unmoved: string[] = [];
  const advance = (email: string) => {
    const row = advanceRow(email, stored.get(email), addedOf.get(email) ?? []);
    if (row) rows.set(email, row);
    else unmoved.push(email);
  };
  const unread = new Set(unknown);
  for (const email of moved) if (!unread.has(email)) advance(email);
  // Contacts whose newest touchpoints were read early in the batch, before what it added of
  // theirs was written (`noteEarlyHistories`), need no read now, when those decide.
  const fromEarly = new Map<string, Touchpoint[]>();
  for (const email of unmoved) {
    const got = early?.histories?.get(email);
    const history = got ? historyFrom(email, got.newest, added.slice(got.from)) : undefined;
    if (history) fromEarly.set(email, history);
  }
  const first = [...dirty, ...unmoved.filter((e) => !fromEarly.has(e))];
  const highest = early?.highestRev;
  const [storedList, newestFirst, last] = await Promise.all([
    unknown.length ? tables.awaiting.bulkGet(unknown) : [],
    Promise.all(first.map(newestOf)),
    highest === undefined ? lastRev(tables) : { rev: highest },
  ]);
  unknown.forEach((email, i) => {
    stored.set(email, storedList[i]);
    cache?.awaiting.set(email, storedList[i]);
  });
  const late = unmoved.length;
  for (const email of moved) if (unread.has(email)) advance(email);
  const read = [...first, ...unmoved.slice(late)];
  const newest = read.length > first.length ? [...newestFirst, ...(await Promise.all(unmoved.slice(late).map(newestOf)))] : newestFirst;
  const histories = newest.map((tps, i): Touchpoint[] | undefined => {
    // Oldest first, ties in key order: the order the history is walked in.
    if (tps.length <= SHORT_HISTORY) return tps.reverse();
    const oldest = tps[tps.length - 1]!.at;
    const complete = tps.filter((t) => t.at > oldest).reverse();
    return newestDecide(read[i]!, complete) ? complete : undefined;
  });
  for (const [email, history] of fromEarly) {
    read.push(email);
    histories.push(history);
  }
  const undecided = read.flatMap((_, i) => (histories[i] ? [] : [i]));
  const whole = await Promise.all(undecided.map((i) => range(read[i]!).toArray()));
  undecided.forEach((i, j) => (histories[i] = whole[j]));
  read.forEach((email, i) => rows.set(email, awaitingRowFor(email, histories[i]!)));
  // A change readers see gets a new rev; a change of the basis alone keeps the row's rev (0 for
  // a new row where nothing waits, which readers never look for).
  const seen: AwaitingRow[] = [];
  const quiet: AwaitingRow[] = [];
  const gone: string[] = [];
  for (const email of list) {
    const before = stored.get(email);
    const row = rows.get(email) ?? { email };
    // No touchpoint names them any more (forgotten, deleted): their address leaves the table,
    // unless something of theirs waited — readers then need the emptied row to see it go.
    if (!rows.get(email) && before && !before.open) gone.push(email);
    else if (!sameContent(before, row)) seen.push({ ...row, email, rev: 0 });
    else if (JSON.stringify(before?.basis) !== JSON.stringify(row.basis)) quiet.push({ ...row, email, rev: before?.rev ?? 0 });
  }
  await deleteRows(tables, gone, last?.rev ?? 0);
  if (seen.length === 0 && quiet.length === 0) return 0;
  const rev = seen.length ? (last?.rev ?? 0) + 1 : 0;
  await tables.awaiting.bulkPut([...seen.map((p) => ({ ...p, rev })), ...quiet]);
  return seen.length;
}

/**
 * Replace the whole table from all stored touchpoints (restore, schema upgrade), or from rows
 * computed from them beforehand (`awaitingRowsInSteps`). A contact who no longer waits keeps an
 * empty row with the new rev, so readers following `rev` see it go.
 */
export async function rebuildAwaiting(tables: AwaitingTables, touchpoints?: readonly Touchpoint[], computed?: readonly RowContent[]): Promise<number> {
  const content = computed ?? awaitingRowsFrom(touchpoints ?? (await tables.touchpoints.toArray()));
  const rev = await nextRev(tables);
  const rows = content.map((r): AwaitingRow => ({ ...r, rev }));
  const waiting = new Set(rows.map((r) => r.email));
  const before = await tables.awaiting.toCollection().primaryKeys();
  const emptied = before.filter((email) => !waiting.has(email)).map((email): AwaitingRow => ({ email, rev }));
  await tables.awaiting.bulkPut([...rows, ...emptied]);
  return rows.length;
}

// Any table of the database may join the scope; Dexie's table types are invariant in their row type.
type AnyTable = Table<any, any>; // oxlint-disable-line no-explicit-any -- see the line above

/**
 * A read-write transaction over `tables` plus the touchpoint tables and the awaiting table.
 * Writers inside it call `markAwaitingDirty` (putTouchpoint and deleteTouchpoint do), or
 * `noteAwaitingAdded` for touchpoints new to the database; the outermost call rebuilds the
 * marked contacts' rows, and moves on those of contacts only added to, before the transaction
 * commits, so the
 * table never disagrees with the touchpoints, even for a moment.
 */
export function trackedWrite<T>(db: Dexie & AwaitingTables, tables: readonly AnyTable[], fn: () => Promise<T>): Promise<T> {
  const scope = [...new Set<AnyTable>([...tables, db.touchpoints, db.awaiting] as AnyTable[])];
  return db.transaction('rw', scope, async () => {
    const native = currentNative();
    if (!native) throw new Error('No transaction is active.');
    const outer = !dirtyByTransaction.has(native);
    if (outer) {
      dirtyByTransaction.set(native, new Set());
      addedByTransaction.set(native, []);
    }
    const result = await fn();
    if (outer) {
      const dirty = dirtyByTransaction.get(native) ?? new Set<string>();
      const added = addedByTransaction.get(native) ?? [];
      const early = { histories: earlyByTransaction.get(native), highestRev: revByTransaction.get(native) };
      dirtyByTransaction.delete(native);
      addedByTransaction.delete(native);
      earlyByTransaction.delete(native);
      revByTransaction.delete(native);
      const cache = readCacheOf(db);
      await updateAwaitingRows(db, dirty, added, cache?.owns(native) ? cache : undefined, early);
    }
    return result;
  });
}
