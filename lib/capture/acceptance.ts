/**
 * Which capture events the background takes from a content script: only what the adapters of
 * the sender's own site produce, about that same page's origin. A content script on a Pipedrive
 * page has no business sending a Gmail message, the Gmail account's address or a HubSpot deal,
 * and a Pipedrive deal whose record address is on another company's Pipedrive is not this
 * page's deal. The site is read from the sender's address (which the browser fills in, not the
 * page), never from what the event or the page's report claims.
 *
 * Pure: the sender's address and the rep's extra CRM hosts come in as arguments.
 */
import type { CaptureEvent, PageContext } from './events';
import type { SiteId } from '../model';
import { crmRecordFromUrl, crmSourceOfHost, httpsOrigin } from '../keys';
import { HUBSPOT_HOST } from '../crm-url/hubspot';
import { unusableContext, validateContext } from './schemas';

/** The site a page belongs to by its address; undefined for anything Deal Debrief does not run on. */
export function siteOfUrl(url: string | undefined, customHosts: readonly string[]): SiteId | undefined {
  const origin = url === undefined ? undefined : httpsOrigin(url);
  if (!origin) return undefined;
  const host = new URL(origin).hostname;
  if (host === 'mail.google.com') return 'gmail';
  const crm = crmSourceOfHost(host);
  if (crm) return crm;
  if (customHosts.includes(host)) return 'custom';
  return undefined;
}

/**
 * The account a page belongs to where its origin does not say it: every HubSpot portal lives on
 * the same host, and its pages name the portal second in their path (`/contacts/<portal>/…`,
 * `/reports-dashboard/<portal>/…`). Undefined elsewhere, and on a page that names none.
 */
function accountOfPage(url: string): string | undefined {
  const u = new URL(url);
  return HUBSPOT_HOST.test(u.hostname) ? /^\/[^/]+\/(\d+)(?:\/|$)/.exec(u.pathname)?.[1] : undefined;
}

/** Whether a record address belongs to another account than the sender's page names. */
function ofAnotherAccount(recordUrl: string, senderUrl: string): boolean {
  const account = accountOfPage(senderUrl);
  return account !== undefined && crmRecordFromUrl(recordUrl)?.tenant !== account;
}

/** The event kinds each site's adapters produce (every site also logs `tel:` clicks). */
const KINDS: Record<SiteId, ReadonlySet<CaptureEvent['kind']>> = {
  gmail: new Set(['email', 'list-row', 'sending', 'send-undone', 'own-address', 'call']),
  hubspot: new Set(['deal', 'call']),
  salesforce: new Set(['deal', 'call']),
  pipedrive: new Set(['deal', 'call']),
  custom: new Set(['call']),
};

const SITE_NAME: Record<SiteId, string> = {
  gmail: 'a Gmail page',
  hubspot: 'a HubSpot page',
  salesforce: 'a Salesforce page',
  pipedrive: 'a Pipedrive page',
  custom: 'this CRM page',
};

/** Why one event from this sender is refused; undefined when it is accepted. */
export function refusalOf(event: CaptureEvent, senderUrl: string | undefined, customHosts: readonly string[]): string | undefined {
  const site = siteOfUrl(senderUrl, customHosts);
  if (!site || senderUrl === undefined) return 'the sender is not a page Deal Debrief runs on';
  if (!KINDS[site].has(event.kind)) return `${SITE_NAME[site]} does not show a "${event.kind}" item`;
  const origin = httpsOrigin(senderUrl);
  switch (event.kind) {
    case 'deal':
      if (event.source !== site) return `${SITE_NAME[site]} does not show a ${event.source} deal`;
      if (httpsOrigin(event.url) !== origin) return 'the deal names a record on another site';
      if (crmRecordFromUrl(event.url)?.recordId !== event.crmId) return "the deal's id is not the one its address names";
      if (ofAnotherAccount(event.url, senderUrl)) return "the deal names a record of another account";
      return undefined;
    case 'call':
      if (event.site !== site) return `${SITE_NAME[site]} cannot log a call for ${event.site}`;
      if (httpsOrigin(event.url) !== origin) return 'the call names another site';
      // The background files a call under the deal its page shows; a page does not choose.
      if (event.dealId !== undefined) return 'a call may not name its own deal';
      return undefined;
    default:
      return undefined;
  }
}

export interface Accepted {
  events: CaptureEvent[];
  /** One plain reason per refused event. */
  refused: string[];
}

export function acceptEvents(events: readonly CaptureEvent[], senderUrl: string | undefined, customHosts: readonly string[]): Accepted {
  const out: Accepted = { events: [], refused: [] };
  for (const event of events) {
    const why = refusalOf(event, senderUrl, customHosts);
    if (why) out.refused.push(why);
    else out.events.push(event);
  }
  return out;
}

/**
 * Whether a page's report about itself may stand for this sender: the same site, a page on the
 * same origin, a Gmail conversation only on Gmail, and — on a deal page — the deal its own
 * address names.
 */
export function contextRefusal(context: PageContext, senderUrl: string | undefined, customHosts: readonly string[]): string | undefined {
  const site = siteOfUrl(senderUrl, customHosts);
  if (!site || senderUrl === undefined) return 'the sender is not a page Deal Debrief runs on';
  if (context.site !== site) return `${SITE_NAME[site]} described itself as ${context.site}`;
  if (httpsOrigin(context.url) !== httpsOrigin(senderUrl)) return 'the page described another site';
  // Conversations and inbox lists are Gmail's: beside any other page the sidebar would show the
  // rep's thread, its deal and its actions there.
  if (site !== 'gmail' && (context.view === 'thread' || context.view === 'list' || context.threadId !== undefined)) return 'the page described a Gmail conversation';
  if (context.dealId !== undefined && crmRecordFromUrl(context.url)?.key !== context.dealId) return 'the page named a deal its address does not show';
  if (context.dealId !== undefined && ofAnotherAccount(context.url, senderUrl)) return "the page named a deal of another account";
  return undefined;
}

/**
 * The page context a sender's report stands for: the report when it passes its schema and may
 * stand for this sender, else a paused context in its place (for a sender that is no page Deal
 * Debrief captures too: `*.pipedrive.com` also matches pipedrive.com itself, and an extra host
 * the rep removed keeps its script running in tabs already open). `fallbackSite` names the site
 * the sidebar shows when neither the sender's address nor the report does.
 */
export function senderContext(input: unknown, senderUrl: string | undefined, customHosts: readonly string[], fallbackSite?: SiteId): PageContext | undefined {
  const site = siteOfUrl(senderUrl, customHosts);
  const context = validateContext(input, site ?? fallbackSite, senderUrl);
  if (!context || !contextRefusal(context, senderUrl, customHosts)) return context;
  return unusableContext(site ?? context.site, senderUrl ?? '');
}

/** What the sidebar says after "capture paused: " once a page sent items that are not its own, or that could not be read. */
export function refusedMessage(count: number): string {
  return `${count} item${count === 1 ? '' : 's'} from this page did not belong to it or could not be read, and ${count === 1 ? 'was' : 'were'} not stored`;
}
