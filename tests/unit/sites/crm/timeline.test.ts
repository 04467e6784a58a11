import type { DealSeen } from '../../../../lib/capture/events';
import * as hubspot from '../../../../lib/sites/hubspot/parse';
import * as salesforce from '../../../../lib/sites/salesforce/parse';
import * as pipedrive from '../../../../lib/sites/pipedrive/parse';
import { parseCrmDateTime, parseDuration } from '../../../../lib/sites/crm/activity';
import { fixtureHtml, loadFixture, parseHtml } from './fixtures';

const PARSERS = {
  'hubspot/deal-timeline-2026-12': hubspot.parseDeal,
  'salesforce/opportunity-timeline-2026-12': salesforce.parseDeal,
  'pipedrive/deal-timeline-2026-12': pipedrive.parseDeal,
} as const;

/** The expected JSON writes instants as ISO strings with offsets: the same deal with epoch ms. */
function withInstants(deal: DealSeen & { createdAt?: unknown; activities?: { at: unknown }[] }): DealSeen {
  return {
    ...deal,
    createdAt: Date.parse(String(deal.createdAt)),
    activities: deal.activities?.map((a) => ({ ...a, at: Date.parse(String(a.at)) })),
  } as DealSeen;
}

describe.each(Object.entries(PARSERS))('%s', (path, parseDeal) => {
  const { doc, expected } = loadFixture(path);
  const now = Date.parse((expected as unknown as { now: string }).now);
  const parsed = parseDeal(doc, expected.url, now);

  it('matches its expected.json, timeline included', () => {
    expect(parsed).toEqual({ ok: true, deal: withInstants(expected.deal) });
  });

  it('has several kinds of activity, a logged email and an upcoming meeting kept apart', () => {
    if (!parsed.ok) throw new Error(parsed.failed);
    const acts = parsed.deal.activities ?? [];
    const past = acts.filter((a) => !a.upcoming);
    expect(new Set(past.map((a) => a.type))).toEqual(new Set(['call', 'meeting', 'email', 'task', ...(path.startsWith('salesforce') ? [] : ['note'])]));
    expect(acts.filter((a) => a.upcoming && a.type === 'meeting')).toHaveLength(1);
    expect(acts.filter((a) => a.upcoming).every((a) => a.at > now)).toBe(true);
    expect(past.every((a) => a.at < now)).toBe(true);
    // Ids are unique; the deal's contacts are only the record's own (timeline links add none).
    expect(new Set(acts.map((a) => a.id)).size).toBe(acts.length);
    expect(parsed.deal.contacts.map((c) => c.email).sort()).toEqual(['jane@acme.test', 'raj@acme.test']);
  });

  it('is stable: a re-parse gives the same ids', () => {
    const again = parseDeal(loadFixture(path).doc, expected.url, now);
    expect(again).toEqual(parsed);
  });
});

describe('timeline edge cases', () => {
  it('HubSpot: an open task in a month section is not past activity; a missing timeline leaves activities out', () => {
    const html = fixtureHtml('hubspot/deal-timeline-2026-12').replace('<span>Status</span> <span>Completed</span>', '<span>Status</span> <span>Not started</span>');
    const r = hubspot.parseDeal(parseHtml(html), 'https://app.hubspot.com/contacts/4411/record/0-3/9104');
    if (!r.ok) throw new Error(r.failed);
    expect(r.deal.activities?.find((a) => a.id === '61021')?.upcoming).toBe(true);
    const bare = hubspot.parseDeal(parseHtml(fixtureHtml('hubspot/deal-record-2026-11')), 'https://app.hubspot.com/contacts/4411/record/0-3/9001');
    expect(bare.ok && bare.deal.activities).toBe(undefined);
  });

  it('HubSpot: a card whose time cannot be read is skipped, never guessed', () => {
    const html = fixtureHtml('hubspot/deal-timeline-2026-12').replaceAll('Nov 18, 2026 at 4:05 PM GMT+1', 'yesterday');
    const r = hubspot.parseDeal(parseHtml(html), 'https://app.hubspot.com/contacts/4411/record/0-3/9104');
    expect(r.ok && r.deal.activities?.some((a) => a.id === '61102')).toBe(false);
  });

  it('Salesforce: without month sections the year is the one nearest to now', () => {
    const html = fixtureHtml('salesforce/opportunity-timeline-2026-12').replaceAll('November • 2026', 'This Month');
    const r = salesforce.parseDeal(parseHtml(html), 'https://debrief-demo.lightning.force.com/lightning/r/Opportunity/0065g00000AcMeXAAZ/view', Date.parse('2027-01-10T10:00:00+01:00'));
    if (!r.ok) throw new Error(r.failed);
    expect(r.deal.activities?.find((a) => a.id === '00T5g00000CaLl2AAB')?.at).toBe(Date.parse('2026-11-18T16:05:00+01:00'));
  });
});

describe('parseCrmDateTime', () => {
  it.each([
    ['Nov 18, 2026 at 4:05 PM GMT+1', 'en-US', undefined, '2026-11-18T16:05:00+01:00'],
    ['Nov 18, 2026 at 4:05 PM GMT-5', 'en-US', undefined, '2026-11-18T16:05:00-05:00'],
    ['Nov 18, 2026 at 4:05 PM', 'en-US', undefined, '2026-11-18T16:05:00+01:00'],
    ['4:05 PM | Nov 18', 'en-US', 2026, '2026-11-18T16:05:00+01:00'],
    ['Nov 3', 'en-US', 2026, '2026-11-03T00:00:00+01:00'],
    ['18 November 2026 16:05', 'en-GB', undefined, '2026-11-18T16:05:00+01:00'],
    ['10/20/2026 9:30 AM', 'en-US', undefined, '2026-10-20T09:30:00+02:00'],
    ['20.10.2026 09:30', 'de-DE', undefined, '2026-10-20T09:30:00+02:00'],
    ['12:30 AM | Dec 1', 'en-US', 2026, '2026-12-01T00:30:00+01:00'],
  ])('%s (%s, %s) → %s', (text, lang, year, iso) => {
    expect(parseCrmDateTime(text, lang, year)).toBe(Date.parse(iso));
  });

  it.each([['yesterday'], ['13:75 Nov 18, 2026'], ['Nov 18'], ['29 March 2026 02:30'], [''], ['13:00 PM Nov 18, 2026']])('%s → undefined', (text) => {
    expect(parseCrmDateTime(text, 'en-GB')).toBeUndefined();
  });
});

describe('parseDuration', () => {
  it.each([
    ['14 min', 14],
    ['14m 32s', 15],
    ['1 hr', 60],
    ['1h 30m', 90],
    ['1 hour 30 minutes', 90],
    ['00:22:10', 22],
    ['22:10', 22],
    ['840 seconds', 14],
    ['soon', undefined],
    [undefined, undefined],
  ])('%s → %s', (text, minutes) => {
    expect(parseDuration(text)).toBe(minutes);
  });
});
