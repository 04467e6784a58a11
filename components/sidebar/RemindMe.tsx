import { useState } from 'preact/hooks';
import { extensionClock } from '../../lib/clock';
import { call } from '../../lib/messaging';

const CHOICES = [
  { label: 'in 1 hour', ms: 3_600_000 },
  { label: 'tomorrow', ms: 86_400_000 },
  { label: 'in 3 days', ms: 3 * 86_400_000 },
  { label: 'in a week', ms: 7 * 86_400_000 },
  { label: 'in 2 weeks', ms: 14 * 86_400_000 },
];

/** "Remind me in…": a follow-up added by hand. */
export function RemindMe({ dealId, contactEmail, threadId }: { dealId?: string; contactEmail?: string; threadId?: string }) {
  const [choice, setChoice] = useState(1);
  const [reason, setReason] = useState('');
  const [status, setStatus] = useState<string>();
  const add = async (e: Event) => {
    e.preventDefault();
    const pick = CHOICES[choice] ?? CHOICES[1]!;
    try {
      await call('addFollowUp', { dueAt: extensionClock.now() + pick.ms, reason: reason.trim() || `Follow up ${contactEmail ? `with ${contactEmail}` : ''}`.trim(), dealId, contactEmail, threadId });
      setReason('');
      setStatus(`Reminder set ${pick.label}.`);
    } catch (err) {
      setStatus(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form class="card" onSubmit={add} aria-label="Remind me">
      <h3>Remind me</h3>
      <label for="remind-when">When</label>
      <select id="remind-when" value={choice} onChange={(e) => setChoice(Number((e.currentTarget as HTMLSelectElement).value))}>
        {CHOICES.map((c, i) => (
          <option key={c.label} value={i}>
            {c.label}
          </option>
        ))}
      </select>
      <label for="remind-reason">About</label>
      <input id="remind-reason" type="text" value={reason} onInput={(e) => setReason((e.currentTarget as HTMLInputElement).value)} placeholder="Send the revised quote" />
      <div class="row">
        <button type="submit">Add reminder</button>
        <span role="status" class="small">{status}</span>
      </div>
    </form>
  );
}
