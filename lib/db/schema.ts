/**
 * The one schema module: the Dexie database, its tables and every version.
 * Old `version(n)` declarations stay; an upgrade goes through Dexie's upgrade transaction and
 * has a test that opens data of version n−1 (tests/unit/db-migrations.test.ts).
 */
import { Dexie, type EntityTable, type Transaction } from 'dexie';
import { rekeyDatabase } from './tenant-rekey';
import { contactKeysMiddleware, isMergeCandidate, withContactKeys } from './contact-keys';
import type {
  Adjustment,
  Contact,
  Deal,
  Debrief,
  FollowUp,
  Reflection,
  Retrospective,
  Settings,
  Touchpoint,
  WinReflection,
} from '../model';
import { rebuildAwaiting, type AwaitingRow } from './awaiting';
import { readCacheMiddleware } from './read-cache';
import type { CaptureEvent } from '../capture/events';
import type { SiteId } from '../model';

export const DB_NAME = 'deal-debrief';

/** Settings live in one row of this table. */
export interface SettingsRow extends Settings {
  id: 'settings';
}

/** A captured event the database refused alone, kept to be tried again (lib/db/held.ts). */
export interface HeldRow {
  /** Made from the event's JSON: the same event is kept once. */
  key: string;
  /** As the page sent it and the background admitted it (lib/capture/admit.ts). */
  event: CaptureEvent;
  /** The site and address of the page that sent it (the browser's word), to admit it again. */
  site?: SiteId;
  url: string;
  /** When the background received it, and its place in its batch: the order it is tried in. */
  at: number;
  n: number;
  /** The error's name only (never its message, which may quote the page). */
  error: string;
  /** Its size as JSON, for the bound. */
  size: number;
}

export type DealDebriefDB = Dexie & {
  contacts: EntityTable<Contact, 'email'>;
  deals: EntityTable<Deal, 'id'>;
  touchpoints: EntityTable<Touchpoint, 'key'>;
  reflections: EntityTable<Reflection, 'dealId'>;
  followUps: EntityTable<FollowUp, 'id'>;
  settings: EntityTable<SettingsRow, 'id'>;
  winReflections: EntityTable<WinReflection, 'dealId'>;
  debriefs: EntityTable<Debrief, 'dealId'>;
  retrospectives: EntityTable<Retrospective, 'id'>;
  adjustments: EntityTable<Adjustment, 'id'>;
  awaiting: EntityTable<AwaitingRow, 'email'>;
  heldCapture: EntityTable<HeldRow, 'key'>;
};

/**
 * Version 1: the first released schema.
 * Version 2: adds `[state+dueAt]` to follow-ups (the popup's query) and `status` to deals
 * (insights and the won-deal matcher), and back-fills `threadIds` on deals.
 * Version 3: adds the learning loop's tables — win reflections, debrief calls, retrospectives
 * and the adjustments agreed at them. Nothing existing changes.
 * Version 4: see SCHEMA_V4.
 * Version 5: see SCHEMA_V5.
 * Version 6: see SCHEMA_V6.
 * Version 7: see SCHEMA_V7.
 * Version 8: see SCHEMA_V8.
 */
export const SCHEMA_V1 = {
  contacts: 'email, domain, lastSeen',
  deals: 'id, source, updatedAt',
  touchpoints: 'key, [dealId+at], [threadId+at], at, *contactEmails',
  contactTouches: '[email+key], [email+at], key',
  reflections: 'dealId, state, updatedAt',
  followUps: 'id, dueAt, dealId, kind',
  settings: 'id',
};

export const SCHEMA_V2 = {
  ...SCHEMA_V1,
  deals: 'id, source, status, updatedAt, *contactEmails, *threadIds',
  followUps: 'id, [state+dueAt], dueAt, dealId, kind',
};

export const SCHEMA_V3 = {
  ...SCHEMA_V2,
  winReflections: 'dealId, state, updatedAt',
  debriefs: 'dealId, updatedAt',
  retrospectives: 'id, heldAt',
  adjustments: 'id, retrospectiveId, dueAt',
};

/**
 * Version 4: `awaiting`, who is owed a reply, kept at ingest (lib/db/awaiting.ts); built from the
 * stored touchpoints on upgrade.
 */
export const SCHEMA_V4 = {
  ...SCHEMA_V3,
  awaiting: 'email, rev',
};

/**
 * Version 5: CRM records are keyed by tenant (`pipedrive:42` → `pipedrive:<company>:42`); the
 * upgrade rewrites deal ids and every reference to them (lib/db/tenant-rekey.ts). No index changes.
 */
export const SCHEMA_V5 = SCHEMA_V4;

