import { crmRecordFromUrl, gmailMessageKey, hash53, hashedKey, httpsOrigin, listRowKey, sendingKey, tenantKeyOfLegacyDeal } from '../../lib/keys';

describe('listRowKey', () => {
  it.each<[string, string | undefined, string]>([
    // gmail-dom.md: the msg-f decimal id equals the legacy hex id. 0x18f00aa = 26149034 (by hand:
    // 16^6 + 8·16^5 + 15·16^4 + 10·16 + 10).
    ['short legacy id', '18f00aa', 'gmail:msg-f:26149034'],
    ['upper-case hex', '18F00AA', 'gmail:msg-f:26149034'],
    // gmail.js README example: 0x15f1123136926bff = 1581064946762017791 (> 2^53: must not go through Number).
    ['a real 16-digit id', '15f1123136926bff', 'gmail:msg-f:1581064946762017791'],
    ['no legacy id', undefined, 'gmail-row:thread-f:42'],
    ['empty legacy id', '', 'gmail-row:thread-f:42'],
    ['not hex', '18f00zz', 'gmail-row:thread-f:42'],
    ['17 hex digits is too long', '15f1123136926bff0', 'gmail-row:thread-f:42'],
  ])('%s', (_name, legacy, expected) => {
    expect(listRowKey('thread-f:42', legacy)).toBe(expected);
  });

  it('gives a row exactly the key its message gets once the thread opens', () => {
    expect(listRowKey('thread-f:42', '15f1123136926bff')).toBe(gmailMessageKey('msg-f:1581064946762017791'));
  });
});

describe('gmailMessageKey and sendingKey', () => {
  it.each([
    [gmailMessageKey('msg-a:r-123'), 'gmail:msg-a:r-123'],
    [sendingKey('c42'), 'gmail-send:c42'],
  ])('%s', (got, expected) => expect(got).toBe(expected));
});

describe('hashedKey', () => {
  const at = Date.UTC(2026, 2, 2, 15, 0, 0, 0);
  const base = hashedKey('call', ['+14155550134', 'jane@acme.test'], at);

  it('is prefixed and deterministic', () => {
    expect(base).toMatch(/^h:[0-9a-z]+$/);
    expect(hashedKey('call', ['+14155550134', 'jane@acme.test'], at)).toBe(base);
  });

  it.each<[string, string, string[], number]>([
    ['participants in another order', 'call', ['jane@acme.test', '+14155550134'], at],
    ['later in the same minute', 'call', ['+14155550134', 'jane@acme.test'], at + 59_999],
  ])('is the same for %s', (_name, channel, participants, when) => {
    expect(hashedKey(channel, participants, when)).toBe(base);
  });

  it.each<[string, string, string[], number]>([
    ['the next minute', 'call', ['+14155550134', 'jane@acme.test'], at + 60_000],
    ['the minute before', 'call', ['+14155550134', 'jane@acme.test'], at - 1],
    ['another channel', 'meeting', ['+14155550134', 'jane@acme.test'], at],
    ['another participant', 'call', ['+14155550135', 'jane@acme.test'], at],
    ['one participant fewer', 'call', ['jane@acme.test'], at],
  ])('differs for %s', (_name, channel, participants, when) => {
    expect(hashedKey(channel, participants, when)).not.toBe(base);
  });

  it('does not reorder the caller’s array', () => {
    const participants = ['z@x.test', 'a@x.test'];
    hashedKey('call', participants, at);
    expect(participants).toEqual(['z@x.test', 'a@x.test']);
  });
});

describe('hash53', () => {
  it('depends on the text and the seed', () => {
    expect(hash53('abc')).toBe(hash53('abc'));
    expect(hash53('abc')).not.toBe(hash53('abd'));
    expect(hash53('abc', 1)).not.toBe(hash53('abc'));
  });
});

describe('crmRecordFromUrl: every CRM record is keyed by its tenant', () => {
  it.each<[string, string | undefined]>([
    ['https://acme.pipedrive.com/deal/42', 'pipedrive:acme:42'],
    ['https://evil.pipedrive.com/deal/42', 'pipedrive:evil:42'],
    ['https://ACME.pipedrive.com/deal/42/files', 'pipedrive:acme:42'],
    ['https://app.hubspot.com/contacts/4411/record/0-3/9001', 'hubspot:4411:9001'],
    ['https://app-eu1.hubspot.com/contacts/26000001/record/0-3/123', 'hubspot:26000001:123'],
    ['https://app.hubspot.com/contacts/4411/deal/9002/', 'hubspot:4411:9002'],
    ['https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view', 'salesforce:acme:0065g00000AbCdEAAZ'],
    ['https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000KlMnO/view', 'salesforce:acme--uat.sandbox:0065g00000KlMnO'],
    // Not a deal record, not the CRM, not https, or another origin of the same host.
    ['https://acme.pipedrive.com/person/42', undefined],
    ['https://app.hubspot.com/contacts/4411/record/0-1/9001', undefined],
    ['https://acme.lightning.force.com/lightning/r/Contact/0035g00000XyZaBAAV/view', undefined],
    ['http://acme.pipedrive.com/deal/42', undefined],
    ['https://acme.pipedrive.com:8443/deal/42', undefined],
    ['https://user:pw@acme.pipedrive.com/deal/42', undefined],
    ['https://pipedrive.com.evil.example/deal/42', undefined],
    ['https://a.b.pipedrive.com/deal/42', undefined],
    ['not a url', undefined],
  ])('%s → %s', (url, key) => {
    expect(crmRecordFromUrl(url)?.key).toBe(key);
  });

  it('names the parts', () => {
    expect(crmRecordFromUrl('https://acme.pipedrive.com/deal/42')).toEqual({ source: 'pipedrive', tenant: 'acme', recordId: '42', key: 'pipedrive:acme:42' });
  });

  it.each<[string, string | undefined]>([
    ['https://acme.pipedrive.com/deal/42', 'https://acme.pipedrive.com'],
    ['https://app.hubspot.com:443/x', 'https://app.hubspot.com'],
    ['https://app.hubspot.com:444/x', undefined],
    ['http://app.hubspot.com/x', undefined],
    ['javascript:alert(1)', undefined],
  ])('httpsOrigin(%s) = %s', (url, origin) => expect(httpsOrigin(url)).toBe(origin));
});

describe('tenantKeyOfLegacyDeal: ids stored before the tenant was part of the key', () => {
  it.each<[string, { id: string; source: string; url?: string }, string | undefined]>([
    ['Pipedrive', { id: 'pipedrive:42', source: 'pipedrive', url: 'https://acme.pipedrive.com/deal/42' }, 'pipedrive:acme:42'],
    ['HubSpot', { id: 'hubspot:9001', source: 'hubspot', url: 'https://app.hubspot.com/contacts/4411/record/0-3/9001' }, 'hubspot:4411:9001'],
    ['no URL', { id: 'pipedrive:42', source: 'pipedrive' }, undefined],
    ['a URL of another record', { id: 'pipedrive:42', source: 'pipedrive', url: 'https://acme.pipedrive.com/deal/43' }, undefined],
    ['a URL of another CRM', { id: 'pipedrive:42', source: 'pipedrive', url: 'https://app.hubspot.com/contacts/1/deal/42' }, undefined],
    ['already keyed by tenant', { id: 'pipedrive:acme:42', source: 'pipedrive', url: 'https://acme.pipedrive.com/deal/42' }, undefined],
    ['a local deal', { id: 'local:abc', source: 'local' }, undefined],
  ])('%s', (_name, deal, key) => expect(tenantKeyOfLegacyDeal(deal)).toBe(key));
});
