import { bootSite } from '../lib/content/boot';
import { gmailAdapter } from '../lib/sites/gmail/watch';
import { telAdapter } from '../lib/sites/tel-watch';

export default defineContentScript({
  matches: ['https://mail.google.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('gmail', ctx.signal, [gmailAdapter, telAdapter()]);
  },
});
