import { classifyDirection, companyDomain, isBulkSender, isFreeMailDomain, normaliseEmail } from '../../lib/addresses';

describe('normaliseEmail', () => {
  it.each([
    ['Jane@Acme.TEST', 'jane@acme.test'],
    ['  jane@acme.test ', 'jane@acme.test'],
    ['mailto:Jane@acme.test', 'jane@acme.test'],
    ['Jane Doe <Jane@Acme.test>', 'jane@acme.test'],
    ['<otto@globex.test>', 'otto@globex.test'],
    ['jane.doe+crm@mail.acme.co.uk', 'jane.doe+crm@mail.acme.co.uk'],
    ['not an address', undefined],
    ['jane@', undefined],
    ['@acme.test', undefined],
    ['', undefined],
    [undefined, undefined],
    // Real addresses Gmail shows, taken by capture: each reads as the same address here, so the
    // rep can delete the contact or put them on the never-capture list.
    ['SRS0=HhX1=AB=acme.test=jane@forwarder.test', 'srs0=hhx1=ab=acme.test=jane@forwarder.test'],
    ['bounce+7=rep=ourco.test@lists.acme.test', 'bounce+7=rep=ourco.test@lists.acme.test'],
    ['sales/emea@acme.test', 'sales/emea@acme.test'],
    ["o'brien@acme.test", "o'brien@acme.test"],
    ['Jörg@Bücher.test', 'jörg@bücher.test'],
    ['ивáн@пример.рф', 'ивáн@пример.рф'],
    // Characters that change how text reads, or hide: never part of an address.
    ['jane\u202e@acme.test', undefined],
    ['ja\u200bne@acme.test', undefined],
    ['jane@acme.te\u200bst', undefined],
    // Forms Gmail shows and capture keeps, so the rep can name them too.
    ['bob@acme', 'bob@acme'],
    ['"Jane.Doe"@acme.test', '"jane.doe"@acme.test'],
    ['admin@[192.0.2.1]', 'admin@[192.0.2.1]'],
  ])('%j → %j', (raw, expected) => {
    expect(normaliseEmail(raw)).toBe(expected);
  });
});

describe('companyDomain', () => {
  it.each([
    ['jane@acme.test', 'acme.test'],
    ['jane@mail.acme.co.uk', 'acme.co.uk'],
    ['Jane@EU.Mail.Acme.com', 'acme.com'],
    ['bob@eu.globex.test', 'globex.test'],
    ['kim@acme.com.au', 'acme.com.au'],
    ['x@sales.acme.de', 'acme.de'],
    ['jo@gmail.com', 'jo@gmail.com'],
    ['Jo@Outlook.com', 'jo@outlook.com'],
  ])('%s → %s', (email, domain) => {
    expect(companyDomain(email)).toBe(domain);
  });
});

describe('isFreeMailDomain', () => {
  it.each([
    ['gmail.com', true],
    ['jo@googlemail.com', true],
    ['outlook.com', true],
    ['GMX.de', true],
    ['acme.test', false],
    ['jane@acme.co.uk', false],
  ])('%s → %s', (d, expected) => {
    expect(isFreeMailDomain(d)).toBe(expected);
  });
});

describe('isBulkSender', () => {
  it.each([
    ['noreply@news.initech.test', true],
    ['no-reply@acme.test', true],
    ['no_reply@acme.test', true],
    ['donotreply@acme.test', true],
    ['do-not-reply@acme.test', true],
    ['MAILER-DAEMON@googlemail.com', true],
    ['postmaster@acme.test', true],
    ['notifications@github.test', true],
    ['notification@acme.test', true],
    ['newsletter@acme.test', true],
    ['bounce@acme.test', true],
    ['bounces+12345@mail.acme.test', true],
    ['bounce-md_123.abc@mandrill.test', true],
    ['sales-list-request@lists.acme.test', true],
    ['owner-sales@lists.acme.test', true],
    ['jane@acme.test', false],
    ['noreen@acme.test', false],
    ['newsroom-lead@acme.test', false],
    ['notifyme.jane@acme.test', false],
  ])('%s → %s', (email, expected) => {
    expect(isBulkSender(email)).toBe(expected);
    expect(isBulkSender({ email, name: 'Someone' })).toBe(expected);
  });
});

describe('classifyDirection', () => {
  const ctx = { own: ['rep@dealdebrief.test', 'Sales@DealDebrief.test'], internalDomains: ['dealdebrief.test'] };
  const jane = 'jane@acme.test';
  const raj = 'raj@acme.test';
  const otto = 'otto@globex.test';
  const rep = 'rep@dealdebrief.test';
  const alias = 'sales@dealdebrief.test';
  const kim = 'kim@dealdebrief.test';
  const news = 'noreply@news.initech.test';
  it.each([
    ['prospect → rep', { from: jane, to: [rep] }, 'inbound', [jane]],
    ['prospect → colleague, rep only in Cc', { from: jane, to: [kim], cc: [rep, raj] }, 'inbound', [jane, raj]],
    ['prospect → alias', { from: jane, to: [alias] }, 'inbound', [jane]],
    ['rep → prospect', { from: rep, to: [jane] }, 'outbound', [jane]],
    ['alias → prospect (case-insensitive own)', { from: 'Sales@dealdebrief.test', to: [jane] }, 'outbound', [jane]],
    ['rep → two companies', { from: rep, to: [jane], cc: [otto, kim] }, 'outbound', [jane, otto]],
    ['colleague → prospect', { from: kim, to: [jane], cc: [rep] }, 'outbound', [jane]],
    ['rep → colleague', { from: rep, to: [kim] }, 'internal', []],
    ['colleague → rep', { from: kim, to: [rep] }, 'internal', []],
    ['newsletter → rep', { from: news, to: [rep] }, 'internal', []],
    ['rep → a no-reply address only', { from: rep, to: ['no-reply@acme.test'] }, 'internal', []],
    ['collapsed own message: no recipients shown', { from: rep, to: [] }, 'outbound', []],
    ['collapsed colleague message', { from: kim, to: [] }, 'internal', []],
    ['second prospect writes', { from: otto, to: [rep, jane] }, 'inbound', [otto, jane]],
    ['prospect on a subdomain of an internal domain is team', { from: 'x@eu.dealdebrief.test', to: [jane] }, 'outbound', [jane]],
    ['a prospect writing from an address in another script', { from: 'jörg@bücher.test', to: [rep] }, 'inbound', ['jörg@bücher.test']],
    ["a forwarder's rewritten sender", { from: 'srs0=ab=acme.test=jane@forwarder.test', to: [rep] }, 'inbound', ['srs0=ab=acme.test=jane@forwarder.test']],
    ['Party objects with names and duplicates', { from: { email: 'Jane@Acme.test', name: 'Jane' }, to: [{ email: rep }, { email: jane }] }, 'inbound', [jane]],
  ])('%s', (_label, msg, direction, prospects) => {
    expect(classifyDirection(msg, ctx)).toEqual({ direction, prospects });
  });
});
