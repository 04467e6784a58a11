/**
 * Replies owed, as flags the rep can act on where they are shown: open the thread, snooze,
 * or say no reply is needed. One flag per person; waits on closed deals are shown quietly.
 */
import { useEffect, useMemo, useState } from 'preact/hooks';
import { reportAttention } from './attention-count';
import { flagText, settleAttention, STATE_TEXT, workdayMs, type Attention } from '../../lib/attention';
import { gmailThreadUrl } from '../../lib/links';
import { call } from '../../lib/messaging';
import type { Settings } from '../../lib/model';
import type { AwaitingItem } from '../../lib/response';
import { useRead } from './remote';
import { ErrorLine } from '../ui';

export interface AttentionView {
  active: Attention[];
  quiet: Attention[];
  names: Record<string, string>;
  dayMs: number;
}

/** Settle raw waits into flags: names, deal statuses and the rep's snoozes come from the background. */
export function useAttention(items: readonly AwaitingItem[] | undefined, settings: Settings | undefined, now: number): AttentionView | undefined {
  const emails = (items ?? []).flatMap((a) => (a.contactEmail ? [a.contactEmail] : [])).sort();
  const dealIds = [...new Set((items ?? []).flatMap((a) => (a.latest.dealId ? [a.latest.dealId] : [])))].sort();
  const ctx = useRead('attentionContext', { emails, dealIds }, items !== undefined).value;
  if (!items || !settings || !ctx) return undefined;
  const settled = settleAttention(items, {
    dealStatus: (id) => ctx.dealStatus[id],
    followUps: new Map(Object.entries(ctx.followUps)),
    now,
  });
  return { ...settled, names: ctx.names, dayMs: workdayMs(settings) };
}

export function Flag({ a, view, currentThreadId, compact }: { a: Attention; view: AttentionView; currentThreadId?: string; compact?: boolean }) {
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const name = view.names[a.contactEmail];
  const act = (p: Promise<unknown>) => {
    setBusy(true);
    p.then(
      () => setError(undefined),
      (e: Error) => setError(e.message),
    ).finally(() => setBusy(false));
  };
  const threadUrl = a.latest.threadId && a.latest.threadId !== currentThreadId ? gmailThreadUrl(a.latest.threadId) : undefined;
  const state = a.closed ? 'quiet' : a.state;
  return (
    <li class={`flag ${state}`} data-testid="awaiting-flag" data-state={state} data-contact={a.contactEmail}>
      <p class="flag-text">
        <span class="flag-state">{a.closed ? 'Closed deal' : STATE_TEXT[a.state]}</span>{' '}
        <span title={a.contactEmail}>{flagText(a, view.dayMs, name)}</span>
      </p>
      {!compact && a.latest.subject ? <p class="small muted">{a.latest.subject}</p> : null}
      <div class="row flag-actions">
        {threadUrl ? (
          <a class="button" href={threadUrl} target="_top" data-testid="flag-open">
            Open thread
          </a>
        ) : null}
        <select
          aria-label={`Snooze the flag for ${name ?? a.contactEmail}`}
          value=""
          disabled={busy}
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            if (v === 'later-today' || v === 'tomorrow' || v === 'next-week') act(call('snoozeFollowUp', { id: a.followUpId, option: v }));
          }}
        >
          <option value="">Snooze…</option>
          <option value="later-today">Later today</option>
          <option value="tomorrow">Tomorrow</option>
          <option value="next-week">Next week</option>
        </select>
        <button type="button" disabled={busy} data-testid="flag-no-reply" onClick={() => act(call('noReplyNeeded', { contactEmail: a.contactEmail, upTo: a.latest.at }))}>
          No reply needed
        </button>
      </div>
      <ErrorLine error={error} />
    </li>
  );
}

/** The flags of a view: active ones first, then a quiet list of waits on closed deals. */
export function Flags({ view, only, currentThreadId, compact }: { view: AttentionView; only?: readonly string[]; currentThreadId?: string; compact?: boolean }) {
  const keep = (a: Attention) => !only || only.includes(a.contactEmail);
  const active = view.active.filter(keep);
  const quiet = view.quiet.filter(keep);
  // The handle counts what needs attention: active flags, not the quiet ones.
  const id = useMemo(() => Math.random().toString(36).slice(2), []);
  useEffect(() => reportAttention(id, active.length), [id, active.length]);
  useEffect(() => () => reportAttention(id, undefined), [id]);
  if (active.length === 0 && quiet.length === 0) return null;
  return (
    <>
      {active.length ? (
        <ul class="plain flags" aria-label="Replies you owe">
          {active.map((a) => (
            <Flag key={a.contactEmail} a={a} view={view} currentThreadId={currentThreadId} compact={compact} />
          ))}
        </ul>
      ) : null}
      {quiet.length ? (
        <ul class="plain flags quiet" aria-label="On closed deals">
          {quiet.map((a) => (
            <Flag key={a.contactEmail} a={a} view={view} currentThreadId={currentThreadId} compact={compact} />
          ))}
        </ul>
      ) : null}
    </>
  );
}
