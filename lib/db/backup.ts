/**
 * Backup and restore where the data is: the options page opens the database itself, so nothing
 * passes through a browser message (which refuses anything above 64 MiB). Export reads each table
 * in pages and writes the file as a list of text parts (a Blob is made of them, never one huge
 * string); restore checks every record of the file first (lib/backup-format.ts) and only then replaces
 * the data in one transaction, so a bad file changes nothing. Both report progress.
 */
import { BACKUP_FORMAT, BACKUP_TABLES, BACKUP_VERSION, TRANSIENT_TABLES, checkBackupInSteps, type BackupData, type BackupTable, type ParseResult } from '../backup-format';
import { nextTask } from '../next-task';
import { withoutSample } from '../sample-data';
import { awaitingRowsInSteps, rebuildAwaiting } from './awaiting';
import { withoutContactKeys } from './contact-keys';
import type { DealDebriefDB } from './schema';
import { loadSettings, storeSettings } from './settings';
import { rekeyRecords } from './tenant-rekey';

export interface BackupProgress {
  phase: 'reading' | 'checking' | 'writing';
  done: number;
  total: number;
}

export interface ExportOptions {
  /** Sample data stays out of a backup unless the rep asks for it. */
  includeSample?: boolean;
  onProgress?: (p: BackupProgress) => void;
  /** Rows read and written per step. */
  pageSize?: number;
}

const PAGE = 5000;
/** Rows written per bulk write on restore: each one's rows are copied for the database in one task. */
const WRITE_PAGE = 250;

/** Only the rows that belong in a backup: the one place the backup filters records. */
function keep<T>(table: BackupTable, rows: T[], includeSample: boolean): T[] {
  if (includeSample) return rows;
  return (withoutSample({ deals: [], [table]: rows }) as unknown as Record<string, T[]>)[table] ?? rows;
}

/**
 * The backup file as text parts, in the documented format (lib/backup-format.ts). `new Blob(parts)`
 * makes the file; `parts.join('')` is the same JSON.
 */
export async function exportBackupParts(db: DealDebriefDB, now: number, options: ExportOptions = {}): Promise<string[]> {
  const page = options.pageSize ?? PAGE;
  const counts = await Promise.all(BACKUP_TABLES.map((t) => db.table(t).count()));
  const total = counts.reduce((a, b) => a + b, 0);
  let done = 0;
  options.onProgress?.({ phase: 'reading', done, total });
  const parts: string[] = [`{"format":${JSON.stringify(BACKUP_FORMAT)},"version":${BACKUP_VERSION},"exportedAt":${JSON.stringify(new Date(now).toISOString())},"data":{`];
  for (const table of BACKUP_TABLES) {
    parts.push(`${JSON.stringify(table)}:[`);
    let first = true;
    // Pages in primary-key order, each read in its own short transaction.
    for (let offset = 0; ; offset += page) {
      const rows = await db.table(table).orderBy(':id').offset(offset).limit(page).toArray();
      // A touchpoint's contact index is computed when it is stored, never read from a file.
      const kept = keep(table, table === 'touchpoints' ? rows.map(withoutContactKeys) : rows, options.includeSample === true);
      if (kept.length) {
        const text = JSON.stringify(kept);
        parts.push(`${first ? '' : ','}${text.slice(1, -1)}`);
        first = false;
      }
      done += rows.length;
      options.onProgress?.({ phase: 'reading', done, total });
      if (rows.length < page) break;
    }
    parts.push('],');
  }
  parts.push(`"settings":${JSON.stringify(await loadSettings(db))}}}`);
  return parts;
}

/** Every table's records, as one object (small databases, tests and the background's request). */
export async function collectBackup(db: DealDebriefDB, now: number, includeSample = false): Promise<string> {
  return (await exportBackupParts(db, now, { includeSample })).join('');
}

export type RestoreResult = Extract<ParseResult, { ok: false }> | { ok: true; counts: Record<BackupTable, number> };

/**
 * Replace everything with a backup's records. Every record is checked first; one problem and
 * nothing is written. The writing is one transaction: it lands whole or not at all.
 */
export async function restoreBackup(db: DealDebriefDB, json: unknown, onProgress?: (p: BackupProgress) => void, pageSize = WRITE_PAGE, pause: () => Promise<void> = nextTask): Promise<RestoreResult> {
  onProgress?.({ phase: 'checking', done: 0, total: 1 });
  // Checked, and who is owed a reply worked out, a step at a time before the writing starts
  // (inside the transaction nothing may wait on the page), so the page stays responsive.
  const parsed = await checkBackupInSteps(json, pause, (done, total) => onProgress?.({ phase: 'checking', done, total }));
  if (!parsed.ok) return parsed;
  // A backup written before records were keyed by tenant carries the old deal ids.
  const data: BackupData = rekeyRecords(parsed.data);
  const awaiting = await awaitingRowsInSteps(data.touchpoints, pause);
  const total = BACKUP_TABLES.reduce((n, t) => n + data[t].length, 0);
  let done = 0;
  onProgress?.({ phase: 'writing', done, total });
  const tables = [...BACKUP_TABLES.map((t) => db.table(t)), ...TRANSIENT_TABLES.map((t) => db.table(t)), db.settings, db.awaiting];
  await db.transaction('rw', tables, async () => {
    // Captured events kept to be tried again go too: they would bring back what the file replaces.
    for (const t of [...BACKUP_TABLES, ...TRANSIENT_TABLES]) await db.table(t).clear();
    for (const t of BACKUP_TABLES) {
      const rows = data[t] as unknown[];
      for (let i = 0; i < rows.length; i += pageSize) {
        await db.table(t).bulkPut(rows.slice(i, i + pageSize));
        done += Math.min(pageSize, rows.length - i);
        onProgress?.({ phase: 'writing', done, total });
      }
    }
    await storeSettings(db, data.settings);
    // Who is owed a reply, from the restored touchpoints (the backup does not carry it).
    await rebuildAwaiting(db, data.touchpoints, awaiting);
  });
  return { ok: true, counts: Object.fromEntries(BACKUP_TABLES.map((t) => [t, data[t].length])) as Record<BackupTable, number> };
}
