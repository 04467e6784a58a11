/**
 * Which site adapter a page belongs to, by host name. The CRM adapters' pure parts are
 * re-exported so the content script can pick them by `SiteId`.
 */
import type { SiteId } from '../model';
import * as hubspot from './hubspot/parse';
import * as pipedrive from './pipedrive/parse';
import * as salesforce from './salesforce/parse';

function normHost(host: string): string {
  return host.trim().toLowerCase().replace(/:\d+$/, '').replace(/\.$/, '');
}

/**
 * `'gmail'` for mail.google.com, `'hubspot'` for app.hubspot.com (and regional
 * app-eu1.hubspot.com), `'salesforce'` for *.lightning.force.com, `'pipedrive'` for
 * *.pipedrive.com, `'custom'` when the host is one of `customHosts` (exact, or `*.domain`
 * for any subdomain). Built-in sites win over custom entries.
 */
export function siteForHost(hostname: string, customHosts: string[]): SiteId | undefined {
  const host = normHost(hostname);
  if (!host) return undefined;
  if (host === 'mail.google.com') return 'gmail';
  if (host === 'app.hubspot.com' || /^app-[a-z0-9]+\.hubspot\.com$/.test(host)) return 'hubspot';
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)*\.lightning\.force\.com$/.test(host)) return 'salesforce';
  if (/^[a-z0-9-]+\.pipedrive\.com$/.test(host) && host !== 'www.pipedrive.com') return 'pipedrive';
  for (const entry of customHosts) {
    const c = normHost(entry.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '');
    if (!c) continue;
    if (c.startsWith('*.')) {
      const base = c.slice(2);
      if (host.endsWith(`.${base}`)) return 'custom';
    } else if (host === c) {
      return 'custom';
    }
  }
  return undefined;
}

export const crmParsers = { hubspot, salesforce, pipedrive } as const;
export type CrmSiteId = keyof typeof crmParsers;
