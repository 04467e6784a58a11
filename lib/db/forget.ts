/**
 * Forgetting: what the rep asked to delete leaves IndexedDB, not only the view. Each function
 * runs in one read-write transaction over every table it touches.
 */
import type { NeverCaptureMatcher } from '../capture-control';
import type { Touchpoint } from '../model';
import { deleteRows, markAwaitingDirty, nextRev, trackedWrite } from './awaiting';
import { contactRange } from './contact-keys';
import type { DealDebriefDB } from './schema';
import { forgetHeldContact, forgetHeldMatching } from './held';
import { loadSettings } from './settings';

export interface Forgotten {
  touchpoints: number;
  contacts: number;
  followUps: number;
}

/** Every stored touchpoint (and contact, and reply follow-up) the never-capture list now covers. */
export async function forgetMatching(db: DealDebriefDB, m: NeverCaptureMatcher): Promise<Forgotten> {
  return trackedWrite(db, [db.contacts, db.followUps, db.deals, db.heldCapture], async () => {
    // Captured events kept to be tried again (lib/db/held.ts) that the list covers go with the rest.
    await forgetHeldMatching(db, m);
    const gone = (await db.touchpoints.filter((t) => m.touchpoint(t)).toArray()) as Touchpoint[];
    await deleteTouchpoints(db, gone);
    const contacts = await db.contacts.filter((c) => m.address(c.email)).primaryKeys();
    await db.contacts.bulkDelete(contacts);
    const followUps = await db.followUps.filter((f) => f.kind === 'reply' && (m.address(f.contactEmail) || m.thread(f.threadId))).primaryKeys();
    await db.followUps.bulkDelete(followUps);
    // A conversation no longer captured is no longer linked to a deal either.
    await db.deals.filter((d) => d.threadIds.some((t) => m.thread(t))).modify((d) => {
      d.threadIds = d.threadIds.filter((t) => !m.thread(t));
    });
    return { touchpoints: gone.length, contacts: contacts.length, followUps: followUps.length };
  });
}

/**
 * Everything about one contact: their contact row, their follow-ups, their place on deals, and
 * each touchpoint about them. A touchpoint shared with other prospects stays for those others,
 * with this contact's address removed from it.
 */
export async function forgetContact(db: DealDebriefDB, email: string): Promise<Forgotten> {
  const e = email.trim().toLowerCase();
  return trackedWrite(db, [db.contacts, db.followUps, db.deals, db.heldCapture, db.settings], async () => {
    markAwaitingDirty([e]);
    // Captured events kept to be tried again (lib/db/held.ts) follow the same rule, in this
    // transaction: a retry cannot store them between this and the deletes below.
    const settings = await loadSettings(db);
    await forgetHeldContact(db, e, { own: [...settings.ownAddresses, ...settings.detectedAddresses], internalDomains: settings.internalDomains }, (await db.contacts.get(e))?.phones ?? []);
    const [lower, upper] = contactRange(e);
    const keys = await db.touchpoints.where('contactKeys').between(lower, upper, true, true).primaryKeys();
    const fromThem = await db.touchpoints.filter((t) => t.from === e).primaryKeys();
    const tps = (await db.touchpoints.bulkGet([...new Set([...keys, ...fromThem])])).filter((t): t is Touchpoint => !!t);
    const remove: Touchpoint[] = [];
    for (const t of tps) {
      const others = t.contactEmails.filter((c) => c !== e);
      markAwaitingDirty(t.contactEmails);
      if (others.length === 0 || t.from === e) remove.push(t);
      else {
        // Its contact index entries are computed again from the remaining contacts.
        await db.touchpoints.put({ ...t, contactEmails: others, to: t.to.filter((a) => a !== e), cc: t.cc.filter((a) => a !== e) });
      }
    }
    await deleteTouchpoints(db, remove);
    const hadContact = (await db.contacts.get(e)) ? 1 : 0;
    await db.contacts.delete(e);
    const followUps = await db.followUps.filter((f) => f.contactEmail === e).primaryKeys();
    await db.followUps.bulkDelete(followUps);
    await db.deals.where('contactEmails').equals(e).modify((d) => {
      d.contactEmails = d.contactEmails.filter((c) => c !== e);
    });
    return { touchpoints: tps.length, contacts: hadContact, followUps: followUps.length };
  });
}

/** Every record: contacts, deals, touchpoints, reflections, follow-ups, kept captured events. The settings stay. */
export async function forgetEverything(db: DealDebriefDB): Promise<void> {
  await db.transaction('rw', [db.contacts, db.deals, db.touchpoints, db.reflections, db.followUps, db.awaiting, db.heldCapture], async () => {
    // Captured events kept to be tried again (lib/db/held.ts) too, or a retry would bring them back.
    await Promise.all([db.contacts.clear(), db.deals.clear(), db.touchpoints.clear(), db.reflections.clear(), db.followUps.clear(), db.heldCapture.clear()]);
    // Readers follow the awaiting table by `rev`: an emptied row with a new rev tells them each wait
    // is gone. Rows where nothing waited are simply deleted: no address stays that need not.
    const rev = await nextRev(db);
    const rows = await db.awaiting.toArray();
    await deleteRows(db, rows.filter((r) => !r.open).map((r) => r.email), rev - 1);
    await db.awaiting.bulkPut(rows.filter((r) => r.open).map(({ email }) => ({ email, rev })));
  });
}

async function deleteTouchpoints(db: DealDebriefDB, tps: Touchpoint[]): Promise<void> {
  if (tps.length === 0) return;
  markAwaitingDirty(tps.flatMap((t) => t.contactEmails));
  const keys = tps.map((t) => t.key);
  await db.touchpoints.bulkDelete(keys);
}