/**
 * Version 6: the contact index moves into the touchpoints store. Each touchpoint carries
 * `contactKeys` (address + NUL + instant, one per contact it names; lib/db/contact-keys.ts),
 * indexed multi-entry; it replaces both the `*contactEmails` index and the `contactTouches`
 * table (one row per touchpoint and contact, with three index entries each), which is dropped.
 * A touchpoint keeps one index entry per contact, and a write no longer puts separate rows. The
 * upgrade fills `contactKeys` for the stored touchpoints, a page at a time.
 */
export const SCHEMA_V6 = {
  ...SCHEMA_V5,
  touchpoints: 'key, [dealId+at], [threadId+at], at, *contactKeys',
  contactTouches: null,
};

/**
 * Version 7: touchpoints that a message seen later may replace or take over (a send recorded
 * at Send, an inbox row, a collapsed message without its id, an email a CRM logged) carry
 * `mergeAt`, their instant, indexed; no other touchpoint has it, so the index lists only those
 * (lib/db/contact-keys.ts). A capture batch finds them around its messages' instants in one
 * request instead of reading every touchpoint of those minutes through `at`. The upgrade gives
 * the stored ones the field, a page at a time.
 */
export const SCHEMA_V7 = {
  ...SCHEMA_V6,
  touchpoints: 'key, [dealId+at], [threadId+at], at, *contactKeys, mergeAt',
};

/**
 * Version 8: `heldCapture`, captured events the database refused alone, kept to be tried again
 * when Deal Debrief starts (lib/db/held.ts), keyed by a hash of the event. Nothing existing changes.
 */
export const SCHEMA_V8 = {
  ...SCHEMA_V7,
  heldCapture: 'key',
};

/** Touchpoints looked at per page of the version 6 and 7 upgrades. */
const UPGRADE_PAGE = 500;

/**
 * Every stored touchpoint that `pick` chooses gets its derived fields, in pages by key. Returns
 * how many were written.
 */
async function fillDerived(tx: Transaction, pick: (t: Touchpoint) => boolean, page: number): Promise<number> {
  const table = tx.table<Touchpoint, string>('touchpoints');
  let done = 0;
  let after: string | undefined;
  for (;;) {
    const rows = await (after === undefined ? table.orderBy(':id') : table.where(':id').above(after)).limit(page).toArray();
    if (rows.length === 0) return done;
    const chosen = rows.filter(pick);
    if (chosen.length) await table.bulkPut(chosen.map((t) => withContactKeys(t)));
    done += chosen.length;
    after = rows[rows.length - 1]!.key;
    if (rows.length < page) return done;
  }
}

/** The version 6 upgrade: every stored touchpoint gets its `contactKeys`, in pages by key. */
export function fillContactKeys(tx: Transaction, page = UPGRADE_PAGE): Promise<number> {
  return fillDerived(tx, () => true, page);
}

/** The version 7 upgrade: every stored touchpoint a later message may merge with gets its `mergeAt`. */
export function fillMergeAt(tx: Transaction, page = UPGRADE_PAGE): Promise<number> {
  return fillDerived(tx, isMergeCandidate, page);
}

export function openDatabase(name = DB_NAME): DealDebriefDB {
  const db = new Dexie(name) as DealDebriefDB;
  db.version(1).stores(SCHEMA_V1);
  db.version(2)
    .stores(SCHEMA_V2)
    .upgrade(async (tx) => {
      await tx
        .table<Deal>('deals')
        .toCollection()
        .modify((deal) => {
          if (!Array.isArray(deal.threadIds)) deal.threadIds = [];
          if (!Array.isArray(deal.contactEmails)) deal.contactEmails = [];
        });
    });
  db.version(3).stores(SCHEMA_V3);
  db.version(4)
    .stores(SCHEMA_V4)
    .upgrade(async (tx) => {
      await rebuildAwaiting({ touchpoints: tx.table('touchpoints'), awaiting: tx.table('awaiting') });
    });
  db.version(5).stores(SCHEMA_V5).upgrade(rekeyDatabase);
  db.version(6)
    .stores(SCHEMA_V6)
    .upgrade((tx) => fillContactKeys(tx));
  db.version(7)
    .stores(SCHEMA_V7)
    .upgrade((tx) => fillMergeAt(tx));
  db.version(8).stores(SCHEMA_V8);
  db.use(contactKeysMiddleware);
  db.use(readCacheMiddleware(db));
  return db;
}

let shared: DealDebriefDB | undefined;

/** The extension origin's database. Only extension pages and the background may call this. */
export function db(): DealDebriefDB {
  shared ??= openDatabase();
  return shared;
}
