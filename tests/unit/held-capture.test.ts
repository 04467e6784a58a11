/**
 * One captured event that the database refuses (a defect of ours, not the storage) does not stop
 * the rest: the background stores every other event of the batch, keeps the bad one in the
 * extension's local storage, answers the page's outbox so later captures flow, and the page says
 * "capture paused" with the count. The kept event is tried again when the background starts.
 *
 * The defect is a database hook that fails every write carrying a touchpoint with a given
 * subject inside the real ingest's transaction, as a TypeError of our own code would.
 */
import { createApi, createStorageHealth, type Effects } from '../../lib/background/api';
import { createHeldCapture, HELD_KEY, type HeldArea, type HeldEvent, MAX_HELD, retryHeldCapture } from '../../lib/background/held';
import type { PageContext } from '../../lib/capture/events';
import { notStoredMessage } from '../../lib/capture/isolate';
import { Outbox } from '../../lib/capture/outbox';
import { STORAGE_FULL, simulateFullStorage, WRITE_FAILED } from '../../lib/db/health';
import { openDatabase, type DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings } from '../../lib/model';
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

/** Fails, inside the transaction, any write of a touchpoint with the defect's subject while `on()`. */
function injectDefect(db: DealDebriefDB, on: () => boolean): void {
  db.use({
    stack: 'dbcore',
    name: 'injected-defect',
    create: (down) => ({
      ...down,
      table: (name) => {
        const table = down.table(name);
        return {
          ...table,
          mutate: (req) =>
            on() && name === 'touchpoints' && 'values' in req && req.values.some((v: { subject?: string }) => v?.subject === DEFECT_SUBJECT)
              ? Promise.reject(new TypeError("Cannot read properties of undefined (reading 'at')"))
              : table.mutate(req),
        };
      },
    }),
  });
}

