import { bootSite } from '../lib/content/boot';
import { crmAdapter } from '../lib/sites/crm/watch';
import { dealIdFromUrl, dealKeyFromUrl, parseDeal } from '../lib/sites/pipedrive/parse';
import { telAdapter } from '../lib/sites/tel-watch';

export default defineContentScript({
  matches: ['https://*.pipedrive.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('pipedrive', ctx.signal, [crmAdapter('pipedrive', { dealIdFromUrl, dealKeyFromUrl, parseDeal }), telAdapter()]);
  },
});
