/**
 * What is captured, decided by the rep: the never-capture list (adding an entry deletes what was
 * stored for it), pauses per site, deleting everything about one contact, deleting everything.
 */
import { useEffect, useState } from 'preact/hooks';
import { FORGET_EVERYTHING_CONFIRMATION, PAUSED_UNTIL_RESUMED } from '../../lib/capture-control';
import { extensionClock } from '../../lib/clock';
import { call } from '../../lib/messaging';
import type { Settings, SiteId } from '../../lib/model';
import { formatDateTime } from '../format';

const SITE: Record<SiteId, string> = { gmail: 'Gmail', hubspot: 'HubSpot', salesforce: 'Salesforce', pipedrive: 'Pipedrive', custom: 'Other CRM hosts' };

export function describeEntry(entry: string): string {
  if (entry.startsWith('thread:')) return 'One conversation';
  if (entry.startsWith('message:')) return 'One message deleted from a timeline';
  return entry.includes('@') ? entry : `Everyone at ${entry}`;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

export function CaptureControl({ now = extensionClock.now() }: { now?: number }) {
  const [settings, setSettings] = useState<Settings>();
  const [entry, setEntry] = useState('');
  const [contact, setContact] = useState('');
  const [confirm, setConfirm] = useState('');
  const [message, setMessage] = useState<string>();
  const reload = () => call('getSettings', null).then(setSettings);
  useEffect(() => void reload(), []);
  const act = (p: Promise<string | undefined>) =>
    p.then(
      (m) => {
        setMessage(m);
        void reload();
      },
      (e: Error) => setMessage(e.message),
    );
  if (!settings) return null;
  const pauses = (Object.entries(settings.capturePausedUntil) as [SiteId, number][]).filter(([, until]) => until > now);
  const listed = settings.neverCapture.filter((e) => !e.startsWith('message:'));
  const deletedMessages = settings.neverCapture.length - listed.length;

  return (
    <section data-testid="capture-control">
      <h2>What is captured</h2>
      <fieldset>
        <legend>Never capture</legend>
        <p class="small muted">Personal contacts, family, your bank: mail with any of these addresses is never stored. Adding one deletes what was already stored for it.</p>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            act(call('addNeverCapture', { entry }).then((r) => (setEntry(''), `Added. Deleted ${plural(r.forgotten.touchpoints, 'stored touchpoint', 'stored touchpoints')}.`)));
          }}
        >
          <label class="inline" for="never-capture-input">
            Address or domain
          </label>
          <input id="never-capture-input" type="text" value={entry} placeholder="jo@family.example or mybank.example" onInput={(e) => setEntry((e.currentTarget as HTMLInputElement).value)} />
          <button type="submit" disabled={!entry.trim()}>
            Never capture
          </button>
        </form>
        {listed.length ? (
          <ul class="plain" data-testid="never-capture-list">
            {listed.map((e) => (
              <li key={e} class="spread">
                <span>{describeEntry(e)}</span>
                <button type="button" onClick={() => act(call('removeNeverCapture', { entry: e }).then(() => `Capturing ${describeEntry(e)} again from now on.`))}>
                  Remove
                </button>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">Nothing excluded yet.</p>
        )}
        {deletedMessages ? <p class="small muted">{plural(deletedMessages, 'message you deleted stays', 'messages you deleted stay')} deleted.</p> : null}
      </fieldset>

      <fieldset>
        <legend>Paused</legend>
        {pauses.length === 0 ? <p class="muted">Capture runs on every site. Pause it from the sidebar's menu.</p> : null}
        <ul class="plain">
          {pauses.map(([site, until]) => (
            <li key={site} class="spread" data-testid={`paused-${site}`}>
              <span>
                {SITE[site]}: paused {until >= PAUSED_UNTIL_RESUMED ? 'until you resume' : `until ${formatDateTime(until, settings.timeZone)}`}
              </span>
              <button type="button" onClick={() => act(call('resumeCapture', { site }).then(() => `Capture on ${SITE[site]} resumed.`))}>
                Resume
              </button>
            </li>
          ))}
        </ul>
      </fieldset>

      <fieldset>
        <legend>Delete</legend>
        <form
          class="row"
          onSubmit={(e) => {
            e.preventDefault();
            act(call('forgetContact', { email: contact }).then((r) => (setContact(''), `Deleted ${plural(r.touchpoints, 'touchpoint', 'touchpoints')} about ${contact.trim()}.`)));
          }}
        >
          <label class="inline" for="forget-contact-input">
            Everything about one contact
          </label>
          <input id="forget-contact-input" type="email" value={contact} placeholder="dana@prospect.example" onInput={(e) => setContact((e.currentTarget as HTMLInputElement).value)} />
          <button type="submit" class="danger" disabled={!contact.trim()}>
            Delete contact
          </button>
        </form>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            act(call('forgetEverything', { confirm }).then(() => (setConfirm(''), 'Every deal, touchpoint, reflection and follow-up is deleted. Your settings stay.')));
          }}
        >
          <label for="forget-everything-input">
            Delete everything: type <q>{FORGET_EVERYTHING_CONFIRMATION}</q>
          </label>
          <div class="row">
            <input id="forget-everything-input" type="text" autocomplete="off" value={confirm} onInput={(e) => setConfirm((e.currentTarget as HTMLInputElement).value)} />
            <button type="submit" class="danger" disabled={confirm.trim().toLowerCase() !== FORGET_EVERYTHING_CONFIRMATION}>
              Delete everything
            </button>
          </div>
        </form>
      </fieldset>
      {message ? (
        <p role="status" data-testid="capture-control-message">
          {message}
        </p>
      ) : null}
    </section>
  );
}
