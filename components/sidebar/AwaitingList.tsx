import { byContact, responseContext } from '../../lib/deal-figures';
import { awaitingReplies } from '../../lib/response';
import { useNow, useSettings } from './data';
import { Flags, useAttention } from './Flags';
import { useRead } from './remote';

/** Prospects awaiting a reply, most overdue first (inbox, search and other list views). */
export function AwaitingList() {
  const now = useNow().value;
  const settings = useSettings().value;
  const touchpoints = useRead('recentCorrespondence', { now: Math.floor(now / 60_000) * 60_000 }).value;
  const items = settings && touchpoints ? awaitingReplies(byContact(touchpoints), responseContext(settings, now)) : undefined;
  const view = useAttention(items, settings, now);
  if (!view) return <p class="muted">Loading…</p>;
  const shown = { ...view, active: view.active.slice(0, 10), quiet: view.quiet.slice(0, 5) };
  return (
    <section data-testid="awaiting-list">
      <h2>Awaiting your reply</h2>
      {shown.active.length === 0 ? (
        <p class="empty">No prospect is waiting on you. When a prospect writes and you have not answered, they show up here, most overdue first.</p>
      ) : null}
      <Flags view={shown} compact />
    </section>
  );
}
