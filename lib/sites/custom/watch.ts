/**
 * A CRM host the rep added: no parser knows its pages, so the sidebar lists the email
 * addresses the page shows (rescanned on changes, coalesced) and `tel:` clicks are logged.
 */
import type { AdapterEnv } from '../adapter';
import { startScanLoop } from '../scan-loop';
import { emailsOnPage } from '../tel';

export function customAdapter(env: AdapterEnv): void {
  const { doc, report } = env;
  let last = '';
  const scan = () => {
    const emails = emailsOnPage(doc).slice(0, 50);
    const sig = emails.join(',');
    if (sig === last) return;
    last = sig;
    report({ view: 'other', status: 'ok', participants: emails.map((email) => ({ email })), captured: 0 });
  };
  startScanLoop(env, scan, { delayMs: 500 });
  scan();
}
