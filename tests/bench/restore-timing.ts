/**
 * Where a restore's time goes, step by step, on fake-indexeddb in Node: a generated backup of
 * N touchpoints (default 20,000) is checked, written and its awaiting table rebuilt, then the
 * background's refresh that follows a restore runs; each step timed. A measuring script, not a
 * test:  npx jiti tests/bench/restore-timing.ts [touchpoints] [mailbox|e2e]
 * `mailbox`: contacts write and the rep answers some; `e2e`: the backup e2e's shape, 500
 * contacts who only write (everyone waits).
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { IDBFactory, IDBKeyRange } from 'fake-indexeddb';
import { BACKUP_TABLES, checkBackup, type BackupData } from '../../lib/backup-format';
import { awaitingRowsFrom, rebuildAwaiting } from '../../lib/db/awaiting';
import { createRefresher } from '../../lib/background/refresh';
import { restoreBackup } from '../../lib/db/backup';
import { openDatabase } from '../../lib/db/schema';
import { rekeyRecords } from '../../lib/db/tenant-rekey';
import { defaultSettings, type Touchpoint } from '../../lib/model';
import { seededRandom } from '../../lib/sample-data';

const N = Number(process.argv[2] ?? 20_000);
const SHAPE = process.argv[3] === 'e2e' ? 'e2e' : 'mailbox';
const CONTACTS = SHAPE === 'e2e' ? 500 : Math.max(10, Math.round(N / 20));
const T0 = Date.UTC(2026, 0, 5, 9);

/** A mailbox: contacts write, the rep answers some, colleagues are copied, calls and notes. */
function touchpoints(n: number): BackupData['touchpoints'] {
  if (SHAPE === 'e2e') {
    return Array.from({ length: n }, (_, i) => {
      const email = `p${i % 500}@prospect${i % 50}.test`;
      const at = T0 - i * 60_000;
      return { key: `gmail:seed-${i}`, channel: 'email', direction: 'inbound', at, contactEmails: [email], from: email, to: ['rep@ourco.test'], cc: [], threadId: `t${i % 2000}`, subject: `Subject ${i}`, capturedFrom: 'gmail', provenance: 'seen', createdAt: at, updatedAt: at };
    });
  }
  const rand = seededRandom(20261204);
  const out: Touchpoint[] = [];
  for (let i = 0; i < n; i++) {
    const c = Math.floor(rand() * CONTACTS);
    const email = `p${c}@prospect${c % 97}.test`;
    const second = rand() < 0.1 ? [`p${(c + 1) % CONTACTS}@prospect${((c + 1) % CONTACTS) % 97}.test`] : [];
    const r = rand();
    const direction = r < 0.5 ? 'inbound' : r < 0.95 ? 'outbound' : 'internal';
    const channel = rand() < 0.85 ? 'email' : rand() < 0.5 ? 'call' : 'meeting';
    const at = T0 + Math.floor(rand() * 90 * 86_400_000);
    out.push({
      key: `gmail:m${i}`,
      channel,
      direction,
      at,
      contactEmails: [email, ...second],
      ...(direction === 'inbound' && channel === 'email' ? { from: email } : {}),
      to: [],
      cc: [],
      threadId: `t${i % (n / 5)}`,
      subject: `Subject ${i}`,
      capturedFrom: 'gmail',
      provenance: 'seen',
      createdAt: at,
      updatedAt: at,
    });
  }
  return out;
}

function backup(): { format: string; version: number; exportedAt: string; data: BackupData } {
  const tps = touchpoints(N);
  const data: BackupData = {
    contacts: [], deals: [], touchpoints: tps, reflections: [], followUps: [],
    winReflections: [], debriefs: [], retrospectives: [], adjustments: [], settings: defaultSettings('UTC'),
  };
  return { format: 'deal-debrief-backup', version: 3, exportedAt: new Date(T0).toISOString(), data };
}

async function time<T>(label: string, fn: () => Promise<T> | T): Promise<T> {
  const t = performance.now();
  const out = await fn();
  console.log(`${label.padEnd(44)} ${Math.round(performance.now() - t).toLocaleString('en-US').padStart(8)} ms`);
  return out;
}

async function main() {
  Dexie.dependencies.indexedDB = new IDBFactory();
  Dexie.dependencies.IDBKeyRange = IDBKeyRange;
  const file = JSON.parse(JSON.stringify(backup()));
  const entries = file.data.touchpoints.reduce((n: number, t: { contactEmails: string[] }) => n + t.contactEmails.length, 0);
  console.log(`${N.toLocaleString('en-US')} touchpoints, ${CONTACTS.toLocaleString('en-US')} contacts, ${entries.toLocaleString('en-US')} contact index entries`);
  const parsed = await time('check every record', () => checkBackup(file));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  const data = await time('re-key by tenant', () => rekeyRecords(parsed.data));

  const db = openDatabase(`timing-${Date.now()}`);
  await db.open();
  await time('write the tables (one transaction)', () =>
    db.transaction('rw', BACKUP_TABLES.map((t) => db.table(t)), async () => {
      for (const t of BACKUP_TABLES) await db.table(t).bulkPut(data[t] as unknown[]);
    }),
  );
  await time('awaiting rows computed in memory (pure)', () => awaitingRowsFrom(data.touchpoints));
  await time('rebuild awaiting from the touchpoints', () => db.transaction('rw', [db.touchpoints, db.awaiting], () => rebuildAwaiting(db, data.touchpoints)));
  await time('rebuild awaiting, reading the database', () => db.transaction('rw', [db.touchpoints, db.awaiting], () => rebuildAwaiting(db)));
  db.close();

  const whole = openDatabase(`timing-whole-${Date.now()}`);
  await whole.open();
  // The background was running before the restore: its refresher has read the (empty) tables.
  let notified = 0;
  const now = T0 + 91 * 86_400_000;
  const refresher = createRefresher(whole, { now: () => now }, { setBadge: async () => undefined, notify: async () => void (notified += 1) });
  await refresher.run();
  const result = await time('restoreBackup, whole', () => restoreBackup(whole, file));
  if (!result.ok) throw new Error('restore failed');
  console.log(`awaiting rows: ${await whole.awaiting.count()}`);
  // Every table changed (the database's change signal), then the refresh the options page asks for.
  refresher.invalidate([...BACKUP_TABLES, 'awaiting', 'settings']);
  await time('refresh after the restore (badge, reply follow-ups)', () => refresher.run());
  console.log(`reply follow-ups: ${await whole.followUps.count()}, notifications: ${notified}`);
  whole.close();
}

await main();
