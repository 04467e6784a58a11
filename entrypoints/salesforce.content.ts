import { bootSite } from '../lib/content/boot';

export default defineContentScript({
  matches: ['https://*.lightning.force.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('salesforce', ctx.signal, []);
  },
});
