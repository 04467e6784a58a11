/**
 * Who is owed a reply, kept up to date at ingest. One row per contact who is (or was) waiting
 * on the rep: the inbound touchpoints still open after the last answer, and when the contact
 * last wrote. A write that changes touchpoints marks their contacts; before its transaction
 * ends, only those contacts' histories are read again and their rows rewritten with a new
 * `rev`. The badge refresh then reads the rows whose `rev` moved, so its cost follows what
 * changed, not how many contacts there are.
 *
 * The rows hold no settings: the response targets, working hours and time zone apply when the
 * refresher turns a row into a waiting item, so changing them needs no rebuild here. Who counts
 * as "us" changes touchpoints (reclassification), which marks their contacts like any write.
 */
import { Dexie, type EntityTable, type Table, type Transaction } from 'dexie';
import { contactRange, withoutContactKeys } from './contact-keys';
import type { Touchpoint } from '../model';
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

/** The row for one contact from every touchpoint naming them (any order). Pure. */
export function awaitingRowFor(email: string, touchpoints: readonly Touchpoint[]): RowContent | undefined {
  let lastInboundAt: number | undefined;
  const history: Touchpoint[] = [];
  for (const t of touchpoints) {
    if (!t.contactEmails.includes(email)) continue;
    if (t.direction === 'inbound') lastInboundAt = Math.max(lastInboundAt ?? t.at, t.at);
    if (inHistoryOf(t, email)) history.push(t);
  }
  history.sort((a, b) => a.at - b.at);
  const { pending, kind } = walkContact(history);
  const first = pending[0];
  const latest = pending[pending.length - 1];
  if (!first || !latest) return lastInboundAt === undefined ? undefined : { email, lastInboundAt };
  // The row keeps the touchpoint, not its index entries.
  return { email, lastInboundAt, open: { kind, since: first.at, inboundKeys: pending.map((p) => p.key), latest: withoutContactKeys(latest) } };
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

function currentNative(): IDBTransaction | undefined {
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

interface AwaitingTables {
  touchpoints: EntityTable<Touchpoint, 'key'>;
  awaiting: EntityTable<AwaitingRow, 'email'>;
}

async function nextRev(tables: AwaitingTables): Promise<number> {
  const last = await tables.awaiting.orderBy('rev').last();
  return (last?.rev ?? 0) + 1;
}

const sameContent = (a: AwaitingRow | undefined, b: RowContent | undefined): boolean => {
  if (!a) return !b?.open;
  const { rev: _rev, ...rest } = a;
  return JSON.stringify(rest) === JSON.stringify(b ?? { email: a.email });
};

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
export async function updateAwaitingRows(tables: AwaitingTables, emails: Iterable<string>): Promise<number> {
  const list = [...new Set(emails)];
  if (list.length === 0) return 0;
  const range = (email: string) => {
    const [lower, upper] = contactRange(email);
    return tables.touchpoints.where('contactKeys').between(lower, upper, true, true);
  };
  // One more than a short history holds: a full answer says the history is longer.
  const [stored, newest] = await Promise.all([tables.awaiting.bulkGet(list), Promise.all(list.map((email) => range(email).reverse().limit(SHORT_HISTORY + 1).toArray()))]);
  const histories = newest.map((tps, i): Touchpoint[] | undefined => {
    // Oldest first, ties in key order: the order the history is walked in.
    if (tps.length <= SHORT_HISTORY) return tps.reverse();
    const oldest = tps[tps.length - 1]!.at;
    const complete = tps.filter((t) => t.at > oldest).reverse();
    return newestDecide(list[i]!, complete) ? complete : undefined;
  });
  const undecided = list.flatMap((_, i) => (histories[i] ? [] : [i]));
  const whole = await Promise.all(undecided.map((i) => range(list[i]!).toArray()));
  undecided.forEach((i, j) => (histories[i] = whole[j]));
  const puts: AwaitingRow[] = [];
  list.forEach((email, i) => {
    const row = awaitingRowFor(email, histories[i]!);
    if (sameContent(stored[i], row)) return;
    puts.push({ ...(row ?? { email }), email, rev: 0 });
  });
  if (puts.length === 0) return 0;
  const rev = await nextRev(tables);
  await tables.awaiting.bulkPut(puts.map((p) => ({ ...p, rev })));
  return puts.length;
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
 * Writers inside it call `markAwaitingDirty` (putTouchpoint and deleteTouchpoint do); the
 * outermost call rebuilds the marked contacts' rows before the transaction commits, so the
 * table never disagrees with the touchpoints, even for a moment.
 */
export function trackedWrite<T>(db: Dexie & AwaitingTables, tables: readonly AnyTable[], fn: () => Promise<T>): Promise<T> {
  const scope = [...new Set<AnyTable>([...tables, db.touchpoints, db.awaiting] as AnyTable[])];
  return db.transaction('rw', scope, async () => {
    const native = currentNative();
    if (!native) throw new Error('No transaction is active.');
    const outer = !dirtyByTransaction.has(native);
    if (outer) dirtyByTransaction.set(native, new Set());
    const result = await fn();
    if (outer) {
      const dirty = dirtyByTransaction.get(native) ?? new Set<string>();
      dirtyByTransaction.delete(native);
      await updateAwaitingRows(db, dirty);
    }
    return result;
  });
}
