import { bootSite } from '../lib/content/boot';
import { crmAdapter } from '../lib/sites/crm/watch';
import { dealIdFromUrl, dealKeyFromUrl, parseDeal } from '../lib/sites/hubspot/parse';
import { telAdapter } from '../lib/sites/tel-watch';

export default defineContentScript({
  matches: ['https://app.hubspot.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('hubspot', ctx.signal, [crmAdapter('hubspot', { dealIdFromUrl, dealKeyFromUrl, parseDeal }), telAdapter()]);
  },
});
