import { useEffect, useState } from 'preact/hooks';
import { call } from '../../lib/messaging';
import type { StorageStatus } from '../../lib/protocol';
import { askToKeepData, type Persistence, persistenceText } from '../persistence';
import { notStoredMessage } from '../../lib/capture/isolate';

const MB = 1024 * 1024;
const size = (bytes: number) => (bytes >= 1024 * MB ? `${(bytes / (1024 * MB)).toFixed(1)} GB` : `${Math.max(0.1, bytes / MB).toFixed(1)} MB`);

/**
 * Whether what is captured can be stored: a storage problem in words ("capture paused: …", as
 * the sidebar says it), how many captured items are kept because they could not be stored, whether the browser keeps the data until the rep deletes it (persistent
 * storage is asked for here), and how much is used.
 */
export function StorageHealth() {
  const [status, setStatus] = useState<StorageStatus>({ problem: null, since: null });
  const [persistence, setPersistence] = useState<Persistence>('asking');
  const [usage, setUsage] = useState<{ usage: number; quota: number }>();
  useEffect(() => {
    let stop = false;
    const poll = () =>
      void call('storageStatus', null)
        .then((s) => !stop && setStatus(s))
        .catch(() => undefined);
    poll();
    const timer = setInterval(poll, 2000);
    const storage = (navigator as Navigator & { storage?: StorageManager }).storage;
    void askToKeepData().then((p) => !stop && setPersistence(p));
    if (storage?.estimate) {
      void storage
        .estimate()
        .then((e) => !stop && setUsage({ usage: e.usage ?? 0, quota: e.quota ?? 0 }))
        .catch(() => undefined);
    }
    return () => {
      stop = true;
      clearInterval(timer);
    };
  }, []);
  return (
    <fieldset>
      <legend>Storage</legend>
      <p role="status" data-testid="storage-status" class={status.problem ? 'error' : ''}>
        {status.problem ? `capture paused: ${status.problem}` : status.held ? 'What is captured now is being stored.' : 'Everything captured is being stored.'}
      </p>
      {status.held ? (
        <p class="error" data-testid="storage-held">
          {notStoredMessage(status.held)}.
        </p>
      ) : null}
      <p class="small muted" data-testid="storage-persistence" data-persistence={persistence}>
        {persistenceText(persistence)}
        {usage ? ` Using ${size(usage.usage)} of the ${size(usage.quota)} the browser allows.` : ''}
      </p>
    </fieldset>
  );
}
