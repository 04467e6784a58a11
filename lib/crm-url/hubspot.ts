/**
 * HubSpot: `hubspot:<portal>:<id>` from `https://app[-<region>].hubspot.com/contacts/<portal>/record/0-3/<id>`
 * (or the older `/contacts/<portal>/deal/<id>`).
 */
import { recordGrammar } from './common';

export const HUBSPOT_HOST = /^app(?:-[a-z0-9]+)?\.hubspot\.com$/;

export const hubspotRecord = recordGrammar('hubspot', (host, path) => {
  if (!HUBSPOT_HOST.test(host)) return undefined;
  const m = /^\/contacts\/(\d+)\/record\/0-3\/(\d+)(?:\/|$)/.exec(path) ?? /^\/contacts\/(\d+)\/deal\/(\d+)(?:\/|$)/.exec(path);
  return [m?.[1], m?.[2]];
});
