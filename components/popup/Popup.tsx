import { useEffect, useMemo, useState } from 'preact/hooks';
import { call } from '../../lib/messaging';
import type { Deal, FollowUp } from '../../lib/model';
import type { SnoozeOption } from '../../lib/followups/due';
import { formatDateTime, relativeTime } from '../format';
import { createPopupModel } from './model';

const KIND_LABEL: Record<FollowUp['kind'], string> = {
  debrief: 'Debrief call',
  're-engage': 'Re-engage call',
  reply: 'Reply owed',
  retrospective: 'Loss retrospective',
  manual: 'Reminder',
};

export function Popup() {
  const model = useMemo(() => createPopupModel(), []);
  useEffect(() => () => model.dispose(), [model]);
  const groups = model.groups.value;
  if (model.error.value) return <p class="error">Could not read follow-ups: {model.error.value}</p>;
  if (!groups) return <p class="muted">Loading…</p>;
  const total = groups.overdue.length + groups.today.length + groups.upcoming.length;
  return (
    <main>
      <h1>Follow-ups</h1>
      {total === 0 ? (
        <p class="empty" data-testid="popup-empty">
          Nothing due. Replies you owe prospects, debrief calls a few days after a lost deal, re-engage calls at 75% of the
          offered contract term and your loss-retrospective sessions will show up here when they come due.
        </p>
      ) : null}
      <Section id="overdue" title="Overdue" items={groups.overdue} model={model} />
      <Section id="today" title="Due today" items={groups.today} model={model} />
      <Section id="upcoming" title="Upcoming (next 14 days)" items={groups.upcoming} model={model} />
      <p class="small muted">
        <a href="/insights.html" target="_blank">Insights</a> · <a href="/options.html" target="_blank">Settings</a>
      </p>
    </main>
  );
}

type Model = ReturnType<typeof createPopupModel>;

/**
 * Rows a section shows before "Show more": the most urgent come first, and a rep with thousands
 * of follow-ups stored gets a popup that paints at once instead of building every row.
 */
export const ROWS_AT_FIRST = 20;
const ROWS_MORE = 50;

function Section({ id, title, items, model }: { id: string; title: string; items: FollowUp[]; model: Model }) {
  const [shown, setShown] = useState(ROWS_AT_FIRST);
  if (items.length === 0) return null;
  const hidden = items.length - shown;
  return (
    <section data-section={id}>
      <h2>
        {title} <span class="badge" data-testid={`count-${id}`}>{items.length}</span>
      </h2>
      <ul class="plain">
        {items.slice(0, shown).map((f) => (
          <Item key={f.id} f={f} deal={f.dealId ? model.deals.value.get(f.dealId) : undefined} model={model} />
        ))}
      </ul>
      {hidden > 0 ? (
        <button type="button" onClick={() => setShown(shown + ROWS_MORE)}>
          Show {Math.min(hidden, ROWS_MORE)} more of {hidden}
        </button>
      ) : null}
    </section>
  );
}

function Item({ f, deal, model }: { f: FollowUp; deal?: Deal; model: Model }) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [date, setDate] = useState('');
  const now = model.now.value;
  const due = f.state === 'snoozed' && f.snoozedUntil ? f.snoozedUntil : f.dueAt;
  const act = (p: Promise<unknown>) => p.then(() => setError(undefined), (e: Error) => setError(e.message));
  const snooze = (option: SnoozeOption) => act(call('snoozeFollowUp', { id: f.id, option }));
  return (
    <li class="card" data-followup={f.id} data-kind={f.kind}>
      <div class="spread">
        <strong>{KIND_LABEL[f.kind]}</strong>
        <span class="small muted" title={formatDateTime(due, model.timeZone.value)}>
          {relativeTime(due, now)}
          {f.state === 'snoozed' ? ' (snoozed)' : ''}
        </span>
      </div>
      <p>{f.reason}</p>
      {deal ? <p class="small muted">{deal.name}</p> : null}
      {f.details?.length ? (
        <>
          <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
            {f.kind === 'debrief' ? 'Prepared questions' : f.kind === 're-engage' ? 'Previous offer and reasons' : 'Details'}
          </button>
          {open ? (
            <ul class="small">
              {f.details.map((d) => (
                <li key={d}>{d}</li>
              ))}
            </ul>
          ) : null}
        </>
      ) : null}
      <div class="row" style="margin-top:6px">
        <button type="button" onClick={() => act(call('openFollowUp', { id: f.id }))}>Open</button>
        <button type="button" class="primary" onClick={() => act(call('followUpDone', { id: f.id }))}>
          Done
        </button>
        <select
          aria-label="Snooze"
          value=""
          onChange={(e) => {
            const v = (e.currentTarget as HTMLSelectElement).value;
            if (v === 'later-today' || v === 'tomorrow' || v === 'next-week') void snooze(v);
          }}
        >
          <option value="">Snooze…</option>
          <option value="later-today">Later today</option>
          <option value="tomorrow">Tomorrow</option>
          <option value="next-week">Next week</option>
        </select>
        <input type="date" aria-label="Snooze until date" value={date} onInput={(e) => setDate((e.currentTarget as HTMLInputElement).value)} />
        <button type="button" disabled={!date} onClick={() => void snooze({ date })}>
          Snooze to date
        </button>
      </div>
      {error ? <p class="error" role="alert">{error}</p> : null}
    </li>
  );
}
