import type { Touchpoint } from '../../lib/model';
import { formatDateTime, relativeTime } from '../format';

const CHANNEL: Record<Touchpoint['channel'], string> = { email: 'Email', call: 'Call', meeting: 'Meeting', note: 'Note' };
const DIRECTION: Record<Touchpoint['direction'], string> = { inbound: 'in', outbound: 'out', internal: 'internal' };

/** Newest first; every piece of page or email text rendered as text. */
export function Timeline({
  items,
  now,
  onEdit,
  onDelete,
  empty,
}: {
  items: Touchpoint[];
  now: number;
  onEdit?: (t: Touchpoint) => void;
  onDelete?: (t: Touchpoint) => void;
  empty: string;
}) {
  if (items.length === 0) return <p class="empty">{empty}</p>;
  const sorted = [...items].sort((a, b) => b.at - a.at);
  return (
    <ul class="plain timeline" data-testid="timeline">
      {sorted.map((t) => (
        <li key={t.key} class={t.direction} data-key={t.key} data-channel={t.channel} data-direction={t.direction}>
          <div class="spread">
            <span>
              <strong>{CHANNEL[t.channel]}</strong> <span class="badge">{DIRECTION[t.direction]}</span>
              {t.provenance === 'sending' ? <span class="small muted"> sending…</span> : null}
              {t.provenance === 'list-row' ? <span class="small muted"> (from the inbox list)</span> : null}
            </span>
            <time class="small muted" dateTime={new Date(t.at).toISOString()} title={formatDateTime(t.at)}>
              {relativeTime(t.at, now)}
            </time>
          </div>
          <div class="small">{t.subject ?? (t.channel === 'email' ? '(no subject)' : '')}</div>
          <div class="small muted">{formatDateTime(t.at)}</div>
          {t.outcome || t.durationMinutes !== undefined ? (
            <div class="small">
              {t.outcome ? `Outcome: ${t.outcome.replace('-', ' ')}` : ''}
              {t.durationMinutes !== undefined ? ` · ${t.durationMinutes} min` : ''}
            </div>
          ) : null}
          {t.note ? <div class="small">{t.note}</div> : null}
          {onEdit || onDelete ? (
            <div class="row small">
              {onEdit && (t.provenance === 'manual' || t.channel === 'call') ? (
                <button type="button" onClick={() => onEdit(t)}>
                  Edit
                </button>
              ) : null}
              {onDelete ? (
                <button
                  type="button"
                  data-testid="delete-touchpoint"
                  title={t.capturedFrom === 'manual' ? 'Delete this entry' : 'Delete it from Deal Debrief and never capture it again (the page keeps it)'}
                  onClick={() => onDelete(t)}
                >
                  Delete
                </button>
              ) : null}
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
