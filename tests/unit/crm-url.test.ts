import { hubspotRecord } from '../../lib/crm-url/hubspot';
import { pipedriveRecord } from '../../lib/crm-url/pipedrive';
import { salesforceRecord } from '../../lib/crm-url/salesforce';
import { crmRecordFromUrl } from '../../lib/keys';

const grammars = { pipedrive: pipedriveRecord, hubspot: hubspotRecord, salesforce: salesforceRecord };

const urls = [
  'https://acme.pipedrive.com/deal/42',
  'https://ACME.pipedrive.com/deal/42/files',
  'https://acme.pipedrive.com/person/42',
  'https://app.hubspot.com/contacts/4411/record/0-3/9001',
  'https://app-eu1.hubspot.com/contacts/26000001/record/0-3/123',
  'https://app.hubspot.com/contacts/4411/deal/9002/',
  'https://app.hubspot.com/contacts/4411/record/0-1/9001',
  'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view',
  'https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000KlMnO/view',
  'https://acme.lightning.force.com/lightning/r/Opportunity/0015g00000AbCdEAAZ/view',
  'http://acme.pipedrive.com/deal/42',
  'https://app.hubspot.com:444/contacts/4411/deal/9002',
  'https://user:pw@acme.lightning.force.com/lightning/r/Opportunity/0065g00000KlMnO/view',
  'not a url',
];

describe('each CRM reads its own record URLs, and only those', () => {
  it.each(urls)('%s', (url) => {
    const ref = crmRecordFromUrl(url);
    for (const [source, grammar] of Object.entries(grammars)) expect(grammar(url)).toEqual(ref?.source === source ? ref : undefined);
  });

  it('every CRM above has a record among the URLs', () => {
    expect(new Set(urls.map((url) => crmRecordFromUrl(url)?.source).filter(Boolean))).toEqual(new Set(Object.keys(grammars)));
  });

  it('a record of one CRM is nothing to the others', () => {
    expect(hubspotRecord('https://acme.pipedrive.com/deal/42')).toBeUndefined();
    expect(salesforceRecord('https://app.hubspot.com/contacts/4411/deal/9002')).toBeUndefined();
    expect(pipedriveRecord('https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000KlMnO/view')).toBeUndefined();
  });
});
