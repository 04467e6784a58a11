import { Component } from 'preact';
import { useCallback, useRef } from 'preact/hooks';
import type { Touchpoint } from '../../lib/model';
import { formatDateTime, relativeTime } from '../format';

const CHANNEL: Record<Touchpoint['channel'], string> = { email: 'Email', call: 'Call', meeting: 'Meeting', note: 'Note' };
const DIRECTION: Record<Touchpoint['direction'], string> = { inbound: 'in', outbound: 'out', internal: 'internal' };

type Handler = (t: Touchpoint) => void;

/** What an item shows; an item whose shown fields are all the same is not drawn again. */
const SHOWN = ['key', 'channel', 'direction', 'provenance', 'capturedFrom', 'at', 'subject', 'outcome', 'durationMinutes', 'note'] as const satisfies readonly (keyof Touchpoint)[];

/** Every read answers with new objects: the same touchpoint is recognised by what it shows. */
export function sameItem(a: Touchpoint, b: Touchpoint): boolean {
  return a === b || SHOWN.every((k) => a[k] === b[k]);
}

/**
 * Newest first; every piece of page or email text rendered as text. A new touchpoint draws its
 * own item only: the others stay as drawn while what they show and their age are the same. Times
 * are given in `timeZone`, the rep's (the browser's until the settings are read).
 */
export function Timeline({
  items,
  now,
  onEdit,
  onDelete,
  empty,
  timeZone,
}: {
  items: Touchpoint[];
  now: number;
  onEdit?: Handler;
  onDelete?: Handler;
  empty: string;
  timeZone?: string;
}) {
  // The parents pass new handlers on every render; items call the latest through these.
  const latest = useRef({ onEdit, onDelete });
  latest.current = { onEdit, onDelete };
  const edit = useCallback((t: Touchpoint) => latest.current.onEdit?.(t), []);
  const remove = useCallback((t: Touchpoint) => latest.current.onDelete?.(t), []);
  if (items.length === 0) return <p class="empty">{empty}</p>;
  const sorted = [...items].sort((a, b) => b.at - a.at);
  return (
    <ul class="plain timeline" data-testid="timeline">
      {sorted.map((t) => (
        <Item key={t.key} t={t} ago={relativeTime(t.at, now)} timeZone={timeZone} onEdit={onEdit ? edit : undefined} onDelete={onDelete ? remove : undefined} />
      ))}
    </ul>
  );
}

interface ItemProps {
  t: Touchpoint;
  ago: string;
  timeZone?: string | undefined;
  onEdit?: Handler;
  onDelete?: Handler;
}

class Item extends Component<ItemProps> {
  // Skipped or not, `this.props` is the latest: a click acts on the touchpoint as stored now.
  override shouldComponentUpdate(next: ItemProps): boolean {
    const p = this.props;
    return !(p.ago === next.ago && p.timeZone === next.timeZone && p.onEdit === next.onEdit && p.onDelete === next.onDelete && sameItem(p.t, next.t));
  }

  override render({ t, ago, timeZone, onEdit, onDelete }: ItemProps) {
    return (
      <li class={t.direction} data-key={t.key} data-channel={t.channel} data-direction={t.direction}>
        <div class="spread">
          <span>
            <strong>{CHANNEL[t.channel]}</strong> <span class="badge">{DIRECTION[t.direction]}</span>
            {t.provenance === 'sending' ? <span class="small muted"> sending…</span> : null}
            {t.provenance === 'list-row' ? <span class="small muted"> (from the inbox list)</span> : null}
          </span>
          <time class="small muted" dateTime={new Date(t.at).toISOString()} title={formatDateTime(t.at, timeZone)}>
            {ago}
          </time>
        </div>
        <div class="small">{t.subject ?? (t.channel === 'email' ? '(no subject)' : '')}</div>
        <div class="small muted">{formatDateTime(t.at, timeZone)}</div>
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
              <button type="button" onClick={() => this.props.onEdit?.(this.props.t)}>
                Edit
              </button>
            ) : null}
            {onDelete ? (
              <button
                type="button"
                data-testid="delete-touchpoint"
                title={t.capturedFrom === 'manual' ? 'Delete this entry' : 'Delete it from Deal Debrief and never capture it again (the page keeps it)'}
                onClick={() => this.props.onDelete?.(this.props.t)}
              >
                Delete
              </button>
            ) : null}
          </div>
        ) : null}
      </li>
    );
  }
}
