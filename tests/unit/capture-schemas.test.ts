import type { CaptureEvent, DealSeen, EmailSeen } from '../../lib/capture/events';
import { UNUSABLE_CONTEXT, validateContext, validateEvents } from '../../lib/capture/schemas';

const T = Date.UTC(2026, 10, 3, 14, 14);

const email = {
  kind: 'email',
  messageId: 'msg-f:1581064946762017791',
  threadId: 'thread-f:1581064946762017791',
  subject: 'Pricing',
  from: { email: '  Jane.Doe@ACME.test ', name: 'Jane Doe' },
  to: [{ email: 'Rep@OurCo.test', name: 'me' }],
  cc: [{ email: 'JOE@acme.test' }],
  at: T,
  expanded: true,
};
const listRow = { kind: 'list-row', threadId: 'thread-f:9', subject: 'Hi', participants: [{ email: 'a@b.test' }], latestFrom: { email: 'A@B.test' }, at: T, unread: true };
const sending = { kind: 'sending', composeId: 'c1', subject: 'Re: Hi', to: [{ email: 'X@Y.test' }], cc: [], bcc: [{ email: 'Boss@OurCo.test' }], at: T };
const deal = {
  kind: 'deal',
  source: 'hubspot',
  crmId: '42',
  name: 'Acme',
  url: 'https://app.hubspot.com/contacts/1/deal/42',
  contacts: [{ email: 'Jane.Doe@Acme.test', phones: ['+1 415 555 0134'] }, { name: 'No email', phones: [] }],
};
const call = { kind: 'call', phone: '+1 415 555 0134', at: T, site: 'hubspot', url: 'https://app.hubspot.com/x', contactEmail: 'JANE@acme.test', pageEmails: ['A@B.test'] };
const own = { kind: 'own-address', email: 'Rep@OurCo.test' };

describe('validateEvents: valid events pass', () => {
  it.each([email, listRow, sending, deal, call, own].map((e) => [e.kind, e] as const))('%s', (_kind, event) => {
    const out = validateEvents([event]);
    expect(out.rejected).toEqual([]);
    expect(out.events).toHaveLength(1);
    expect(out.events[0]?.kind).toBe(event.kind);
  });

  it('lower-cases and trims every address', () => {
    const { events } = validateEvents([email, listRow, sending, deal, call, own]);
    const [e, r, s, d, c, o] = events as [
      Extract<CaptureEvent, { kind: 'email' }>,
      Extract<CaptureEvent, { kind: 'list-row' }>,
      Extract<CaptureEvent, { kind: 'sending' }>,
      Extract<CaptureEvent, { kind: 'deal' }>,
      Extract<CaptureEvent, { kind: 'call' }>,
      Extract<CaptureEvent, { kind: 'own-address' }>,
    ];
    expect(e.from).toEqual({ email: 'jane.doe@acme.test', name: 'Jane Doe' });
    expect(e.to.map((p) => p.email)).toEqual(['rep@ourco.test']);
    expect(e.cc.map((p) => p.email)).toEqual(['joe@acme.test']);
    expect(r.latestFrom?.email).toBe('a@b.test');
    expect(s.to[0]?.email).toBe('x@y.test');
    expect(s.bcc[0]?.email).toBe('boss@ourco.test');
    expect(d.contacts[0]?.email).toBe('jane.doe@acme.test');
    expect(d.contacts[1]?.email).toBeUndefined();
    expect(c.contactEmail).toBe('jane@acme.test');
    expect(c.pageEmails).toEqual(['a@b.test']);
    expect(o.email).toBe('rep@ourco.test');
  });
});

