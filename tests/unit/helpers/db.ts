/**
 * Database helpers for unit tests: an isolated IndexedDB per test, unique database names, and
 * `openAtVersion` — a database opened with one schema version's raw stores and no upgrade code,
 * which is how a user's browser held the data before an upgrade. A migration test writes rows
 * shaped like version n−1 through it, closes it, then opens the real `openDatabase`.
 *
 * When a version is added to lib/db/schema.ts, add its raw stores to SCHEMAS.
 */
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6, SCHEMA_V7, SCHEMA_V8, openDatabase, type DealDebriefDB } from '../../../lib/db/schema';

export const SCHEMAS: Readonly<Record<number, Record<string, string | null>>> = {
  1: SCHEMA_V1,
  2: SCHEMA_V2,
  3: SCHEMA_V3,
  4: SCHEMA_V4,
  5: SCHEMA_V5,
  6: SCHEMA_V6,
  7: SCHEMA_V7,
  8: SCHEMA_V8,
};

export const LATEST_VERSION = Math.max(...Object.keys(SCHEMAS).map(Number));

/** A fresh, empty IndexedDB for every database Dexie opens from now on. */
export function isolateIndexedDB(): void {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
}

let counter = 0;
export function uniqueDbName(prefix = 'dd-test'): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

/** Open `name` at exactly `version`, with that version's raw stores and no upgrade functions. */
export async function openAtVersion(name: string, version: number): Promise<Dexie> {
  const stores = SCHEMAS[version];
  if (!stores) throw new Error(`No schema is known for version ${version}.`);
  const db = new Dexie(name);
  db.version(version).stores(stores);
  await db.open();
  return db;
}

/** The app's database (latest version) under a fresh name, opened. */
export async function openTestDatabase(name = uniqueDbName()): Promise<DealDebriefDB> {
  const db = openDatabase(name);
  await db.open();
  return db;
}

/**
 * The contact index as the old join table held it: one { email, at, key } per entry of the
 * `contactKeys` index, in index order (address, instant, touchpoint key), read from the index
 * itself, so a wrong, missing or stale entry shows.
 */
export async function contactIndexRows(db: DealDebriefDB): Promise<{ email: string; at: number; key: string }[]> {
  const rows: { email: string; at: number; key: string }[] = [];
  await db.touchpoints.orderBy('contactKeys').eachKey((indexKey, cursor) => {
    const [email, at] = String(indexKey).split('\u0000');
    rows.push({ email: email!, at: Number(at), key: String(cursor.primaryKey) });
  });
  return rows;
}
