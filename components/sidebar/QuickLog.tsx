import { useEffect, useRef, useState } from 'preact/hooks';
import { extensionClock } from '../../lib/clock';
import { call } from '../../lib/messaging';
import type { CallOutcome, Touchpoint } from '../../lib/model';
import { dateOfDayNumber, isValidTimeZone, localDayAndTime, zonedInstant } from '../../lib/worktime';

type Channel = 'call' | 'meeting' | 'note';

const pad = (n: number) => String(n).padStart(2, '0');

/** The rep's zone when it is known and usable; else the browser's (undefined). */
const usable = (timeZone: string | undefined) => (timeZone !== undefined && isValidTimeZone(timeZone) ? timeZone : undefined);

/** `YYYY-MM-DDTHH:MM` of an instant on the clock of `timeZone` (the browser's when not given), for a datetime-local field. */
function localInput(ms: number, timeZone: string | undefined): string {
  const zone = usable(timeZone);
  if (zone) {
    const { day, wallMs } = localDayAndTime(ms, zone);
    const minutes = Math.floor(wallMs / 60_000);
    return `${dateOfDayNumber(day)}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  }
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The instant a datetime-local value means on the clock of `timeZone` (the browser's when not given); NaN when it is not one. */
function instantOfInput(value: string, timeZone: string | undefined): number {
  const zone = usable(timeZone);
  if (!zone) return new Date(value).getTime();
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(value);
  if (!m) return NaN;
  try {
    return zonedInstant(m[1]!, m[2]!, zone);
  } catch {
    return NaN;
  }
}

/**
 * Log a call, meeting or note by hand (or edit one): a touchpoint like any other. Folded to one
 * button until the rep uses it (or edits a logged item); it folds again once logged.
 */
export function QuickLog({
  contacts,
  dealId,
  editing,
  onDone,
  timeZone,
}: {
  contacts: string[];
  dealId?: string;
  editing?: Touchpoint;
  onDone?: () => void;
  /** The rep's time zone: the time field reads and writes its clock (the browser's when not given). */
  timeZone?: string;
}) {
  const [channel, setChannel] = useState<Channel>('call');
  const [at, setAt] = useState(localInput(extensionClock.now(), timeZone));
  const [duration, setDuration] = useState('');
  const [outcome, setOutcome] = useState<CallOutcome | ''>('');
  const [direction, setDirection] = useState<'outbound' | 'inbound'>('outbound');
  const [contact, setContact] = useState(contacts[0] ?? '');
  const [note, setNote] = useState('');
  const [status, setStatus] = useState<{ kind: 'idle' | 'saving' | 'saved' } | { kind: 'error'; message: string }>({ kind: 'idle' });
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const chosen = useRef<HTMLInputElement>(null);
  const close = () => {
    setOpen(false);
    onDone?.();
  };
  // Opened: the first field takes the focus; folded by the rep: the button that opens it again.
  useEffect(() => {
    if (open) chosen.current?.focus();
  }, [open]);

  useEffect(() => {
    if (!editing) return;
    setOpen(true);
    setStatus({ kind: 'idle' });
    setChannel(editing.channel === 'email' ? 'note' : editing.channel);
    setAt(localInput(editing.at, timeZone));
    setDuration(editing.durationMinutes === undefined ? '' : String(editing.durationMinutes));
    setOutcome(editing.outcome ?? '');
    setDirection(editing.direction === 'inbound' ? 'inbound' : 'outbound');
    setContact(editing.contactEmails[0] ?? contacts[0] ?? '');
    setNote(editing.note ?? '');
  }, [editing]);

  const submit = async (e: Event) => {
    e.preventDefault();
    const when = instantOfInput(at, timeZone);
    if (!Number.isFinite(when)) return setStatus({ kind: 'error', message: 'Pick a valid date and time.' });
    const minutes = duration.trim() === '' ? undefined : Number(duration);
    if (minutes !== undefined && (!Number.isFinite(minutes) || minutes < 0)) return setStatus({ kind: 'error', message: 'Duration must be zero or more minutes.' });
    setStatus({ kind: 'saving' });
    try {
      await call('logTouchpoint', {
        key: editing?.key,
        channel,
        at: when,
        direction: channel === 'note' ? 'outbound' : direction,
        contactEmail: contact || undefined,
        dealId,
        durationMinutes: minutes,
        outcome: channel === 'call' && outcome ? outcome : undefined,
        note: note.trim() || undefined,
      });
      setStatus({ kind: 'saved' });
      setNote('');
      setDuration('');
      setOutcome('');
      setAt(localInput(extensionClock.now(), timeZone));
      close();
      requestAnimationFrame(() => opener.current?.focus());
    } catch (err) {
      setStatus({ kind: 'error', message: err instanceof Error ? err.message : String(err) });
    }
  };

  const saved = status.kind === 'saved' ? (
    <span role="status" class="small">
      Logged.
    </span>
  ) : null;
  if (!open) {
    return (
      <div class="card row" data-testid="quick-log-folded">
        <button type="button" ref={opener} aria-expanded="false" onClick={() => (setStatus({ kind: 'idle' }), setOpen(true))}>
          Log a call, meeting or note
        </button>
        {saved}
      </div>
    );
  }
  return (
    <form onSubmit={submit} class="card" data-testid="quick-log" aria-label={editing ? 'Edit logged touchpoint' : 'Quick log'}>
      <h3>{editing ? 'Edit logged item' : 'Quick log'}</h3>
      <div class="row" role="radiogroup" aria-label="What happened">
        {(['call', 'meeting', 'note'] as const).map((c) => (
          <label class="inline" key={c}>
            <input type="radio" name="ql-channel" value={c} checked={channel === c} ref={channel === c ? chosen : undefined} onChange={() => setChannel(c)} />
            {c === 'call' ? 'Call' : c === 'meeting' ? 'Meeting' : 'Note'}
          </label>
        ))}
      </div>
      <label for="ql-at">Time</label>
      <input id="ql-at" type="datetime-local" value={at} onInput={(e) => setAt((e.currentTarget as HTMLInputElement).value)} />
      {channel !== 'note' ? (
        <>
          <label for="ql-duration">Duration (minutes)</label>
          <input id="ql-duration" type="number" min="0" value={duration} onInput={(e) => setDuration((e.currentTarget as HTMLInputElement).value)} />
          <label for="ql-direction">Who reached out</label>
          <select id="ql-direction" value={direction} onChange={(e) => setDirection((e.currentTarget as HTMLSelectElement).value as 'outbound' | 'inbound')}>
            <option value="outbound">I did</option>
            <option value="inbound">The prospect did</option>
          </select>
        </>
      ) : null}
      {channel === 'call' ? (
        <>
          <label for="ql-outcome">Outcome</label>
          <select id="ql-outcome" value={outcome} onChange={(e) => setOutcome((e.currentTarget as HTMLSelectElement).value as CallOutcome | '')}>
            <option value="">—</option>
            <option value="connected">Connected</option>
            <option value="voicemail">Voicemail</option>
            <option value="no-answer">No answer</option>
          </select>
        </>
      ) : null}
      <label for="ql-contact">Contact</label>
      <select id="ql-contact" value={contact} onChange={(e) => setContact((e.currentTarget as HTMLSelectElement).value)}>
        <option value="">(none)</option>
        {contacts.map((c) => (
          <option key={c} value={c}>
            {c}
          </option>
        ))}
      </select>
      <label for="ql-note">Note</label>
      <textarea id="ql-note" value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="row">
        <button type="submit" class="primary" disabled={status.kind === 'saving'}>
          {editing ? 'Save changes' : 'Log it'}
        </button>
        <button type="button" aria-expanded="true" onClick={() => (close(), requestAnimationFrame(() => opener.current?.focus()))}>
          Cancel
        </button>
        <span role="status" class="small">
          {status.kind === 'error' ? status.message : ''}
        </span>
      </div>
    </form>
  );
}
