/**
 * Deals stored before records were keyed by tenant (`pipedrive:42`) get their tenant key
 * (`pipedrive:acme:42`, see lib/keys.ts), read from the record URL each deal kept, and so does
 * every record that points at them: touchpoints' `dealId`, the reflection (its key and the won
 * deal it was compared with), the win reflection and the debrief call (keyed by their deal),
 * follow-ups' `dealId` and the ids made from a deal id (`debrief:<deal>`, `re-engage:<deal>`).
 * Contacts, their touch index, retrospectives and adjustments name no deal.
 *
 * Used by the schema upgrade (lib/db/schema.ts, version 5) and by a backup restore (a backup
 * written before the upgrade carries the old ids). A deal whose URL does not name its record
 * keeps its old id: its tenant cannot be known, and the next visit to the record stores it
 * afresh under the tenant key.
 *
 * The id formats below are frozen as they were when version 5 was written: a later change of
 * how follow-up ids are made must not change what this upgrade does.
 */
import type { Transaction } from 'dexie';
import { tenantKeyOfLegacyDeal } from '../keys';
import type { Deal, FollowUp, Reflection, Touchpoint } from '../model';

/** old id → tenant key, for every deal that has an old-form id and a URL naming its record. */
export function tenantRekeyMap(deals: readonly Pick<Deal, 'id' | 'source' | 'url'>[]): Map<string, string> {
  const taken = new Set(deals.map((d) => d.id));
  const map = new Map<string, string>();
  for (const deal of deals) {
    const key = tenantKeyOfLegacyDeal(deal);
    // A backup may already hold the tenant-keyed record as well: never merge two rows into one.
    if (key && !taken.has(key)) {
      map.set(deal.id, key);
      taken.add(key);
    }
  }
  return map;
}

const RULE_PREFIXES = ['debrief:', 're-engage:'] as const;

export function rekeyFollowUp(f: FollowUp, map: ReadonlyMap<string, string>): FollowUp {
  let id = f.id;
  for (const prefix of RULE_PREFIXES) {
    const dealId = f.id.startsWith(prefix) ? f.id.slice(prefix.length) : undefined;
    const next = dealId === undefined ? undefined : map.get(dealId);
    if (next) id = `${prefix}${next}`;
  }
  const dealId = f.dealId === undefined ? undefined : (map.get(f.dealId) ?? f.dealId);
  return id === f.id && dealId === f.dealId ? f : { ...f, id, dealId };
}

export function rekeyReflection(r: Reflection, map: ReadonlyMap<string, string>): Reflection {
  const dealId = map.get(r.dealId) ?? r.dealId;
  const compared = r.comparedWonDealId === undefined ? undefined : (map.get(r.comparedWonDealId) ?? r.comparedWonDealId);
  return dealId === r.dealId && compared === r.comparedWonDealId ? r : { ...r, dealId, comparedWonDealId: compared };
}

export interface DealRecords {
  deals: Deal[];
  touchpoints: Touchpoint[];
  reflections: Reflection[];
  followUps: FollowUp[];
}

/** The same rewrite over plain arrays (a backup being restored). Returns new arrays; rows not concerned are the same objects. */
export function rekeyRecords<T extends DealRecords>(data: T): T {
  const map = tenantRekeyMap(data.deals);
  if (map.size === 0) return data;
  const remap = (id: string | undefined) => (id === undefined ? undefined : (map.get(id) ?? id));
  return {
    ...data,
    deals: data.deals.map((d) => (map.has(d.id) ? { ...d, id: map.get(d.id)! } : d)),
    touchpoints: data.touchpoints.map((t) => (t.dealId !== undefined && map.has(t.dealId) ? { ...t, dealId: remap(t.dealId) } : t)),
    reflections: data.reflections.map((r) => rekeyReflection(r, map)),
    followUps: data.followUps.map((f) => rekeyFollowUp(f, map)),
  };
}

/** The schema upgrade: the same rewrite inside Dexie's upgrade transaction. */
export async function rekeyDatabase(tx: Transaction): Promise<void> {
  const deals = tx.table<Deal, string>('deals');
  const map = tenantRekeyMap(await deals.toArray());
  if (map.size === 0) return;
  const old = [...map.keys()];

  // Deals: a primary key cannot change in place; each row moves to its new key.
  const rows = await deals.bulkGet(old);
  await deals.bulkDelete(old);
  await deals.bulkAdd(rows.flatMap((d) => (d ? [{ ...d, id: map.get(d.id)! }] : [])));

  // Touchpoints of those deals, through the [dealId+at] index.
  const touchpoints = tx.table<Touchpoint, string>('touchpoints');
  for (const [from, to] of map) {
    await touchpoints
      .where('[dealId+at]')
      .between([from, -Infinity], [from, Infinity], true, true)
      .modify((t) => {
        t.dealId = to;
      });
  }

  // Reflections are keyed by their deal: move the ones keyed by an old id, and fix comparisons.
  const reflections = tx.table<Reflection, string>('reflections');
  const allReflections = await reflections.toArray();
  const moved = allReflections.filter((r) => map.has(r.dealId));
  await reflections.bulkDelete(moved.map((r) => r.dealId));
  await reflections.bulkPut(allReflections.map((r) => rekeyReflection(r, map)).filter((r, i) => r !== allReflections[i]));

  // Tables keyed by their deal: each row concerned moves to the new key.
  for (const name of ['winReflections', 'debriefs']) {
    const table = tx.table<{ dealId: string }, string>(name);
    const rows = (await table.bulkGet(old)).flatMap((r) => (r ? [r] : []));
    await table.bulkDelete(rows.map((r) => r.dealId));
    await table.bulkAdd(rows.map((r) => ({ ...r, dealId: map.get(r.dealId)! })));
  }

  // Follow-ups: ids made from a deal id move; `dealId` fields follow.
  const followUps = tx.table<FollowUp, string>('followUps');
  const allFollowUps = await followUps.toArray();
  const changed = allFollowUps.map((f) => rekeyFollowUp(f, map));
  const movedIds = allFollowUps.filter((f, i) => changed[i]!.id !== f.id).map((f) => f.id);
  await followUps.bulkDelete(movedIds);
  await followUps.bulkPut(changed.filter((f, i) => f !== allFollowUps[i]));
}
