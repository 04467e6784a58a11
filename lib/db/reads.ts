/**
 * The reads the sidebar needs, run by the background on its behalf.
 *
 * The sidebar is an extension iframe inside Gmail or a CRM: a third-party context, where
 * Chromium (with third-party storage blocked, the default now) denies IndexedDB ("The user
 * denied permission to access the database"). Extension APIs still work there, so the sidebar
 * asks the background for these results and re-asks whenever the database changes (the
 * background bumps `dbRev` in session storage). Top-level extension pages (popup, options,
 * reflection, insights) read IndexedDB directly with liveQuery. Results must survive JSON.
 */
import type { Touchpoint } from '../model';
import type { ReadArgs, ReadName, ReadResult } from '../protocol';
import { touchpointsOfRecentCorrespondents } from './queries';
import type { DealDebriefDB } from './schema';
import { loadSettings } from './settings';

const MAX = Number.MAX_SAFE_INTEGER;

export const READS = {
  settings: (db, _args) => loadSettings(db),

  deal: async (db, args) => (await db.deals.get(args.dealId)) ?? null,

  dealTouchpoints: (db, args) =>
    db.touchpoints.where('[dealId+at]').between([args.dealId, 0], [args.dealId, MAX]).toArray(),

  contactTimeline: async (db, args) => {
    const rows = await db.contactTouches
      .where('[email+at]')
      .between([args.email, 0], [args.email, MAX])
      .reverse()
      .limit(args.limit ?? 200)
      .toArray();
    return (await db.touchpoints.bulkGet(rows.map((r) => r.key))).filter((t): t is Touchpoint => !!t);
  },

  /** The deal a Gmail thread belongs to: linked by hand, or through its touchpoints. */
  dealForThread: async (db, args) => {
    const linked = await db.deals.where('threadIds').equals(args.threadId).first();
    if (linked) return linked;
    const tps = await db.touchpoints.where('[threadId+at]').between([args.threadId, 0], [args.threadId, MAX]).toArray();
    const id = tps.find((t) => t.dealId)?.dealId;
    return (id ? await db.deals.get(id) : undefined) ?? null;
  },

  openDeals: async (db, _args) =>
    (await db.deals.where('status').equals('open').toArray()).sort((a, b) => b.updatedAt - a.updatedAt),

  recentCorrespondence: (db, args) => touchpointsOfRecentCorrespondents(db, args.now),
} satisfies { [K in ReadName]: (db: DealDebriefDB, args: ReadArgs<K>) => Promise<ReadResult<K>> };

export const DB_REV_KEY = 'dbRev';
