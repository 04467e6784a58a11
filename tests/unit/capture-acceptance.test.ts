/**
 * What the background takes from a content script: only the kinds of items its own site's
 * adapters produce, about its own page's origin. The site comes from the sender's address.
 */
import { describe, expect, it } from 'vitest';
import { acceptEvents, contextRefusal, refusalOf, refusedMessage, siteOfUrl } from '../../lib/capture/acceptance';
import type { CaptureEvent, DealSeen, PageContext } from '../../lib/capture/events';

const GMAIL = 'https://mail.google.com/mail/u/0/#inbox/abc';
const PIPEDRIVE = 'https://acme.pipedrive.com/deal/42';
const HUBSPOT = 'https://app.hubspot.com/contacts/4411/record/0-3/9001';
const SALESFORCE = 'https://acme.lightning.force.com/lightning/r/Opportunity/006000000000001AAA/view';
const CUSTOM = 'https://crm.example.test/deals/7';
const HOSTS = ['crm.example.test'];

const email: CaptureEvent = { kind: 'email', messageId: 'msg-f:1', threadId: 'thread-f:1', subject: 'Hi', from: { email: 'jane@acme.test' }, to: [], cc: [], at: 1, expanded: true };
const row: CaptureEvent = { kind: 'list-row', threadId: 'thread-f:1', subject: 'Hi', participants: [], at: 1, unread: false };
const sending: CaptureEvent = { kind: 'sending', composeId: 'c1', subject: 'Hi', to: [{ email: 'jane@acme.test' }], cc: [], bcc: [], at: 1 };
const own: CaptureEvent = { kind: 'own-address', email: 'rep@ourco.test' };
const undone: CaptureEvent = { kind: 'send-undone', composeId: 'c1' };
const deal = (source: DealSeen['source'], url: string, crmId: string): DealSeen => ({ kind: 'deal', source, crmId, name: 'Deal', url, contacts: [] });
const call = (site: PageContext['site'], url: string, extra: object = {}): CaptureEvent => ({ kind: 'call', phone: '+15550100', at: 1, site, url, ...extra });
const ctx = (site: PageContext['site'], url: string, extra: Partial<PageContext> = {}): PageContext => ({ site, url, view: 'other', status: 'ok', participants: [], captured: 0, ...extra });

describe('the site of a sender', () => {
  it('is read from the address, custom hosts included; anything else is no site', () => {
    expect(siteOfUrl(GMAIL, HOSTS)).toBe('gmail');
    expect(siteOfUrl(PIPEDRIVE, HOSTS)).toBe('pipedrive');
    expect(siteOfUrl('https://evil.pipedrive.com/deal/1', HOSTS)).toBe('pipedrive');
    expect(siteOfUrl(HUBSPOT, HOSTS)).toBe('hubspot');
    expect(siteOfUrl('https://app-eu1.hubspot.com/contacts/1/record/0-3/2', HOSTS)).toBe('hubspot');
    expect(siteOfUrl(SALESFORCE, HOSTS)).toBe('salesforce');
    expect(siteOfUrl(CUSTOM, HOSTS)).toBe('custom');
    expect(siteOfUrl(CUSTOM, [])).toBeUndefined();
    expect(siteOfUrl('https://mail.google.com.evil.test/', HOSTS)).toBeUndefined();
    expect(siteOfUrl('http://mail.google.com/', HOSTS)).toBeUndefined();
    expect(siteOfUrl('https://mail.google.com:8443/', HOSTS)).toBeUndefined();
    expect(siteOfUrl('chrome-extension://abc/sidebar.html', HOSTS)).toBeUndefined();
    expect(siteOfUrl(undefined, HOSTS)).toBeUndefined();
    expect(siteOfUrl('not a url', HOSTS)).toBeUndefined();
  });
});

