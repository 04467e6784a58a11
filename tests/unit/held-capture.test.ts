/**
 * One captured event that the database refuses (a defect of ours, not the storage) does not stop
 * the rest: the background stores every other event of the batch, keeps the bad one in the
 * extension's own database (its `heldCapture` table), answers the page's outbox so later captures flow, and the page says
 * "capture paused" with the count. The kept event is tried again when the background starts.
 *
 * The defect is a database hook that fails every write carrying a touchpoint with a given
 * subject inside the real ingest's transaction, as a TypeError of our own code would.
 */
import { createApi, createStorageHealth, type Effects } from '../../lib/background/api';
import { retryHeldCapture } from '../../lib/background/held';
import { holdEvents, MAX_HELD, readHeld } from '../../lib/db/held';
import type { PageContext } from '../../lib/capture/events';
import { notStoredMessage } from '../../lib/capture/isolate';
import { Outbox } from '../../lib/capture/outbox';
import { failWrites, STORAGE_FULL, simulateFullStorage, WRITE_FAILED } from '../../lib/db/health';
import { openDatabase, type DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings } from '../../lib/model';
import { quietEffects } from './helpers/effects';
import { isolateIndexedDB, uniqueDbName } from './helpers/db';

const NOW = Date.parse('2026-03-02T15:00:00Z');
const URL_A = 'https://mail.google.com/mail/u/0/#inbox/a';
const thread: PageContext = { site: 'gmail', url: URL_A, view: 'thread', status: 'ok', threadId: 'thread-f:1', participants: [], captured: 3 };
const DEFECT_SUBJECT = 'trips a defect';
const email = (id: string, subject = 'Pricing') => ({
  kind: 'email',
  messageId: id,
  threadId: 'thread-f:1',
  subject,
  from: { email: 'jane@acme.test' },
  to: [{ email: 'rep@ourco.test' }],
  cc: [],
  at: NOW - 3_600_000,
  expanded: true,
});

/** Fails, inside the transaction, any write of a touchpoint with one of these subjects while `on()`. */
function injectDefect(db: DealDebriefDB, on: () => boolean, subjects: readonly string[] = [DEFECT_SUBJECT]): void {
  failWrites(db, 'injected-defect', (table, values) =>
    on() && table === 'touchpoints' && values?.some((v) => subjects.includes((v as { subject?: string } | undefined)?.subject ?? '')) ? new TypeError("Cannot read properties of undefined (reading 'at')") : undefined,
  );
}

