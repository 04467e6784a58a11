/**
 * A CRM host the rep added: no parser knows its pages, so the sidebar lists the email
 * addresses the page shows (rescanned on changes, coalesced) and `tel:` clicks are logged.
 */
import type { AdapterEnv } from '../adapter';
import { emailsOnPage } from '../tel';

export function customAdapter(env: AdapterEnv): void {
  const { doc, signal, report } = env;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last = '';
  const scan = () => {
    timer = undefined;
    const emails = emailsOnPage(doc).slice(0, 50);
    const sig = emails.join(',');
    if (sig === last) return;
    last = sig;
    report({ view: 'other', status: 'ok', participants: emails.map((email) => ({ email })), captured: 0 });
  };
  const observer = new MutationObserver(() => {
    if (timer === undefined) timer = setTimeout(scan, 500);
  });
  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true });
  signal.addEventListener('abort', () => {
    observer.disconnect();
    if (timer !== undefined) clearTimeout(timer);
  });
  scan();
}
