import type { CallStarted, CaptureEvent, DealSeen, EmailSeen, EmailSending, ListRowSeen } from '../../lib/capture/events';
import { trackedWrite } from '../../lib/db/awaiting';
import { ingest, putTouchpoint } from '../../lib/db/ingest';
import { touchpointsOfContactBetween, touchpointsOfDeal } from '../../lib/db/queries';
import type { DealDebriefDB } from '../../lib/db/schema';
import { loadSettings, storeSettings } from '../../lib/db/settings';
import { defaultSettings, type Touchpoint } from '../../lib/model';
import { contactIndexRows, isolateIndexedDB, openTestDatabase } from './helpers/db';

const MIN = 60_000;
const DAY = 86_400_000;
const T = Date.UTC(2026, 10, 3, 14, 0); // Tue 2026-11-03 14:00 UTC

const REP = 'rep@ourco.test';
const JANE = 'jane@mail.acme.co.uk';
const JOE = 'joe@acme.co.uk';
const COLLEAGUE = 'bob@ourco.test';

const mail = (p: Partial<EmailSeen> & { messageId: string }): EmailSeen => ({
  kind: 'email',
  threadId: 'thread-f:1',
  subject: 'Pricing',
  from: { email: JANE, name: 'Jane Doe' },
  to: [{ email: REP, name: 'me' }],
  cc: [],
  at: T,
  expanded: true,
  ...p,
});
const row = (p: Partial<ListRowSeen> = {}): ListRowSeen => ({
  kind: 'list-row',
  threadId: 'thread-f:1',
  subject: 'Pricing',
  participants: [{ email: JANE }],
  latestFrom: { email: JANE, name: 'Jane Doe' },
  at: T,
  unread: true,
  ...p,
});
const sending = (p: Partial<EmailSending> = {}): EmailSending => ({
  kind: 'sending',
  composeId: 'c1',
  threadId: 'thread-f:1',
  subject: 'Re: Pricing',
  to: [{ email: JANE }],
  cc: [],
  bcc: [],
  at: T,
  ...p,
});
/** A HubSpot deal of portal 1: its record URL names the record. */
const dealSeen = (p: Partial<DealSeen> = {}): DealSeen => ({
  kind: 'deal',
  source: 'hubspot',
  crmId: '42',
  name: 'Acme renewal',
  url: `https://app.hubspot.com/contacts/1/deal/${p.crmId ?? '42'}`,
  contacts: [{ email: JANE, name: 'Jane Doe', phones: ['+49 30 12345678'] }],
  ...p,
});
const call = (p: Partial<CallStarted> = {}): CallStarted => ({
  kind: 'call',
  phone: '030 12345678',
  at: T + 2 * 60 * MIN,
  site: 'hubspot',
  url: 'https://app.hubspot.com/contacts/1/deal/42',
  ...p,
});

let db: DealDebriefDB;

beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, { ...defaultSettings('Europe/London'), ownAddresses: [REP], internalDomains: ['ourco.test'] });
});
afterEach(() => db.close());

const all = async () => (await db.touchpoints.orderBy('at').toArray()) as Touchpoint[];
const keys = async () => (await db.touchpoints.orderBy('key').primaryKeys()) as string[];

/** The contact index holds exactly one entry per (touchpoint, contact email), with the touchpoint's time. */
async function expectIndexMirrors(): Promise<void> {
  const order = (r: { email: string; key: string; at: number }) => `${r.key} ${r.email} ${r.at}`;
  const want = (await db.touchpoints.toArray()).flatMap((t) => t.contactEmails.map((email) => ({ email, at: t.at, key: t.key })));
  const got = await contactIndexRows(db);
  expect(got.map(order).sort()).toEqual(want.map(order).sort());
}

