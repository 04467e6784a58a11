/**
 * What the CRM record URL grammars share: the record reference, its key, and the https check.
 * Each CRM's grammar is a module of its own beside this one, so a CRM's content script carries
 * only its own; lib/keys.ts puts them together for the background.
 */
export type CrmSource = 'hubspot' | 'salesforce' | 'pipedrive';

export interface CrmRecordRef {
  source: CrmSource;
  /** Company subdomain (Pipedrive), portal id (HubSpot) or My Domain (Salesforce), lower-case. */
  tenant: string;
  /** The CRM's own id of the record. */
  recordId: string;
  /** `<source>:<tenant>:<recordId>`: the stored deal's id. */
  key: string;
}

export function crmKey(source: CrmSource | 'custom', tenant: string, recordId: string): string {
  return `${source}:${tenant}:${recordId}`;
}

export function httpsUrl(url: string): URL | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  // Another port is another origin: not the CRM's page.
  if (u.protocol !== 'https:' || u.port !== '' || u.username || u.password) return undefined;
  return u;
}

/**
 * One CRM's reader of record URLs: `match` takes the lower-case host and the path of an https
 * URL and gives tenant and record id, or nothing when the URL is not one of its deal records.
 */
export function recordGrammar(source: CrmSource, match: (host: string, path: string) => [tenant: string | undefined, recordId: string | undefined] | undefined) {
  return (url: string): CrmRecordRef | undefined => {
    const u = httpsUrl(url);
    const [tenant, recordId] = (u && match(u.hostname.toLowerCase(), u.pathname)) || [];
    return tenant && recordId ? { source, tenant: tenant.toLowerCase(), recordId, key: crmKey(source, tenant.toLowerCase(), recordId) } : undefined;
  };
}
