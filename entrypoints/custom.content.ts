import { bootSite } from '../lib/content/boot';
import { customAdapter } from '../lib/sites/custom/watch';
import { emailsOnPage } from '../lib/sites/tel';
import { telAdapter } from '../lib/sites/tel-watch';

/** Registered at run time for the CRM hosts the rep adds on the options page. */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('custom', ctx.signal, [customAdapter, telAdapter({ pageEmails: emailsOnPage })]);
  },
});
