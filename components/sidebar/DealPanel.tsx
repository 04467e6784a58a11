import { useState } from 'preact/hooks';
import { dealFigures } from '../../lib/deal-figures';
import { call } from '../../lib/messaging';
import { isLostOrDead, type CallOutcome, type Deal, type NextStep, type Touchpoint } from '../../lib/model';
import { LEAD_SOURCES } from '../../lib/reflection/taxonomy';
import { countOf, formatDateTime, formatMoney, relativeTime } from '../format';
import { Fold } from './Fold';
import { useNow, useSettings } from './data';
import { useRead } from './remote';
import { QuickLog } from './QuickLog';
import { RemindMe } from './RemindMe';
import { Flags, useAttention } from './Flags';
import { workdayMs } from '../../lib/attention';
import { ResponseStats } from './ResponseFlag';
import { Timeline } from './Timeline';
import { ErrorLine } from '../ui';

const DAY = 86_400_000;
const daysText = (n: number) => countOf(n, 'day');

/**
 * Everything about one deal (the sidebar's header names it): card, response flags, and sections
 * that fold — hard numbers, next steps, the unified timeline — then quick log and reminders.
 */
export function DealPanel({ dealId, flagsShownFor = [], currentThreadId }: { dealId: string; flagsShownFor?: readonly string[]; currentThreadId?: string }) {
  const deal = useRead('deal', { dealId }).value;
  const touchpoints = useRead('dealTouchpoints', { dealId }).value;
  const settings = useSettings().value;
  const now = useNow().value;
  const [filter, setFilter] = useState<'all' | Touchpoint['channel']>('all');
  const [editing, setEditing] = useState<Touchpoint>();
  const [error, setError] = useState<string>();
  const figures = deal && touchpoints && settings ? dealFigures(deal, touchpoints, settings, now) : undefined;
  // A wait on this deal is on a closed deal when the deal is closed, whatever its mail says.
  const waits = figures?.response.awaiting.map((a) => (deal && deal.status !== 'open' ? { ...a, latest: { ...a.latest, dealId: deal.id } } : a));
  const attention = useAttention(waits, settings, now);

  if (deal === undefined || touchpoints === undefined || settings === undefined) {
    return <p class="muted">Reading the deal…</p>;
  }
  if (!deal) return <p class="empty">This deal is not stored yet.</p>;
  const { hard, response } = figures ?? dealFigures(deal, touchpoints, settings, now);
  const act = (p: Promise<unknown>) => p.then(() => setError(undefined), (e: Error) => setError(e.message));
  const shown = filter === 'all' ? touchpoints : touchpoints.filter((t) => t.channel === filter);
  const pendingCall = touchpoints
    .filter((t) => t.channel === 'call' && t.provenance === 'seen' && !t.outcome && now - t.at < 2 * 3_600_000)
    .sort((a, b) => b.at - a.at)[0];

  return (
    <section data-testid="deal-panel" data-deal={deal.id}>
      <div class="card">
        <table class="figures">
          <tbody>
            <tr>
              <th scope="row">Amount</th>
              <td>{formatMoney(deal.amount, deal.currency)}</td>
            </tr>
            <tr>
              <th scope="row">Stage</th>
              <td>{deal.stage ?? '—'}</td>
            </tr>
            <tr>
              <th scope="row">Days open</th>
              <td data-testid="days-open">{hard.daysOpen}</td>
            </tr>
          </tbody>
        </table>
        {deal.source === 'local' ? <LocalDealFields deal={deal} onError={setError} /> : null}
        <label for="deal-lead-source">Lead source</label>
        <select
          id="deal-lead-source"
          value={deal.leadSource ?? ''}
          onChange={(e) => act(call('updateDeal', { dealId, patch: { leadSource: (e.currentTarget as HTMLSelectElement).value || null } }))}
        >
          <option value="">(unknown)</option>
          {LEAD_SOURCES.map((s) => (
            <option key={s.id} value={s.id}>
              {s.label}
            </option>
          ))}
        </select>
        <label for="deal-term">Contract term (months)</label>
        <input
          id="deal-term"
          type="number"
          min="1"
          max="120"
          value={deal.contractTermMonths ?? ''}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLInputElement).value;
            void act(call('updateDeal', { dealId, patch: { contractTermMonths: v === '' ? null : Number(v) } }));
          }}
        />
        <div class="row" style="margin-top:8px">
          {deal.status === 'open' ? (
            <>
              <button type="button" class="danger" data-testid="mark-lost" onClick={() => act(call('markLost', { dealId }))}>
                Mark lost and reflect
              </button>
              <button type="button" data-testid="mark-won" onClick={() => act(call('markWon', { dealId }))}>
                Mark won
              </button>
            </>
          ) : (
            <>
              {isLostOrDead(deal) ? (
                <button type="button" onClick={() => act(call('markLost', { dealId }))}>
                  Open the reflection
                </button>
              ) : null}
              <button type="button" data-testid="reopen" onClick={() => act(call('reopenDeal', { dealId }))}>
                Reopen deal
              </button>
            </>
          )}
          {deal.url?.startsWith('https://') ? (
            <a href={deal.url} target="_top" class="small">
              Open record
            </a>
          ) : null}
        </div>
        <ErrorLine error={error} />
      </div>

      {attention ? (
        <Flags view={{ ...attention, active: attention.active.filter((a) => !flagsShownFor.includes(a.contactEmail)), quiet: attention.quiet.filter((a) => !flagsShownFor.includes(a.contactEmail)) }} currentThreadId={currentThreadId} />
      ) : null}

      {pendingCall ? <CallOutcomePrompt call={pendingCall} /> : null}

      <Fold id="deal-hard-numbers" title="Hard numbers" summary={countOf(touchpoints.length, 'touchpoint')}>
        <table class="figures" data-testid="hard-numbers">
          <tbody>
            <tr>
              <th scope="row">Emails / calls / meetings / notes</th>
              <td data-testid="by-channel">
                {hard.byChannel.email} / {hard.byChannel.call} / {hard.byChannel.meeting} / {hard.byChannel.note}
              </td>
            </tr>
            <tr>
              <th scope="row">Inbound / outbound</th>
              <td data-testid="by-direction">
                {hard.byDirection.inbound} / {hard.byDirection.outbound}
              </td>
            </tr>
            <tr>
              <th scope="row">First touch</th>
              <td>{hard.firstTouchAt ? formatDateTime(hard.firstTouchAt, settings.timeZone) : '—'}</td>
            </tr>
            <tr>
              <th scope="row">Last touch</th>
              <td>{hard.lastTouchAt ? `${relativeTime(hard.lastTouchAt, now)}` : '—'}</td>
            </tr>
            <tr>
              <th scope="row">Longest silence</th>
              <td>{hard.longestSilence ? daysText(Math.round(hard.longestSilence.ms / DAY)) : '—'}</td>
            </tr>
          </tbody>
        </table>
        {hard.partial ? (
          <p class="small muted" data-testid="partial-note">
            {partialNote(hard.partial)}
          </p>
        ) : null}
        <ResponseStats summary={response.summary} dayMs={workdayMs(settings)} />
      </Fold>
      <NextSteps deal={deal} timeZone={settings.timeZone} />

      <Fold id="deal-timeline" title="Timeline" summary={filter === 'all' ? countOf(shown.length, 'item') : `${shown.length} of ${countOf(touchpoints.length, 'item')}`}>
        <div class="spread">
          <label class="inline" for="timeline-filter">
            Show
            <select id="timeline-filter" value={filter} onChange={(e) => setFilter((e.currentTarget as HTMLSelectElement).value as typeof filter)}>
              <option value="all">All</option>
              <option value="email">Emails</option>
              <option value="call">Calls</option>
              <option value="meeting">Meetings</option>
              <option value="note">Notes</option>
            </select>
          </label>
        </div>
        <Timeline
          items={shown}
          now={now}
          timeZone={settings.timeZone}
          empty="Emails with this deal's contacts, calls, meetings and notes will appear here as you work — nothing to click."
          onEdit={(t) => setEditing(t)}
          onDelete={(t) => act(call('deleteTouchpoint', { key: t.key }))}
        />
      </Fold>
      <QuickLog contacts={deal.contactEmails} dealId={dealId} editing={editing} onDone={() => setEditing(undefined)} timeZone={settings.timeZone} />
      <RemindMe dealId={dealId} contactEmail={deal.contactEmails[0]} threadId={deal.threadIds[0]} timeZone={settings.timeZone} />
    </section>
  );
}

