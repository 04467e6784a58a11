/**
 * The reply-owed rows as capture batches leave them, against the rows worked out from every
 * stored touchpoint, batch after batch. Batches come as a mailbox is really captured, and as it
 * is not in order: a backlog of old mail beside new mail, messages of a thread arriving out of
 * order, a contact's first message, messages captured again, the rep's reply in the same batch
 * as what it answers. Batches move most rows on from what the rows keep (lib/db/awaiting.ts,
 * advanceRow) instead of reading the history; any shortcut that gets a row wrong shows here.
 */
import { awaitingRowFor, type AwaitingRow } from '../../lib/db/awaiting';
import { ingest } from '../../lib/db/ingest';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import type { CaptureEvent } from '../../lib/capture/events';
import { defaultSettings, type Touchpoint } from '../../lib/model';
import { mailboxBatches, prng } from '../bench/mailbox';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';

const END = Date.parse('2026-11-20T15:00:00Z');
const SEED = 20261205;

let db: DealDebriefDB;

beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, { ...defaultSettings('UTC'), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
});
afterEach(() => db.close());

/** What readers see of a row and what it was worked out from: all but its rev. */
const content = (row: Omit<AwaitingRow, 'rev'> | undefined) => (row ? JSON.stringify({ lastInboundAt: row.lastInboundAt, open: row.open, basis: row.basis }) : undefined);

/** Every stored row against the row the whole history gives; each contact who waits has one. */
async function expectRowsOfWholeHistory(step: string): Promise<number> {
  const touchpoints = await db.touchpoints.toArray();
  const byEmail = new Map<string, Touchpoint[]>();
  for (const t of touchpoints) for (const e of t.contactEmails) byEmail.set(e, [...(byEmail.get(e) ?? []), t]);
  const stored = new Map((await db.awaiting.toArray()).map((r) => [r.email, r]));
  let waiting = 0;
  for (const [email, list] of byEmail) {
    const whole = awaitingRowFor(email, list);
    const row = stored.get(email);
    if (whole?.open) waiting += 1;
    // A contact nobody waits on may have no row; a row there is must be the whole history's.
    if (!row && !whole?.open) continue;
    expect(content(row), `${step}: ${email}`).toEqual(content(whole));
  }
  for (const [email, row] of stored) if (!byEmail.has(email)) expect(row.open, `${step}: ${email} is named by nothing`).toBeUndefined();
  return waiting;
}

describe('reply-owed rows after capture batches in any order', { timeout: 120_000 }, () => {
  it('equal the rows of the whole history after every batch, and every visible change takes a rev above all before', async () => {
    const rand = prng(SEED);
    const events: CaptureEvent[] = [];
    for (const batch of mailboxBatches({ seed: SEED, contacts: 30, deals: 0, touchpoints: 900, end: END, days: 200 })) events.push(...batch.filter((e) => e.kind === 'email'));
    // Own address first, as the content script sends it.
    await ingest(db, [{ kind: 'own-address', email: 'rep@ourco.test' }], END);
    const pending = [...events];
    const sent: CaptureEvent[] = [];
    let batches = 0;
    let waitingSeen = 0;
    while (pending.length) {
      const batch: CaptureEvent[] = [];
      const how = rand();
      const size = 1 + Math.floor(rand() * 40);
      if (how < 0.35) {
        // In capture order: the next threads, a rep's reply with what it answers.
        batch.push(...pending.splice(0, size));
      } else if (how < 0.55) {
        // The newest mail and a backlog of the oldest in one batch.
        batch.push(...pending.splice(pending.length - Math.ceil(size / 2)), ...pending.splice(0, Math.ceil(size / 2)));
      } else {
        // Anything not yet captured, in any order.
        for (let i = 0; i < size && pending.length; i++) batch.push(...pending.splice(Math.floor(rand() * pending.length), 1));
      }
      // Now and then, messages captured before are seen again.
      if (sent.length && rand() < 0.3) for (let i = 0; i < 1 + Math.floor(rand() * 5); i++) batch.push(sent[Math.floor(rand() * sent.length)]!);
      // The batch in a random order.
      for (let i = batch.length - 1; i > 0; i--) {
        const j = Math.floor(rand() * (i + 1));
        [batch[i], batch[j]] = [batch[j]!, batch[i]!];
      }
      const before = new Map((await db.awaiting.toArray()).map((r) => [r.email, r]));
      const highest = Math.max(0, ...[...before.values()].map((r) => r.rev));
      await ingest(db, batch, END);
      sent.push(...batch);
      batches += 1;
      // A row readers see change has a rev above every rev stored before the batch.
      for (const row of await db.awaiting.toArray()) {
        const was = before.get(row.email);
        const { basis: _a, rev: _b, ...seen } = row;
        const wasSeen = was ? (({ basis: _c, rev: _d, ...rest }) => rest)(was) : undefined;
        const changed = JSON.stringify(seen) !== JSON.stringify(wasSeen ?? { email: row.email });
        if (changed && (row.open || was?.open)) expect(row.rev, `batch ${batches}: ${row.email}`).toBeGreaterThan(highest);
      }
      waitingSeen = Math.max(waitingSeen, await expectRowsOfWholeHistory(`batch ${batches}`));
    }
    // Not vacuous: many batches, and people waited on along the way.
    expect(batches).toBeGreaterThan(30);
    expect(waitingSeen).toBeGreaterThan(5);
  });
});