describe('emails', () => {
  const batch: CaptureEvent[] = [
    mail({ messageId: 'msg-f:1', at: T }),
    mail({ messageId: 'msg-a:r-2', from: { email: REP, name: 'me' }, to: [{ email: JANE }], at: T + 30 * MIN }),
    mail({ messageId: 'msg-f:3', at: T + 60 * MIN }),
  ];

  it('stores one touchpoint per message, keyed by the Gmail id', async () => {
    const result = await ingest(db, batch, T + DAY);
    expect(result.stored).toBe(3);
    expect(result.keys).toEqual(['gmail:msg-f:1', 'gmail:msg-a:r-2', 'gmail:msg-f:3']);
    expect((await all()).map((t) => [t.key, t.direction, t.provenance, t.contactEmails])).toEqual([
      ['gmail:msg-f:1', 'inbound', 'seen', [JANE]],
      ['gmail:msg-a:r-2', 'outbound', 'seen', [JANE]],
      ['gmail:msg-f:3', 'inbound', 'seen', [JANE]],
    ]);
    await expectIndexMirrors();
  });

  it('is idempotent: the same batch again stores nothing and changes nothing', async () => {
    await ingest(db, batch, T + DAY);
    const before = await all();
    const again = await ingest(db, batch, T + 2 * DAY);
    expect(again.stored).toBe(0);
    expect(again.keys).toEqual(['gmail:msg-f:1', 'gmail:msg-a:r-2', 'gmail:msg-f:3']);
    expect(await all()).toEqual(before);
    expect(await contactIndexRows(db)).toHaveLength(3);
  });

  it('a collapsed view of a message never erases the recipients its expanded view showed', async () => {
    const expanded = mail({ messageId: 'msg-f:1', to: [{ email: REP }], cc: [{ email: JOE, name: 'Joe' }] });
    await ingest(db, [expanded], T + DAY);
    const collapsed = { ...expanded, to: [], cc: [], expanded: false };
    const result = await ingest(db, [collapsed], T + 2 * DAY);
    expect(result.stored).toBe(0);
    const [tp] = await all();
    expect(tp).toMatchObject({ to: [REP], cc: [JOE], contactEmails: [JANE, JOE], updatedAt: T + DAY });
    await expectIndexMirrors();
  });

  it('an expanded view after a collapsed one fills in the recipients', async () => {
    const expanded = mail({ messageId: 'msg-f:1', to: [{ email: REP }], cc: [{ email: JOE }] });
    await ingest(db, [{ ...expanded, to: [], cc: [], expanded: false }], T + DAY);
    expect((await all())[0]).toMatchObject({ to: [], cc: [], contactEmails: [JANE] });
    const result = await ingest(db, [expanded], T + 2 * DAY);
    expect(result.stored).toBe(1);
    expect((await all())[0]).toMatchObject({ to: [REP], cc: [JOE], contactEmails: [JANE, JOE], createdAt: T + DAY, updatedAt: T + 2 * DAY });
    await expectIndexMirrors();
  });

  it('a collapsed message of the rep’s is outbound to the prospects of its thread', async () => {
    await ingest(db, [mail({ messageId: 'msg-f:1', cc: [{ email: JOE }] })], T + DAY);
    await ingest(db, [mail({ messageId: 'msg-a:r-2', from: { email: REP }, to: [], cc: [], expanded: false, at: T + MIN })], T + DAY);
    expect(await db.touchpoints.get('gmail:msg-a:r-2')).toMatchObject({ direction: 'outbound', contactEmails: [JANE, JOE] });
  });

  it.each<[string, EmailSeen, Touchpoint['direction'], string[]]>([
    ['prospect → rep', mail({ messageId: 'm' }), 'inbound', [JANE]],
    ['rep → prospect', mail({ messageId: 'm', from: { email: REP }, to: [{ email: JANE }] }), 'outbound', [JANE]],
    ['detected alias → prospect', mail({ messageId: 'm', from: { email: 'rep.alias@gmail.com' }, to: [{ email: JANE }] }), 'outbound', [JANE]],
    ['colleague → prospect', mail({ messageId: 'm', from: { email: COLLEAGUE }, to: [{ email: JANE }] }), 'outbound', [JANE]],
    ['colleague on an internal subdomain → prospect', mail({ messageId: 'm', from: { email: 'amy@eu.ourco.test' }, to: [{ email: JANE }] }), 'outbound', [JANE]],
    ['colleague → rep', mail({ messageId: 'm', from: { email: COLLEAGUE }, to: [{ email: REP }] }), 'internal', []],
    ['prospect → rep, colleague in cc', mail({ messageId: 'm', cc: [{ email: COLLEAGUE }] }), 'inbound', [JANE]],
    ['newsletter → rep', mail({ messageId: 'm', from: { email: 'newsletter@acme.co.uk' } }), 'internal', []],
    ['prospect → rep, a notifications address in cc', mail({ messageId: 'm', cc: [{ email: 'notifications@acme.co.uk' }] }), 'inbound', [JANE]],
  ])('direction: %s', async (_name, event, direction, prospects) => {
    const s = await loadSettings(db);
    await storeSettings(db, { ...s, detectedAddresses: ['rep.alias@gmail.com'] });
    await ingest(db, [event], T + DAY);
    expect(await db.touchpoints.get(`gmail:${event.messageId}`)).toMatchObject({ direction, contactEmails: prospects });
    // Only prospects become contacts: never the rep, a colleague or a machine sender.
    expect((await db.contacts.toCollection().primaryKeys()).sort()).toEqual([...prospects].sort());
  });

  it('an own-address event applies before the messages of its batch, wherever it sits', async () => {
    const fromNewAddress = mail({ messageId: 'msg-a:r-9', from: { email: 'rep@ourco-sales.test' }, to: [{ email: JANE }] });
    await ingest(db, [fromNewAddress, { kind: 'own-address', email: 'rep@ourco-sales.test' }], T + DAY);
    expect(await db.touchpoints.get('gmail:msg-a:r-9')).toMatchObject({ direction: 'outbound', contactEmails: [JANE] });
    expect((await loadSettings(db)).detectedAddresses).toEqual(['rep@ourco-sales.test']);
    expect(await db.contacts.get('rep@ourco-sales.test')).toBeUndefined();
  });

  it('without the own-address event the same message reads as a prospect writing in', async () => {
    await ingest(db, [mail({ messageId: 'msg-a:r-9', from: { email: 'rep@ourco-sales.test' }, to: [{ email: JANE }] })], T + DAY);
    expect(await db.touchpoints.get('gmail:msg-a:r-9')).toMatchObject({ direction: 'inbound', contactEmails: ['rep@ourco-sales.test', JANE] });
  });

  it('creates contacts with their company domain, name and first/last seen', async () => {
    await ingest(
      db,
      [
        mail({ messageId: 'msg-f:1', at: T, cc: [{ email: 'jo@gmail.com', name: 'Jo' }] }),
        mail({ messageId: 'msg-f:2', at: T + DAY, from: { email: JANE, name: 'me' } }),
      ],
      T + 2 * DAY,
    );
    expect(await db.contacts.get(JANE)).toEqual({ email: JANE, name: 'Jane Doe', domain: 'acme.co.uk', phones: [], firstSeen: T, lastSeen: T + DAY });
    // A free-mail address is a person, not a company: the address itself stands for the domain.
    expect(await db.contacts.get('jo@gmail.com')).toMatchObject({ domain: 'jo@gmail.com', name: 'Jo', firstSeen: T, lastSeen: T });
  });
});