describe('which events a page may send', () => {
  it('a Gmail page: its messages, rows, sends, undo, own address and calls', () => {
    const events = [email, row, sending, own, undone, call('gmail', 'https://mail.google.com/mail/u/0/')];
    expect(acceptEvents(events, GMAIL, HOSTS)).toEqual({ events, refused: [] });
  });

  it('a Gmail page cannot send a deal, or a call it says was placed elsewhere', () => {
    expect(refusalOf(deal('pipedrive', PIPEDRIVE, '42'), GMAIL, HOSTS)).toMatch(/Gmail page does not show a "deal" item/);
    expect(refusalOf(call('hubspot', HUBSPOT), GMAIL, HOSTS)).toMatch(/cannot log a call for hubspot/);
    expect(refusalOf(call('gmail', 'https://evil.test/'), GMAIL, HOSTS)).toMatch(/another site/);
  });

  it('a Pipedrive page: only Pipedrive deals on its own company and its calls', () => {
    expect(acceptEvents([deal('pipedrive', PIPEDRIVE, '42'), call('pipedrive', PIPEDRIVE)], PIPEDRIVE, HOSTS).refused).toEqual([]);
    for (const e of [email, row, sending, own, undone]) expect(refusalOf(e, PIPEDRIVE, HOSTS)).toMatch(/Pipedrive page does not show/);
    expect(refusalOf(deal('hubspot', HUBSPOT, '9001'), PIPEDRIVE, HOSTS)).toMatch(/does not show a hubspot deal/);
    // Another company's Pipedrive: another origin, another tenant.
    expect(refusalOf(deal('pipedrive', 'https://evil.pipedrive.com/deal/42', '42'), PIPEDRIVE, HOSTS)).toMatch(/another site/);
    expect(refusalOf(deal('pipedrive', 'https://acme.pipedrive.com/deal/43', '42'), PIPEDRIVE, HOSTS)).toMatch(/id is not the one/);
    expect(refusalOf(call('gmail', PIPEDRIVE), PIPEDRIVE, HOSTS)).toMatch(/cannot log a call for gmail/);
    expect(refusalOf(call('pipedrive', PIPEDRIVE, { dealId: 'pipedrive:other:1' }), PIPEDRIVE, HOSTS)).toMatch(/may not name its own deal/);
  });

  it('HubSpot and Salesforce pages: their own deals and calls', () => {
    expect(refusalOf(deal('hubspot', HUBSPOT, '9001'), HUBSPOT, HOSTS)).toBeUndefined();
    expect(refusalOf(deal('salesforce', SALESFORCE, '006000000000001AAA'), SALESFORCE, HOSTS)).toBeUndefined();
    expect(refusalOf(deal('salesforce', SALESFORCE, '006000000000001AAA'), HUBSPOT, HOSTS)).toMatch(/HubSpot page does not show a salesforce deal/);
    expect(refusalOf(email, SALESFORCE, HOSTS)).toMatch(/Salesforce page/);
  });

  it('a custom host: only calls from its own origin', () => {
    expect(refusalOf(call('custom', CUSTOM), CUSTOM, HOSTS)).toBeUndefined();
    expect(refusalOf(deal('pipedrive', PIPEDRIVE, '42'), CUSTOM, HOSTS)).toMatch(/does not show a "deal"/);
    expect(refusalOf(own, CUSTOM, HOSTS)).toBeDefined();
    // Once the rep removes the host, it is no site of ours.
    expect(refusalOf(call('custom', CUSTOM), CUSTOM, [])).toMatch(/not a page Deal Debrief runs on/);
  });

  it('keeps the order of what it accepts and gives one reason per refusal', () => {
    const got = acceptEvents([email, deal('pipedrive', PIPEDRIVE, '42'), own, call('pipedrive', PIPEDRIVE)], PIPEDRIVE, HOSTS);
    expect(got.events.map((e) => e.kind)).toEqual(['deal', 'call']);
    expect(got.refused).toHaveLength(2);
  });
});

