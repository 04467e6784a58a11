import { bootSite } from '../lib/content/boot';

export default defineContentScript({
  matches: ['https://*.pipedrive.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('pipedrive', ctx.signal, []);
  },
});