describe('list rows', () => {
  it('keeps a row only when it shows a prospect waiting on the rep', async () => {
    const result = await ingest(db, [row({ latestFrom: { email: REP } }), row({ threadId: 'thread-f:2', latestFrom: { email: 'noreply@acme.co.uk' } }), row({ threadId: 'thread-f:3', latestFrom: undefined })], T + DAY);
    expect(result.stored).toBe(0);
    expect(await db.touchpoints.count()).toBe(0);
  });

  it('stores a prospect’s row as a list-row touchpoint, replaced by the real message (same sender, within 2 min)', async () => {
    const first = await ingest(db, [row()], T + DAY);
    expect(first.stored).toBe(1);
    expect(await all()).toEqual([
      expect.objectContaining({ key: 'gmail-row:thread-f:1', provenance: 'list-row', direction: 'inbound', from: JANE, contactEmails: [JANE], at: T }),
    ]);
    await ingest(db, [mail({ messageId: 'msg-f:77', at: T + 40_000 })], T + DAY);
    expect(await keys()).toEqual(['gmail:msg-f:77']);
    await expectIndexMirrors();
  });

  it.each([
    ['another sender', mail({ messageId: 'msg-f:77', from: { email: JOE }, at: T + 40_000 })],
    ['more than 2 minutes away', mail({ messageId: 'msg-f:77', at: T + 3 * MIN })],
    ['another thread', mail({ messageId: 'msg-f:77', threadId: 'thread-f:2', at: T })],
  ])('keeps the row when the real message has %s', async (_name, message) => {
    await ingest(db, [row()], T + DAY);
    await ingest(db, [message], T + DAY);
    expect(await keys()).toEqual(['gmail-row:thread-f:1', 'gmail:msg-f:77']);
  });

  it('a row seen after its real message stores nothing', async () => {
    await ingest(db, [mail({ messageId: 'msg-f:77', at: T + 30_000 })], T + DAY);
    const result = await ingest(db, [row()], T + DAY);
    expect(result.stored).toBe(0);
    expect(await keys()).toEqual(['gmail:msg-f:77']);
  });

  it('a row with the legacy hex id gets exactly the key of the real msg-f:<decimal> message', async () => {
    // gmail.js README: legacy 15f1123136926bff is msg-f:1581064946762017791.
    await ingest(db, [row({ lastMessageId: '15f1123136926bff' })], T + DAY);
    expect(await keys()).toEqual(['gmail:msg-f:1581064946762017791']);
    expect((await all())[0]?.provenance).toBe('list-row');
    const result = await ingest(db, [mail({ messageId: 'msg-f:1581064946762017791', at: T + 20_000, cc: [{ email: JOE }] })], T + DAY);
    expect(result.stored).toBe(1);
    expect(await all()).toEqual([expect.objectContaining({ key: 'gmail:msg-f:1581064946762017791', provenance: 'seen', at: T + 20_000, cc: [JOE] })]);
    // Seeing the row again does not downgrade the real message.
    expect((await ingest(db, [row({ lastMessageId: '15f1123136926bff' })], T + DAY)).stored).toBe(0);
    expect((await all())[0]?.provenance).toBe('seen');
    await expectIndexMirrors();
  });
});

describe('batch order', () => {
  it('a collapsed message of the rep gets the prospects of the whole batch, so a second pass stores nothing', async () => {
    const batch = [
      // Collapsed: sender and date only, listed before the message that shows Joe in cc.
      mail({ messageId: 'msg-a:r-1', from: { email: REP }, to: [], cc: [], expanded: false, at: T }),
      mail({ messageId: 'msg-f:2', at: T + MIN, cc: [{ email: JOE }] }),
    ];
    await ingest(db, batch, T + DAY);
    expect((await db.touchpoints.get('gmail:msg-a:r-1'))?.contactEmails.sort()).toEqual([JANE, JOE].sort());
    expect((await ingest(db, batch, T + DAY)).stored).toBe(0);
  });

  it('a call between a collapsed message of the rep and the message it takes its prospects from stores both', async () => {
    // A tel: link clicked in the conversation: the call splits the batch, and the message before
    // the collapsed reply is read in the run after it.
    const batch = [
      mail({ messageId: 'msg-a:r-2', from: { email: REP }, to: [], cc: [], expanded: false, at: T + 10 * MIN }),
      call({ site: 'gmail', url: 'https://mail.google.com/mail/u/0/#inbox/FMfcgz1', at: T + 15 * MIN }),
      mail({ messageId: 'msg-f:1', at: T }),
    ];
    await ingest(db, batch, T + DAY);
    expect((await db.touchpoints.get('gmail:msg-a:r-2'))?.contactEmails).toEqual([JANE]);
    expect(await db.touchpoints.get('gmail:msg-f:1')).toBeDefined();
  });
});