describe("a page's report about itself", () => {
  it('stands when it names its own site, origin and the deal its address shows', () => {
    expect(contextRefusal(ctx('gmail', GMAIL), GMAIL, HOSTS)).toBeUndefined();
    expect(contextRefusal(ctx('pipedrive', PIPEDRIVE, { view: 'deal', dealId: 'pipedrive:acme:42' }), PIPEDRIVE, HOSTS)).toBeUndefined();
    expect(contextRefusal(ctx('custom', CUSTOM), CUSTOM, HOSTS)).toBeUndefined();
  });

  it('is refused when it claims another site, another origin or another deal', () => {
    expect(contextRefusal(ctx('gmail', PIPEDRIVE), PIPEDRIVE, HOSTS)).toMatch(/described itself as gmail/);
    expect(contextRefusal(ctx('pipedrive', 'https://evil.pipedrive.com/deal/42'), PIPEDRIVE, HOSTS)).toMatch(/another site/);
    expect(contextRefusal(ctx('pipedrive', PIPEDRIVE, { dealId: 'pipedrive:evil:42' }), PIPEDRIVE, HOSTS)).toMatch(/deal its address does not show/);
    expect(contextRefusal(ctx('gmail', GMAIL, { dealId: 'hubspot:1:1' }), GMAIL, HOSTS)).toMatch(/deal its address does not show/);
  });
});

describe('HubSpot: one origin, many accounts', () => {
  // Every HubSpot portal lives on app.hubspot.com: the origin does not tell one company's from
  // another's, the portal in the address does.
  const REP = 'https://app.hubspot.com/contacts/4411/record/0-3/9001';
  const OTHER_PAGE = 'https://app.hubspot.com/contacts/7700/record/0-3/5';
  it("a page of another company's portal cannot hand over, or show, a deal of the rep's portal", () => {
    expect(refusalOf(deal('hubspot', REP, '9001'), OTHER_PAGE, HOSTS)).toMatch(/another account/);
    expect(contextRefusal(ctx('hubspot', REP, { view: 'deal', dealId: 'hubspot:4411:9001' }), OTHER_PAGE, HOSTS)).toMatch(/another account/);
  });
  it('its own portal’s deals stand, from any page of that portal', () => {
    expect(refusalOf(deal('hubspot', REP, '9001'), REP, HOSTS)).toBeUndefined();
    expect(refusalOf(deal('hubspot', REP, '9001'), 'https://app.hubspot.com/contacts/4411/deals/list', HOSTS)).toBeUndefined();
    expect(contextRefusal(ctx('hubspot', REP, { view: 'deal', dealId: 'hubspot:4411:9001' }), REP, HOSTS)).toBeUndefined();
  });
});

describe("a page's report naming a Gmail conversation", () => {
  it('stands only on Gmail: a CRM or extra host page showing it would show the rep\'s thread and its deal there', () => {
    expect(contextRefusal(ctx('gmail', GMAIL, { view: 'thread', threadId: 'thread-f:1' }), GMAIL, HOSTS)).toBeUndefined();
    expect(contextRefusal(ctx('pipedrive', PIPEDRIVE, { view: 'thread', threadId: 'thread-f:1' }), PIPEDRIVE, HOSTS)).toMatch(/Gmail/);
    expect(contextRefusal(ctx('hubspot', HUBSPOT, { threadId: 'thread-f:1' }), HUBSPOT, HOSTS)).toMatch(/Gmail/);
    expect(contextRefusal(ctx('salesforce', SALESFORCE, { view: 'list' }), SALESFORCE, HOSTS)).toMatch(/Gmail/);
    expect(contextRefusal(ctx('custom', CUSTOM, { view: 'thread', threadId: 'thread-f:1' }), CUSTOM, HOSTS)).toMatch(/Gmail/);
  });
});

describe('the words', () => {
  it('counts in plain words', () => {
    expect(refusedMessage(1)).toBe('1 item from this page did not belong to it or could not be read, and was not stored');
    expect(refusedMessage(3)).toBe('3 items from this page did not belong to it or could not be read, and were not stored');
  });
});
