import { dealIdFromUrl, parseDeal } from '../../../../lib/sites/hubspot/parse';
import { LOADING_SHELL, loadFixture, localMidnightOf, parseHtml, fixtureHtml } from './fixtures';

const FIXTURES = [
  'hubspot/deal-record-2026-11',
  'hubspot/deal-legacy-url-2026-11',
  'hubspot/deal-record-second-2026-11',
];

describe('hubspot parseDeal', () => {
  it.each(FIXTURES)('%s matches its expected.json', (path) => {
    const { doc, expected } = loadFixture(path);
    const result = parseDeal(doc, expected.url);
    expect(result).toEqual({ ok: true, deal: expected.deal });
    if (expected.expectedCloseDate) {
      expect(expected.deal.expectedCloseAt).toBe(localMidnightOf(expected.expectedCloseDate));
    }
  });

  it('includes the Gmail fixture prospect on the main deal', () => {
    const { doc, expected } = loadFixture('hubspot/deal-record-2026-11');
    const r = parseDeal(doc, expected.url);
    expect(r.ok && r.deal.contacts.map((c) => c.email)).toContain('dana.prospect@globex.test');
  });

  it('every contact of every fixture has an email and a phone', () => {
    for (const path of FIXTURES) {
      const { doc, expected } = loadFixture(path);
      const r = parseDeal(doc, expected.url);
      if (!r.ok) throw new Error(r.failed);
      for (const c of r.deal.contacts) {
        expect(c.email).toBeTruthy();
        expect(c.phones.length).toBeGreaterThan(0);
      }
    }
  });

  it('waits while the record has not rendered', () => {
    const r = parseDeal(parseHtml(LOADING_SHELL), 'https://app.hubspot.com/contacts/4411/record/0-3/9001');
    expect(r).toMatchObject({ ok: false, waiting: true });
    expect(!r.ok && r.failed).toMatch(/^header: /);
  });

  it('names the failed selector when the header renders without a recognisable name', () => {
    const html = fixtureHtml('hubspot/deal-record-2026-11')
      .replace('data-selenium-test="highlightTitle"', 'data-selenium-test="recordTitle2027"')
      .replace(/<h3 /g, '<h2 ')
      .replace(/<\/h3>/g, '</h2>');
    const r = parseDeal(parseHtml(html), 'https://app.hubspot.com/contacts/4411/record/0-3/9001');
    expect(r).toMatchObject({ ok: false, waiting: false });
    expect(!r.ok && r.failed).toContain('name: [data-selenium-test="highlightTitle"]');
  });

  it('never puts page text into the failure', () => {
    const html = fixtureHtml('hubspot/deal-record-2026-11').replace(/<h3[^>]*>.*?<\/h3>/s, '<h3></h3>');
    const r = parseDeal(parseHtml(html), 'https://app.hubspot.com/contacts/4411/record/0-3/9001');
    expect(r.ok).toBe(false);
    expect(JSON.stringify(r)).not.toMatch(/Globex|Dana/);
  });

  it('rejects a URL that is not a deal record without throwing', () => {
    const { doc } = loadFixture('hubspot/deal-record-2026-11');
    expect(parseDeal(doc, 'https://app.hubspot.com/contacts/4411/record/0-1/5101')).toMatchObject({
      ok: false,
      waiting: false,
    });
    expect(parseDeal(document.createDocumentFragment(), 'not a url')).toMatchObject({ ok: false });
  });

  it('omits amount, date and stage list it cannot read instead of guessing', () => {
    const html = fixtureHtml('hubspot/deal-record-2026-11')
      .replace(/<select[\s\S]*?<\/select>/, '<span data-selenium-test="property-input-dealstage">Contract Sent</span>')
      .replaceAll('<span>12/15/2026</span>', '<span>Next quarter</span>')
      .replace('id="p-amount">$48,000.00', 'id="p-amount">$48K');
    const r = parseDeal(parseHtml(html), 'https://app.hubspot.com/contacts/4411/record/0-3/9001');
    if (!r.ok) throw new Error(r.failed);
    expect(r.deal.amount).toBeUndefined();
    expect(r.deal.currency).toBeUndefined();
    expect(r.deal.expectedCloseAt).toBeUndefined();
    expect(r.deal.stages).toBeUndefined();
    expect(r.deal.stage).toBe('Contract Sent');
  });
});

describe('hubspot dealIdFromUrl', () => {
  it.each([
    ['https://app.hubspot.com/contacts/4411/record/0-3/9001', '9001'],
    ['https://app.hubspot.com/contacts/4411/record/0-3/9001/', '9001'],
    ['https://app.hubspot.com/contacts/4411/record/0-3/9001?tab=activity#x', '9001'],
    ['https://app.hubspot.com/contacts/4411/record/0-3/9001/view/1', '9001'],
    ['https://app-eu1.hubspot.com/contacts/26000001/record/0-3/123456789', '123456789'],
    ['https://app.hubspot.com/contacts/4411/deal/9002', '9002'],
    ['https://app.hubspot.com/contacts/4411/deal/9002/', '9002'],
    ['https://app.hubspot.com/contacts/4411/record/0-1/5101', undefined],
    ['https://app.hubspot.com/contacts/4411/record/0-2/7001', undefined],
    ['https://app.hubspot.com/contacts/4411/objects/0-3/views/all/list', undefined],
    ['https://app.hubspot.com/contacts/4411/deal/abc', undefined],
    ['https://evil.example/contacts/4411/record/0-3/9001', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, id) => {
    expect(dealIdFromUrl(url)).toBe(id);
  });
});
