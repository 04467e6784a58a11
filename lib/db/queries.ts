/**
 * Every read over an index, written once, named for the question it answers. The background,
 * the sidebar's reads, ingest and the extension pages all ask these; none spells out a
 * `where(…).between(…)` of its own. Ranges are inclusive at both ends; results come oldest
 * first unless the name says otherwise.
 */
import type { Contact, Deal, FollowUp, FollowUpState, Touchpoint } from '../model';
import { markAwaitingDirty } from './awaiting';
import { contactRange } from './contact-keys';
import type { DealDebriefDB } from './schema';

const MAX = Number.MAX_SAFE_INTEGER;
/** Only recent inbound mail can still be waiting on a reply worth flagging. */
export const AWAITING_WINDOW_MS = 60 * 86_400_000;

// ---------------------------------------------------------------------------------------------
// Touchpoints
// ---------------------------------------------------------------------------------------------

/** A deal's touchpoints, oldest first (`[dealId+at]`). */
export function touchpointsOfDeal(db: DealDebriefDB, dealId: string): Promise<Touchpoint[]> {
  return db.touchpoints.where('[dealId+at]').between([dealId, 0], [dealId, MAX], true, true).toArray();
}

/** A Gmail thread's touchpoints between two instants (the whole thread by default), oldest first (`[threadId+at]`). */
export function touchpointsOfThread(db: DealDebriefDB, threadId: string, from = 0, until = MAX): Promise<Touchpoint[]> {
  return db.touchpoints.where('[threadId+at]').between([threadId, from], [threadId, until], true, true).toArray();
}

/** Every touchpoint between two instants, whatever its thread or deal (`at`); an end can be left out of the range. */
export function touchpointsBetween(db: DealDebriefDB, from: number, until = MAX, ends: { from?: boolean; until?: boolean } = {}): Promise<Touchpoint[]> {
  return db.touchpoints.where('at').between(from, until, ends.from ?? true, ends.until ?? true).toArray();
}

/** Give every touchpoint of a thread to a deal. */
export async function linkThreadTouchpoints(db: DealDebriefDB, dealId: string, threadId: string): Promise<void> {
  await db.touchpoints
    .where('[threadId+at]')
    .between([threadId, 0], [threadId, MAX], true, true)
    .modify((t) => {
      // The deal of a waiting message shows on its reply follow-up.
      markAwaitingDirty(t.contactEmails);
      t.dealId = dealId;
    });
}

/**
 * A contact's touchpoints between two instants, oldest first (ties in key order), in one read of
 * the `contactKeys` index.
 */
export function touchpointsOfContactBetween(db: DealDebriefDB, email: string, from = 0, until = MAX): Promise<Touchpoint[]> {
  const [lower, upper] = contactRange(email, from, until);
  return db.touchpoints.where('contactKeys').between(lower, upper, true, true).toArray();
}

/** A contact's latest touchpoints, newest first, at most `limit` (the `contactKeys` index backwards). */
export function latestTouchpointsOfContact(db: DealDebriefDB, email: string, limit: number): Promise<Touchpoint[]> {
  const [lower, upper] = contactRange(email);
  return db.touchpoints.where('contactKeys').between(lower, upper, true, true).reverse().limit(limit).toArray();
}

/**
 * Every touchpoint of each contact who wrote in the window: the `at` index finds the recent
 * inbound ones, then each contact's full history comes from the `contactKeys` index. Each
 * touchpoint once, in the order the histories first name it.
 */
export async function touchpointsOfRecentCorrespondents(db: DealDebriefDB, now: number, windowMs = AWAITING_WINDOW_MS): Promise<Touchpoint[]> {
  const recent = await touchpointsBetween(db, now - windowMs);
  const contacts = [...new Set(recent.filter((t) => t.direction === 'inbound').flatMap((t) => t.contactEmails))];
  const byKey = new Map<string, Touchpoint>();
  for (const history of await Promise.all(contacts.map((email) => touchpointsOfContactBetween(db, email)))) {
    for (const t of history) if (!byKey.has(t.key)) byKey.set(t.key, t);
  }
  return [...byKey.values()];
}

// ---------------------------------------------------------------------------------------------
// Deals
// ---------------------------------------------------------------------------------------------

