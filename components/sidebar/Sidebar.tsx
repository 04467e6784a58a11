import { useEffect, useMemo } from 'preact/hooks';
import type { PageContext } from '../../lib/capture/events';
import { AwaitingList } from './AwaitingList';
import { createPageContext } from './context';
import { DealPanel } from './DealPanel';
import { ThreadView } from './ThreadView';

const SITE_NAME: Record<PageContext['site'], string> = {
  gmail: 'Gmail',
  hubspot: 'HubSpot',
  salesforce: 'Salesforce',
  pipedrive: 'Pipedrive',
  custom: 'this CRM',
};

export function StatusLine({ ctx }: { ctx: PageContext | undefined }) {
  if (!ctx) return <p class="status" data-testid="capture-status">Waiting for the page…</p>;
  if (ctx.status === 'paused') {
    const what = ctx.site === 'gmail' ? 'this Gmail view' : `this ${SITE_NAME[ctx.site]} page`;
    return (
      <p class="status paused" data-testid="capture-status" role="status">
        capture paused: {what} was not recognised
      </p>
    );
  }
  const what = ctx.view === 'thread' ? 'messages' : ctx.view === 'list' ? 'conversations' : ctx.view === 'deal' ? 'deal records' : 'items';
  return (
    <p class="status" data-testid="capture-status" role="status">
      {ctx.captured > 0 ? `Captured ${ctx.captured} ${what} on this view` : `Watching ${SITE_NAME[ctx.site]}: nothing to capture on this view`}
    </p>
  );
}

export function Sidebar() {
  const page = useMemo(() => createPageContext(), []);
  useEffect(() => () => page.dispose(), [page]);
  const ctx = page.context.value;
  return (
    <main data-site={ctx?.site} data-url={ctx?.url} data-view={ctx?.view}>
      <StatusLine ctx={ctx} />
      {ctx?.status === 'ok' && ctx.view === 'thread' && ctx.threadId ? <ThreadView ctx={ctx} /> : null}
      {ctx?.status === 'ok' && ctx.view === 'deal' && ctx.dealId ? <DealPanel dealId={ctx.dealId} /> : null}
      {ctx && (ctx.view === 'list' || ctx.view === 'other') ? <AwaitingList /> : null}
      {ctx?.site === 'custom' && ctx.participants.length ? (
        <p class="small muted">Addresses on this page: {ctx.participants.map((p) => p.email).join(', ')}</p>
      ) : null}
    </main>
  );
}
