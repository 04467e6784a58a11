/** Pipedrive: `pipedrive:<company>:<id>` from `https://<company>.pipedrive.com/deal/<id>` (sub-tabs too). */
import { recordGrammar } from './common';

export const PIPEDRIVE_HOST = /^([a-z0-9-]+)\.pipedrive\.com$/;

export const pipedriveRecord = recordGrammar('pipedrive', (host, path) => {
  const company = PIPEDRIVE_HOST.exec(host)?.[1];
  return company ? [company, /^\/deal\/(\d+)(?:\/|$)/.exec(path)?.[1]] : undefined;
});