describe('a capture batch with an event the database refuses', () => {
  let db: DealDebriefDB;
  let defect: boolean;
  let full: boolean;
  const contexts = new Map<number, PageContext>();
  let effects: Effects;
  let api: ReturnType<typeof createApi>;
  const clock = { now: () => NOW };
  const touchpointSubjects = async () => (await db.touchpoints.toArray()).map((t) => t.subject).sort();
  /** What really landed in the held table, in order. */
  const heldInStorage = async () => (await readHeld(db)).map(({ event, site, url, at, error }) => ({ event, site, url, at, error }));

  beforeEach(async () => {
    isolateIndexedDB();
    defect = true;
    full = false;
    contexts.clear();
    db = openDatabase(uniqueDbName());
    injectDefect(db, () => defect);
    simulateFullStorage(db, () => full);
    await db.open();
    await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
    effects = quietEffects({ setTabContext: async (tabId, ctx) => void contexts.set(tabId, ctx), getTabContext: async (tabId) => contexts.get(tabId), held: true });
    api = createApi(db, clock, effects, Math.random, createStorageHealth());
  });
  afterEach(() => db.close());

  const batch = () => [email('msg-f:1', 'One'), email('msg-f:2', DEFECT_SUBJECT), email('msg-f:3', 'Three')];

  it('stores the rest, answers the outbox, pauses the page with the count and keeps the bad event', async () => {
    await expect(api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A })).resolves.toMatchObject({ stored: 2 });
    expect(await touchpointSubjects()).toEqual(['One', 'Three']);
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pausedReason: 'items not stored', pauseMessage: notStoredMessage(1), threadId: 'thread-f:1' });
    expect(notStoredMessage(1)).toBe('1 item could not be stored; it is kept and tried again when Deal Debrief restarts or updates');
    expect((await heldInStorage())).toEqual([{ event: email('msg-f:2', DEFECT_SUBJECT), site: 'gmail', url: URL_A, at: NOW, error: 'TypeError' }]);
    expect(await api.storageStatus()).toEqual({ problem: null, since: null, held: 1 });

    // The page's next report keeps saying so while it shows the same address; another bad one adds up.
    await api.capture({ events: [email('msg-f:4', 'Four')], context: thread } as never, { tabId: 7, url: URL_A });
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pauseMessage: notStoredMessage(1) });
    await api.capture({ events: [email('msg-f:5', 'Five'), email('msg-f:6', DEFECT_SUBJECT)] } as never, { tabId: 7, url: URL_A });
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pauseMessage: '2 items could not be stored; they are kept and tried again when Deal Debrief restarts or updates' });
    expect((await heldInStorage()).map((h) => h.event)).toEqual([email('msg-f:2', DEFECT_SUBJECT), email('msg-f:6', DEFECT_SUBJECT)]);
    // Another page of the tab starts clean.
    const other = { ...thread, url: `${URL_A}x`, threadId: 'thread-f:2' };
    await api.capture({ events: [], context: other } as never, { tabId: 7, url: `${URL_A}x` });
    expect(contexts.get(7)).toMatchObject({ status: 'ok', threadId: 'thread-f:2' });
    expect(contexts.get(7)?.pauseMessage).toBeUndefined();
  });

  it("the page's outbox moves on: later captures of the tab are stored", async () => {
    const timers: (() => void)[] = [];
    const outbox = new Outbox({
      send: (events, context) => api.capture({ events, context } as never, { tabId: 7, url: URL_A }),
      setTimer: (fn) => timers.push(fn),
    });
    outbox.push(...(batch() as never[]));
    outbox.setContext(thread);
    await outbox.flush();
    expect(outbox.pending).toBe(0);
    outbox.push(email('msg-f:4', 'Four') as never);
    await outbox.flush();
    expect(outbox.pending).toBe(0);
    expect(await touchpointSubjects()).toEqual(['Four', 'One', 'Three']);
  });

  it('a later start tries the kept event again: stored once the defect is gone, kept while it is not', async () => {
    await api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A });
    // Started again, defect still there: it stays.
    expect(await retryHeldCapture(db, clock)).toEqual({ stored: 0, discarded: 0, kept: 1 });
    expect((await heldInStorage())).toHaveLength(1);
    // Updated, with the defect fixed.
    defect = false;
    expect(await retryHeldCapture(db, clock)).toEqual({ stored: 1, discarded: 0, kept: 0 });
    expect(await touchpointSubjects()).toEqual(['One', 'Three', DEFECT_SUBJECT]);
    expect((await heldInStorage())).toEqual([]);
    expect(await createApi(db, clock, effects, Math.random).storageStatus()).toEqual({ problem: null, since: null });
  });

  it('events the rep has since put on the never-capture list go with the rest of their data; paused ones are discarded at a later start', async () => {
    await api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A });
    await api.capture({ events: [{ ...email('msg-f:9', DEFECT_SUBJECT), from: { email: 'bob@globex.test' } }, email('msg-f:10', 'Ten')] } as never, { tabId: 7, url: URL_A });
    expect((await heldInStorage())).toHaveLength(2);
    defect = false;
    // Putting Jane on the list deletes her kept event with the rest of her data, at once.
    await api.addNeverCapture({ entry: 'jane@acme.test' });
    expect((await heldInStorage()).map((h) => h.event.kind === 'email' && h.event.from.email)).toEqual(['bob@globex.test']);
    expect(await retryHeldCapture(db, clock)).toEqual({ stored: 1, discarded: 0, kept: 0 });
    expect((await db.touchpoints.toArray()).map((t) => t.from)).not.toContain('jane@acme.test');
    expect(await touchpointSubjects()).toContain(DEFECT_SUBJECT);

    defect = true;
    await api.capture({ events: [{ ...email('msg-f:11', 'Eleven'), from: { email: 'carol@initech.test' } }, { ...email('msg-f:12', DEFECT_SUBJECT), from: { email: 'bob@globex.test' } }] } as never, { tabId: 7, url: URL_A });
    expect((await heldInStorage())).toHaveLength(1);
    defect = false;
    await api.pauseCapture({ site: 'gmail', duration: 'resumed' } as never);
    expect(await retryHeldCapture(db, clock)).toEqual({ stored: 0, discarded: 1, kept: 0 });
    expect((await heldInStorage())).toEqual([]);
  });

  it('forgetting everything forgets the kept events too', async () => {
    await api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A });
    await api.forgetEverything({ confirm: 'delete everything' } as never);
    expect((await heldInStorage())).toEqual([]);
  });

  it("forgetting a contact forgets the kept events that name them (and only those)", async () => {
    await api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A });
    await api.capture({ events: [email('msg-f:7', 'Seven'), { ...email('msg-f:8', DEFECT_SUBJECT), from: { email: 'bob@globex.test' } }] } as never, { tabId: 7, url: URL_A });
    expect((await heldInStorage())).toHaveLength(2);
    await api.forgetContact({ email: 'Jane@Acme.test' });
    expect((await heldInStorage()).map((h) => h.event.kind === 'email' && h.event.from.email)).toEqual(['bob@globex.test']);
  });

  it('a batch whose every event fails is refused whole, as a storage problem (the outbox keeps it)', async () => {
    await expect(api.capture({ events: [email('msg-f:2', DEFECT_SUBJECT)], context: thread } as never, { tabId: 7, url: URL_A })).rejects.toThrow(`capture paused: ${WRITE_FAILED} (TypeError)`);
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pausedReason: 'storage' });
    expect((await heldInStorage())).toEqual([]);
  });

  it('when no more can be kept, the batch is refused whole as before (the rest stays stored)', async () => {
    expect(await holdEvents(db, Array.from({ length: MAX_HELD }, (_, i) => ({ event: email(`msg-f:k${i}`) as never, site: 'gmail', url: URL_A, at: NOW, error: 'TypeError' })))).toBe(true);
    await expect(api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A })).rejects.toThrow(`capture paused: ${WRITE_FAILED} (TypeError)`);
    expect(await touchpointSubjects()).toEqual(['One', 'Three']);
    expect((await heldInStorage())).toHaveLength(MAX_HELD);
  });

  it('a full disk is not split: refused at once with the reason, exactly as before', async () => {
    full = true;
    await expect(api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A })).rejects.toThrow(`capture paused: ${STORAGE_FULL}`);
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pauseMessage: STORAGE_FULL });
    expect((await heldInStorage())).toEqual([]);
    expect(await db.touchpoints.count()).toBe(0);
  });
});

