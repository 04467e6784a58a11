/**
 * A backup restored by another page (the options page writes it itself) while the background
 * captures: the background holds its read cache off from before the restore's first write to its
 * end (lib/db/read-cache.ts, holdReadCache), so a batch queued behind the restore reads what the
 * restore wrote, even when nothing tells it otherwise in time: the restore leaves the highest
 * reply-owed rev where it was, and the broadcast of its writes arrives late.
 */
import { createApi } from '../../lib/background/api';
import { collectBackup, restoreBackup } from '../../lib/db/backup';
import { ingest } from '../../lib/db/ingest';
import { readCacheOf } from '../../lib/db/read-cache';
import { openDatabase, type DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import type { CaptureEvent } from '../../lib/capture/events';
import { defaultSettings } from '../../lib/model';
import { isolateIndexedDB, openTestDatabase, uniqueDbName } from './helpers/db';
import { quietEffects } from './helpers/effects';
import { DAY, T0 } from './helpers/factories';

const REP = 'rep@ourco.test';
const COLLEAGUE = 'kim@ourco.test';
async function setUp(db: DealDebriefDB): Promise<void> {
  await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: [REP], internalDomains: ['ourco.test'] });
}
const internal = (id: string, at: number): CaptureEvent => ({ kind: 'email', messageId: `msg-f:${id}`, threadId: `thread-f:${id}`, subject: 'x', from: { email: COLLEAGUE }, to: [{ email: REP }], cc: [], at, expanded: true });

describe('a restore in another page while the background captures', () => {
  beforeEach(() => isolateIndexedDB());

  it('a touchpoint restored by another page inside a stretch the background knows is found stored by the next batch', async () => {
    // The backup: mail stored long ago (created at T0).
    const old = await openTestDatabase();
    await setUp(old);
    await ingest(old, [internal('m05x', T0)], T0);
    const backup = JSON.parse(await collectBackup(old, T0));
    old.close();
    const name = uniqueDbName();
    const db = await openTestDatabase(name);
    await setUp(db);
    await ingest(db, Array.from({ length: 20 }, (_, i) => internal(`m${String(i).padStart(2, '0')}`, T0 + DAY + i)), T0 + DAY);
    expect(readCacheOf(db)!.storedKeys.answer('gmail:msg-f:m05x')).toBe('absent');
    // Nobody the background captured is owed anything, or has a row: the restore below will not
    // move the highest reply-owed rev either (the backup holds no prospect's mail).
    expect(await db.awaiting.count()).toBe(0);
    const other = openDatabase(name);
    await other.open();
    // The background captures that message again while the restore writes: its batch waits for
    // the restore's transaction and starts as soon as it ends.
    let batch: Promise<unknown> | undefined;
    // Between pages a message crosses processes: it arrives after the database has already
    // answered the next transaction's first request (modelled by holding it back a little).
    const post = BroadcastChannel.prototype.postMessage;
    BroadcastChannel.prototype.postMessage = function (this: BroadcastChannel, m: unknown) {
      setTimeout(() => post.call(this, m), 50);
    };
    // The options page tells the background before it writes, and waits for the answer.
    const api = createApi(db, { now: () => T0 + 2 * DAY }, quietEffects(), Math.random);
    await api.restoring();
    expect(readCacheOf(db)).toBeUndefined();
    // Checking a large backup takes a while before the first write; the background captures on
    // (the same conversation, opened again).
    await ingest(db, Array.from({ length: 20 }, (_, i) => internal(`m${String(i).padStart(2, '0')}`, T0 + DAY + i)), T0 + DAY);
    const restored = restoreBackup(other, backup, (p) => {
      if (p.phase === 'writing' && p.done > 0 && !batch) batch = ingest(db, [internal('m05x', T0)], T0 + 2 * DAY);
    });
    expect((await restored).ok).toBe(true);
    await batch;
    expect(batch).toBeDefined();
    BroadcastChannel.prototype.postMessage = post;
    expect((await db.touchpoints.get('gmail:msg-f:m05x'))?.createdAt).toBe(T0);
    // The restore has ended: batches keep what they read again, starting from nothing.
    await api.restored();
    expect(readCacheOf(db)?.storedKeys.answer('gmail:msg-f:m05x')).toBeUndefined();
    await ingest(db, [internal('m30', T0 + 3 * DAY)], T0 + 3 * DAY);
    expect(readCacheOf(db)?.contacts.size).toBeGreaterThan(0);
    other.close();
    db.close();
  });
});
