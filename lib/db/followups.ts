/**
 * How the background's badge refresh writes follow-ups: what it planned — reply follow-ups and
 * the retrospective made, moved or gone, and the ones just notified — lands in one transaction,
 * so a page reading the list never sees half of a change. The refresher reads and plans; only
 * this module writes.
 */
import type { FollowUp } from '../model';
import type { DealDebriefDB } from './schema';

export interface FollowUpChanges {
  /** Follow-ups to delete, by id. */
  remove?: readonly string[];
  /** Follow-ups to store whole (new, or made again). */
  put?: readonly FollowUp[];
  /** Follow-ups whose due time was announced, and when. */
  notified?: { ids: readonly string[]; at: number };
}

/** Apply `changes` in one transaction (joining the caller's, when it runs inside one). */
export async function writeFollowUps(db: DealDebriefDB, changes: FollowUpChanges): Promise<void> {
  const { remove = [], put = [], notified } = changes;
  if (!remove.length && !put.length && !notified?.ids.length) return;
  await db.transaction('rw', db.followUps, async () => {
    if (remove.length) await db.followUps.bulkDelete([...remove]);
    if (put.length) await db.followUps.bulkPut([...put]);
    if (notified?.ids.length) await db.followUps.bulkUpdate(notified.ids.map((key) => ({ key, changes: { notifiedAt: notified.at } })));
  });
}
