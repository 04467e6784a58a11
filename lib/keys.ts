/** Natural keys: the same real-world touchpoint always gets the same key, so capture is idempotent. */
import { httpsUrl, type CrmRecordRef, type CrmSource } from './crm-url/common';
import { HUBSPOT_HOST, hubspotRecord } from './crm-url/hubspot';
import { PIPEDRIVE_HOST, pipedriveRecord } from './crm-url/pipedrive';
import { SALESFORCE_HOST, salesforceRecord } from './crm-url/salesforce';

/** cyrb53: a fast, well-distributed 53-bit string hash (public domain). */
export function hash53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
}

export function gmailMessageKey(messageId: string): string {
  return `gmail:${messageId}`;
}

/**
 * A Gmail list row's newest message. For received mail Gmail's `msg-f:` decimal id equals the
 * legacy hex id, so a row that carries `data-legacy-last-message-id`
 * gets exactly the key the message will have once the thread is opened.
 */
export function listRowKey(threadId: string, legacyLastMessageId?: string): string {
  if (legacyLastMessageId && /^[0-9a-f]{1,16}$/i.test(legacyLastMessageId)) {
    return gmailMessageKey(`msg-f:${BigInt(`0x${legacyLastMessageId}`).toString(10)}`);
  }
  return `gmail-row:${threadId}`;
}

export function sendingKey(composeId: string): string {
  return `gmail-send:${composeId}`;
}

/** Touchpoints with no id of their own: channel + participants + minute. */
export function hashedKey(channel: string, participants: string[], at: number): string {
  const minute = Math.floor(at / 60_000);
  return `h:${hash53(`${channel}|${[...participants].sort().join(',')}|${minute}`)}`;
}

/**
 * CRM records are keyed by their tenant: the same deal number on two Pipedrive companies (or two
 * HubSpot portals, two Salesforce orgs) is two records. Anyone can register a Pipedrive company,
 * so a record's key must say whose record it is, or a page on another company's subdomain would
 * overwrite the rep's deal.
 *
 * - Pipedrive: `pipedrive:<company>:<id>` (lib/crm-url/pipedrive.ts)
 * - HubSpot: `hubspot:<portal>:<id>` (lib/crm-url/hubspot.ts)
 * - Salesforce: `salesforce:<my-domain>:<id>` (lib/crm-url/salesforce.ts)
 * - A CRM host the rep added: `custom:<host>:<id>`
 *
 * The URL grammar lives in lib/crm-url, once, a module per CRM so that each CRM's content script
 * carries only its own: the site parsers and the background both read record URLs through it, so
 * what a page claims and what the background stores cannot drift apart.
 */
export { crmKey, type CrmRecordRef, type CrmSource } from './crm-url/common';

/** The CRM site a host belongs to, by the built-in host patterns (not custom hosts). */
export function crmSourceOfHost(hostname: string): CrmSource | undefined {
  const host = hostname.toLowerCase();
  if (PIPEDRIVE_HOST.test(host)) return 'pipedrive';
  if (HUBSPOT_HOST.test(host)) return 'hubspot';
  if (SALESFORCE_HOST.test(host)) return 'salesforce';
  return undefined;
}

/** The deal record a URL shows, with its tenant; undefined for anything that is not a deal record. */
export function crmRecordFromUrl(url: string): CrmRecordRef | undefined {
  // The CRMs' hosts never overlap: at most one grammar reads a URL.
  return pipedriveRecord(url) ?? hubspotRecord(url) ?? salesforceRecord(url);
}

/** The origin (`https://host`) of an https URL without a port, lower-case; undefined otherwise. */
export function httpsOrigin(url: string): string | undefined {
  return httpsUrl(url)?.origin;
}

/**
 * The tenant key of a deal stored before records were keyed by tenant (`pipedrive:42`), read
 * from the record URL it kept. Undefined when the id is not in that old form or the URL does not
 * name the same record (then the tenant cannot be known and the deal keeps its id).
 */
export function tenantKeyOfLegacyDeal(deal: { id: string; source: string; url?: string }): string | undefined {
  const m = /^(hubspot|salesforce|pipedrive):([^:]+)$/.exec(deal.id);
  if (!m || deal.source !== m[1] || !deal.url) return undefined;
  const ref = crmRecordFromUrl(deal.url);
  return ref && ref.source === m[1] && ref.recordId === m[2] ? ref.key : undefined;
}

/**
 * The CRM account a record URL belongs to — a HubSpot portal, a Salesforce org, a Pipedrive
 * company — by the same grammar as the deal keys. Record and activity ids are only unique inside
 * one. Undefined when the URL is not a deal record of `source`.
 */
export function crmTenant(source: CrmSource, url: string): string | undefined {
  const ref = crmRecordFromUrl(url);
  return ref?.source === source ? ref.tenant : undefined;
}

/** A CRM activity's touchpoint: CRM, tenant and the activity's own id, so a re-visit finds it. */
export function crmActivityKey(source: CrmSource, tenant: string | undefined, activityId: string): string {
  return `${source}:${tenant ?? '-'}:activity:${activityId}`;
}
