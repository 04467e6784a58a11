/**
 * Backup where the data is (lib/db/backup.ts): every table of the schema is in a backup or
 * rebuilt from it, export and restore go in pages with progress, and a restore with one bad
 * record writes nothing.
 */
import { BACKUP_TABLES, CHECK_STEP, DERIVED_TABLES, TRANSIENT_TABLES } from '../../lib/backup-format';
import { awaitingRowsFrom } from '../../lib/db/awaiting';
import { collectBackup, exportBackupParts, restoreBackup } from '../../lib/db/backup';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings } from '../../lib/model';
import { makeDeal, makeReflection, makeTouchpoint } from './helpers/factories';
import { contactIndexRows, isolateIndexedDB, openTestDatabase } from './helpers/db';

const NOW = Date.parse('2026-05-04T09:30:00Z');
let db: DealDebriefDB;

beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, defaultSettings('UTC'));
  const deal = makeDeal({ id: 'hubspot:1:7', status: 'won' });
  await db.deals.put(deal);
  await db.touchpoints.bulkPut(Array.from({ length: 23 }, (_, i) => makeTouchpoint({ key: `gmail:m${i}`, at: NOW - i * 60_000 })));
  await db.reflections.put(makeReflection(deal));
  await db.retrospectives.put({ id: 'retro:1', periodFrom: 0, periodTo: NOW, notes: 'n', heldAt: NOW, createdAt: NOW, updatedAt: NOW });
  await db.adjustments.put({ id: 'adj:1', retrospectiveId: 'retro:1', who: 'Rep', what: 'x', dueAt: NOW, outcome: 'open', outcomeNote: '', createdAt: NOW, updatedAt: NOW });
});
afterEach(() => db.close());

describe('backup covers the whole schema', () => {
  it('every table is either backed up or rebuilt on restore (a new table cannot be forgotten)', () => {
    const tables = db.tables.map((t) => t.name).filter((n) => n !== 'settings').sort();
    expect(tables).toEqual([...BACKUP_TABLES, ...DERIVED_TABLES, ...TRANSIENT_TABLES].sort());
  });
});