describe('sending', () => {
  it('records a provisional outbound touchpoint from the rep', async () => {
    const result = await ingest(db, [sending({ cc: [{ email: COLLEAGUE }], bcc: [{ email: JOE }] })], T + DAY);
    expect(result).toMatchObject({ stored: 1, keys: ['gmail-send:c1'] });
    expect(await db.touchpoints.get('gmail-send:c1')).toMatchObject({
      direction: 'outbound',
      provenance: 'sending',
      from: REP,
      to: [JANE],
      contactEmails: [JANE, JOE],
      threadId: 'thread-f:1',
      at: T,
    });
    await expectIndexMirrors();
  });

  it('a send to colleagues only is internal', async () => {
    await ingest(db, [sending({ to: [{ email: COLLEAGUE }] })], T + DAY);
    expect(await db.touchpoints.get('gmail-send:c1')).toMatchObject({ direction: 'internal', contactEmails: [] });
  });

  it.each([
    ['3 minutes later', 3 * MIN],
    ['15 minutes later', 15 * MIN],
    ['a minute earlier (clock skew)', -MIN],
  ])('is deleted when the real msg-a message of the thread arrives %s', async (_name, offset) => {
    await ingest(db, [sending()], T + DAY);
    await ingest(db, [mail({ messageId: 'msg-a:r-5', from: { email: REP }, to: [{ email: JANE }], at: T + offset })], T + DAY);
    expect(await keys()).toEqual(['gmail:msg-a:r-5']);
    await expectIndexMirrors();
  });

  it.each([
    ['more than 15 minutes later', mail({ messageId: 'msg-a:r-5', from: { email: REP }, to: [{ email: JANE }], at: T + 16 * MIN })],
    ['in another thread', mail({ messageId: 'msg-a:r-5', threadId: 'thread-f:2', from: { email: REP }, to: [{ email: JANE }], at: T + MIN })],
    ['and it is the prospect’s reply', mail({ messageId: 'msg-f:5', at: T + MIN })],
  ])('is kept when a message arrives %s', async (_name, message) => {
    await ingest(db, [sending()], T + DAY);
    await ingest(db, [message], T + DAY);
    expect(await keys()).toContain('gmail-send:c1');
  });

  it('a sending event after the real message is already stored does nothing', async () => {
    await ingest(db, [mail({ messageId: 'msg-a:r-5', from: { email: REP }, to: [{ email: JANE }], at: T })], T + DAY);
    const result = await ingest(db, [sending({ at: T + MIN })], T + DAY);
    expect(result.stored).toBe(0);
    expect(await keys()).toEqual(['gmail:msg-a:r-5']);
  });

  // Regression: a brand-new compose has no thread id yet (parseCompose emits neither threadId
  // nor legacyThreadId; see tests/fixtures/gmail/compose-new-2026-11). The merge used to search
  // only the message's own thread, so every first outreach email was counted twice.
  it('a send from a new compose (no thread yet) is merged when its real message is seen', async () => {
    await ingest(db, [sending({ threadId: undefined, subject: 'Intro' })], T + DAY);
    await ingest(db, [mail({ messageId: 'msg-a:r-5', threadId: 'thread-a:r-9', legacyThreadId: '18f00aa', subject: 'Intro', from: { email: REP }, to: [{ email: JANE }], at: T + 20_000 })], T + DAY);
    expect(await keys()).toEqual(['gmail:msg-a:r-5']);
  });

  // Regression: the outbox re-sends a batch whose acknowledgement was lost; a repeated `sending`
  // event used to be written again and reported as stored (a needless refresh).
  it('the same sending event delivered twice stores nothing the second time', async () => {
    await ingest(db, [sending()], T + DAY);
    const before = await all();
    const again = await ingest(db, [sending()], T + DAY + 1000);
    expect(again.stored).toBe(0);
    expect(await all()).toEqual(before);
  });

  it('a second reply minutes later keeps its own send record until its own message is seen', async () => {
    await ingest(db, [mail({ messageId: 'msg-a:r-5', from: { email: REP }, to: [{ email: JANE }], at: T })], T + DAY);
    await ingest(db, [sending({ composeId: 'c2', at: T + 10 * MIN })], T + DAY);
    expect(await keys()).toEqual(['gmail-send:c2', 'gmail:msg-a:r-5']);
    await ingest(db, [mail({ messageId: 'msg-a:r-6', from: { email: REP }, to: [{ email: JANE }], at: T + 10 * MIN + 5000 })], T + DAY);
    expect(await keys()).toEqual(['gmail:msg-a:r-5', 'gmail:msg-a:r-6']);
  });

  it('a send known only by its legacy thread id is merged when the message shows its permanent thread id', async () => {
    await ingest(db, [sending({ threadId: undefined, legacyThreadId: '18f00aa' })], T + DAY);
    expect((await db.touchpoints.get('gmail-send:c1'))?.threadId).toBe('legacy:18f00aa');
    await ingest(db, [mail({ messageId: 'msg-a:r-5', threadId: 'thread-a:r-1', legacyThreadId: '18f00aa', from: { email: REP }, to: [{ email: JANE }], at: T + MIN })], T + DAY);
    expect(await keys()).toEqual(['gmail:msg-a:r-5']);
    await expectIndexMirrors();
  });
});

