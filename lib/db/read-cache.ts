/**
 * What capture batches read of the contacts, the reply-owed rows and the deals of the people and
 * threads they name, and which touchpoint keys are stored, kept between batches.
 *
 * The background is the one writer of captured mail, and each batch reads, for the people its
 * messages name, their contacts and their reply-owed rows: some 150 single-key requests for a
 * batch of 500 messages, mostly of the same people as the batch before. Those answers are kept
 * here (a row, or "none stored") and the next batch reads only what is not kept.
 *
 * What is kept is always what the database holds, enforced in one place: the DBCore middleware
 * below sees every write of the two tables made through this database object.
 * - A write inside a transaction that a capture batch owns (`own`) puts what it wrote in
 *   (once the request succeeded); the batch's transaction aborting drops everything.
 * - Any other write (forget, delete everything, restore, the tenant re-key, a never-capture rule,
 *   "no reply needed", the sidebar's edits, a schema upgrade, sample data, anything else) drops
 *   everything, both when it is made and when its transaction ends: a capture batch queued
 *   behind that transaction may have read between the two.
 * - A write made in another page of the extension (a restore runs in the options page) is
 *   announced on a BroadcastChannel when its transaction ends, and each batch also checks the
 *   highest reply-owed rev, which every visible change and every restore moves: a different
 *   one than this cache last knew drops everything.
 * The service worker may stop at any time; the cache then starts empty.
 *
 * Bounded: at most `CACHE_LIMIT` entries per table, the least recently used going first. At the
 * full mailbox (10,000 contacts) that is every contact, about 2 MB for the contacts and 3–6 MB
 * for the reply-owed rows (a waiting row holds its newest inbound touchpoint). The stored keys
 * are kept as 32-bit hashes (`StoredKeys`): at 200,000 touchpoints some 3 MB, dropped beyond
 * `KEY_HASH_LIMIT`.
 *
 * Values handed out are shared: callers must not change them (ingest and the reply-owed update
 * build new objects).
 */
import type { DBCore, DBCoreMutateRequest, DBCoreMutateResponse, Middleware } from 'dexie';
import type { Contact, Deal } from '../model';

export const CACHE_LIMIT = 20_000;

/** A reply-owed row as far as the cache needs to know it (lib/db/awaiting.ts has the whole shape). */
export interface RevRow {
  email: string;
  rev: number;
}

/** A least-recently-used map of key → stored row (`undefined`: known not stored). */
export class KnownRows<T> {
  private map = new Map<string, T | undefined>();
  constructor(private readonly limit = CACHE_LIMIT) {}
  has(key: string): boolean {
    return this.map.has(key);
  }
  get(key: string): T | undefined {
    const value = this.map.get(key);
    if (this.map.has(key)) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }
  set(key: string, value: T | undefined): void {
    this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.limit) this.map.delete(this.map.keys().next().value!);
  }
  /** No longer known either way. */
  forget(key: string): void {
    this.map.delete(key);
  }
  clear(): void {
    this.map.clear();
  }
  get size(): number {
    return this.map.size;
  }
}

/** Bounds of what is kept of the touchpoints' keys. */
export const KEY_HASH_LIMIT = 300_000;
export const KEY_INTERVAL_LIMIT = 20_000;

/** FNV-1a over the key's UTF-16 code units: 32 bits, so a stored key set costs a few bytes a key. */
function hashKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Which touchpoint keys may be stored. Stretches of the key space that a batch listed whole
 * (`intervals`, sorted and apart, ends included) are known: every key stored in them has its hash
 * in `hashes`. A key inside a known stretch whose hash is not there is certainly not stored; one
 * whose hash is there may be (it is read). Every touchpoint written through this database object
 * adds its key's hash, whoever writes it (a key deleted keeps its hash: "maybe" is always safe),
 * so the stretches stay known; a write from another page drops it all.
 */
export class StoredKeys {
  private intervals: [string, string][] = [];
  private hashes = new Set<number>();

  constructor(
    private readonly hashLimit = KEY_HASH_LIMIT,
    private readonly intervalLimit = KEY_INTERVAL_LIMIT,
  ) {}

