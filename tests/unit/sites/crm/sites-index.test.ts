import { crmParsers, siteForHost } from '../../../../lib/sites/index';

describe('siteForHost', () => {
  it.each([
    ['mail.google.com', [], 'gmail'],
    ['MAIL.GOOGLE.COM', [], 'gmail'],
    ['app.hubspot.com', [], 'hubspot'],
    ['app-eu1.hubspot.com', [], 'hubspot'],
    ['www.hubspot.com', [], undefined],
    ['debrief-demo.lightning.force.com', [], 'salesforce'],
    ['acme--uat.sandbox.lightning.force.com', [], 'salesforce'],
    ['lightning.force.com', [], undefined],
    ['debrief-demo.my.salesforce.com', [], undefined],
    ['debrief-demo.pipedrive.com', [], 'pipedrive'],
    ['www.pipedrive.com', [], undefined],
    ['pipedrive.com', [], undefined],
    ['pipedrive.com.evil.example', [], undefined],
    ['crm.initech.test', ['crm.initech.test'], 'custom'],
    ['crm.initech.test', ['CRM.Initech.test.'], 'custom'],
    ['crm.initech.test', ['https://crm.initech.test/app'], 'custom'],
    ['eu.crm.initech.test', ['*.crm.initech.test'], 'custom'],
    ['crm.initech.test', ['*.crm.initech.test'], undefined],
    ['crm.initech.test:8443', ['crm.initech.test'], 'custom'],
    ['other.test', ['crm.initech.test'], undefined],
    ['app.hubspot.com', ['app.hubspot.com'], 'hubspot'],
    ['', [''], undefined],
  ])('%s with %j → %s', (host, custom, site) => {
    expect(siteForHost(host, custom)).toBe(site);
  });

  it('exposes the three CRM parsers', () => {
    expect(Object.keys(crmParsers).sort()).toEqual(['hubspot', 'pipedrive', 'salesforce']);
    expect(crmParsers.pipedrive.dealIdFromUrl('https://x.pipedrive.com/deal/7')).toBe('7');
  });
});