describe('deals', () => {
  it('creates the deal under hubspot:<portal>:<id>, upserts contacts with phones, links earlier touchpoints and lowers openedAt', async () => {
    await ingest(db, [mail({ messageId: 'msg-f:1', at: T - 10 * DAY }), mail({ messageId: 'msg-f:2', at: T - 3 * DAY })], T - 3 * DAY);
    // A touchpoint of Jane's already linked to another deal stays there, and does not move openedAt.
    await trackedWrite(db, [], () => putTouchpoint(db, {
      key: 'manual:x',
      channel: 'call',
      direction: 'outbound',
      at: T - 20 * DAY,
      contactEmails: [JANE],
      to: [],
      cc: [],
      dealId: 'pipedrive:7',
      capturedFrom: 'manual',
      provenance: 'manual',
      createdAt: T,
      updatedAt: T,
    }));
    const result = await ingest(db, [dealSeen({ contacts: [{ email: 'Jane@Mail.Acme.co.uk', name: 'Jane D.', phones: ['+49 30 12345678'] }, { name: 'No address', phones: ['555'] }] })], T);
    expect(result.deals).toEqual(['hubspot:1:42']);
    expect(await db.deals.get('hubspot:1:42')).toMatchObject({
      id: 'hubspot:1:42',
      source: 'hubspot',
      name: 'Acme renewal',
      status: 'open',
      contactEmails: [JANE],
      threadIds: [],
      url: 'https://app.hubspot.com/contacts/1/deal/42',
      openedAt: T - 10 * DAY,
      updatedAt: T,
    });
    expect(await db.contacts.get(JANE)).toMatchObject({ name: 'Jane D.', phones: ['+49 30 12345678'], firstSeen: T - 10 * DAY, lastSeen: T });
    expect(await db.contacts.count()).toBe(1);
    const linked = Object.fromEntries((await db.touchpoints.toArray()).map((t) => [t.key, t.dealId]));
    expect(linked).toEqual({ 'gmail:msg-f:1': 'hubspot:1:42', 'gmail:msg-f:2': 'hubspot:1:42', 'manual:x': 'pipedrive:7' });
  });

  it('a deal with no earlier touchpoints opens when first seen', async () => {
    await ingest(db, [dealSeen()], T);
    expect((await db.deals.get('hubspot:1:42'))?.openedAt).toBe(T);
  });

  it('re-reading the deal page keeps what the rep edited and takes the CRM’s fields', async () => {
    await ingest(db, [dealSeen({ stage: 'Qualified' })], T);
    await db.deals.update('hubspot:1:42', { status: 'lost', leadSource: 'Referral', contractTermMonths: 24, closedAt: T + 60 * MIN, threadIds: ['thread-f:1'] });
    await ingest(db, [dealSeen({ name: 'Acme renewal 2027', stage: 'Proposal', amount: 48_000, currency: 'EUR', contacts: [{ email: JOE, phones: [] }] })], T + DAY);
    expect(await db.deals.get('hubspot:1:42')).toMatchObject({
      status: 'lost',
      leadSource: 'Referral',
      contractTermMonths: 24,
      closedAt: T + 60 * MIN,
      threadIds: ['thread-f:1'],
      name: 'Acme renewal 2027',
      stage: 'Proposal',
      amount: 48_000,
      currency: 'EUR',
      contactEmails: [JANE, JOE],
      openedAt: T,
      updatedAt: T + DAY,
    });
  });

  it('later messages of a deal’s contact are linked to it', async () => {
    await ingest(db, [dealSeen()], T);
    await ingest(db, [mail({ messageId: 'msg-f:9', at: T + DAY })], T + DAY);
    expect((await db.touchpoints.get('gmail:msg-f:9'))?.dealId).toBe('hubspot:1:42');
  });
});

describe("a contact's phone numbers are bounded", () => {
  const numbers = (from: number, n: number) => Array.from({ length: n }, (_, i) => `+1 415 555 ${String(from + i).padStart(4, '0')}`);

  it('keeps the 20 seen last, once each, however many deal pages and calls name them', async () => {
    // Three visits to deal pages (of any company's CRM) that each name Jane with 10 numbers.
    for (let visit = 0; visit < 3; visit++) {
      await ingest(db, [dealSeen({ crmId: String(40 + visit), contacts: [{ email: JANE, phones: numbers(visit * 10, 10) }] })], T + visit * MIN);
    }
    expect((await db.contacts.get(JANE))?.phones).toEqual(numbers(10, 20));
    // A call to a number of hers already known adds nothing.
    await ingest(db, [call({ phone: numbers(29, 1)[0]!, at: T + DAY })], T + DAY);
    expect((await db.contacts.get(JANE))?.phones).toEqual(numbers(10, 20));
  });

  it('keeps a number seen again in this visit over numbers not seen since', async () => {
    await ingest(db, [dealSeen({ contacts: [{ email: JANE, phones: numbers(0, 20) }] })], T);
    await ingest(db, [dealSeen({ contacts: [{ email: JANE, phones: [numbers(0, 1)[0]!, numbers(20, 1)[0]!] }] })], T + MIN);
    const phones = (await db.contacts.get(JANE))?.phones;
    expect(phones).toHaveLength(20);
    expect(phones).toContain(numbers(0, 1)[0]);
    expect(phones).toContain(numbers(20, 1)[0]);
    expect(phones).not.toContain(numbers(1, 1)[0]);
  });

  it('holds in one batch too', async () => {
    const events = [0, 1, 2].map((visit) => dealSeen({ crmId: String(40 + visit), contacts: [{ email: JANE, phones: numbers(visit * 10, 10) }] }));
    await ingest(db, events, T);
    expect((await db.contacts.get(JANE))?.phones).toEqual(numbers(10, 20));
  });
});