describe('validateEvents: malformed events are rejected, the rest survive', () => {
  it.each<[string, unknown, string]>([
    ['sender not an address', { ...email, from: { email: 'not-an-address' } }, 'from.email'],
    ['negative time', { ...email, at: -1 }, 'at'],
    ['fractional time', { ...email, at: 1.5 }, 'at'],
    ['time as a string', { ...email, at: '2026-11-03' }, 'at'],
    ['empty message id', { ...email, messageId: '' }, 'messageId'],
    ['missing thread id', { ...email, threadId: undefined }, 'threadId'],
    ['unknown CRM', { ...deal, source: 'zoho' }, 'source'],
    ['deal url not a URL', { ...deal, url: 'not a url' }, 'url'],
    ['deal contact email bad', { ...deal, contacts: [{ email: 'nope', phones: [] }] }, 'contacts.0.email'],
    ['phone too short', { ...call, phone: '12' }, 'phone'],
    ['unknown site', { ...call, site: 'myspace' }, 'site'],
    ['own address not an address', { ...own, email: 'me' }, 'email'],
    ['unknown kind', { kind: 'tweet', at: T }, 'kind'],
  ])('%s → names the field', async (_name, bad, field) => {
    const out = validateEvents([own, bad, listRow]);
    expect(out.events.map((e) => e.kind)).toEqual(['own-address', 'list-row']);
    expect(out.rejected).toHaveLength(1);
    expect(out.rejected[0]).toMatch(new RegExp(`^events\\[1\\]: .*${field.replace(/\./g, '\\.')}`));
  });

  it('keeps a message whose people have addresses Gmail shows that are real but unusual', () => {
    // A forwarder's rewritten sender, a list's bounce address, a slash, an apostrophe and an
    // address in a non-Latin script: anyone who writes to the rep can put one on a message, and
    // refusing it loses the whole message.
    const odd = ['SRS0=HhX1=AB=acme.test=jane@forwarder.test', 'bounce+7=rep=ourco.test@lists.acme.test', 'sales/emea@acme.test', "o'brien@acme.test", 'jörg@bücher.test'];
    const out = validateEvents([{ ...email, from: { email: odd[0] }, cc: odd.slice(1).map((a) => ({ email: a })) }, { ...deal, contacts: [{ email: odd[4], phones: [] }] }]);
    expect(out.rejected).toEqual([]);
    const [e, d] = out.events as [EmailSeen, DealSeen];
    expect([e.from.email, ...e.cc.map((p) => p.email)]).toEqual(odd.map((a) => a.toLowerCase()));
    expect(d.contacts[0]?.email).toBe('jörg@bücher.test');
  });

  it.each(['bob@acme', 'ops@mail_relay.acme.test', '"jane.doe"@acme.test', 'admin@[192.0.2.1]'])('keeps a message copying an odd address Gmail shows (%s), with it', (odd) => {
    const out = validateEvents([{ ...email, cc: [{ email: odd }, { email: 'raj@acme.test' }] }]);
    expect(out.rejected).toEqual([]);
    expect(out.events[0]).toMatchObject({ cc: [{ email: odd }, { email: 'raj@acme.test' }] });
    expect(out.events[0]).not.toHaveProperty('truncated');
  });

  it.each(['x', 'ja\u200bne@acme.test', 'jane\u202e@acme.test'])(
    'keeps a message one of whose copied people has no address it can store (%s): that one is left out and the message marked cut',
    (odd) => {
      const out = validateEvents([{ ...email, cc: [{ email: odd }, { email: 'raj@acme.test' }] }]);
      expect(out.rejected).toEqual([]);
      expect(out.events[0]).toMatchObject({ cc: [{ email: 'raj@acme.test' }], truncated: true });
    },
  );

  it('still refuses what is no single address: spaces, two @, nothing before or after it', () => {
    // … nor one that carries a character changing how text reads or hiding itself.
    for (const bad of ['jane doe@acme.test', 'jane\u0001@acme.test', 'a@b@acme.test', '@acme.test', 'jane@', 'x'.repeat(320) + '@acme.test', 'jane\u202e@acme.test', 'ja\u200bne@acme.test']) {
      expect(validateEvents([{ ...email, from: { email: bad } }]).rejected).toHaveLength(1);
    }
  });

  it('reports each bad event by its index', () => {
    const out = validateEvents([{ ...email, at: -5 }, email, { ...sending, composeId: '' }, null]);
    expect(out.events).toHaveLength(1);
    expect(out.rejected.map((r) => r.slice(0, r.indexOf(':')))).toEqual(['events[0]', 'events[2]', 'events[3]']);
    expect(out.rejected[1]).toContain('composeId');
  });

  it.each([[undefined], [null], [{ events: [] }], ['email']])('input %j that is not a list is rejected as a whole', (input) => {
    expect(validateEvents(input)).toEqual({ events: [], rejected: ['events: expected a list'] });
  });
});