describe('a capture batch with an event the database refuses', () => {
  let db: DealDebriefDB;
  let defect: boolean;
  let full: boolean;
  let local: Record<string, unknown>;
  let area: HeldArea;
  const contexts = new Map<number, PageContext>();
  let effects: Effects;
  let api: ReturnType<typeof createApi>;
  const clock = { now: () => NOW };
  const touchpointSubjects = async () => (await db.touchpoints.toArray()).map((t) => t.subject).sort();
  const heldInStorage = () => (local[HELD_KEY] ?? []) as HeldEvent[];

  beforeEach(async () => {
    isolateIndexedDB();
    defect = true;
    full = false;
    local = {};
    contexts.clear();
    db = openDatabase(uniqueDbName());
    injectDefect(db, () => defect);
    simulateFullStorage(db, () => full);
    await db.open();
    await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
    // The extension's local storage keeps a copy, as the browser's does.
    area = { read: async () => structuredClone(local[HELD_KEY]), write: async (held) => void (local[HELD_KEY] = structuredClone(held)) };
    effects = {
      setTabContext: async (tabId, ctx) => void contexts.set(tabId, ctx),
      getTabContext: async (tabId) => contexts.get(tabId),
      openPage: async () => undefined,
      openUrl: async () => undefined,
      refreshSoon: () => undefined,
      registerCustomHosts: async () => undefined,
      held: createHeldCapture(area),
    };
    api = createApi(db, clock, effects, Math.random, createStorageHealth());
  });
  afterEach(() => db.close());

  const batch = () => [email('msg-f:1', 'One'), email('msg-f:2', DEFECT_SUBJECT), email('msg-f:3', 'Three')];

  it('stores the rest, answers the outbox, pauses the page with the count and keeps the bad event', async () => {
    await expect(api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A })).resolves.toMatchObject({ stored: 2 });
    expect(await touchpointSubjects()).toEqual(['One', 'Three']);
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pausedReason: 'items not stored', pauseMessage: notStoredMessage(1), threadId: 'thread-f:1' });
    expect(notStoredMessage(1)).toBe('1 item could not be stored; it is kept and tried again when Deal Debrief restarts or updates');
    expect(heldInStorage()).toEqual([{ event: email('msg-f:2', DEFECT_SUBJECT), site: 'gmail', url: URL_A, at: NOW, error: 'TypeError' }]);
    expect(await api.storageStatus()).toEqual({ problem: null, since: null, held: 1 });

    // The page's next report keeps saying so while it shows the same address; another bad one adds up.
    await api.capture({ events: [email('msg-f:4', 'Four')], context: thread } as never, { tabId: 7, url: URL_A });
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pauseMessage: notStoredMessage(1) });
    await api.capture({ events: [email('msg-f:5', 'Five'), email('msg-f:6', DEFECT_SUBJECT)] } as never, { tabId: 7, url: URL_A });
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pauseMessage: '2 items could not be stored; they are kept and tried again when Deal Debrief restarts or updates' });
    expect(heldInStorage().map((h) => h.event)).toEqual([email('msg-f:2', DEFECT_SUBJECT), email('msg-f:6', DEFECT_SUBJECT)]);
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
    const held = createHeldCapture(area);
    expect(await retryHeldCapture(db, clock, held)).toEqual({ stored: 0, discarded: 0, kept: 1 });
    expect(heldInStorage()).toHaveLength(1);
    // Updated, with the defect fixed.
    defect = false;
    const restarted = createHeldCapture(area);
    expect(await retryHeldCapture(db, clock, restarted)).toEqual({ stored: 1, discarded: 0, kept: 0 });
    expect(await touchpointSubjects()).toEqual(['One', 'Three', DEFECT_SUBJECT]);
    expect(heldInStorage()).toEqual([]);
    expect(await createApi(db, clock, { ...effects, held: restarted }, Math.random).storageStatus()).toEqual({ problem: null, since: null });
  });

  it('at a later start, events the rep has since put on the never-capture list or paused are discarded', async () => {
    await api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A });
    await api.capture({ events: [{ ...email('msg-f:9', DEFECT_SUBJECT), from: { email: 'bob@globex.test' } }, email('msg-f:10', 'Ten')] } as never, { tabId: 7, url: URL_A });
    expect(heldInStorage()).toHaveLength(2);
    defect = false;
    await api.addNeverCapture({ entry: 'jane@acme.test' });
    expect(await retryHeldCapture(db, clock, createHeldCapture(area))).toEqual({ stored: 1, discarded: 1, kept: 0 });
    expect((await db.touchpoints.toArray()).map((t) => t.from)).not.toContain('jane@acme.test');
    expect(await touchpointSubjects()).toContain(DEFECT_SUBJECT);

    defect = true;
    await api.capture({ events: [{ ...email('msg-f:11', 'Eleven'), from: { email: 'carol@initech.test' } }, { ...email('msg-f:12', DEFECT_SUBJECT), from: { email: 'bob@globex.test' } }] } as never, { tabId: 7, url: URL_A });
    expect(heldInStorage()).toHaveLength(1);
    defect = false;
    await api.pauseCapture({ site: 'gmail', duration: 'resumed' } as never);
    expect(await retryHeldCapture(db, clock, createHeldCapture(area))).toEqual({ stored: 0, discarded: 1, kept: 0 });
    expect(heldInStorage()).toEqual([]);
  });

  it('forgetting everything forgets the kept events too', async () => {
    await api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A });
    await api.forgetEverything({ confirm: 'delete everything' } as never);
    expect(heldInStorage()).toEqual([]);
  });

  it("forgetting a contact forgets the kept events that name them (and only those)", async () => {
    await api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A });
    await api.capture({ events: [email('msg-f:7', 'Seven'), { ...email('msg-f:8', DEFECT_SUBJECT), from: { email: 'bob@globex.test' } }] } as never, { tabId: 7, url: URL_A });
    expect(heldInStorage()).toHaveLength(2);
    await api.forgetContact({ email: 'Jane@Acme.test' });
    expect(heldInStorage().map((h) => h.event.kind === 'email' && h.event.from.email)).toEqual(['bob@globex.test']);
  });

  it('a batch whose every event fails is refused whole, as a storage problem (the outbox keeps it)', async () => {
    await expect(api.capture({ events: [email('msg-f:2', DEFECT_SUBJECT)], context: thread } as never, { tabId: 7, url: URL_A })).rejects.toThrow(`capture paused: ${WRITE_FAILED} (TypeError)`);
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pausedReason: 'storage' });
    expect(heldInStorage()).toEqual([]);
  });

  it('when no more can be kept, the batch is refused whole as before (the rest stays stored)', async () => {
    local[HELD_KEY] = Array.from({ length: MAX_HELD }, (_, i) => ({ event: email(`msg-f:k${i}`), site: 'gmail', url: URL_A, at: NOW, error: 'TypeError' }));
    await expect(api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A })).rejects.toThrow(`capture paused: ${WRITE_FAILED} (TypeError)`);
    expect(await touchpointSubjects()).toEqual(['One', 'Three']);
    expect(heldInStorage()).toHaveLength(MAX_HELD);
  });

  it('a full disk is not split: refused at once with the reason, exactly as before', async () => {
    full = true;
    await expect(api.capture({ events: batch(), context: thread } as never, { tabId: 7, url: URL_A })).rejects.toThrow(`capture paused: ${STORAGE_FULL}`);
    expect(contexts.get(7)).toMatchObject({ status: 'paused', pauseMessage: STORAGE_FULL });
    expect(heldInStorage()).toEqual([]);
    expect(await db.touchpoints.count()).toBe(0);
  });
});