describe('calls', () => {
  it.each<[string, string, string, boolean]>([
    ['international stored, national dialled (DE)', '+49 30 12345678', '030 12345678', true],
    ['national stored, international dialled (DE)', '030 12345678', '+49 (30) 1234-5678', true],
    ['US formats', '+1 (415) 555-0134', '415.555.0134', true],
    ['another number', '+49 30 12345678', '+49 30 87654321', false],
    ['too short to match safely', '112', '112', false],
  ])('%s', async (_name, stored, dialled, matches) => {
    await ingest(db, [dealSeen({ contacts: [{ email: JANE, phones: [stored] }] })], T);
    const result = await ingest(db, [call({ phone: dialled })], T + DAY);
    expect(result.stored).toBe(1);
    const [tp] = await touchpointsOfDeal(db, 'hubspot:1:42');
    if (matches) {
      expect(tp).toMatchObject({ channel: 'call', direction: 'outbound', contactEmails: [JANE], dealId: 'hubspot:1:42', subject: `Call ${dialled}`, capturedFrom: 'hubspot', provenance: 'seen' });
      expect((await db.contacts.get(JANE))?.phones).toEqual([stored, dialled]);
    } else {
      expect(tp).toBeUndefined();
      const calls = await db.touchpoints.toArray();
      expect(calls).toEqual([expect.objectContaining({ channel: 'call', contactEmails: [] })]);
      expect((await db.contacts.get(JANE))?.phones).toEqual([stored]);
    }
  });

  it('the deal open on the page wins, and the same click twice is one call', async () => {
    await ingest(db, [dealSeen()], T);
    const first = await ingest(db, [call({ dealId: 'salesforce:006A' })], T + DAY);
    const again = await ingest(db, [call({ dealId: 'salesforce:006A', at: call().at + 30_000 })], T + DAY);
    expect([first.stored, again.stored]).toEqual([1, 0]);
    expect((await db.touchpoints.toArray()).map((t) => t.dealId)).toEqual(['salesforce:006A']);
  });

  it('a page showing one address makes that address the contact', async () => {
    await ingest(db, [call({ phone: '+44 20 7946 0958', pageEmails: ['cfo@initech.test'], site: 'custom' })], T);
    expect(await db.contacts.get('cfo@initech.test')).toMatchObject({ phones: ['+44 20 7946 0958'], domain: 'initech.test' });
    expect((await db.touchpoints.toArray())[0]?.contactEmails).toEqual(['cfo@initech.test']);
  });
});

describe('the contact index', () => {
  it('mirrors each touchpoint’s contacts, so a timeline is one key range', async () => {
    await ingest(db, [dealSeen()], T - DAY);
    await ingest(
      db,
      [
        mail({ messageId: 'msg-f:3', at: T + 2 * 60 * MIN, cc: [{ email: JOE }] }),
        mail({ messageId: 'msg-f:1', at: T }),
        mail({ messageId: 'msg-a:r-2', from: { email: REP }, to: [{ email: JANE }], at: T + 60 * MIN }),
        call({ at: T + 3 * 60 * MIN }),
      ],
      T + DAY,
    );
    await expectIndexMirrors();
    const timeline = async (email: string) => (await touchpointsOfContactBetween(db, email)).map((r) => r.key);
    const callKey = (await db.touchpoints.filter((t) => t.channel === 'call').first())?.key;
    expect(await timeline(JANE)).toEqual(['gmail:msg-f:1', 'gmail:msg-a:r-2', 'gmail:msg-f:3', callKey]);
    expect(await timeline(JOE)).toEqual(['gmail:msg-f:3']);
  });
});

