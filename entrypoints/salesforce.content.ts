import { bootSite } from '../lib/content/boot';
import { crmAdapter } from '../lib/sites/crm/watch';
import { dealIdFromUrl, dealKeyFromUrl, parseDeal } from '../lib/sites/salesforce/parse';
import { telAdapter } from '../lib/sites/tel-watch';

export default defineContentScript({
  matches: ['https://*.lightning.force.com/*'],
  runAt: 'document_idle',
  main(ctx) {
    void bootSite('salesforce', ctx.signal, [crmAdapter('salesforce', { dealIdFromUrl, dealKeyFromUrl, parseDeal }), telAdapter()]);
  },
});
