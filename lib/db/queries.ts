/** Reads shared by the background and the pages, each over an index. */
import type { Touchpoint } from '../model';
import type { DealDebriefDB } from './schema';

const MAX = Number.MAX_SAFE_INTEGER;
/** Only recent inbound mail can still be waiting on a reply worth flagging. */
export const AWAITING_WINDOW_MS = 60 * 86_400_000;

/**
 * Every touchpoint of each contact who wrote in the window: the `at` index finds the recent
 * inbound ones, then each contact's full history comes from the `[email+at]` index.
 */
export async function touchpointsOfRecentCorrespondents(db: DealDebriefDB, now: number, windowMs = AWAITING_WINDOW_MS): Promise<Touchpoint[]> {
  const recent = await db.touchpoints.where('at').between(now - windowMs, MAX, true, true).toArray();
  const contacts = [...new Set(recent.filter((t) => t.direction === 'inbound').flatMap((t) => t.contactEmails))];
  const rows = (await Promise.all(contacts.map((email) => db.contactTouches.where('[email+at]').between([email, 0], [email, MAX]).toArray()))).flat();
  const got = await db.touchpoints.bulkGet([...new Set(rows.map((r) => r.key))]);
  return got.filter((t): t is Touchpoint => t !== undefined);
}