describe('review fixes: what capture stores stays true', () => {
  const ANNA = 'anna@globex.test';
  const BOB = 'bob@globex.test';
  const contactsOf = async (key: string) => (await db.touchpoints.get(key))?.contactEmails;
  const touchRows = async (key: string) => (await contactIndexRows(db)).filter((r) => r.key === key).map((r) => r.email).sort();

  it("a collapsed reply's guessed contacts are replaced by its real recipients once seen expanded", async () => {
    // Bob writes to the rep with Anna in cc; the rep answers Anna only.
    await ingest(db, [mail({ messageId: 'msg-f:1', threadId: 'thread-f:9', from: { email: BOB }, to: [{ email: REP }], cc: [{ email: ANNA }], at: T })], T + DAY);
    await ingest(db, [mail({ messageId: 'msg-a:r-2', threadId: 'thread-f:9', from: { email: REP }, to: [], cc: [], expanded: false, at: T + 60 * MIN })], T + DAY);
    expect((await contactsOf('gmail:msg-a:r-2'))?.sort()).toEqual([ANNA, BOB].sort()); // a guess from the message before
    await ingest(db, [mail({ messageId: 'msg-a:r-2', threadId: 'thread-f:9', from: { email: REP }, to: [{ email: ANNA }], at: T + 60 * MIN })], T + DAY);
    expect(await contactsOf('gmail:msg-a:r-2')).toEqual([ANNA]);
    expect(await touchRows('gmail:msg-a:r-2')).toEqual([ANNA]);
    // Seen collapsed again: the expanded view's recipients stand.
    await ingest(db, [mail({ messageId: 'msg-a:r-2', threadId: 'thread-f:9', from: { email: REP }, to: [], cc: [], expanded: false, at: T + 60 * MIN })], T + DAY);
    expect(await contactsOf('gmail:msg-a:r-2')).toEqual([ANNA]);
  });

  it('a new email recorded at Send merges with its message even when the thread first shows it collapsed', async () => {
    await ingest(db, [sending({ composeId: 'new1', threadId: undefined, subject: 'Intro', to: [{ email: ANNA }] })], T + DAY);
    await ingest(
      db,
      [
        mail({ messageId: 'msg-a:r-7', threadId: 'thread-a:r-7', subject: 'Intro', from: { email: REP }, to: [], cc: [], expanded: false, at: T + 10_000 }),
        mail({ messageId: 'msg-f:8', threadId: 'thread-a:r-7', subject: 'Re: Intro', from: { email: ANNA }, to: [{ email: REP }], at: T + 30 * MIN }),
      ],
      T + DAY,
    );
    const keys = (await db.touchpoints.toArray()).map((t) => t.key).sort();
    expect(keys).toEqual(['gmail:msg-a:r-7', 'gmail:msg-f:8']);
  });

  it('Undo on the "Message sent" bar removes the send recorded at the click, and only that', async () => {
    await ingest(db, [sending({ composeId: 'c9' })], T + DAY);
    await ingest(db, [mail({ messageId: 'msg-f:3', at: T - MIN })], T + DAY);
    const result = await ingest(db, [{ kind: 'send-undone', composeId: 'c9' }], T + DAY);
    expect(result.stored).toBe(1);
    expect((await db.touchpoints.toArray()).map((t) => t.key)).toEqual(['gmail:msg-f:3']);
    expect((await contactIndexRows(db)).filter((r) => r.key === 'gmail-send:c9')).toEqual([]);
    expect((await ingest(db, [{ kind: 'send-undone', composeId: 'c9' }], T + DAY)).stored).toBe(0);
  });

  it('mail after a deal was lost does not join the lost deal; it waits for the next open one', async () => {
    await ingest(db, [dealSeen()], T);
    await db.deals.update('hubspot:1:42', { status: 'lost', closedAt: T + DAY });
    await ingest(db, [mail({ messageId: 'msg-f:20', at: T + 2 * DAY })], T + 2 * DAY);
    expect((await db.touchpoints.get('gmail:msg-f:20'))?.dealId).toBeUndefined();
    await ingest(db, [dealSeen({ crmId: '43', name: 'Acme renewal, second try' })], T + 3 * DAY);
    expect((await db.touchpoints.get('gmail:msg-f:20'))?.dealId).toBe('hubspot:1:43');
    expect((await db.deals.get('hubspot:1:43'))?.openedAt).toBe(T + 2 * DAY);
  });

  it("links a contact's earlier mail only inside the deal's life: not before 180 days, not before the previous deal's close", async () => {
    await ingest(db, [mail({ messageId: 'msg-f:old', at: T - 200 * DAY }), mail({ messageId: 'msg-f:recent', at: T - 100 * DAY })], T);
    await ingest(db, [dealSeen()], T);
    expect((await db.touchpoints.get('gmail:msg-f:old'))?.dealId).toBeUndefined();
    expect((await db.touchpoints.get('gmail:msg-f:recent'))?.dealId).toBe('hubspot:1:42');
    // Seeing the deal again does not reach further back.
    await ingest(db, [dealSeen()], T + DAY);
    expect((await db.touchpoints.get('gmail:msg-f:old'))?.dealId).toBeUndefined();
    expect((await db.deals.get('hubspot:1:42'))?.openedAt).toBe(T - 100 * DAY);
  });

  it('a newly detected own address reclassifies stored mail: the alias is the rep, not a prospect', async () => {
    const ALIAS = 'sales@ourco-mail.test';
    await ingest(db, [mail({ messageId: 'msg-a:r-30', from: { email: ALIAS }, to: [{ email: JANE }], at: T })], T);
    expect((await db.touchpoints.get('gmail:msg-a:r-30'))?.direction).toBe('inbound');
    await ingest(db, [{ kind: 'own-address', email: ALIAS }], T);
    const t = await db.touchpoints.get('gmail:msg-a:r-30');
    expect(t).toMatchObject({ direction: 'outbound', contactEmails: [JANE] });
    expect(await touchRows('gmail:msg-a:r-30')).toEqual([JANE]);
  });
});

describe('colleagues are internal by default', () => {
  beforeEach(async () => {
    // A fresh install: no internal domain typed yet.
    await storeSettings(db, { ...defaultSettings('Europe/London') });
  });

  it('the company domain of the detected address becomes internal: a colleague-only thread has no prospect', async () => {
    const colleagueMail = mail({ messageId: 'msg-f:c1', from: { email: 'kim@eu.globex-sales.test', name: 'Kim' }, to: [{ email: 'rep@globex-sales.test' }], at: T });
    await ingest(db, [{ kind: 'own-address', email: 'rep@globex-sales.test' }, colleagueMail], T);
    expect((await loadSettings(db)).internalDomains).toEqual(['globex-sales.test']);
    expect(await db.touchpoints.get('gmail:msg-f:c1')).toMatchObject({ direction: 'internal', contactEmails: [] });
    expect(await db.contacts.count()).toBe(0);
  });

  it('mail stored before the address was detected is classified again', async () => {
    await ingest(db, [mail({ messageId: 'msg-f:c2', from: { email: 'kim@globex-sales.test' }, to: [{ email: 'rep@globex-sales.test' }], at: T })], T);
    expect((await db.touchpoints.get('gmail:msg-f:c2'))?.direction).toBe('inbound');
    await ingest(db, [{ kind: 'own-address', email: 'rep@globex-sales.test' }], T);
    expect(await db.touchpoints.get('gmail:msg-f:c2')).toMatchObject({ direction: 'internal', contactEmails: [] });
  });

  it('a public mail domain is nobody\'s company: gmail.com stays external', async () => {
    await ingest(db, [{ kind: 'own-address', email: 'rep.solo@gmail.com' }, mail({ messageId: 'msg-f:g1', from: { email: 'pat@gmail.com' }, to: [{ email: 'rep.solo@gmail.com' }], at: T })], T);
    expect((await loadSettings(db)).internalDomains).toEqual([]);
    expect(await db.touchpoints.get('gmail:msg-f:g1')).toMatchObject({ direction: 'inbound', contactEmails: ['pat@gmail.com'] });
  });

  it('a domain the rep removed is not added back when the same address is seen again', async () => {
    await ingest(db, [{ kind: 'own-address', email: 'rep@globex-sales.test' }], T);
    await storeSettings(db, { ...(await loadSettings(db)), internalDomains: [] });
    await ingest(db, [{ kind: 'own-address', email: 'rep@globex-sales.test' }], T + DAY);
    expect((await loadSettings(db)).internalDomains).toEqual([]);
  });
});