function partialNote(p: { threads: number; missing: number }): string {
  const one = p.missing === 1;
  return `${p.missing} ${one ? 'message' : 'messages'} in ${p.threads} ${p.threads === 1 ? 'conversation' : 'conversations'} ${one ? 'was' : 'were'} never expanded in Gmail and ${one ? 'is' : 'are'} not counted.`;
}

const STEP_KIND: Record<NextStep['kind'], string> = { meeting: 'Meeting', call: 'Call', email: 'Email', note: 'Note', task: 'Task' };

/** Planned activities the CRM record shows: not counted as touchpoints until they have happened. */
function NextSteps({ deal, timeZone }: { deal: Deal; timeZone: string }) {
  const steps = deal.nextSteps ?? [];
  if (steps.length === 0) return null;
  return (
    <Fold id="deal-next-steps" title={`Next steps in ${deal.source === 'local' ? 'this deal' : 'the CRM'}`} summary={countOf(steps.length, 'planned', 'planned')}>
      <ul class="plain" data-testid="next-steps">
        {steps.map((n) => (
          <li key={n.key} data-kind={n.kind}>
            {STEP_KIND[n.kind]}: {n.title || '(no title)'} — {formatDateTime(n.at, timeZone)}
          </li>
        ))}
      </ul>
    </Fold>
  );
}

