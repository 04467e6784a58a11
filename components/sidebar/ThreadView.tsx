import { useEffect, useState } from 'preact/hooks';
import { classifyDirection, isBulkSender } from '../../lib/addresses';
import type { PageContext, Party } from '../../lib/capture/events';
import { responseContext, responseFigures } from '../../lib/deal-figures';
import { call } from '../../lib/messaging';
import type { Settings } from '../../lib/model';
import { companyDomain } from '../../lib/addresses';
import { useNow, useSettings } from './data';
import { useRead } from './remote';
import { DealPanel } from './DealPanel';
import { RemindMe } from './RemindMe';
import { Flags, useAttention } from './Flags';
import { Timeline } from './Timeline';
import { Fold } from './Fold';
import { countOf } from '../format';
import { ErrorLine } from '../ui';

/** The prospects among a thread's participants: not the rep, not the team, not bulk senders. */
export function externalParticipants(parties: Party[], settings: Settings): Party[] {
  const own = [...settings.ownAddresses, ...settings.detectedAddresses];
  return parties.filter((p) => !isBulkSender(p) && classifyDirection({ from: p, to: [], cc: [] }, { own, internalDomains: settings.internalDomains }).direction === 'inbound');
}

export function ThreadView({ ctx }: { ctx: PageContext }) {
  const settings = useSettings().value;
  const now = useNow().value;
  const threadId = ctx.threadId ?? '';
  const deal = useRead('dealForThread', { threadId }).value;
  const prospects = settings ? externalParticipants(ctx.participants, settings) : [];
  const [selected, setSelected] = useState<string>();
  useEffect(() => {
    if (!selected || !prospects.some((p) => p.email === selected)) setSelected(prospects[0]?.email);
  }, [prospects.map((p) => p.email).join()]);
  const email = selected ?? prospects[0]?.email ?? '';
  const timeline = useRead('contactTimeline', { email }, email !== '').value;
  const figures = timeline && settings ? responseFigures(timeline, responseContext(settings, now)) : undefined;
  // On a closed deal's thread every wait is a closed deal's wait.
  const waits = figures?.awaiting
    .filter((a) => a.contactEmail === email)
    .map((a) => (deal && deal.status !== 'open' ? { ...a, latest: { ...a.latest, dealId: deal.id } } : a));
  const attention = useAttention(waits, settings, now);

  if (!settings) return <p class="muted">Loading…</p>;
  if (prospects.length === 0) {
    return <p class="empty">No prospect in this conversation: only you, your team or automated senders. Nothing here counts toward a deal.</p>;
  }

  return (
    <section data-testid="thread-view">
      <h2>People in this conversation</h2>
      <ul class="plain row" aria-label="Prospects">
        {prospects.map((p) => (
          <li key={p.email}>
            <button type="button" aria-pressed={p.email === email} class={p.email === email ? 'primary' : ''} onClick={() => setSelected(p.email)} title={p.email}>
              {p.name ?? p.email}
            </button>
          </li>
        ))}
      </ul>
      {attention ? <Flags view={attention} currentThreadId={threadId} /> : null}
      {deal ? <DealPanel dealId={deal.id} flagsShownFor={[email]} currentThreadId={threadId} /> : deal === null ? <LinkDeal threadId={threadId} prospects={prospects} /> : null}
      <Fold
        id="contact-timeline"
        title={
          <>
            Timeline with{' '}
            <span data-testid="timeline-contact" data-email={email} title={email}>
              {prospects.find((p) => p.email === email)?.name ?? email}
            </span>
          </>
        }
        summary={timeline ? countOf(timeline.length, 'item') : undefined}
      >
        <Timeline items={timeline ?? []} now={now} timeZone={settings?.timeZone} onDelete={(t) => void call('deleteTouchpoint', { key: t.key })} empty="Every email, call and meeting with this person will appear here." />
      </Fold>
      {deal ? null : <RemindMe contactEmail={email} threadId={threadId} timeZone={settings?.timeZone} />}
    </section>
  );
}

function LinkDeal({ threadId, prospects }: { threadId: string; prospects: Party[] }) {
  const deals = useRead('openDeals', null).value ?? [];
  const [pick, setPick] = useState('');
  const [error, setError] = useState<string>();
  const emails = prospects.map((p) => p.email);
  const suggested = prospects[0] ? companyDomain(prospects[0].email) : 'New deal';
  const act = (p: Promise<unknown>) => p.then(() => setError(undefined), (e: Error) => setError(e.message));
  return (
    <div class="card" data-testid="link-deal">
      <p>This conversation is not linked to a deal yet.</p>
      {deals.length ? (
        <div class="row">
          <label class="inline" for="link-deal-select">
            Link to
          </label>
          <select id="link-deal-select" value={pick} onChange={(e) => setPick((e.currentTarget as HTMLSelectElement).value)}>
            <option value="">Choose a deal…</option>
            {deals.map((d) => (
              <option key={d.id} value={d.id}>
                {d.name}
              </option>
            ))}
          </select>
          <button type="button" disabled={!pick} onClick={() => act(call('linkThread', { dealId: pick, threadId, contactEmails: emails }))}>
            Link
          </button>
        </div>
      ) : null}
      <button type="button" data-testid="create-local-deal" onClick={() => act(call('createLocalDeal', { name: suggested, contactEmails: emails, threadId }))}>
        Create deal "{suggested}"
      </button>
      <ErrorLine error={error} />
    </div>
  );
}