describe('"no reply needed" survives capture', () => {
  it('seeing the message again keeps the mark; a mark made on the inbox row carries to the message', async () => {
    await ingest(db, [mail({ messageId: 'msg-f:n1', at: T })], T);
    const t = (await db.touchpoints.get('gmail:msg-f:n1'))!;
    await db.touchpoints.put({ ...t, noReplyNeeded: true });
    await ingest(db, [mail({ messageId: 'msg-f:n1', at: T, subject: 'Changed subject' })], T + DAY);
    expect(await db.touchpoints.get('gmail:msg-f:n1')).toMatchObject({ noReplyNeeded: true, subject: 'Changed subject' });
  });
});

describe('deals belong to one tenant', () => {
  const pipedrive = (host: string, p: Partial<DealSeen> = {}): DealSeen => ({
    kind: 'deal',
    source: 'pipedrive',
    crmId: '42',
    name: 'Acme renewal',
    amount: 48_000,
    currency: 'EUR',
    url: `https://${host}/deal/42`,
    contacts: [{ email: JANE, name: 'Jane Doe', phones: ['+49 30 12345678'] }],
    ...p,
  });

  it('the same deal number on another Pipedrive company is another record: the rep’s deal is untouched', async () => {
    await ingest(db, [pipedrive('acme.pipedrive.com')], T);
    const before = await db.deals.get('pipedrive:acme:42');
    expect(before).toMatchObject({ name: 'Acme renewal', amount: 48_000, url: 'https://acme.pipedrive.com/deal/42', contactEmails: [JANE] });
    const result = await ingest(db, [pipedrive('evil.pipedrive.com', { name: 'Pwned', amount: 1, contacts: [{ email: 'attacker@evil.test', phones: [] }] })], T + DAY);
    expect(result.deals).toEqual(['pipedrive:evil:42']);
    expect(await db.deals.get('pipedrive:acme:42')).toEqual(before);
    expect((await db.deals.orderBy('id').primaryKeys()).sort()).toEqual(['pipedrive:acme:42', 'pipedrive:evil:42']);
  });

  it.each([
    ['HubSpot portals', 'hubspot', 'https://app.hubspot.com/contacts/4411/record/0-3/9001', 'https://app.hubspot.com/contacts/5522/record/0-3/9001', 'hubspot:4411:9001', 'hubspot:5522:9001'],
    [
      'Salesforce orgs',
      'salesforce',
      'https://acme.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view',
      'https://evil.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view',
      'salesforce:acme:0065g00000AbCdEAAZ',
      'salesforce:evil:0065g00000AbCdEAAZ',
    ],
  ] as const)('%s keep their records apart', async (_name, source, urlA, urlB, keyA, keyB) => {
    const crmId = urlA.split('/').filter((p) => /^\d|^006/.test(p)).pop()!;
    await ingest(db, [dealSeen({ source, crmId, url: urlA })], T);
    await ingest(db, [dealSeen({ source, crmId, url: urlB, name: 'Other tenant' })], T + DAY);
    expect((await db.deals.orderBy('id').primaryKeys()).sort()).toEqual([keyA, keyB].sort());
    expect(await db.deals.get(keyA)).toMatchObject({ name: 'Acme renewal', url: urlA });
  });

  it('a stored record’s address never moves to another origin', async () => {
    // The same portal's record under a regional host: same key, another origin — refused whole.
    await ingest(db, [dealSeen({ crmId: '42', url: 'https://app.hubspot.com/contacts/1/record/0-3/42' })], T);
    const before = await db.deals.get('hubspot:1:42');
    const result = await ingest(db, [dealSeen({ crmId: '42', name: 'Moved', url: 'https://app-eu1.hubspot.com/contacts/1/record/0-3/42' })], T + DAY);
    expect(result.deals).toEqual([]);
    expect(result.refused).toEqual(['deal: hubspot:1:42 belongs to https://app.hubspot.com, not https://app-eu1.hubspot.com']);
    expect(await db.deals.get('hubspot:1:42')).toEqual(before);
    // The same origin may move the address (another tab of the record).
    await ingest(db, [dealSeen({ crmId: '42', url: 'https://app.hubspot.com/contacts/1/deal/42' })], T + DAY);
    expect((await db.deals.get('hubspot:1:42'))?.url).toBe('https://app.hubspot.com/contacts/1/deal/42');
  });

  it.each([
    ['an id that is not the URL’s', { crmId: '43', url: 'https://app.hubspot.com/contacts/1/deal/42' }],
    ['a URL of another CRM', { url: 'https://acme.pipedrive.com/deal/42' }],
    ['a URL that is no deal record', { url: 'https://app.hubspot.com/contacts/1/record/0-1/42' }],
    ['a URL on another port', { url: 'https://app.hubspot.com:8443/contacts/1/deal/42' }],
  ])('a deal event with %s is refused and says so', async (_name, patch) => {
    const result = await ingest(db, [dealSeen(patch)], T);
    expect(result.deals).toEqual([]);
    expect(result.refused).toHaveLength(1);
    expect(result.refused[0]).toMatch(/^deal: .* is not the record hubspot 4[23]$/);
    expect(await db.deals.count()).toBe(0);
  });
});
