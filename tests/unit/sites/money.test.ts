import { parseDisplayDate, parseMoney } from '../../../lib/sites/money';

describe('parseMoney', () => {
  it.each([
    ['$12,500.00', 12500, 'USD'],
    ['€12.500,00', 12500, 'EUR'],
    ['12 500 EUR', 12500, 'EUR'],
    ['12\u00a0500,50\u00a0€', 12500.5, 'EUR'],
    ['12\u202f500 €', 12500, 'EUR'],
    ['USD 12,500', 12500, 'USD'],
    ['USD 12,500.75', 12500.75, 'USD'],
    ['$48,000.00', 48000, 'USD'],
    ['$9,750', 9750, 'USD'],
    ['€3,400.50', 3400.5, 'EUR'],
    ['£1,234.5', 1234.5, 'GBP'],
    ['CHF 1\'234.50', 1234.5, 'CHF'],
    ['US$ 1,000', 1000, 'USD'],
    ['CA$2,000.00', 2000, 'CAD'],
    ['A$99', 99, 'AUD'],
    ['¥1,200,000', 1200000, 'JPY'],
    ['1.234.567,89 EUR', 1234567.89, 'EUR'],
    ['1,234,567.89', 1234567.89, undefined],
    ['12,5 €', 12.5, 'EUR'],
    ['12.50', 12.5, undefined],
    ['12.500', 12500, undefined],
    ['0', 0, undefined],
    ['1 234 567.89 USD', 1234567.89, 'USD'],
    ['-$1,000.00', -1000, 'USD'],
    ['($250.00)', -250, 'USD'],
    ['Amount: $5,000', undefined, undefined],
  ])('%j → %s %s', (text, amount, currency) => {
    const m = parseMoney(text);
    if (amount === undefined) {
      expect(m).toBeUndefined();
      return;
    }
    expect(m?.amount).toBe(amount);
    expect(m?.currency).toBe(currency);
  });

  it.each([[''], ['   '], [null], [undefined], ['$'], ['EUR'], ['$12.5K'], ['1.2M USD'], ['3 seats'], ['12,50,000'], ['1 2 3'], ['12 50'], ['1.2.3,4,5'], ['12.'], ['abc']])(
    '%j → undefined',
    (text) => {
      expect(parseMoney(text)).toBeUndefined();
    },
  );
});

describe('parseDisplayDate (TZ=Europe/Berlin, local midnight)', () => {
  const local = (y: number, m: number, d: number) => new Date(y, m - 1, d).getTime();
  it.each([
    ['2026-12-15', undefined, local(2026, 12, 15)],
    ['2026-12-15T17:00:00Z', undefined, local(2026, 12, 15)],
    ['15.12.2026', undefined, local(2026, 12, 15)],
    ['1.3.2027', 'de', local(2027, 3, 1)],
    ['12/15/2026', 'en-US', local(2026, 12, 15)],
    ['12/15/2026', undefined, local(2026, 12, 15)],
    ['15/12/2026', 'en-GB', local(2026, 12, 15)],
    ['15/12/2026', undefined, local(2026, 12, 15)],
    ['3/4/2027', 'en-US', local(2027, 3, 4)],
    ['3/4/2027', 'en-GB', local(2027, 4, 3)],
    ['3/4/2027', 'de-DE', local(2027, 4, 3)],
    ['4/4/2027', undefined, local(2027, 4, 4)],
    ['12/15/2026 5:00 PM', 'en-US', local(2026, 12, 15)],
    ['Dec 15, 2026', 'en', local(2026, 12, 15)],
    ['December 15, 2026', undefined, local(2026, 12, 15)],
    ['Tue, Dec 15, 2026', undefined, local(2026, 12, 15)],
    ['15 Dec 2026', undefined, local(2026, 12, 15)],
    ['15 January 2027', undefined, local(2027, 1, 15)],
    ['June 30, 2027', undefined, local(2027, 6, 30)],
    ['15. Dezember 2026', 'de', local(2026, 12, 15)],
    ['1. März 2027', 'de', local(2027, 3, 1)],
    ['Mar 29, 2026', undefined, local(2026, 3, 29)], // DST switch day in Berlin
    ['Oct 25, 2026', undefined, local(2026, 10, 25)],
  ])('%j (%s)', (text, lang, ms) => {
    expect(parseDisplayDate(text, lang)).toBe(ms);
  });

  it('lands on local midnight', () => {
    const d = new Date(parseDisplayDate('Mar 29, 2026') ?? NaN);
    expect([d.getHours(), d.getMinutes(), d.getDate()]).toEqual([0, 0, 29]);
  });

  it.each([
    ['3/4/2027', undefined],
    ['3/4/2027', 'en'],
    ['02/30/2027', 'en-US'],
    ['31.02.2027', 'de'],
    ['15.12.26', 'de'],
    ['Tomorrow', 'en'],
    ['Next quarter', 'en'],
    ['Smarch 15, 2026', 'en'],
    ['', 'en'],
    [null, 'en'],
    ['2026', 'en'],
  ])('%j (%s) → undefined', (text, lang) => {
    expect(parseDisplayDate(text, lang)).toBeUndefined();
  });
});
