/**
 * The touchpoints' index of the contacts they name. Each stored touchpoint carries
 * `contactKeys`, one entry per address of `contactEmails`: the address, a NUL, and the
 * touchpoint's instant as 16 zero-padded digits, so that the strings sort by address, then by
 * time. The multi-entry index `*contactKeys` then answers "this contact's touchpoints between
 * two instants" as one key range (ties in time ordered by touchpoint key, as any index orders
 * equal keys), and a contact's newest touchpoints as the same range read backwards.
 *
 * Beside it, `mergeAt`: the instant of a touchpoint that a message seen later may replace or
 * take over — a message recorded at Send, an inbox row, a message seen only collapsed without
 * its id, an email a CRM logged (or any email not captured from Gmail) — and absent on every
 * other touchpoint, so that its index lists only those few. A capture batch asks it which of them
 * lie around its messages' instants (lib/db/ingest-view.ts) instead of reading every touchpoint
 * of those minutes.
 *
 * Both fields are derived, never written by hand: every put or add into the touchpoints store
 * passes through `contactKeysMiddleware`, which computes them from the touchpoint (a value
 * brought in from elsewhere, such as a backup file, is recomputed the same way). A backup
 * leaves them out.
 */
import type { DBCore, DBCoreMutateRequest, Middleware } from 'dexie';
import type { Touchpoint } from '../model';

/** A touchpoint as stored: with its derived index entries. */
export type StoredTouchpoint = Touchpoint & { contactKeys?: string[]; mergeAt?: number };

/**
 * Whether a message seen later may replace or take over this touchpoint (the merge rules of
 * lib/db/ingest.ts): a send recorded at Send, an inbox row, a collapsed message without its id,
 * an email logged elsewhere than Gmail.
 */
export function isMergeCandidate(t: Pick<Touchpoint, 'key' | 'channel' | 'capturedFrom' | 'provenance'>): boolean {
  if (t.channel !== 'email') return false;
  return t.provenance === 'sending' || t.provenance === 'list-row' || t.capturedFrom !== 'gmail' || t.key.startsWith('gmail-c:');
}

const DIGITS = 16; // Number.MAX_SAFE_INTEGER has 16 digits.

/** One entry of the index: this contact at this instant (instants are whole, non-negative epoch ms). */
export function contactKey(email: string, at: number): string {
  const ms = Number.isFinite(at) ? Math.min(Number.MAX_SAFE_INTEGER, Math.max(0, Math.trunc(at))) : 0;
  return `${email}\u0000${String(ms).padStart(DIGITS, '0')}`;
}

/** The index entries of one touchpoint: one per contact it names. */
export function contactKeysOf(t: Pick<Touchpoint, 'contactEmails' | 'at'>): string[] {
  return [...new Set(t.contactEmails)].map((email) => contactKey(email, t.at));
}

/** The key range of one contact's touchpoints from `from` to `until`, both included. */
export function contactRange(email: string, from = 0, until = Number.MAX_SAFE_INTEGER): [string, string] {
  return [contactKey(email, from), contactKey(email, until)];
}

/** The same touchpoint with its derived fields (a new object; the one given is left as it was). */
export function withContactKeys<T extends Touchpoint>(t: T): T & { contactKeys: string[]; mergeAt?: number } {
  const { mergeAt: _was, ...rest } = t as T & { mergeAt?: number };
  return { ...(rest as T), contactKeys: contactKeysOf(t), ...(isMergeCandidate(t) ? { mergeAt: t.at } : {}) };
}

/** The same touchpoint without its derived fields (what a backup holds). */
export function withoutContactKeys(t: StoredTouchpoint): Touchpoint {
  if (!('contactKeys' in t) && !('mergeAt' in t)) return t;
  const { contactKeys: _derived, mergeAt: _merge, ...rest } = t;
  return rest;
}

/** Every value put or added into the touchpoints store gets its `contactKeys` computed here. */
export const contactKeysMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'contactKeys',
  create: (down) => ({
    ...down,
    table: (name) => {
      const table = down.table(name);
      if (name !== 'touchpoints') return table;
      return {
        ...table,
        mutate: (req: DBCoreMutateRequest) =>
          req.type === 'put' || req.type === 'add' ? table.mutate({ ...req, values: req.values.map((v: Touchpoint) => withContactKeys(v)) }) : table.mutate(req),
      };
    },
  }),
};
