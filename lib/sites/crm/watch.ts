/**
 * The CRM page watcher, shared by HubSpot, Salesforce Lightning and Pipedrive: follow the single-
 * page app's route (URL checked on DOM changes, history events and a slow timer), wait for the
 * deal record to render (bounded: then capture pauses and says so), and send the deal when what
 * the page shows changed. Each route gets its own AbortSignal; nothing outlives the script.
 */
import type { DealSeen } from '../../capture/events';
import type { AdapterEnv } from '../adapter';
import { startScanLoop } from '../scan-loop';
import type { DealParseResult } from '../dom';

export interface CrmParser {
  dealIdFromUrl(url: string): string | undefined;
  /** The stored deal's id, with its tenant (`pipedrive:<company>:<id>`). */
  dealKeyFromUrl(url: string): string | undefined;
  parseDeal(root: ParentNode, url: string): DealParseResult;
}

const SCAN_DELAY_MS = 150;
/** A record still not rendered after this long is not going to be. */
const RENDER_TIMEOUT_MS = 15_000;
const URL_POLL_MS = 1000;
/** After an in-app navigation, how long the old record's name may stay on screen. */
const SAME_NAME_WAIT_MS = 8000;

/** Each content script passes its own CRM's parser, so it bundles only that one. */
export function crmAdapter(site: DealSeen['source'], parser: CrmParser) {
  return (env: AdapterEnv): void => {
    const { doc, win, outbox, signal, report } = env;
    let href = '';
    let routeStarted = 0;
    let lastSent = '';
    let previousName: string | undefined;
    let previousId: string | undefined;
    const { schedule } = startScanLoop(env, () => scan(), { delayMs: SCAN_DELAY_MS });

    function scan(): void {
      const url = win.location.href;
      if (url !== href) {
        href = url;
        routeStarted = Date.now();
      }
      const crmId = parser.dealIdFromUrl(url);
      if (!crmId) {
        report({ view: 'other', status: 'ok', participants: [], captured: 0 });
        return;
      }
      const parsed = parser.parseDeal(doc, url);
      const waited = Date.now() - routeStarted;
      if (!parsed.ok) {
        if (parsed.waiting && waited < RENDER_TIMEOUT_MS) return schedule(500);
        report({ view: 'deal', status: 'paused', pausedReason: `missing ${parsed.failed.split(':')[0]}`, participants: [], captured: 0 });
        return;
      }
      const deal = parsed.deal;
      // After an in-app navigation the previous record can stay on screen for a moment: the URL
      // already names the new deal while the header still shows the old one.
      // Wait for the header to change (up to SAME_NAME_WAIT_MS: two deals may share a name).
      if (previousId && previousId !== crmId && deal.name === previousName && waited < SAME_NAME_WAIT_MS) return schedule(300);
      previousId = crmId;
      previousName = deal.name;
      const sig = JSON.stringify(deal);
      if (sig !== lastSent) {
        lastSent = sig;
        outbox.push(deal);
      }
      report({
        view: 'deal',
        status: 'ok',
        dealId: parser.dealKeyFromUrl(url),
        subject: deal.name,
        participants: deal.contacts.flatMap((c) => (c.email ? [{ email: c.email, name: c.name }] : [])),
        captured: 1,
      });
    }

    const poll = setInterval(() => {
      if (win.location.href !== href) schedule(0);
    }, URL_POLL_MS);
    win.addEventListener('popstate', () => schedule(0), { signal });
    signal.addEventListener('abort', () => clearInterval(poll), { once: true });
    schedule(0);
  };
}