/** The stored deal with this id; an error naming it when there is none. */
export async function requireDeal(db: DealDebriefDB, dealId: string): Promise<Deal> {
  const deal = await db.deals.get(dealId);
  if (!deal) throw new Error(`No deal "${dealId}" is stored.`);
  return deal;
}

/** The deal a thread was linked to by hand or by creating a deal from it (`threadIds`). */
export async function dealLinkedToThread(db: DealDebriefDB, threadId: string): Promise<Deal | undefined> {
  return db.deals.where('threadIds').equals(threadId).first();
}

/** Every deal any of these contacts takes part in (`contactEmails`). */
export function dealsOfContacts(db: DealDebriefDB, emails: readonly string[]): Promise<Deal[]> {
  return db.deals.where('contactEmails').anyOf([...emails]).toArray();
}

/** Open deals, most recently updated first (`status`). */
export async function openDealsNewestFirst(db: DealDebriefDB): Promise<Deal[]> {
  return (await db.deals.where('status').equals('open').toArray()).sort((a, b) => b.updatedAt - a.updatedAt);
}

/** Won deals (`status`). */
export function wonDeals(db: DealDebriefDB): Promise<Deal[]> {
  return db.deals.where('status').equals('won').toArray();
}

/** How many deals ended without a sale (`status`). */
export function lostOrDeadDealCount(db: DealDebriefDB): Promise<number> {
  return db.deals.where('status').anyOf('lost', 'dead').count();
}

/** Deals that ended without a sale: lost or dead (`status`; the index form of `isLostOrDead`). */
export function lostOrDeadDeals(db: DealDebriefDB): Promise<Deal[]> {
  return db.deals.where('status').anyOf('lost', 'dead').toArray();
}

// ---------------------------------------------------------------------------------------------
// Follow-ups
// ---------------------------------------------------------------------------------------------

/** Follow-ups in one state, due up to `dueBy` (all by default), soonest first (`[state+dueAt]`). */
export function followUpsInState(db: DealDebriefDB, state: FollowUpState, dueBy = MAX): Promise<FollowUp[]> {
  return db.followUps.where('[state+dueAt]').between([state, 0], [state, dueBy], true, true).toArray();
}

/** What still asks for attention: open follow-ups due up to `openDueBy`, and every snoozed one. */
export async function pendingFollowUps(db: DealDebriefDB, openDueBy = MAX): Promise<FollowUp[]> {
  const [open, snoozed] = await Promise.all([followUpsInState(db, 'open', openDueBy), followUpsInState(db, 'snoozed')]);
  return [...open, ...snoozed];
}

/**
 * The ids of open follow-ups due in [`from`, `to`), soonest first, from the `[state+dueAt]` index
 * alone: no record is read, so counting thousands costs next to nothing.
 */
export function openFollowUpIdsDue(db: DealDebriefDB, from: number, to: number): Promise<string[]> {
  if (!(to > from)) return Promise.resolve([]);
  return db.followUps.where('[state+dueAt]').between(['open', from], ['open', to], true, false).primaryKeys();
}

/** Follow-ups by id, in the order asked; unknown ids are left out. */
export async function followUpsById(db: DealDebriefDB, ids: readonly string[]): Promise<FollowUp[]> {
  return present(await db.followUps.bulkGet([...ids]));
}

/** Follow-ups of one kind, whatever their state (`kind`). */
export function followUpsOfKind(db: DealDebriefDB, kind: FollowUp['kind']): Promise<FollowUp[]> {
  return db.followUps.where('kind').equals(kind).toArray();
}

/** The reply-owed follow-ups of one contact, whatever their state (by id prefix). */
export function replyFollowUpsOfContact(db: DealDebriefDB, email: string): Promise<FollowUp[]> {
  return db.followUps.where('id').startsWith(`reply:${email}:`).toArray();
}

/** A deal's follow-ups (`dealId`). */
export function followUpsOfDeal(db: DealDebriefDB, dealId: string): Promise<FollowUp[]> {
  return db.followUps.where('dealId').equals(dealId).toArray();
}

// ---------------------------------------------------------------------------------------------

/** Contacts by address, in the order asked; unknown addresses are left out. */
export async function contactsByEmail(db: DealDebriefDB, emails: readonly string[]): Promise<Contact[]> {
  return present(await db.contacts.bulkGet([...emails]));
}

function present<T>(rows: (T | undefined)[]): T[] {
  return rows.filter((r): r is T => r !== undefined);
}
