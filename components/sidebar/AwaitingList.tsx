import { byContact, responseContext } from '../../lib/deal-figures';
import { awaitingReplies, formatDuration } from '../../lib/response';
import { useNow, useSettings } from './data';
import { useRead } from './remote';

/** Prospects awaiting a reply, most overdue first (inbox, search and other list views). */
export function AwaitingList() {
  const now = useNow().value;
  const settings = useSettings().value;
  const touchpoints = useRead('recentCorrespondence', { now: Math.floor(now / 60_000) * 60_000 }).value;
  const data = settings && touchpoints ? { settings, touchpoints } : undefined;
  if (!data) return <p class="muted">Loading…</p>;
  const items = awaitingReplies(byContact(data.touchpoints), responseContext(data.settings, now)).slice(0, 10);
  return (
    <section data-testid="awaiting-list">
      <h2>Awaiting your reply</h2>
      {items.length === 0 ? (
        <p class="empty">No prospect is waiting on you. When a prospect writes and you have not answered, they show up here, most overdue first.</p>
      ) : (
        <ul class="plain">
          {items.map((a) => (
            <li key={a.contactEmail} class={`flag ${a.state}`} data-testid="awaiting-item" data-contact={a.contactEmail} data-state={a.state}>
              <div>{a.contactEmail}</div>
              <div class="small">
                {a.latest.subject ?? ''} — waiting {formatDuration(a.elapsedMs)} (target {formatDuration(a.targetMs)})
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
