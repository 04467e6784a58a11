import { useState } from 'preact/hooks';
import type { Party } from '../../lib/capture/events';
import { call } from '../../lib/messaging';
import { DealPanel } from './DealPanel';
import { ErrorLine } from '../ui';

const split = (s: string) =>
  s
    .split(/[\s,;]+/)
    .map((x) => x.trim().toLowerCase())
    .filter(Boolean);

/** A deal without a CRM record, created from any page the sidebar sits beside (`onCreated`: the sidebar's header names it). */
export function NewDeal({ participants, onCreated }: { participants: Party[]; onCreated?: (dealId: string) => void }) {
  const [name, setName] = useState('');
  const [emails, setEmails] = useState(participants.map((p) => p.email).join(', '));
  const [created, setCreated] = useState<string>();
  const [error, setError] = useState<string>();
  if (created) return <DealPanel dealId={created} />;
  const submit = async (e: Event) => {
    e.preventDefault();
    const list = split(emails);
    const bad = list.find((x) => !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(x));
    if (bad) return setError(`"${bad}" is not an email address.`);
    try {
      const deal = await call('createLocalDeal', { name: name.trim() || undefined, contactEmails: list });
      setCreated(deal.id);
      onCreated?.(deal.id);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  };
  return (
    <form class="card" onSubmit={submit} data-testid="new-deal" aria-label="New deal">
      <h3>New deal</h3>
      <p class="small muted">For a deal your CRM does not hold. Its emails, calls and meetings join it by its contacts.</p>
      <label for="new-deal-name">Deal name</label>
      <input id="new-deal-name" type="text" value={name} placeholder="named after the company when empty" onInput={(e) => setName((e.currentTarget as HTMLInputElement).value)} />
      <label for="new-deal-contacts">Contacts (email addresses)</label>
      <input id="new-deal-contacts" type="text" value={emails} onInput={(e) => setEmails((e.currentTarget as HTMLInputElement).value)} />
      <div class="row">
        <button type="submit">Create deal</button>
      </div>
      <ErrorLine error={error} />
    </form>
  );
}