describe('export and restore in pages', () => {
  it('round-trips every table, paged, with progress', async () => {
    const progress: number[] = [];
    const parts = await exportBackupParts(db, NOW, { pageSize: 5, onProgress: (p) => progress.push(p.done) });
    expect(parts.length).toBeGreaterThan(BACKUP_TABLES.length + 5);
    expect(progress.at(-1)).toBe(23 + 1 + 1 + 1 + 1);
    const json = JSON.parse(parts.join(''));
    expect(json.version).toBe(3);
    expect(json.data.retrospectives).toHaveLength(1);
    expect(json.data.adjustments).toHaveLength(1);

    const other = await openTestDatabase();
    const writes: number[] = [];
    const result = await restoreBackup(other, json, (p) => p.phase === 'writing' && writes.push(p.done), 5);
    expect(result).toMatchObject({ ok: true, counts: { touchpoints: 23, deals: 1, retrospectives: 1, adjustments: 1 } });
    expect(writes.at(-1)).toBe(27);
    for (const t of BACKUP_TABLES) expect(await other.table(t).count(), t).toBe(await db.table(t).count());
    expect(await collectBackup(other, NOW)).toBe(await collectBackup(db, NOW));
    other.close();
  });

  it('writes no contact index into the file, and restore builds it from the touchpoints', async () => {
    await db.touchpoints.put(makeTouchpoint({ key: 'gmail:two', at: NOW - 5, contactEmails: ['ann@acme.example', 'bo@acme.example'] }));
    expect((await db.touchpoints.get('gmail:two')) as unknown).toHaveProperty('contactKeys');
    const json = JSON.parse(await collectBackup(db, NOW));
    expect(json.data).not.toHaveProperty('contactTouches');
    expect(json.data.touchpoints.filter((t: object) => 'contactKeys' in t)).toEqual([]);
    const other = await openTestDatabase();
    expect(await restoreBackup(other, json)).toMatchObject({ ok: true });
    expect(await contactIndexRows(other)).toEqual(await contactIndexRows(db));
    expect((await contactIndexRows(other)).filter((r) => r.key === 'gmail:two').map((r) => r.email)).toEqual(['ann@acme.example', 'bo@acme.example']);
    other.close();
  });

  it('writes no mergeAt into the file, and restore gives it back to the touchpoints a later message may merge with', async () => {
    await db.touchpoints.put(makeTouchpoint({ key: 'sending:c-1', at: NOW - 5, provenance: 'sending' }));
    expect(((await db.touchpoints.get('sending:c-1')) as { mergeAt?: number }).mergeAt).toBe(NOW - 5);
    const json = JSON.parse(await collectBackup(db, NOW));
    expect(json.data.touchpoints.filter((t: object) => 'mergeAt' in t)).toEqual([]);
    const other = await openTestDatabase();
    expect(await restoreBackup(other, json)).toMatchObject({ ok: true });
    expect(await other.touchpoints.orderBy('mergeAt').primaryKeys()).toEqual(await db.touchpoints.orderBy('mergeAt').primaryKeys());
    expect(await other.touchpoints.orderBy('mergeAt').primaryKeys()).toContain('sending:c-1');
    other.close();
  });

  it('restores a version 2 file: its contact index rows are not trusted, the index is computed from the touchpoints', async () => {
    const json = JSON.parse(await collectBackup(db, NOW));
    const v2 = {
      ...json,
      version: 2,
      data: {
        ...json.data,
        // As a version 2 export wrote it, but wrong: a row for an address no touchpoint names,
        // none for the touchpoints' real contact, and a wrong instant.
        contactTouches: [{ email: 'ghost@nowhere.example', at: 1, key: 'gmail:m0' }],
      },
    };
    const other = await openTestDatabase();
    expect(await restoreBackup(other, v2)).toMatchObject({ ok: true, counts: { touchpoints: 23 } });
    const want = (await db.touchpoints.toArray()).flatMap((t) => t.contactEmails.map((email) => ({ email, at: t.at, key: t.key })));
    const order = (r: { email: string; at: number; key: string }) => `${r.email} ${r.at} ${r.key}`;
    expect((await contactIndexRows(other)).map(order).sort()).toEqual(want.map(order).sort());
    expect(await collectBackup(other, NOW)).toBe(await collectBackup(db, NOW));
    other.close();
  });

  it('checks a large file and works out who is owed a reply in steps, letting the page go on between them', async () => {
    const tps = Array.from({ length: 1200 }, (_, i) => {
      const email = `p${i % 300}@prospect.test`;
      return makeTouchpoint({ key: `gmail:s${i}`, at: NOW - (i + 30) * 60_000, direction: 'inbound', from: email, contactEmails: [email] });
    });
    await db.touchpoints.bulkPut(tps);
    const json = JSON.parse(await collectBackup(db, NOW));
    const records = BACKUP_TABLES.reduce((n, t) => n + json.data[t].length, 0);
    const other = await openTestDatabase();
    const events: (number | 'pause')[] = [];
    const result = await restoreBackup(other, json, (p) => p.phase === 'checking' && p.total > 1 && events.push(p.done), undefined, async () => void events.push('pause'));
    expect(result.ok).toBe(true);
    // Every step of the check is followed by a pause and covers at most CHECK_STEP records.
    const checked = events.filter((e): e is number => e !== 'pause');
    expect(checked.at(-1)).toBe(records);
    checked.forEach((done, i) => {
      expect(done - (checked[i - 1] ?? 0)).toBeLessThanOrEqual(CHECK_STEP);
      expect(events[events.indexOf(done) + 1]).toBe('pause');
    });
    // The 300 waiting contacts were worked out in steps too, and their rows written.
    expect(events.filter((e) => e === 'pause').length).toBeGreaterThan(checked.length);
    expect((await other.awaiting.toArray()).filter((r) => r.open).map((r) => r.email).sort()).toEqual(awaitingRowsFrom(await db.touchpoints.toArray()).map((r) => r.email).sort());
    other.close();
  });

  it('one bad record anywhere and nothing is written', async () => {
    const json = JSON.parse(await collectBackup(db, NOW));
    json.data.deals = [];
    json.data.touchpoints[22].channel = 'fax';
    const result = await restoreBackup(db, json);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors).toContain('data.touchpoints[22].channel: expected one of email, call, meeting, note, got "fax"');
    expect(await db.touchpoints.count()).toBe(23);
    expect(await db.deals.count()).toBe(1);
  });
});
