/** Salesforce: `salesforce:<my-domain>:<id>` from `https://<my-domain>.lightning.force.com/lightning/r/Opportunity/<id>/…`. */
import { recordGrammar } from './common';

export const SALESFORCE_HOST = /^([a-z0-9-]+(?:\.[a-z0-9-]+)*)\.lightning\.force\.com$/;

export const salesforceRecord = recordGrammar('salesforce', (host, path) => {
  const domain = SALESFORCE_HOST.exec(host)?.[1];
  if (!domain) return undefined;
  const id = /^\/lightning\/r\/Opportunity\/([a-zA-Z0-9]{15}|[a-zA-Z0-9]{18})(?:\/|$)/.exec(path)?.[1];
  // Opportunity ids carry the key prefix 006.
  return [domain, id?.startsWith('006') ? id : undefined];
});
