/**
 * `tel:` clicks on any supported page become outbound call touchpoints. The click is only
 * observed (capture phase, passive): the page's own dialer still opens. Only the rep's own
 * clicks count: a page script calling `link.click()` (or dispatching a click) makes an event
 * the browser marks untrusted, and a page could otherwise log hundreds of calls that never were.
 */
import type { AdapterEnv } from './adapter';
import { telLinkFromEventTarget } from './tel';

/**
 * `pageEmails`: how to read the addresses on the page, sent with the call (the custom hosts pass
 * `emailsOnPage` from ./tel; the other content scripts do not carry it).
 */
export function telAdapter(options: { pageEmails?: (doc: Document) => string[] } = {}) {
  return (env: AdapterEnv): void => {
    const { doc, win, outbox, signal, site } = env;
    let lastKey = '';
    doc.addEventListener(
      'click',
      (e) => {
        if (!e.isTrusted) return;
        const link = telLinkFromEventTarget(e.composedPath()[0] ?? e.target);
        if (!link) return;
        const at = Date.now();
        // One click, one call: ignore the same number clicked again within two seconds.
        const key = `${link.phone}|${Math.floor(at / 2000)}`;
        if (key === lastKey) return;
        lastKey = key;
        outbox.push({
          kind: 'call',
          phone: link.phone,
          at,
          site,
          url: win.location.href,
          ...(options.pageEmails ? { pageEmails: options.pageEmails(doc).slice(0, 50) } : {}),
        });
        void outbox.flush();
      },
      { capture: true, passive: true, signal },
    );
  };
}
