import { escapeBidiInJson } from '../../lib/bidi';
import { useState } from 'preact/hooks';
import { db } from '../../lib/db';
import { exportBackupParts, restoreBackup, type BackupProgress } from '../../lib/db/backup';
import { storageProblem } from '../../lib/db/health';
import { call } from '../../lib/messaging';

type Status =
  | { kind: 'idle' }
  | { kind: 'busy'; progress: BackupProgress }
  | { kind: 'done'; text: string }
  | { kind: 'error'; lines: string[]; restoring: boolean };

const PHASE = { reading: 'Reading your data', checking: 'Checking the file', writing: 'Writing' } as const;

function progressText(p: BackupProgress): string {
  // Before the records are counted there is nothing to count yet.
  if (p.phase === 'checking' && p.total <= 1) return `${PHASE.checking}…`;
  return `${PHASE[p.phase]}: ${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} records`;
}

/** A failure in words: a full disk or a database that will not open is named as such. */
const why = (e: unknown) => `${storageProblem(e).replace(/^what was captured could not be saved/, 'it could not be done')}${e instanceof Error && e.message ? ` (${e.message})` : ''}.`;

/**
 * Full JSON backup and restore, done here where the data is (this page opens the database
 * itself; a message to the background could carry at most 64 MiB). Import is all-or-nothing:
 * every record is checked before anything is written, and a bad file changes nothing.
 */
export function Backup() {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const busy = status.kind === 'busy';
  const onProgress = (progress: BackupProgress) => setStatus({ kind: 'busy', progress });
  const download = async () => {
    onProgress({ phase: 'reading', done: 0, total: 0 });
    try {
      const parts = await exportBackupParts(db(), Date.now(), { onProgress });
      // Direction controls in stored text are written escaped, so the file shows no reordered text.
      const blob = new Blob(parts.map(escapeBidiInJson), { type: 'application/json' });
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `deal-debrief-backup-${new Date().toISOString().slice(0, 10)}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 60_000);
      setStatus({ kind: 'done', text: `Backup downloaded (${(blob.size / 1024 / 1024).toFixed(1)} MB).` });
    } catch (e) {
      setStatus({ kind: 'error', restoring: false, lines: [`The backup could not be made: ${why(e)}`] });
    }
  };
  const restore = async (file: File | undefined) => {
    if (!file) return;
    onProgress({ phase: 'checking', done: 0, total: 1 });
    try {
      let json: unknown;
      try {
        json = JSON.parse(await file.text());
      } catch (e) {
        setStatus({ kind: 'error', restoring: true, lines: [`Not a Deal Debrief backup: the file is not valid JSON (${e instanceof Error ? e.message : String(e)}).`] });
        return;
      }
      // The background is told before the first write and after the last, whatever the outcome.
      await call('restoring', null).catch(() => undefined);
      const result = await restoreBackup(db(), json, onProgress).finally(() => void call('restored', null).catch(() => undefined));
      if (result.ok) {
        const c = result.counts;
        setStatus({ kind: 'done', text: `Restored ${c.deals} deals, ${c.touchpoints} touchpoints, ${c.reflections} reflections.` });
      } else setStatus({ kind: 'error', restoring: true, lines: result.errors });
    } catch (e) {
      setStatus({ kind: 'error', restoring: true, lines: [`The restore could not be written: ${why(e)}`] });
    }
  };
  return (
    <fieldset>
      <legend>Backup</legend>
      <p class="small muted">A full JSON backup of every deal, touchpoint, reflection, win reflection, debrief, retrospective, follow-up and setting. Restoring replaces what is stored now.</p>
      <div class="row">
        <button type="button" disabled={busy} onClick={() => void download()}>
          Download backup
        </button>
        <label class="inline" for="restore">
          Restore from a backup file
        </label>
        <input id="restore" type="file" disabled={busy} accept="application/json,.json" onChange={(e) => void restore((e.currentTarget as HTMLInputElement).files?.[0])} />
      </div>
      <div role="status" data-testid="backup-status">
        {status.kind === 'busy' ? (
          <p data-testid="backup-progress">
            <progress max={Math.max(1, status.progress.total)} value={status.progress.done} /> {progressText(status.progress)}
          </p>
        ) : null}
        {status.kind === 'done' ? <p>{status.text}</p> : null}
        {status.kind === 'error' ? (
          <>
            <p class="error">{status.restoring ? 'Nothing was imported; your data is unchanged. The problems:' : 'No backup was made.'}</p>
            <ul class="small">
              {status.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          </>
        ) : null}
      </div>
    </fieldset>
  );
}
