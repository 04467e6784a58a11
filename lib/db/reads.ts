/**
 * The reads the sidebar needs, run by the background on its behalf.
 *
 * The sidebar is an extension iframe inside Gmail or a CRM: a third-party context, where
 * Chromium (with third-party storage blocked, the default now) denies IndexedDB ("The user
 * denied permission to access the database"). Extension APIs still work there, so the sidebar
 * asks the background for these results, which keeps each one live and answers again when a
 * write touched what it read (lib/background/live-reads.ts). Top-level extension pages (popup, options,
 * reflection, insights) read IndexedDB directly with liveQuery. Results must survive JSON.
 */
import type { ReadArgs, ReadName, ReadResult } from '../protocol';
import { dealLinkedToThread, latestTouchpointsOfContact, openDealsNewestFirst, touchpointsOfDeal, touchpointsOfRecentCorrespondents, touchpointsOfThread } from './queries';
import type { DealDebriefDB } from './schema';
import { loadSettings } from './settings';

export const READS = {
  settings: (db, _args) => loadSettings(db),

  deal: async (db, args) => (await db.deals.get(args.dealId)) ?? null,

  dealTouchpoints: (db, args) => touchpointsOfDeal(db, args.dealId),

  contactTimeline: (db, args) => latestTouchpointsOfContact(db, args.email, args.limit ?? 200),

  /** The deal a Gmail thread belongs to: linked by hand, or through its touchpoints. */
  dealForThread: async (db, args) => {
    const linked = await dealLinkedToThread(db, args.threadId);
    if (linked) return linked;
    const tps = await touchpointsOfThread(db, args.threadId);
    const id = tps.find((t) => t.dealId)?.dealId;
    return (id ? await db.deals.get(id) : undefined) ?? null;
  },

  openDeals: (db, _args) => openDealsNewestFirst(db),

  /**
   * What turns waits into flags: names of the people, statuses of their deals, and the
   * rep's snoozes and "done" on reply-owed follow-ups.
   */
  attentionContext: async (db, args) => {
    const emails = [...new Set(args.emails)].slice(0, 500);
    const dealIds = [...new Set(args.dealIds)].slice(0, 500);
    const [contacts, deals, replies] = await Promise.all([
      db.contacts.bulkGet(emails),
      db.deals.bulkGet(dealIds),
      db.followUps.where('kind').equals('reply').toArray(),
    ]);
    const wanted = new Set(emails);
    return {
      names: Object.fromEntries(contacts.flatMap((c) => (c?.name ? [[c.email, c.name]] : []))),
      dealStatus: Object.fromEntries(deals.flatMap((d) => (d ? [[d.id, d.status]] : []))),
      followUps: Object.fromEntries(
        replies.filter((f) => f.state !== 'open' && f.contactEmail && wanted.has(f.contactEmail)).map((f) => [f.id, { state: f.state, snoozedUntil: f.snoozedUntil }]),
      ),
    };
  },

  recentCorrespondence: (db, args) => touchpointsOfRecentCorrespondents(db, args.now),
} satisfies { [K in ReadName]: (db: DealDebriefDB, args: ReadArgs<K>) => Promise<ReadResult<K>> };

