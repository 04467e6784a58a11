import { bootSite } from '../lib/content/boot';

export default defineContentScript({
  matches: ['https://app.hubspot.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('hubspot', ctx.signal, []);
  },
});
