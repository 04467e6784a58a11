/** Custom CRM hosts: validation and the match patterns the runtime content script uses. */
import { crmSourceOfHost } from './keys';

const HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const BUILT_IN = ['mail.google.com', 'app.hubspot.com'];
const BUILT_IN_SUFFIXES = ['.lightning.force.com', '.pipedrive.com'];
const CRM_NAMES = { hubspot: 'HubSpot', pipedrive: 'Pipedrive', salesforce: 'Salesforce' } as const;

export function customHostProblem(host: string): string | undefined {
  if (!host) return 'Type a host name like crm.example.com.';
  if (!HOST.test(host)) return `"${host}" is not a host name like crm.example.com.`;
  if (BUILT_IN.includes(host) || BUILT_IN_SUFFIXES.some((s) => host.endsWith(s))) return `${host} is already supported.`;
  // The background reads HubSpot's regional hosts as HubSpot, so it would refuse everything an
  // extra host's script sends from there and keep its sidebar paused; and the built-in scripts'
  // patterns (`*.pipedrive.com`) also cover the bare domains, where two scripts would each mount
  // a sidebar and report the tab as another site.
  if (BUILT_IN_SUFFIXES.some((s) => host === s.slice(1))) return `${host} belongs to a CRM Deal Debrief reads on its own; it cannot be an extra host.`;
  const crm = crmSourceOfHost(host);
  if (crm) return `Deal Debrief reads ${CRM_NAMES[crm]} only at its main address for now, not ${host}; it cannot be an extra host either.`;
  return undefined;
}

export function customHostMatches(hosts: string[]): string[] {
  return hosts.map((h) => `https://${h}/*`);
}