function CallOutcomePrompt({ call: tp }: { call: Touchpoint }) {
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const save = (outcome: CallOutcome) =>
    call('logTouchpoint', {
      key: tp.key,
      channel: 'call',
      at: tp.at,
      contactEmail: tp.contactEmails[0],
      dealId: tp.dealId,
      outcome,
      note: note.trim() || undefined,
    }).then(
      () => setError(undefined),
      (e: Error) => setError(e.message),
    );
  return (
    <div class="card" data-testid="call-outcome">
      <p>
        <strong>Call logged</strong> {tp.subject ? `(${tp.subject.replace(/^Call /, '')})` : ''} — how did it go?
      </p>
      <label for="call-note">Note</label>
      <textarea id="call-note" value={note} onInput={(e) => setNote((e.currentTarget as HTMLTextAreaElement).value)} />
      <div class="row">
        <button type="button" onClick={() => void save('connected')}>
          Connected
        </button>
        <button type="button" onClick={() => void save('voicemail')}>
          Voicemail
        </button>
        <button type="button" onClick={() => void save('no-answer')}>
          No answer
        </button>
      </div>
      <ErrorLine error={error} />
    </div>
  );
}

/**
 * A deal without a CRM is edited here: name, amount and currency, stage. The fields are not
 * controlled: the sidebar re-renders whenever the database changes, and a controlled field
 * would wipe what the rep is typing; each field starts over only when its stored value changes.
 */
function LocalDealFields({ deal, onError }: { deal: Deal; onError: (m: string | undefined) => void }) {
  const save = (patch: Parameters<typeof call<'updateDeal'>>[1]['patch']) =>
    call('updateDeal', { dealId: deal.id, patch }).then(
      () => onError(undefined),
      (e: Error) => onError(e.message),
    );
  const text = (e: Event) => (e.currentTarget as HTMLInputElement).value;
  return (
    <div data-testid="local-deal-fields">
      <label for="deal-name-input">Deal name</label>
      <input id="deal-name-input" key={`n:${deal.name}`} type="text" defaultValue={deal.name} onChange={(e) => void save({ name: text(e) })} />
      <div class="row">
        <div>
          <label for="deal-amount">Amount</label>
          <input
            id="deal-amount"
            type="number"
            min="0"
            step="any"
            key={`a:${deal.amount ?? ''}`}
            defaultValue={deal.amount === undefined ? '' : String(deal.amount)}
            onChange={(e) => void save({ amount: text(e) === '' ? null : Number(text(e)) })}
          />
        </div>
        <div>
          <label for="deal-currency">Currency</label>
          <input id="deal-currency" key={`c:${deal.currency ?? ''}`} type="text" maxLength={3} size={4} defaultValue={deal.currency ?? ''} onChange={(e) => void save({ currency: text(e).toUpperCase() || null })} />
        </div>
      </div>
      <label for="deal-stage">Stage</label>
      <input id="deal-stage" key={`s:${deal.stage ?? ''}`} type="text" defaultValue={deal.stage ?? ''} onChange={(e) => void save({ stage: text(e) || null })} />
    </div>
  );
}
