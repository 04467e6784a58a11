import { deepQuerySelectorAll } from '../../../../lib/sites/dom';
import { dealIdFromUrl, parseDeal } from '../../../../lib/sites/salesforce/parse';
import { LOADING_SHELL, fixtureHtml, loadFixture, localMidnightOf, parseHtml } from './fixtures';

const FIXTURES = [
  'salesforce/opportunity-2026-11',
  'salesforce/opportunity-compact-2026-11',
  'salesforce/opportunity-second-2026-11',
];
const URL_1 = 'https://debrief-demo.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view';

describe('salesforce parseDeal', () => {
  it.each(FIXTURES)('%s matches its expected.json', (path) => {
    const { doc, expected } = loadFixture(path);
    expect(parseDeal(doc, expected.url)).toEqual({ ok: true, deal: expected.deal });
    if (expected.expectedCloseDate) {
      expect(expected.deal.expectedCloseAt).toBe(localMidnightOf(expected.expectedCloseDate));
    }
  });

  it.each(FIXTURES)('%s really keeps the highlights panel in a shadow root', (path) => {
    const { doc } = loadFixture(path);
    expect(doc.querySelector('records-highlights-details-item')).toBeNull();
    const panel = doc.querySelector('records-lwc-highlights-panel');
    expect(panel?.shadowRoot).toBeTruthy();
    expect(deepQuerySelectorAll(doc, 'records-highlights-details-item').length).toBeGreaterThan(0);
  });

  it('reads contacts two shadow roots deep', () => {
    const { doc } = loadFixture('salesforce/opportunity-2026-11');
    expect(doc.querySelectorAll('a[href^="tel:"]').length).toBe(0);
    const r = parseDeal(doc, URL_1);
    expect(r.ok && r.deal.contacts.length).toBe(2);
  });

  it('waits while the shadow roots have not been attached (LWC not rendered yet)', () => {
    const { doc } = loadFixture('salesforce/opportunity-2026-11', { shadow: false });
    expect(parseDeal(doc, URL_1)).toMatchObject({ ok: false, waiting: true });
  });

  it('waits on the app shell', () => {
    const r = parseDeal(parseHtml(LOADING_SHELL), URL_1);
    expect(r).toMatchObject({ ok: false, waiting: true });
    expect(!r.ok && r.failed).toMatch(/^header: records-highlights-details-item/);
  });

  it('names the failed selector when the header renders without a name', () => {
    const html = fixtureHtml('salesforce/opportunity-2026-11')
      .replace(/<h1 class="slds-page-header__title[\s\S]*?<\/h1>/, '<h1 class="record-title"><span>Initech Renewal 2027</span></h1>')
      .replace('<title>Initech Renewal 2027 | Salesforce</title>', '<title>Salesforce</title>');
    const r = parseDeal(parseHtml(html), URL_1);
    expect(r).toMatchObject({ ok: false, waiting: false });
    expect(!r.ok && r.failed).toContain('name: .slds-page-header__title lightning-formatted-text');
    expect(JSON.stringify(r)).not.toContain('Initech');
  });

  it('falls back to the document title for the name', () => {
    const html = fixtureHtml('salesforce/opportunity-2026-11').replace(
      'class="slds-page-header__title',
      'class="slds-page-header__heading',
    );
    const r = parseDeal(parseHtml(html), URL_1);
    expect(r.ok && r.deal.name).toBe('Initech Renewal 2027');
  });

  it('reads the active page when Lightning keeps a previous record hidden in the DOM', () => {
    const first = fixtureHtml('salesforce/opportunity-2026-11');
    const second = fixtureHtml('salesforce/opportunity-second-2026-11');
    const stale = /<div class="oneContent active[\s\S]*?<\/one-record-home-flexipage2>\s*<\/div>/.exec(first)?.[0] ?? '';
    expect(stale).not.toBe('');
    const html = second.replace('<div class="oneContent active">', `${stale.replace('oneContent active', 'oneContent')}<div class="oneContent active">`);
    const { expected } = loadFixture('salesforce/opportunity-second-2026-11');
    expect(parseDeal(parseHtml(html), expected.url)).toEqual({ ok: true, deal: expected.deal });
  });

  it('rejects non-opportunity records', () => {
    const { doc } = loadFixture('salesforce/opportunity-2026-11');
    expect(
      parseDeal(doc, 'https://debrief-demo.lightning.force.com/lightning/r/Contact/0035g00000XyZaBAAV/view'),
    ).toMatchObject({ ok: false, waiting: false });
  });
});

describe('salesforce dealIdFromUrl', () => {
  it.each([
    [URL_1, '0065g00000AbCdEAAZ'],
    ['https://debrief-demo.lightning.force.com/lightning/r/Opportunity/0065g00000KlMnO/view', '0065g00000KlMnO'],
    ['https://debrief-demo.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/related/OpportunityContactRoles/view', '0065g00000AbCdEAAZ'],
    ['https://debrief-demo.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view?ws=%2Flightning', '0065g00000AbCdEAAZ'],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view', '0065g00000AbCdEAAZ'],
    ['https://debrief-demo.lightning.force.com/lightning/r/Contact/0035g00000XyZaBAAV/view', undefined],
    ['https://debrief-demo.lightning.force.com/lightning/r/Opportunity/0015g00000AbCdEAAZ/view', undefined],
    ['https://debrief-demo.lightning.force.com/lightning/r/Opportunity/0065g00000AbCd/view', undefined],
    ['https://debrief-demo.lightning.force.com/lightning/o/Opportunity/list', undefined],
    ['https://debrief-demo.my.salesforce.com/0065g00000AbCdEAAZ', undefined],
    ['https://evil.example/lightning/r/Opportunity/0065g00000AbCdEAAZ/view', undefined],
    ['', undefined],
  ])('%s → %s', (url, id) => {
    expect(dealIdFromUrl(url)).toBe(id);
  });
});
