import { useEffect, useRef, useState } from 'preact/hooks';
import { extensionClock } from '../../lib/clock';
import { addCalendarDays } from '../../lib/followups/due';
import { call } from '../../lib/messaging';
import { isValidTimeZone } from '../../lib/worktime';

const CHOICES = [
  { label: 'in 1 hour', hours: 1 },
  { label: 'tomorrow', days: 1 },
  { label: 'in 3 days', days: 3 },
  { label: 'in a week', days: 7 },
  { label: 'in 2 weeks', days: 14 },
];

/**
 * When a reminder comes due: an hour from now, or so many days later at the same time on the
 * rep's clock in `timeZone` (a change of the clocks in between does not move it by an hour);
 * 24-hour days until the settings are read.
 */
function dueAfter(now: number, choice: (typeof CHOICES)[number], timeZone: string | undefined): number {
  if (choice.days === undefined) return now + (choice.hours ?? 0) * 3_600_000;
  return timeZone !== undefined && isValidTimeZone(timeZone) ? addCalendarDays(now, choice.days, timeZone) : now + choice.days * 86_400_000;
}

/** "Remind me in…": a follow-up added by hand. Folded to one button until the rep uses it; it folds again once set. */
export function RemindMe({ dealId, contactEmail, threadId, timeZone }: { dealId?: string; contactEmail?: string; threadId?: string; timeZone?: string }) {
  const [choice, setChoice] = useState(1);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<string>();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  const when = useRef<HTMLSelectElement>(null);
  useEffect(() => {
    if (open) when.current?.focus();
  }, [open]);
  const fold = () => {
    setOpen(false);
    requestAnimationFrame(() => opener.current?.focus());
  };
  const add = async (e: Event) => {
    e.preventDefault();
    const pick = CHOICES[choice] ?? CHOICES[1]!;
    try {
      await call('addFollowUp', { dueAt: dueAfter(extensionClock.now(), pick, timeZone), reason: reason.trim() || `Follow up ${contactEmail ? `with ${contactEmail}` : ''}`.trim(), dealId, contactEmail, threadId });
      setReason('');
      setStatus(`Reminder set ${pick.label}.`);
      fold();
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    }
  };
  if (!open) {
    return (
      <div class="card row" data-testid="remind-me-folded">
        <button type="button" ref={opener} aria-expanded="false" onClick={() => (setStatus(undefined), setOpen(true))}>
          Remind me…
        </button>
        {status ? (
          <span role="status" class="small">
            {status}
          </span>
        ) : null}
      </div>
    );
  }
  return (
    <form class="card" onSubmit={add} aria-label="Remind me" data-testid="remind-me">
      <h3>Remind me</h3>
      <label for="remind-when">When</label>
      <select id="remind-when" ref={when} value={choice} onChange={(e) => setChoice(Number((e.currentTarget as HTMLSelectElement).value))}>
        {CHOICES.map((c, i) => (
          <option key={c.label} value={i}>
            {c.label}
          </option>
        ))}
      </select>
      <label for="remind-reason">About</label>
      <input id="remind-reason" type="text" value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} placeholder="Send the revised quote" />
      <div class="row">
        <button type="submit" class="primary">
          Add reminder
        </button>
        <button type="button" aria-expanded="true" onClick={fold}>
          Cancel
        </button>
        <span role="status" class="small">{status}</span>
      </div>
    </form>
  );
}
