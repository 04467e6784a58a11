import { dealIdFromUrl, parseDeal } from '../../../../lib/sites/pipedrive/parse';
import { LOADING_SHELL, fixtureHtml, loadFixture, localMidnightOf, parseHtml } from './fixtures';

const FIXTURES = ['pipedrive/deal-2026-11', 'pipedrive/deal-variant-2026-11', 'pipedrive/deal-second-2026-11'];
const URL_42 = 'https://debrief-demo.pipedrive.com/deal/42';

describe('pipedrive parseDeal', () => {
  it.each(FIXTURES)('%s matches its expected.json', (path) => {
    const { doc, expected } = loadFixture(path);
    expect(parseDeal(doc, expected.url)).toEqual({ ok: true, deal: expected.deal });
    if (expected.expectedCloseDate) {
      expect(expected.deal.expectedCloseAt).toBe(localMidnightOf(expected.expectedCloseDate));
    }
  });

  it('omits a relative close date ("Tomorrow") instead of guessing', () => {
    const { doc, expected } = loadFixture('pipedrive/deal-second-2026-11');
    const r = parseDeal(doc, expected.url);
    expect(r.ok && 'expectedCloseAt' in r.deal).toBe(false);
  });

  it('reads fields by label, whatever the classes are called', () => {
    const html = fixtureHtml('pipedrive/deal-2026-11').replace(/class="[^"]*"/g, 'class="x"');
    const { expected } = loadFixture('pipedrive/deal-2026-11');
    expect(parseDeal(parseHtml(html), URL_42)).toEqual({ ok: true, deal: expected.deal });
  });

  it('waits while the deal has not rendered', () => {
    const r = parseDeal(parseHtml(LOADING_SHELL), URL_42);
    expect(r).toMatchObject({ ok: false, waiting: true, failed: 'header: [data-testid="header-title"]' });
  });

  it('names the failed selector when the header has no title', () => {
    const html = fixtureHtml('pipedrive/deal-2026-11').replace(
      /<div class="cui5-editable-text">.*?<\/div>/,
      '<div class="cui5-editable-text"></div>',
    );
    const r = parseDeal(parseHtml(html), URL_42);
    expect(r).toMatchObject({ ok: false, waiting: false });
    expect(!r.ok && r.failed).toContain('name: [data-testid="header-title"] input');
  });
});

describe('pipedrive dealIdFromUrl', () => {
  it.each([
    [URL_42, '42'],
    ['https://debrief-demo.pipedrive.com/deal/42/', '42'],
    ['https://debrief-demo.pipedrive.com/deal/42/files?x=1', '42'],
    ['https://other-co.pipedrive.com/deal/1234567', '1234567'],
    ['https://debrief-demo.pipedrive.com/person/311', undefined],
    ['https://debrief-demo.pipedrive.com/pipeline/1', undefined],
    ['https://debrief-demo.pipedrive.com/deal/abc', undefined],
    ['https://pipedrive.com.evil.example/deal/42', undefined],
    ['nonsense', undefined],
  ])('%s → %s', (url, id) => {
    expect(dealIdFromUrl(url)).toBe(id);
  });
});
