import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { PageContext } from '../../lib/capture/events';
import { AwaitingList } from './AwaitingList';
import { CaptureMenu, PauseBanner } from './CaptureMenu';
import { useNow, useSettings } from './data';
import { inSidePanel, pageLink } from './context';
import { DealPanel } from './DealPanel';
import { Header } from './Header';
import { useRead } from './remote';
import { NewDeal } from './NewDeal';
import { ThreadView } from './ThreadView';
import { WorkingHoursUnreadable } from '../WorkingHours';
import { countOf } from '../format';

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
        capture paused: {ctx.pauseMessage ?? `${what} was not recognised`}
      </p>
    );
  }
  if (ctx.view === 'thread' && ctx.total !== undefined && ctx.total > ctx.captured) {
    return (
      <p class="status partial" data-testid="capture-status" role="status">
        {ctx.captured} of {countOf(ctx.total, 'message')} captured — expand the conversation to capture the rest
      </p>
    );
  }
  const [one, many] = ctx.view === 'thread' ? ['message', 'messages'] : ctx.view === 'list' ? ['conversation', 'conversations'] : ctx.view === 'deal' ? ['deal record', 'deal records'] : ['item', 'items'];
  const what = ctx.captured === 1 ? one : many;
  return (
    <p class="status" data-testid="capture-status" role="status">
      {ctx.captured > 0 ? `Captured ${ctx.captured} ${what} on this view` : `Watching ${SITE_NAME[ctx.site]}: nothing to capture on this view`}
    </p>
  );
}

/**
 * The sidebar may be framed by any https page (custom CRM hosts cannot be listed in the
 * manifest), so it shows data only beside a page our content script reported for this tab,
 * and only when the page framing it is that page.
 */
export function framedByItsPage(ctx: PageContext, ancestorOrigin: string | undefined): boolean {
  // A frame whose parent cannot be named could sit in any page: it shows nothing.
  if (ancestorOrigin === undefined) return false;
  try {
    return new URL(ctx.url).origin === ancestorOrigin;
  } catch {
    return false;
  }
}

/**
 * The origin of the page framing the sidebar: the browser's list of ancestors, else the referrer.
 * Some Firefox versions (ESR 140 among them) give an extension frame neither; there a frame
 * sitting directly in its tab's top page takes that page's origin (`tabOrigin`, which the
 * background reads from the tab). A frame nested deeper stays unnamed.
 */
export function ancestorOrigin(win: Window, tabOrigin: string | undefined): string | undefined {
  const chain = (win.location as Location & { ancestorOrigins?: DOMStringList }).ancestorOrigins;
  if (chain && chain.length > 0) return chain.item(0) ?? undefined;
  try {
    if (win.document.referrer) return new URL(win.document.referrer).origin;
    return win.parent !== win && win.parent === win.top ? tabOrigin : undefined;
  } catch {
    return undefined;
  }
}

/** The first visit on a site: one sentence on what the sidebar does, shown once. */
function Intro({ site }: { site: PageContext['site'] }) {
  const [show, setShow] = useState(false);
  useEffect(() => {
    const key = `sidebarIntroSeen:${site}`;
    void browser.storage.local.get(key).then((got) => {
      if (got[key]) return;
      setShow(true);
      void browser.storage.local.set({ [key]: true });
    });
  }, [site]);
  if (!show) return null;
  return (
    <div class="card intro" data-testid="intro" role="note">
      <p>
        Deal Debrief writes down every email, call and meeting with your prospects as you work, flags anyone waiting on your reply, and helps you
        learn from every lost deal. Everything stays in this browser.
      </p>
      <button type="button" onClick={() => setShow(false)}>
        Got it
      </button>
    </div>
  );
}

/**
 * Framed beside a page that says which theme it shows (Gmail's own dark theme), the sidebar shows
 * the same, whatever the browser prefers; the last theme said stays until another is. In the
 * browser's side panel, and beside pages that do not say, it follows the browser.
 */
function usePageTheme(theme: PageContext['theme']): void {
  useEffect(() => {
    if (theme && !inSidePanel()) document.documentElement.dataset.theme = theme;
  }, [theme]);
}

/**
 * The header, with the deal of this deal page or of this conversation when there is one, or the
 * deal just created beside this page (`created`).
 */
function PageHeader({ ctx, created }: { ctx: PageContext | undefined; created?: string }) {
  const ok = ctx?.status === 'ok';
  const dealId = ok && ctx.view === 'deal' ? ctx.dealId : created;
  const threadId = ok && ctx.view === 'thread' ? ctx.threadId : undefined;
  const byId = useRead('deal', { dealId: dealId ?? '' }, dealId !== undefined).value;
  const byThread = useRead('dealForThread', { threadId: threadId ?? '' }, threadId !== undefined).value;
  const deal = dealId !== undefined ? byId : threadId !== undefined ? byThread : undefined;
  return <Header deal={deal ?? undefined} />;
}

export function Sidebar() {
  const link = pageLink();
  const ctx = link.context.value;
  const settings = useSettings().value;
  const now = useNow().value;
  usePageTheme(ctx?.theme);
  const [created, setCreated] = useState<{ url: string; dealId: string }>();
  // In the browser's side panel nothing frames the page: the background sends a panel only the
  // context of its window's active tab (sidebar-hub.ts), which no web page can ask for.
  if (ctx && !inSidePanel() && !framedByItsPage(ctx, ancestorOrigin(window, link.tabOrigin.value))) {
    return (
      <main>
        <Header />
        <p class="empty">Deal Debrief works beside Gmail, your CRM and the CRM hosts you add in its settings.</p>
      </main>
    );
  }
  return (
    <main data-site={ctx?.site} data-url={ctx?.url} data-view={ctx?.view}>
      <PageHeader ctx={ctx} created={created && created.url === ctx?.url ? created.dealId : undefined} />
      {ctx ? <Intro site={ctx.site} /> : null}
      <StatusLine ctx={ctx} />
      {settings ? <WorkingHoursUnreadable settings={settings} /> : null}
      {ctx && settings ? <PauseBanner site={ctx.site} settings={settings} now={now} pageSaysPaused={ctx.status === 'paused'} /> : null}
      {ctx?.status === 'ok' && ctx.view === 'thread' && ctx.threadId ? <ThreadView ctx={ctx} /> : null}
      {ctx?.status === 'ok' && ctx.view === 'deal' && ctx.dealId ? <DealPanel dealId={ctx.dealId} /> : null}
      {ctx && (ctx.view === 'list' || ctx.view === 'other') ? <AwaitingList /> : null}
      {ctx?.site === 'custom' && ctx.participants.length ? (
        <p class="small muted">Addresses on this page: {ctx.participants.map((p) => p.email).join(', ')}</p>
      ) : null}
      {ctx && ctx.site !== 'gmail' && ctx.view === 'other' ? <NewDeal key={ctx.url} participants={ctx.participants} onCreated={(dealId) => setCreated({ url: ctx.url, dealId })} /> : null}
      {ctx && settings ? <CaptureMenu site={ctx.site} threadId={ctx.view === 'thread' ? ctx.threadId : undefined} settings={settings} now={now} /> : null}
    </main>
  );
}
