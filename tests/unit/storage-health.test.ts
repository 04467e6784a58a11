/**
 * Storage errors are said, never swallowed: a capture that cannot be written (disk full, any
 * failed write) pauses the tab's sidebar with the reason in words, is refused so the content
 * script's outbox keeps the events, and is stored once writes work again. A blocked database
 * upgrade and a failed open are reported too. A write the rep asked for (quick log, link a deal,
 * mark lost) that storage refuses is answered with a sentence the sidebar shows where they clicked.
 */
import { Dexie } from 'dexie';
import { createApi, createStorageHealth, type Effects } from '../../lib/background/api';
import type { PageContext } from '../../lib/capture/events';
import { Outbox } from '../../lib/capture/outbox';
import { isStorageFailure, NOT_SAVED, NOT_SAVED_FULL, notSavedProblem, OPEN_FAILED, simulateFullStorage, STORAGE_FULL, storageProblem, UPGRADE_BLOCKED, watchDatabase } from '../../lib/db/health';
import { openDatabase, type DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings, type Deal } from '../../lib/model';
import { isolateIndexedDB, uniqueDbName } from './helpers/db';
import { quietEffects } from './helpers/effects';

const NOW = Date.parse('2026-03-02T15:00:00Z');
const URL_A = 'https://mail.google.com/mail/u/0/#inbox/a';
const thread: PageContext = { site: 'gmail', url: URL_A, view: 'thread', status: 'ok', threadId: 'thread-f:1', participants: [], captured: 1 };
const email = (id: string) => ({
  kind: 'email',
  messageId: id,
  threadId: 'thread-f:1',
  subject: 'Pricing',
  from: { email: 'jane@acme.test' },
  to: [{ email: 'rep@ourco.test' }],
  cc: [],
  at: NOW - 3_600_000,
  expanded: true,
});

describe('storage problems in words', () => {
  it.each<[string, unknown, string | RegExp]>([
    ['a quota error', new DOMException('The quota has been exceeded.', 'QuotaExceededError'), STORAGE_FULL],
    ['a quota error inside an aborted transaction', Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: new DOMException('x', 'QuotaExceededError') }), STORAGE_FULL],
    ['a failed open', Object.assign(new Error('open failed'), { name: 'OpenFailedError', inner: { name: 'VersionError' } }), new RegExp(`^${OPEN_FAILED} \\(VersionError\\)`)],
    ['anything else', new TypeError('boom'), /^what was captured could not be saved \(TypeError\) — it waits and is tried again$/],
  ])('%s', (_name, error, expected) => {
    if (typeof expected === 'string') expect(storageProblem(error)).toBe(expected);
    else expect(storageProblem(error)).toMatch(expected);
  });
});

describe('a capture that cannot be written', () => {
  let db: DealDebriefDB;
  let full: boolean;
  const contexts = new Map<number, PageContext>();
  let api: ReturnType<typeof createApi>;

  beforeEach(async () => {
    isolateIndexedDB();
    full = false;
    contexts.clear();
    db = openDatabase(uniqueDbName());
    // The same hook a test build uses: every table write fails with the browser's quota error.
    simulateFullStorage(db, () => full);
    await db.open();
    await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
    const effects: Effects = quietEffects({ setTabContext: async (tabId, ctx) => void contexts.set(tabId, ctx), getTabContext: async (tabId) => contexts.get(tabId) });
    api = createApi(db, { now: () => NOW }, effects, Math.random, createStorageHealth());
  });
  afterEach(() => db.close());

  it('pauses the sidebar with the reason, is refused (so the outbox keeps it) and is stored once there is room', async () => {
    full = true;
    await expect(api.capture({ events: [email('msg-f:1')], context: thread } as never, { tabId: 7, url: URL_A })).rejects.toThrow(`capture paused: ${STORAGE_FULL}`);
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pauseMessage: STORAGE_FULL, threadId: 'thread-f:1' });
    expect(await api.storageStatus()).toEqual({ problem: STORAGE_FULL, since: NOW });
    expect(await db.touchpoints.count()).toBe(0);

    // A later batch without a page report: still refused, the pause stays.
    await expect(api.capture({ events: [email('msg-f:2')] } as never, { tabId: 7, url: URL_A })).rejects.toThrow(STORAGE_FULL);

    full = false;
    await api.capture({ events: [email('msg-f:1'), email('msg-f:2')] } as never, { tabId: 7, url: URL_A });
    expect(await db.touchpoints.count()).toBe(2);
    expect(contexts.get(7)).toMatchObject({ status: 'ok', threadId: 'thread-f:1' });
    expect(contexts.get(7)?.pauseMessage).toBeUndefined();
    expect(await api.storageStatus()).toEqual({ problem: null, since: null });
  });

  it("a report naming another company's deal is checked even when the write fails, and never shows once writes work", async () => {
    const forged: PageContext = { ...thread, view: 'deal', dealId: 'pipedrive:acme:42' };
    full = true;
    await expect(api.capture({ events: [email('msg-f:1')], context: forged } as never, { tabId: 7, url: URL_A })).rejects.toThrow(STORAGE_FULL);
    expect(contexts.get(7)?.dealId).toBeUndefined();
    full = false;
    await api.capture({ events: [email('msg-f:2')] } as never, { tabId: 7, url: URL_A });
    expect(contexts.get(7)?.dealId).toBeUndefined();
  });

  it('the outbox keeps a batch the background refused and delivers it once writes work', async () => {
    full = true;
    const timers: (() => void)[] = [];
    const delivered: number[] = [];
    const outbox = new Outbox({
      send: (events, context) => api.capture({ events, context } as never, { tabId: 7, url: URL_A }),
      setTimer: (fn) => timers.push(fn),
      onDelivered: (n) => delivered.push(n),
    });
    outbox.push(email('msg-f:1') as never, email('msg-f:2') as never);
    outbox.setContext(thread);
    await outbox.flush();
    await outbox.flush();
    expect(outbox.pending).toBe(2);
    expect(contexts.get(7)?.pauseMessage).toBe(STORAGE_FULL);
    full = false;
    await outbox.flush();
    expect(outbox.pending).toBe(0);
    expect(delivered).toEqual([2]);
    expect(await db.touchpoints.count()).toBe(2);
    expect(contexts.get(7)?.status).toBe('ok');
  });
});

