import { bootSite } from '../lib/content/boot';

/** Registered at run time for the CRM hosts the rep adds on the options page. */
export default defineContentScript({
  registration: 'runtime',
  matches: [],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('custom', ctx.signal, []);
  },
});
