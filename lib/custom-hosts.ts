/** Custom CRM hosts: validation and the match patterns the runtime content script uses. */
const HOST = /^([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const BUILT_IN = ['mail.google.com', 'app.hubspot.com'];
const BUILT_IN_SUFFIXES = ['.lightning.force.com', '.pipedrive.com'];

export function customHostProblem(host: string): string | undefined {
  if (!host) return 'Type a host name like crm.example.com.';
  if (!HOST.test(host)) return `"${host}" is not a host name like crm.example.com.`;
  if (BUILT_IN.includes(host) || BUILT_IN_SUFFIXES.some((s) => host.endsWith(s))) return `${host} is already supported.`;
  return undefined;
}

export function customHostMatches(hosts: string[]): string[] {
  return hosts.map((h) => `https://${h}/*`);
}