describe('a write the rep asked for that storage refuses', () => {
  let db: DealDebriefDB;
  let full: boolean;
  let api: ReturnType<typeof createApi>;
  let deal: Deal;

  beforeEach(async () => {
    isolateIndexedDB();
    full = false;
    db = openDatabase(uniqueDbName());
    simulateFullStorage(db, () => full);
    await db.open();
    await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
    api = createApi(db, { now: () => NOW }, quietEffects(), Math.random, createStorageHealth());
    deal = await api.createLocalDeal({ name: 'Acme', contactEmails: ['jane@acme.test'] });
    full = true;
  });
  afterEach(() => db.close());

  it('quick log: says the storage is full in words, and nothing is stored', async () => {
    await expect(api.logTouchpoint({ channel: 'call', at: NOW - 60_000, contactEmail: 'jane@acme.test', dealId: deal.id, note: 'Left a message' })).rejects.toThrow(NOT_SAVED_FULL);
    expect(await db.touchpoints.count()).toBe(0);
  });

  it('link a deal: says the storage is full in words, and the deal is as it was', async () => {
    await expect(api.linkThread({ dealId: deal.id, threadId: 'thread-f:9', contactEmails: ['pat@acme.test'] })).rejects.toThrow(NOT_SAVED_FULL);
    expect((await db.deals.get(deal.id))?.threadIds).toEqual([]);
  });

  it('mark lost: says the storage is full in words, and the deal stays open', async () => {
    await expect(api.markLost({ dealId: deal.id, open: false })).rejects.toThrow(NOT_SAVED_FULL);
    expect((await db.deals.get(deal.id))?.status).toBe('open');
  });

  it("a refusal of the extension's own passes as it is; any other database failure is named", async () => {
    await expect(api.logTouchpoint({ channel: 'call', at: Number.NaN })).rejects.toThrow('The time is not a valid date.');
    expect(notSavedProblem(Object.assign(new Error('closed'), { name: 'DatabaseClosedError' }))).toBe(
      `${NOT_SAVED}: ${OPEN_FAILED} (DatabaseClosedError) — reload the extension or restart the browser, then try again.`,
    );
    expect(notSavedProblem(Object.assign(new Error('aborted'), { name: 'AbortError', inner: { name: 'UnknownError' } }))).toBe(`${NOT_SAVED}: the database refused the change (UnknownError) — try again.`);
    expect(isStorageFailure(new Error('Duration must be zero or more minutes.'))).toBe(false);
  });
});

describe('the database says when it cannot open', () => {
  beforeEach(() => isolateIndexedDB());

  it('an upgrade blocked by an older page that keeps the database open', async () => {
    const name = uniqueDbName();
    // An older page holds version 1 open and ignores the request to close.
    const old = new Dexie(name);
    old.version(1).stores({ settings: 'id' });
    await old.open();
    old.on('versionchange', () => false);
    const reports: (string | undefined)[] = [];
    const db = openDatabase(name);
    watchDatabase(db, (p) => reports.push(p));
    await vi.waitFor(() => expect(reports).toContain(UPGRADE_BLOCKED));
    old.close();
    await vi.waitFor(() => expect(reports.at(-1)).toBeUndefined());
    db.close();
  });

  it('a failed open (the browser refuses to open it)', async () => {
    const refusing = { open: () => { throw new DOMException('The database connection is closing.', 'InvalidAccessError'); } };
    Dexie.dependencies.indexedDB = refusing as unknown as IDBFactory;
    const reports: (string | undefined)[] = [];
    watchDatabase(openDatabase(uniqueDbName()), (p) => reports.push(p));
    await vi.waitFor(() => expect(reports[0]).toMatch(new RegExp(`^${OPEN_FAILED}`)));
  });
});