describe('validateContext', () => {
  const ctx = { site: 'gmail', url: 'https://mail.google.com/mail/u/0/#inbox/x', view: 'thread', status: 'ok', threadId: 'thread-f:1', participants: [{ email: 'Jane@Acme.test' }], captured: 3 };

  it('accepts a page context and lower-cases participants', () => {
    expect(validateContext(ctx)).toEqual({ ...ctx, participants: [{ email: 'jane@acme.test' }] });
  });

  it.each<[string, unknown]>([
    ['unknown view', { ...ctx, view: 'inbox' }],
    ['negative count', { ...ctx, captured: -1 }],
    ['bad participant', { ...ctx, participants: [{ email: 'x' }] }],
    ['not an object', 'gmail'],
  ])('an unusable report (%s) becomes "capture paused" for the site, never stale data', (_name, bad) => {
    expect(validateContext(bad, 'gmail', 'https://mail.google.com/mail/u/0/')).toEqual({
      site: 'gmail',
      url: 'https://mail.google.com/mail/u/0/',
      view: 'other',
      status: 'paused',
      pausedReason: 'unusable report',
      pauseMessage: UNUSABLE_CONTEXT,
      participants: [],
      captured: 0,
    });
  });

  it('names the site from the report itself when it can', () => {
    expect(validateContext({ ...ctx, site: 'pipedrive', view: 'nope' }, 'gmail')?.site).toBe('pipedrive');
  });

  it('without any site to name there is nothing to show', () => {
    expect(validateContext('gmail')).toBeUndefined();
  });

  it('cuts an over-long subject in the context instead of refusing it', () => {
    const out = validateContext({ ...ctx, subject: 'x'.repeat(5000) });
    expect(out?.status).toBe('ok');
    expect(out?.subject).toHaveLength(2000);
  });
});

describe('validateEvents: over-long text is cut and marked, never a reason to lose a message', () => {
  it('a 1 MB subject is stored cut to 2,000 characters, marked truncated', () => {
    const out = validateEvents([{ ...email, subject: 's'.repeat(1_000_000) }]);
    expect(out.rejected).toEqual([]);
    const e = out.events[0] as Extract<CaptureEvent, { kind: 'email' }>;
    expect(e.subject).toHaveLength(2000);
    expect(e.subject.endsWith('…')).toBe(true);
    expect(e.truncated).toBe(true);
  });

  it('an over-long name and too many recipients are cut, the event kept', () => {
    const to = Array.from({ length: 650 }, (_, i) => ({ email: `p${i}@acme.test` }));
    const out = validateEvents([{ ...email, from: { email: 'jane@acme.test', name: 'N'.repeat(400) }, to }, { ...deal, name: 'D'.repeat(900) }]);
    expect(out.rejected).toEqual([]);
    const [e, d] = out.events as [Extract<CaptureEvent, { kind: 'email' }>, Extract<CaptureEvent, { kind: 'deal' }>];
    expect(e.from.name).toHaveLength(300);
    expect(e.to).toHaveLength(500);
    expect(e.truncated).toBe(true);
    expect(d.name).toHaveLength(500);
    expect(d.truncated).toBe(true);
  });

  it('an event within its bounds is not marked, even after a cut one in the same batch', () => {
    const out = validateEvents([{ ...email, subject: 's'.repeat(3000) }, email]);
    expect((out.events[0] as { truncated?: boolean }).truncated).toBe(true);
    expect((out.events[1] as { truncated?: boolean }).truncated).toBeUndefined();
  });

  it('an over-long id is still refused: cutting it would make it another message', () => {
    const out = validateEvents([{ ...email, messageId: 'm'.repeat(201) }]);
    expect(out.events).toEqual([]);
    expect(out.rejected[0]).toContain('messageId');
  });
});
