/**
 * Held capture at its edges (an Undo in the same batch, the never-capture list and a contact's
 * number), and deal edits arriving over Chrome's messaging, where a cleared field is null.
 */
import { createApi, createStorageHealth, type Effects } from '../../lib/background/api';
import { retryHeldCapture } from '../../lib/background/held';
import type { PageContext } from '../../lib/capture/events';
import { failWrites } from '../../lib/db/health';
import { readHeld } from '../../lib/db/held';
import { openDatabase, type DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { reengageId } from '../../lib/followups/rules';
import { sendingKey } from '../../lib/keys';
import { defaultSettings, type Deal } from '../../lib/model';
import { quietEffects } from './helpers/effects';
import { isolateIndexedDB, uniqueDbName } from './helpers/db';

const NOW = Date.parse('2026-03-02T15:00:00Z');
const GMAIL = 'https://mail.google.com/mail/u/0/#inbox/a';
const HUBSPOT = 'https://app.hubspot.com/contacts/1/deal/42';
const DEFECT_SUBJECT = 'trips a defect';
const DEFECT_PHONE = '+1 415 555 0199';
const thread: PageContext = { site: 'gmail', url: GMAIL, view: 'thread', status: 'ok', threadId: 'thread-f:1', participants: [], captured: 3 };
const dealPage = { site: 'hubspot', url: HUBSPOT, view: 'deal', status: 'ok', dealId: 'hubspot:1:42', participants: [], captured: 1 } as PageContext;
const mail = (id: string, subject = 'Pricing', from = 'jane@acme.test', threadId = 'thread-f:1', at = NOW - 3_600_000) => ({
  kind: 'email', messageId: id, threadId, subject, from: { email: from }, to: [{ email: 'rep@ourco.test' }], cc: [], at, expanded: true,
});
const call = (phone: string, extra: Record<string, unknown> = {}) => ({ kind: 'call', phone, at: NOW - 60_000, site: 'hubspot', url: HUBSPOT, ...extra });
/** Chrome's runtime messaging carries JSON: a key whose value is undefined does not arrive. */
const overMessaging = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

describe('held capture: undone sends, the never-capture list, forgotten numbers', () => {
  let db: DealDebriefDB;
  let defect: boolean;
  const contexts = new Map<number, PageContext>();
  let api: ReturnType<typeof createApi>;
  const clock = { now: () => NOW };

  beforeEach(async () => {
    isolateIndexedDB();
    defect = true;
    contexts.clear();
    db = openDatabase(uniqueDbName());
    failWrites(db, 'injected-defect', (table, values) =>
      defect && table === 'touchpoints' && values?.some((v) => [DEFECT_SUBJECT, `Call ${DEFECT_PHONE}`].includes((v as { subject?: string } | undefined)?.subject ?? ''))
        ? new TypeError("Cannot read properties of undefined (reading 'at')")
        : undefined,
    );
    await db.open();
    await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
    const effects: Effects = quietEffects({ setTabContext: async (tabId, ctx) => void contexts.set(tabId, ctx), getTabContext: async (tabId) => contexts.get(tabId), held: true });
    api = createApi(db, clock, effects, Math.random, createStorageHealth());
  });
  afterEach(() => db.close());

  it('a send and its Undo that reach the background in one batch: the undone send is never stored later', async () => {
    // Jane wrote; the rep owes her a reply.
    await api.capture({ events: [mail('msg-f:0', 'Question', 'jane@acme.test', 'thread-f:9', NOW - 7_200_000)] } as never, { tabId: 7, url: GMAIL });
    expect(((await db.awaiting.get('jane@acme.test')) as { open?: unknown } | undefined)?.open).toBeTruthy();
    // Send clicked, then Undo: both wait in the page's outbox behind a request in flight or a
    // back-off, and go in one batch. The send fails alone (a defect) and is kept.
    const sending = { kind: 'sending', composeId: 'c-1', threadId: 'thread-f:9', subject: DEFECT_SUBJECT, to: [{ email: 'jane@acme.test' }], cc: [], bcc: [], at: NOW - 30_000 };
    // Another message of the batch fails too, so the batch is split and the send lands in another
    // part than its Undo (a defect that throws while the send itself is processed needs no second event).
    await api.capture({ events: [mail('msg-f:1', 'One', 'bob@globex.test'), sending, mail('msg-f:2', DEFECT_SUBJECT, 'bob@globex.test'), { kind: 'send-undone', composeId: 'c-1' }], context: thread } as never, { tabId: 7, url: GMAIL });
    expect((await readHeld(db)).map((h) => h.event.kind)).toEqual(['email']);
    defect = false;
    await retryHeldCapture(db, clock);
    expect(await db.touchpoints.get(sendingKey('c-1'))).toBeUndefined();
    expect(((await db.awaiting.get('jane@acme.test')) as { open?: unknown } | undefined)?.open).toBeTruthy();
  });

  it('a kept call to a contact the rep then puts on the never-capture list is not stored at the next start', async () => {
    // Jane is a known contact; two calls to her from the deal page, one stored, one kept.
    await api.capture({ events: [mail('msg-f:0', 'Question', 'jane@acme.test')] } as never, { tabId: 7, url: GMAIL });
    contexts.set(8, dealPage);
    await api.capture({ events: [call('+1 415 555 0100', { contactEmail: 'jane@acme.test' }), call(DEFECT_PHONE, { contactEmail: 'jane@acme.test' })] } as never, { tabId: 8, url: HUBSPOT });
    expect(await readHeld(db)).toHaveLength(1);
    await api.addNeverCapture({ entry: 'jane@acme.test' });
    // The stored call to her went with the rest of her data...
    expect((await db.touchpoints.toArray()).map((t) => t.subject)).toEqual([]);
    // ...but the kept one stays, and the next start stores it.
    defect = false;
    await retryHeldCapture(db, clock);
    expect((await db.touchpoints.toArray()).map((t) => t.subject)).toEqual([]);
  });

  it("forgetting a contact forgets a kept call to their number (a stored one goes: its only contact was them)", async () => {
    // The CRM deal page names Jane with her phone; the rep calls that number from the page.
    contexts.set(8, dealPage);
    const dealEvent = { kind: 'deal', source: 'hubspot', crmId: '42', name: 'Acme', url: HUBSPOT, contacts: [{ email: 'jane@acme.test', phones: [DEFECT_PHONE, '+1 415 555 0100'] }] };
    await api.capture({ events: [dealEvent, call('+1 415 555 0100'), call(DEFECT_PHONE)], context: dealPage } as never, { tabId: 8, url: HUBSPOT });
    expect((await db.touchpoints.toArray()).map((t) => t.contactEmails)).toEqual([['jane@acme.test']]);
    expect(await readHeld(db)).toHaveLength(1);
    await api.forgetContact({ email: 'jane@acme.test' });
    expect(await db.touchpoints.count()).toBe(0);
    defect = false;
    await retryHeldCapture(db, clock);
    // Her number comes back on the deal's timeline after "delete everything about this contact".
    expect((await db.touchpoints.toArray()).map((t) => t.subject)).toEqual([]);
  });

  it('forgetting one contact keeps a kept call to a number another contact of the deal shares (a switchboard)', async () => {
    contexts.set(8, dealPage);
    const dealEvent = { kind: 'deal', source: 'hubspot', crmId: '42', name: 'Acme', url: HUBSPOT, contacts: [{ email: 'jane@acme.test', phones: [DEFECT_PHONE] }, { email: 'bob@acme.test', phones: [DEFECT_PHONE] }] };
    await api.capture({ events: [dealEvent, call(DEFECT_PHONE)], context: dealPage } as never, { tabId: 8, url: HUBSPOT });
    expect(await readHeld(db)).toHaveLength(1);
    await api.forgetContact({ email: 'jane@acme.test' });
    defect = false;
    await retryHeldCapture(db, clock);
    // The rep's call on Acme's page is still a call on Acme, to Bob's number.
    expect((await db.touchpoints.toArray()).filter((t) => t.channel === 'call').map((t) => t.contactEmails)).toEqual([['bob@acme.test']]);
  });
});

describe('updateDeal: a field cleared in the sidebar', () => {
  let db: DealDebriefDB;
  let api: ReturnType<typeof createApi>;
  let now = NOW;
  const DEAL_ID = 'hubspot:1:1';
  const deal: Deal = {
    id: DEAL_ID, source: 'hubspot', name: 'Acme renewal', amount: 48_000, currency: 'USD', status: 'open', contractTermMonths: 24, leadSource: 'referral',
    contactEmails: ['jane@acme.test'], threadIds: ['thread-f:1'], url: 'https://app.hubspot.com/contacts/1/deal/1', openedAt: NOW - 60 * 86_400_000, updatedAt: NOW - 60 * 86_400_000,
  };
  beforeEach(async () => {
    isolateIndexedDB();
    db = openDatabase(uniqueDbName());
    await db.open();
    await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
    await db.deals.put(structuredClone(deal));
    now = NOW;
    const effects = quietEffects();
    api = createApi(db, { now: () => now }, effects, Math.random);
  });
  afterEach(() => db.close());

  it('clearing the term in the sidebar (the field emptied) clears it on the deal and its reflection, and the re-engage call moves back to the default term', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    const before = (await db.followUps.get(reengageId(DEAL_ID)))!.dueAt;
    now = NOW + 60_000;
    // The sidebar sends null for an emptied field: JSON over messaging would drop undefined.
    await api.updateDeal(overMessaging({ dealId: DEAL_ID, patch: { contractTermMonths: null } } as never));
    expect((await db.deals.get(DEAL_ID))?.contractTermMonths).toBeUndefined();
    expect((await db.reflections.get(DEAL_ID))?.contractTermMonths).toBeUndefined();
    expect((await db.followUps.get(reengageId(DEAL_ID)))!.dueAt).toBeLessThan(before);
  });

  it('choosing "(unknown)" as lead source in the sidebar clears it', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    // The "(unknown)" option sends null.
    await api.updateDeal(overMessaging({ dealId: DEAL_ID, patch: { leadSource: null } } as never));
    expect((await db.deals.get(DEAL_ID))?.leadSource).toBeUndefined();
    expect((await db.reflections.get(DEAL_ID))?.leadSource).toBeUndefined();
  });

  it('refuses to clear the name: a deal needs one', async () => {
    await expect(api.updateDeal(overMessaging({ dealId: DEAL_ID, patch: { name: null } } as never))).rejects.toThrow('A deal needs a name.');
    expect((await db.deals.get(DEAL_ID))?.name).toBe('Acme renewal');
  });
});
