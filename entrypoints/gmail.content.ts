import { bootSite } from '../lib/content/boot';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('gmail', ctx.signal, []);
  },
});
