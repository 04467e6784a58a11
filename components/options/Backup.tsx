import { escapeBidiInJson } from '../../lib/bidi';
import { useState } from 'preact/hooks';
import { call } from '../../lib/messaging';

type Status = { kind: 'idle' } | { kind: 'busy' } | { kind: 'done'; text: string } | { kind: 'error'; lines: string[] };

/** Full JSON backup and restore. Import is all-or-nothing: a bad file changes nothing. */
export function Backup() {
  const [status, setStatus] = useState<Status>({ kind: 'idle' });
  const download = async () => {
    setStatus({ kind: 'busy' });
    const backup = await call('exportBackup', undefined);
    const blob = new Blob([escapeBidiInJson(JSON.stringify(backup, null, 2))], { type: 'application/json' });
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `deal-debrief-backup-${new Date().toISOString().slice(0, 10)}.json`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    setStatus({ kind: 'done', text: 'Backup downloaded.' });
  };
  const restore = async (file: File | undefined) => {
    if (!file) return;
    setStatus({ kind: 'busy' });
    try {
      const result = await call('importBackup', { text: await file.text() });
      if (result.ok) {
        setStatus({ kind: 'done', text: `Restored ${result.counts.deals} deals, ${result.counts.touchpoints} touchpoints, ${result.counts.reflections} reflections.` });
      } else setStatus({ kind: 'error', lines: result.errors });
    } catch (e) {
      setStatus({ kind: 'error', lines: [e instanceof Error ? e.message : String(e)] });
    }
  };
  return (
    <fieldset>
      <legend>Backup</legend>
      <p class="small muted">A full JSON backup of every deal, touchpoint, reflection, follow-up and setting. Restoring replaces what is stored now.</p>
      <div class="row">
        <button type="button" onClick={() => void download()}>
          Download backup
        </button>
        <label class="inline" for="restore">
          Restore from a backup file
        </label>
        <input id="restore" type="file" accept="application/json,.json" onChange={(e) => void restore((e.currentTarget as HTMLInputElement).files?.[0])} />
      </div>
      <div role="status" data-testid="backup-status">
        {status.kind === 'done' ? <p>{status.text}</p> : null}
        {status.kind === 'error' ? (
          <>
            <p class="error">Nothing was imported; your data is unchanged. The file has these problems:</p>
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