  /** 'absent' (certainly not stored), 'maybe', or undefined (not known: list it). */
  answer(key: string): 'absent' | 'maybe' | undefined {
    if (!this.covered(key)) return undefined;
    return this.hashes.has(hashKey(key)) ? 'maybe' : 'absent';
  }

  /** A key stored (or about to be). */
  add(key: string): void {
    this.hashes.add(hashKey(key));
    if (this.hashes.size > this.hashLimit) this.clear();
  }

  /** Every key stored from `from` to `until` (both included) is among `stored`. */
  learn(from: string, until: string, stored: readonly string[]): void {
    if (from > until) return;
    for (const k of stored) this.hashes.add(hashKey(k));
    const all = [...this.intervals, [from, until] as [string, string]].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const out: [string, string][] = [];
    for (const [a, b] of all) {
      const last = out[out.length - 1];
      if (last && a <= last[1]) {
        if (b > last[1]) last[1] = b;
      } else out.push([a, b]);
    }
    this.intervals = out;
    if (this.hashes.size > this.hashLimit || this.intervals.length > this.intervalLimit) this.clear();
  }

  clear(): void {
    this.intervals = [];
    this.hashes.clear();
  }

  get size(): { intervals: number; hashes: number } {
    return { intervals: this.intervals.length, hashes: this.hashes.size };
  }

  private covered(key: string): boolean {
    let lo = 0;
    let hi = this.intervals.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.intervals[mid]![0] <= key) lo = mid + 1;
      else hi = mid;
    }
    const w = this.intervals[lo - 1];
    return w !== undefined && key <= w[1];
  }
}

export class ReadCache {
  readonly contacts = new KnownRows<Contact>();
  readonly awaiting = new KnownRows<RevRow>();
  /** The deals each address takes part in, as the `contactEmails` index orders them. */
  readonly dealsOfContact = new KnownRows<Deal[]>();
  /** The deal each thread is linked to (`undefined`: none). */
  readonly dealOfThread = new KnownRows<Deal>();
  /** Which touchpoint keys may be stored. */
  readonly storedKeys = new StoredKeys();
  /** The highest reply-owed rev when the cache was last checked, as moved on by the batch's own writes. */
  stamp: number | undefined;
  enabled = true;
  private owners = new WeakSet<object>();
  private channel: BroadcastChannel | undefined;

  constructor(name: string) {
    if (typeof BroadcastChannel === 'function') {
      this.channel = new BroadcastChannel(`deal-debrief-writes:${name}`);
      this.channel.onmessage = () => this.clear();
      // Node keeps a process alive for an open channel; browsers have no unref.
      (this.channel as unknown as { unref?: () => void }).unref?.();
    }
  }

  clear(): void {
    this.contacts.clear();
    this.awaiting.clear();
    this.clearDeals();
    this.storedKeys.clear();
    this.stamp = undefined;
  }

  /** What is kept of deals, which a write of any deal may change. */
  clearDeals(): void {
    this.dealsOfContact.clear();
    this.dealOfThread.clear();
  }

  /** A capture batch's transaction: its reads fill the cache, its writes go in, its abort drops it all. */
  own(trans: IDBTransaction): void {
    if (this.owners.has(trans)) return;
    this.owners.add(trans);
    trans.addEventListener('abort', () => this.clear());
  }

  owns(trans: unknown): boolean {
    return this.enabled && typeof trans === 'object' && trans !== null && this.owners.has(trans);
  }

  /** Another writer: drop everything now and again when its transaction ends, and tell the other pages. */
  foreign(trans: unknown): void {
    this.clear();
    const native = trans as Partial<IDBTransaction> | null;
    if (!native || typeof native.addEventListener !== 'function' || this.owners.has(native as object)) return;
    const done = () => {
      this.clear();
      this.channel?.postMessage('written');
    };
    native.addEventListener('complete', done);
    native.addEventListener('abort', done);
  }

  /**
   * At the start of a batch, with the highest reply-owed rev now stored: a rev other than the one
   * this cache last knew means someone else wrote (another page of the extension), so drop it all.
   */
  check(highestRev: number): void {
    if (this.stamp !== highestRev) this.clear();
    this.stamp = highestRev;
  }