/**
 * What a review of the first version found; each of these failed on it. The defect here also
 * fails the write of a call to one number.
 */
describe('kept events and the rest of the extension', () => {
  const GMAIL = URL_A;
  const HUBSPOT = 'https://app.hubspot.com/contacts/1/deal/42';
  const DEFECT_PHONE = '+1 415 555 0199';
  const dealPage = { site: 'hubspot', url: HUBSPOT, view: 'deal', status: 'ok', dealId: 'hubspot:1:42', participants: [], captured: 1 } as PageContext;
  const mail = (id: string, subject = 'Pricing', from = 'jane@acme.test', cc: string[] = []) => ({ ...email(id, subject), from: { email: from }, cc: cc.map((e) => ({ email: e })) });
  const call = (phone: string, at = NOW - 60_000) => ({ kind: 'call', phone, at, site: 'hubspot', url: HUBSPOT });
  let db: DealDebriefDB;
  let defect: boolean;
  const contexts = new Map<number, PageContext>();
  let api: ReturnType<typeof createApi>;
  const clock = { now: () => NOW };
  const heldInStorage = () => readHeld(db);

  beforeEach(async () => {
    isolateIndexedDB();
    defect = true;
    contexts.clear();
    db = openDatabase(uniqueDbName());
    injectDefect(db, () => defect, [DEFECT_SUBJECT, `Call ${DEFECT_PHONE}`]);
    await db.open();
    await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
    const effects: Effects = quietEffects({ setTabContext: async (tabId, ctx) => void contexts.set(tabId, ctx), getTabContext: async (tabId) => contexts.get(tabId), held: true });
    api = createApi(db, clock, effects, Math.random, createStorageHealth());
  });
  afterEach(() => db.close());

  it('a call logged on a deal page that was held is stored at the next start, not discarded', async () => {
    // The handler files a call under its page's deal before ingest; a kept copy with that deal
    // was refused by the retry's own check ("a call may not name its own deal").
    contexts.set(7, dealPage);
    await api.capture({ events: [call('+1 415 555 0100'), call(DEFECT_PHONE)] } as never, { tabId: 7, url: HUBSPOT });
    expect(await heldInStorage()).toHaveLength(1);
    expect((await heldInStorage())[0]?.event).toEqual(call(DEFECT_PHONE));
    defect = false;
    expect(await retryHeldCapture(db, clock)).toEqual({ stored: 1, discarded: 0, kept: 0 });
    expect((await db.touchpoints.toArray()).map((t) => t.subject).sort()).toEqual([`Call +1 415 555 0100`, `Call ${DEFECT_PHONE}`]);
    expect((await db.touchpoints.toArray()).every((t) => t.dealId === 'hubspot:1:42')).toBe(true);
  });

  it('a test clock moved when the event was kept does not move it again at the retry', async () => {
    const moved = { now: () => NOW, offsetMs: () => 86_400_000 };
    const skewed = createApi(db, moved, quietEffects({ held: true }), Math.random);
    await skewed.capture({ events: [call('+1 415 555 0100'), call(DEFECT_PHONE)] } as never, { tabId: 7, url: HUBSPOT });
    expect((await heldInStorage())[0]?.event).toEqual(call(DEFECT_PHONE));
    defect = false;
    await retryHeldCapture(db, moved);
    expect((await db.touchpoints.toArray()).map((t) => t.at)).toEqual([NOW - 60_000 + 86_400_000, NOW - 60_000 + 86_400_000]);
  });

  it('forgetting a contact while the startup retry is storing does not bring them back', async () => {
    await api.capture({ events: [mail('msg-f:1', 'One', 'bob@globex.test'), mail('msg-f:2', DEFECT_SUBJECT)], context: thread } as never, { tabId: 7, url: GMAIL });
    expect(await heldInStorage()).toHaveLength(1);
    defect = false;
    // The browser starts (retry begins) and the rep deletes Jane from the options page at the same time.
    const retry = retryHeldCapture(db, clock);
    const forget = api.forgetContact({ email: 'jane@acme.test' });
    await Promise.all([retry, forget]);
    expect((await db.touchpoints.toArray()).filter((t) => t.from === 'jane@acme.test' || t.contactEmails.includes('jane@acme.test'))).toEqual([]);
    expect(await db.contacts.get('jane@acme.test')).toBeUndefined();
    expect(await heldInStorage()).toEqual([]);
  });

  it('deleting everything while the startup retry is storing leaves nothing behind', async () => {
    await api.capture({ events: [mail('msg-f:1', 'One', 'bob@globex.test'), mail('msg-f:2', DEFECT_SUBJECT)], context: thread } as never, { tabId: 7, url: GMAIL });
    defect = false;
    const retry = retryHeldCapture(db, clock);
    const wipe = api.forgetEverything({ confirm: 'delete everything' } as never);
    await Promise.all([retry, wipe]);
    expect(await db.touchpoints.count()).toBe(0);
    expect(await db.contacts.count()).toBe(0);
    expect(await heldInStorage()).toEqual([]);
  });

  it('forgetting a contact copied on a held message keeps it for its sender (as a stored touchpoint is kept)', async () => {
    await api.capture({ events: [mail('msg-f:1', 'One', 'carol@initech.test'), mail('msg-f:2', DEFECT_SUBJECT, 'bob@globex.test', ['jane@acme.test'])], context: thread } as never, { tabId: 7, url: GMAIL });
    expect(await heldInStorage()).toHaveLength(1);
    await api.forgetContact({ email: 'jane@acme.test' });
    expect(JSON.stringify(await heldInStorage())).not.toContain('jane@acme.test');
    defect = false;
    await retryHeldCapture(db, clock);
    const bobs = (await db.touchpoints.toArray()).filter((t) => t.from === 'bob@globex.test');
    expect(bobs).toHaveLength(1);
    expect(bobs[0]?.contactEmails).toEqual(['bob@globex.test']);
  });

  it('putting a held message on the never-capture list deletes it in the same step', async () => {
    await api.capture({ events: [mail('msg-f:1', 'One', 'carol@initech.test'), mail('msg-f:2', DEFECT_SUBJECT, 'bob@globex.test')], context: thread } as never, { tabId: 7, url: GMAIL });
    await api.capture({ events: [mail('msg-f:3', 'Three', 'carol@initech.test'), mail('msg-f:4', DEFECT_SUBJECT, 'dan@hooli.test')], context: thread } as never, { tabId: 7, url: GMAIL });
    await api.addNeverCapture({ entry: 'globex.test' });
    expect((await heldInStorage()).map((h) => h.event.kind === 'email' && h.event.from.email)).toEqual(['dan@hooli.test']);
  });

  it('a backup restore empties the held table, since it replaces everything', async () => {
    await api.capture({ events: [mail('msg-f:1', 'One', 'carol@initech.test'), mail('msg-f:2', DEFECT_SUBJECT)], context: thread } as never, { tabId: 7, url: GMAIL });
    const backup = await api.exportBackup({ includeSample: false } as never);
    expect(await heldInStorage()).toHaveLength(1);
    await expect(api.importBackup({ text: JSON.stringify(backup) } as never)).resolves.toMatchObject({ ok: true });
    expect(await heldInStorage()).toEqual([]);
  });

  it('a send the rep undid does not come back when its held send event is retried', async () => {
    const sending = { kind: 'sending', composeId: 'c-1', threadId: 'thread-f:9', subject: DEFECT_SUBJECT, to: [{ email: 'jane@acme.test' }], cc: [], bcc: [], at: NOW - 30_000 };
    // Jane wrote; the rep owes her a reply.
    await api.capture({ events: [{ ...mail('msg-f:0', 'Question', 'jane@acme.test'), threadId: 'thread-f:9', at: NOW - 7_200_000 }] } as never, { tabId: 7, url: GMAIL });
    const owedBefore = ((await db.awaiting.get('jane@acme.test')) as { open?: unknown } | undefined)?.open;
    expect(owedBefore).toBeTruthy();
    // Send clicked (the send fails alone and is held), then Undo a few seconds later, in the tab's next batch.
    await api.capture({ events: [mail('msg-f:1', 'One', 'bob@globex.test'), sending], context: thread } as never, { tabId: 7, url: GMAIL });
    expect((await heldInStorage()).map((h) => h.event.kind)).toEqual(['sending']);
    await api.capture({ events: [{ kind: 'send-undone', composeId: 'c-1' }] } as never, { tabId: 7, url: GMAIL });
    // The undo takes back the kept send at once.
    expect(await heldInStorage()).toEqual([]);
    defect = false;
    await retryHeldCapture(db, clock);
    // The message was never sent; storing it now would say the rep wrote to Jane.
    expect(((await db.awaiting.get('jane@acme.test')) as { open?: unknown } | undefined)?.open).toBeTruthy();
    expect((await db.touchpoints.toArray()).filter((t) => t.subject === DEFECT_SUBJECT)).toEqual([]);
  });

  it('without the defect, the undone send leaves the reply owed', async () => {
    defect = false;
    const sending = { kind: 'sending', composeId: 'c-1', threadId: 'thread-f:9', subject: DEFECT_SUBJECT, to: [{ email: 'jane@acme.test' }], cc: [], bcc: [], at: NOW - 30_000 };
    await api.capture({ events: [{ ...mail('msg-f:0', 'Question', 'jane@acme.test'), threadId: 'thread-f:9', at: NOW - 7_200_000 }] } as never, { tabId: 7, url: GMAIL });
    await api.capture({ events: [mail('msg-f:1', 'One', 'bob@globex.test'), sending], context: thread } as never, { tabId: 7, url: GMAIL });
    await api.capture({ events: [{ kind: 'send-undone', composeId: 'c-1' }] } as never, { tabId: 7, url: GMAIL });
    expect(((await db.awaiting.get('jane@acme.test')) as { open?: unknown } | undefined)?.open).toBeTruthy();
  });

  it('a message captured again (the thread opened again, or a batch resent) is kept once, not once per capture', async () => {
    for (let i = 0; i < 3; i++) {
      await api.capture({ events: [mail('msg-f:1', 'One'), mail('msg-f:2', DEFECT_SUBJECT)], context: thread } as never, { tabId: 7 + i, url: GMAIL });
    }
    expect(await heldInStorage()).toHaveLength(1);
    expect((await api.storageStatus()).held).toBe(1);
  });

  it("a held item in a batch sent without a page report keeps the sidebar's conversation", async () => {
    // The outbox sends the page's report only when it changed: later batches of the same thread come without it.
    await api.capture({ events: [mail('msg-f:1', 'One')], context: thread } as never, { tabId: 7, url: GMAIL });
    expect(contexts.get(7)).toMatchObject({ status: 'ok', view: 'thread', threadId: 'thread-f:1' });
    await api.capture({ events: [mail('msg-f:3', 'Three'), mail('msg-f:2', DEFECT_SUBJECT)] } as never, { tabId: 7, url: GMAIL });
    expect(contexts.get(7)).toMatchObject({ status: 'paused', view: 'thread', threadId: 'thread-f:1', notStored: { url: GMAIL, count: 1 } });
  });

  it('what is read back from the held table passes the capture schema again before it is stored', async () => {
    await db.heldCapture.put({
      key: 'held:planted',
      event: { ...mail('msg-f:x', 'x'.repeat(50_000), 'Mallory@Evil.test\u0000jane@acme.test'), to: [{ email: 'REP@ourco.test' }] } as never,
      site: 'gmail',
      url: GMAIL,
      at: NOW,
      n: 0,
      error: 'TypeError',
      size: 0,
    });
    defect = false;
    expect(await retryHeldCapture(db, clock)).toEqual({ stored: 0, discarded: 1, kept: 0 });
    // validateEvents refuses the control character (and would cut the subject to 2,000).
    expect(await db.touchpoints.get('gmail:msg-f:x')).toBeUndefined();
    expect(await heldInStorage()).toEqual([]);
  });
});
