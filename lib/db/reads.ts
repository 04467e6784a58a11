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
import type { Deal, Settings, Touchpoint } from '../model';
import { touchpointsOfRecentCorrespondents } from './queries';
import type { DealDebriefDB } from './schema';
import { loadSettings } from './settings';

const MAX = Number.MAX_SAFE_INTEGER;

export const READS = {
  settings: (db: DealDebriefDB, _args: null): Promise<Settings> => loadSettings(db),

  deal: async (db: DealDebriefDB, args: { dealId: string }): Promise<Deal | null> => (await db.deals.get(args.dealId)) ?? null,

  dealTouchpoints: (db: DealDebriefDB, args: { dealId: string }): Promise<Touchpoint[]> =>
    db.touchpoints.where('[dealId+at]').between([args.dealId, 0], [args.dealId, MAX]).toArray(),

  contactTimeline: async (db: DealDebriefDB, args: { email: string; limit?: number }): Promise<Touchpoint[]> => {
    const rows = await db.contactTouches
      .where('[email+at]')
      .between([args.email, 0], [args.email, MAX])
      .reverse()
      .limit(args.limit ?? 200)
      .toArray();
    return (await db.touchpoints.bulkGet(rows.map((r) => r.key))).filter((t): t is Touchpoint => !!t);
  },

  /** The deal a Gmail thread belongs to: linked by hand, or through its touchpoints. */
  dealForThread: async (db: DealDebriefDB, args: { threadId: string }): Promise<Deal | null> => {
    const linked = await db.deals.where('threadIds').equals(args.threadId).first();
    if (linked) return linked;
    const tps = await db.touchpoints.where('[threadId+at]').between([args.threadId, 0], [args.threadId, MAX]).toArray();
    const id = tps.find((t) => t.dealId)?.dealId;
    return (id ? await db.deals.get(id) : undefined) ?? null;
  },

  openDeals: async (db: DealDebriefDB, _args: null): Promise<Deal[]> =>
    (await db.deals.where('status').equals('open').toArray()).sort((a, b) => b.updatedAt - a.updatedAt),

  recentCorrespondence: (db: DealDebriefDB, args: { now: number }): Promise<Touchpoint[]> => touchpointsOfRecentCorrespondents(db, args.now),
};

export type Reads = typeof READS;
export type ReadName = keyof Reads;
export type ReadArgs<K extends ReadName> = Parameters<Reads[K]>[1];
export type ReadResult<K extends ReadName> = Awaited<ReturnType<Reads[K]>>;

export const DB_REV_KEY = 'dbRev';