  /** Stop answering from memory (for comparing with the uncached path in tests). */
  disable(): void {
    this.enabled = false;
    this.clear();
  }
}

const caches = new WeakMap<object, ReadCache>();

/** The cache of this database object, when it has one and it is on. */
export function readCacheOf(db: object): ReadCache | undefined {
  const cache = caches.get(db);
  return cache?.enabled ? cache : undefined;
}

/** Turn the cache of this database object off (tests compare the cached path with this one). */
export function disableReadCache(db: object): void {
  caches.get(db)?.disable();
}

/**
 * Hold the cache of this database object off while another page restores a backup, and start it
 * again, empty, when the restore has ended. The page asks before it writes and waits for the
 * answer, so the background knows before the restore's first write; the broadcast of the
 * restore's writes comes only after its last one, and may reach the background after a batch
 * queued behind the restore has already answered from memory. (A page that closes in the middle
 * leaves the cache off until the background next starts: slower batches, nothing wrong.)
 */
export function holdReadCache(db: object, held: boolean): void {
  const cache = caches.get(db);
  if (!cache) return;
  cache.enabled = !held;
  cache.clear();
}

type Keyed = { email: string };

/** The middleware that keeps `db`'s cache what the database holds (see the top of this file). */
export function readCacheMiddleware(db: { name: string }): Middleware<DBCore> {
  const cache = new ReadCache(db.name);
  caches.set(db, cache);
  return {
    stack: 'dbcore',
    name: 'readCache',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        if (name === 'touchpoints') {
          // Every touchpoint written, by anyone here, adds its key to those that may be stored.
          return {
            ...table,
            mutate: (req: DBCoreMutateRequest) => {
              if (req.type === 'put' || req.type === 'add') {
                const keys: unknown[] = req.keys ?? req.values.map((v: { key?: unknown }) => v.key);
                for (const k of keys) {
                  if (typeof k === 'string') cache.storedKeys.add(k);
                  else cache.storedKeys.clear();
                }
              }
              return table.mutate(req);
            },
          };
        }
        if (name === 'deals') {
          // Deals are kept by address and thread: a batch's own write of a deal (a CRM page)
          // drops what is kept of deals, any other writer's drops everything.
          return {
            ...table,
            mutate: (req: DBCoreMutateRequest) => {
              if (cache.owns(req.trans)) cache.clearDeals();
              else cache.foreign(req.trans);
              return table.mutate(req);
            },
          };
        }
        const rows = name === 'contacts' ? cache.contacts : name === 'awaiting' ? cache.awaiting : undefined;
        if (!rows) return table;
        const track = rows as KnownRows<Keyed>;
        return {
          ...table,
          mutate: (req: DBCoreMutateRequest): Promise<DBCoreMutateResponse> => {
            if (!cache.owns(req.trans)) {
              cache.foreign(req.trans);
              return table.mutate(req);
            }
            // The batch's own write: what it wrote, once written. Any other kind of write (an
            // update of some fields, by criteria) forgets the keys it names, or the whole table
            // when it names none (a range).
            const plainPut = req.type === 'put' && !req.updates && !req.changeSpec && !req.criteria;
            const plainDelete = req.type === 'delete' && !req.criteria;
            const values = plainPut ? req.values.map((v: Keyed) => structuredClone(v)) : [];
            const keys: string[] = plainDelete ? [...req.keys] : [];
            const named = req.type === 'deleteRange' ? undefined : req.type === 'delete' ? req.keys : (req.keys ?? req.values.map((v: Partial<Keyed>) => v.email));
            if (!named || named.some((k) => typeof k !== 'string')) track.clear();
            else for (const k of named as string[]) track.forget(k);
            return table.mutate(req).then((res) => {
              if (res.numFailures) track.clear();
              else if (plainPut) for (const v of values) track.set(v.email, v as Keyed);
              else if (plainDelete) for (const k of keys) track.set(k, undefined);
              if (name === 'awaiting' && plainPut && cache.stamp !== undefined) {
                for (const v of values as unknown as RevRow[]) cache.stamp = Math.max(cache.stamp, v.rev);
              }
              return res;
            });
          },
        };
      },
    }),
  };
}

