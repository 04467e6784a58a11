/**
 * The rep decides what is captured, from the sidebar: pause capture on this site, and never
 * capture this conversation (what was stored from it is deleted).
 */
import { useEffect, useState } from 'preact/hooks';
import { reportPaused } from './attention-count';
import { PAUSED_UNTIL_RESUMED, pausedUntil } from '../../lib/capture-control';
import { call } from '../../lib/messaging';
import type { Settings, SiteId } from '../../lib/model';
import { formatDateTime } from '../format';
import { ErrorLine } from '../ui';

const SITE: Record<SiteId, string> = { gmail: 'Gmail', hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive', custom: 'this CRM' };

/** `pageSaysPaused`: capture is paused on this page for another reason (the status line says which). */
export function PauseBanner({ site, settings, now, pageSaysPaused = false }: { site: SiteId; settings: Settings; now: number; pageSaysPaused?: boolean }) {
  const [error, setError] = useState<string>();
  const until = pausedUntil(settings.capturePausedUntil, site, now);
  // The handle shows any pause: the rep's own, and one the page's status line explains.
  useEffect(() => reportPaused(until !== undefined || pageSaysPaused), [until, pageSaysPaused]);
  if (until === undefined) return null;
  return (
    <div class="card paused-banner" role="status" data-testid="pause-banner">
      <p>
        <strong>Capture paused on {SITE[site]}</strong> {until >= PAUSED_UNTIL_RESUMED ? 'until you resume it' : `until ${formatDateTime(until, settings.timeZone)}`}. Nothing
        on this site is stored meanwhile.
      </p>
      <button type="button" class="primary" onClick={() => call('resumeCapture', { site }).then(() => setError(undefined), (e: Error) => setError(e.message))}>
        Resume capture
      </button>
      <ErrorLine error={error} />
    </div>
  );
}

export function CaptureMenu({ site, threadId, settings, now }: { site: SiteId; threadId?: string; settings: Settings; now: number }) {
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState<string>();
  const paused = pausedUntil(settings.capturePausedUntil, site, now) !== undefined;
  const done = (p: Promise<string>) => p.then(setMessage, (e: Error) => setMessage(e.message));
  return (
    <details class="capture-menu" data-testid="capture-menu">
      <summary>What is captured here</summary>
      {paused ? null : (
        <div class="row">
          <label class="inline" for="pause-capture">
            Pause capture on {SITE[site]}
          </label>
          <select
            id="pause-capture"
            value=""
            onChange={(e) => {
              const v = (e.currentTarget as HTMLSelectElement).value;
              if (v === 'hour' || v === 'tomorrow' || v === 'resumed') void done(call('pauseCapture', { site, duration: v }).then(() => 'Capture paused.'));
            }}
          >
            <option value="">Choose…</option>
            <option value="hour">for an hour</option>
            <option value="tomorrow">until tomorrow</option>
            <option value="resumed">until I resume</option>
          </select>
        </div>
      )}
      {threadId ? (
        confirming ? (
          <div class="card" role="group" aria-label="Don't capture this conversation">
            <p>Stop capturing this conversation and delete what was stored from it?</p>
            <div class="row">
              <button
                type="button"
                class="danger"
                data-testid="never-capture-thread-confirm"
                onClick={() =>
                  void done(
                    call('addNeverCapture', { entry: `thread:${threadId}` }).then((r) => {
                      setConfirming(false);
                      return `This conversation is no longer captured; ${r.forgotten.touchpoints === 1 ? '1 message was' : `${r.forgotten.touchpoints} messages were`} deleted.`;
                    }),
                  )
                }
              >
                Don't capture, delete
              </button>
              <button type="button" onClick={() => setConfirming(false)}>
                Cancel
              </button>
            </div>
          </div>
        ) : (
          <button type="button" data-testid="never-capture-thread" onClick={() => setConfirming(true)}>
            Don't capture this conversation
          </button>
        )
      ) : null}
      <p class="small">
        <a href="/options.html#capture" target="_blank">
          Never-capture list and deleting data
        </a>
      </p>
      {message ? (
        <p role="status" class="small">
          {message}
        </p>
      ) : null}
    </details>
  );
}
