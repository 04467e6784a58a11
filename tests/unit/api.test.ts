/**
 * The background's actions against fake-indexeddb, a fake clock and recorded effects.
 * The rep works in New York (the process runs in Europe/Berlin), 09:00–17:00 Mon–Fri.
 * US daylight saving starts Sunday 2026-03-08, so dates either side of it use -05:00 / -04:00.
 */
import { sendingKey } from '../../lib/keys';
import type { PageContext } from '../../lib/capture/events';
import { createApi, type Effects } from '../../lib/background/api';
import { touchpointsOfContactBetween } from '../../lib/db/queries';
import type { DealDebriefDB } from '../../lib/db/schema';
import { loadSettings, storeSettings } from '../../lib/db/settings';
import { debriefId, reengageId } from '../../lib/followups/rules';
import { defaultSettings, type Deal, type FollowUp, type Reflection, type Settings } from '../../lib/model';
import { lossReason } from '../../lib/reflection/taxonomy';
import { contactIndexRows, isolateIndexedDB, openTestDatabase } from './helpers/db';
import { quietEffects } from './helpers/effects';
import { makeTouchpoint } from './helpers/factories';

const at = (iso: string) => Date.parse(iso);
const ZONE = 'America/New_York';
const LOST1 = at('2026-03-02T15:00:00-05:00'); // Monday
const LOST2 = at('2026-06-01T10:00:00-04:00'); // Monday
const DEAL_ID = 'hubspot:1:1';
const JANE = 'jane@acme.test';

const deal: Deal = {
  id: DEAL_ID,
  source: 'hubspot',
  name: 'Acme renewal',
  amount: 48_000,
  currency: 'USD',
  stage: 'Proposal',
  status: 'open',
  contractTermMonths: 12,
  contactEmails: [JANE],
  threadIds: ['thread-f:1'],
  url: 'https://app.hubspot.com/contacts/1/deal/1',
  openedAt: at('2026-01-05T10:00:00-05:00'),
  updatedAt: at('2026-01-05T10:00:00-05:00'),
};

function fakeEffects() {
  const calls = { openPage: [] as string[], openUrl: [] as string[], refreshSoon: 0, contexts: new Map<number, PageContext>() };
  const effects: Effects = quietEffects({
    setTabContext: async (tabId, ctx) => void calls.contexts.set(tabId, ctx),
    getTabContext: async (tabId) => calls.contexts.get(tabId),
    openPage: async (path) => void calls.openPage.push(path),
    openUrl: async (url) => void calls.openUrl.push(url),
    refreshSoon: () => void (calls.refreshSoon += 1),
  });
  return { effects, calls };
}

let db: DealDebriefDB;
let now: number;
let api: ReturnType<typeof createApi>;
let calls: ReturnType<typeof fakeEffects>['calls'];

beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, { ...defaultSettings(ZONE), ownAddresses: ['rep@ourco.test'], internalDomains: ['ourco.test'] });
  await db.deals.put(structuredClone(deal));
  now = LOST1;
  const fake = fakeEffects();
  calls = fake.calls;
  api = createApi(db, { now: () => now }, fake.effects, Math.random);
});
afterEach(() => db.close());

const followUpsByKind = async () => {
  const all = await db.followUps.toArray();
  const count: Record<string, number> = {};
  for (const f of all) count[f.kind] = (count[f.kind] ?? 0) + 1;
  return count;
};
const fu = async (id: string) => (await db.followUps.get(id)) as FollowUp;
const storedReflection = async () => (await db.reflections.get(DEAL_ID)) as Reflection;
const finished = (r: Reflection): Reflection => ({
  ...r,
  outcome: 'competitor',
  competitor: 'Globex',
  primaryReason: lossReason('price', 'Their price was 30% lower', 'partly'),
  differently: 'Qualify budget in the first call.',
});

async function snapshot(d: DealDebriefDB) {
  return {
    contacts: await d.contacts.toArray(),
    deals: await d.deals.toArray(),
    touchpoints: await d.touchpoints.toArray(),
    contactIndex: await contactIndexRows(d),
    reflections: await d.reflections.toArray(),
    followUps: await d.followUps.toArray(),
    settings: await d.settings.toArray(),
  };
}

describe('markLost', () => {
  it('sets lost + closedAt, drafts the reflection, schedules debrief and re-engage, opens the reflection page', async () => {
    expect(await api.markLost({ dealId: DEAL_ID })).toEqual({ dealId: DEAL_ID });
    expect(await db.deals.get(DEAL_ID)).toMatchObject({ status: 'lost', closedAt: LOST1, updatedAt: LOST1 });
    expect(await storedReflection()).toMatchObject({ dealId: DEAL_ID, state: 'draft', disposition: 'lost', lostAt: LOST1, contractTermMonths: 12, stageLost: 'Proposal' });
    // Cool-off 5 days: Mon 2 Mar + 5 = Sat 7 Mar → Mon 9 Mar, 09:00 New York (already EDT).
    expect(await fu(debriefId(DEAL_ID))).toMatchObject({ kind: 'debrief', state: 'open', dueAt: at('2026-03-09T09:00:00-04:00'), dealId: DEAL_ID, contactEmail: JANE, threadId: 'thread-f:1' });
    // 12-month term × 0.75 = 9 months after the loss, same wall-clock time.
    expect(await fu(reengageId(DEAL_ID))).toMatchObject({ kind: 're-engage', state: 'open', dueAt: at('2026-12-02T15:00:00-05:00') });
    expect((await fu(reengageId(DEAL_ID))).reason).toBe('Re-engage call — Acme renewal: lost on Mar 2 — 12-month contract offered');
    expect(calls.openPage).toEqual(['/reflection.html?deal=hubspot%3A1%3A1']);
    expect(calls.refreshSoon).toBeGreaterThan(0);
  });

  it('opens nothing when told not to', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    expect(calls.openPage).toEqual([]);
    expect((await db.deals.get(DEAL_ID))?.status).toBe('lost');
  });

  it('marking a lost deal lost again keeps the loss date and the single pair of follow-ups', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    now = LOST1 + 86_400_000;
    await api.markLost({ dealId: DEAL_ID, open: false });
    expect((await db.deals.get(DEAL_ID))?.closedAt).toBe(LOST1);
    expect((await storedReflection()).lostAt).toBe(LOST1);
    expect(await followUpsByKind()).toEqual({ debrief: 1, 're-engage': 1 });
  });

  it('is all-or-nothing in practice: a currency Intl does not know still gets both follow-ups', async () => {
    await db.deals.update(DEAL_ID, { currency: 'EURO', amount: 1200 });
    await api.markLost({ dealId: DEAL_ID, open: false });
    expect(await followUpsByKind()).toEqual({ debrief: 1, 're-engage': 1 });
    expect((await fu(reengageId(DEAL_ID))).details?.[0]).toBe('Previous offer: 1,200 EURO, 12-month contract');
  });

  it('rejects an unknown deal', async () => {
    await expect(api.markLost({ dealId: 'hubspot:404' })).rejects.toThrow('No deal "hubspot:404" is stored.');
  });
});

describe('saveReflection', () => {
  beforeEach(async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
  });

  it('disposition dead removes the re-engage follow-up and marks the deal dead', async () => {
    now = LOST1 + 60_000;
    const result = await api.saveReflection({ reflection: { ...(await storedReflection()), disposition: 'dead' } });
    expect(result).toEqual({ ok: true, state: 'draft' });
    expect(await db.followUps.get(reengageId(DEAL_ID))).toBeUndefined();
    expect(await followUpsByKind()).toEqual({ debrief: 1 });
    expect((await db.deals.get(DEAL_ID))?.status).toBe('dead');
  });

  it('an autosave stores a draft with what was typed', async () => {
    now = LOST1 + 60_000;
    const result = await api.saveReflection({ reflection: { ...(await storedReflection()), differently: 'Call the CFO earlier' } });
    expect(result).toEqual({ ok: true, state: 'draft' });
    expect(await storedReflection()).toMatchObject({ state: 'draft', differently: 'Call the CFO earlier', createdAt: LOST1, updatedAt: LOST1 + 60_000 });
  });

  it('finishing with missing fields returns the problems and leaves the stored reflection a draft', async () => {
    const before = await storedReflection();
    now = LOST1 + 60_000;
    const result = await api.saveReflection({ reflection: { ...before, competitor: 'Globex' }, finish: true });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual(['outcome', 'primaryReason', 'differently']);
    expect(await storedReflection()).toEqual(before);
  });

  it('finishing a valid reflection stores it final; saving again never duplicates follow-ups and keeps their done state', async () => {
    now = LOST1 + 60_000;
    const result = await api.saveReflection({ reflection: finished(await storedReflection()), finish: true });
    expect(result).toEqual({ ok: true, state: 'final' });
    expect(await storedReflection()).toMatchObject({ state: 'final', finishedAt: LOST1 + 60_000 });
    expect((await fu(reengageId(DEAL_ID))).reason).toBe('Re-engage call — Acme renewal: lost to Globex on Mar 2 — 12-month contract offered');

    await api.followUpDone({ id: debriefId(DEAL_ID) });
    now = LOST1 + 120_000;
    // Once final, a save without `finish` still validates and stays final.
    const again = await api.saveReflection({ reflection: { ...finished(await storedReflection()), adjustProcess: 'Budget question in discovery' } });
    expect(again).toEqual({ ok: true, state: 'final' });
    await api.saveReflection({ reflection: finished(await storedReflection()), finish: true });

    expect(await followUpsByKind()).toEqual({ debrief: 1, 're-engage': 1 });
    expect((await fu(debriefId(DEAL_ID))).state).toBe('done');
    expect((await fu(reengageId(DEAL_ID))).state).toBe('open');
    expect(await storedReflection()).toMatchObject({ state: 'final', finishedAt: LOST1 + 60_000, adjustProcess: 'Budget question in discovery' });
  });

  it('an edit that makes a finished reflection incomplete is kept, as a draft, with the problems', async () => {
    now = LOST1 + 60_000;
    await api.saveReflection({ reflection: finished(await storedReflection()), finish: true });
    now = LOST1 + 120_000;
    const result = await api.saveReflection({ reflection: { ...(await storedReflection()), differently: '   ', prepared: 'Pricing sheet' } });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.field)).toEqual(['differently']);
    // Nothing typed is lost: the edit is stored, and the reflection is a draft until finished again.
    expect(await storedReflection()).toMatchObject({ state: 'draft', prepared: 'Pricing sheet', differently: '   ', finishedAt: undefined });
    expect(await followUpsByKind()).toEqual({ debrief: 1, 're-engage': 1 });
  });

  it('a save after the deal was reopened leaves it open and schedules nothing', async () => {
    await api.reopenDeal({ dealId: DEAL_ID });
    now = LOST1 + 60_000;
    const result = await api.saveReflection({ reflection: { ...(await storedReflection()), prepared: 'Late note' } });
    expect(result).toEqual({ ok: true, state: 'draft' });
    expect((await db.deals.get(DEAL_ID))?.status).toBe('open');
    expect((await fu(debriefId(DEAL_ID))).state).toBe('done');
    expect((await fu(reengageId(DEAL_ID))).state).toBe('done');
  });

  it('a changed contract term moves the re-engage call and clears its notification', async () => {
    await db.followUps.update(reengageId(DEAL_ID), { notifiedAt: LOST1 });
    now = LOST1 + 60_000;
    await api.saveReflection({ reflection: { ...(await storedReflection()), contractTermMonths: 24 } });
    // 24 × 0.75 = 18 months after Mon 2 Mar 2026 15:00 EST → 2 Sep 2027 15:00 EDT.
    expect(await fu(reengageId(DEAL_ID))).toMatchObject({ dueAt: at('2027-09-02T15:00:00-04:00'), notifiedAt: undefined });
    expect((await db.deals.get(DEAL_ID))?.contractTermMonths).toBe(24);
  });
});

describe('the contract term edited beside a lost deal', () => {
  it('an edit in the sidebar moves the re-engage call, and the reflection autosave keeps it', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    now = LOST1 + 60_000;
    await api.updateDeal({ dealId: DEAL_ID, patch: { contractTermMonths: 24 } });
    // 24 × 0.75 = 18 months after Mon 2 Mar 2026 15:00 EST → 2 Sep 2027 15:00 EDT.
    expect(await fu(reengageId(DEAL_ID))).toMatchObject({ dueAt: at('2027-09-02T15:00:00-04:00') });
    // The reflection page follows the stored reflection while nothing is typed: its next autosave
    // sends what it holds then.
    expect((await storedReflection()).contractTermMonths).toBe(24);
    now = LOST1 + 120_000;
    await api.saveReflection({ reflection: { ...(await storedReflection()), differently: 'Call the CFO earlier' } });
    expect((await db.deals.get(DEAL_ID))?.contractTermMonths).toBe(24);
    expect(await fu(reengageId(DEAL_ID))).toMatchObject({ dueAt: at('2027-09-02T15:00:00-04:00') });
  });

  it('a lead source edited in the sidebar is not put back by the reflection autosave', async () => {
    await db.deals.update(DEAL_ID, { leadSource: 'inbound' });
    await api.markLost({ dealId: DEAL_ID, open: false });
    expect((await storedReflection()).leadSource).toBe('inbound');
    now = LOST1 + 60_000;
    await api.updateDeal({ dealId: DEAL_ID, patch: { leadSource: 'referral' } });
    expect((await storedReflection()).leadSource).toBe('referral');
    now = LOST1 + 120_000;
    await api.saveReflection({ reflection: { ...(await storedReflection()), differently: 'Call the CFO earlier' } });
    expect((await db.deals.get(DEAL_ID))?.leadSource).toBe('referral');
  });

  it('an open deal without a reflection gets no follow-ups from an edit', async () => {
    await api.updateDeal({ dealId: DEAL_ID, patch: { contractTermMonths: 24 } });
    expect(await db.followUps.count()).toBe(0);
    expect(await db.reflections.count()).toBe(0);
  });
});

describe('reopenDeal and losing again', () => {
  it('a deal judged dead, reopened and lost again is lost, with its re-engage call', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    await api.saveReflection({ reflection: { ...(await storedReflection()), disposition: 'dead' } });
    expect((await db.deals.get(DEAL_ID))?.status).toBe('dead');
    expect(await db.followUps.get(reengageId(DEAL_ID))).toBeUndefined();
    now = LOST1 + 86_400_000;
    await api.reopenDeal({ dealId: DEAL_ID });
    now = LOST2;
    await api.markLost({ dealId: DEAL_ID, open: false });
    expect((await db.deals.get(DEAL_ID))?.status).toBe('lost');
    expect((await storedReflection()).disposition).toBe('lost');
    // 9 months after Mon 1 Jun 2026 10:00 EDT → Mon 1 Mar 2027 10:00 EST.
    expect(await fu(reengageId(DEAL_ID))).toMatchObject({ state: 'open', dueAt: at('2027-03-01T10:00:00-05:00') });
  });

  it('reopen sets open and closes both follow-ups; a new loss re-opens them from the new loss date', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    now = LOST1 + 86_400_000;
    await api.reopenDeal({ dealId: DEAL_ID });
    const reopened = await db.deals.get(DEAL_ID);
    expect(reopened?.status).toBe('open');
    expect(reopened?.closedAt).toBeUndefined();
    for (const id of [debriefId(DEAL_ID), reengageId(DEAL_ID)]) {
      const f = await fu(id);
      expect(f.state).toBe('done');
      expect(f.reason).toMatch(/\(deal reopened\)$/);
    }
    expect(await db.reflections.get(DEAL_ID)).toBeDefined();

    now = LOST2;
    await api.markLost({ dealId: DEAL_ID, open: false });
    expect(await db.deals.get(DEAL_ID)).toMatchObject({ status: 'lost', closedAt: LOST2 });
    expect((await storedReflection()).lostAt).toBe(LOST2);
    // Mon 1 Jun + 5 = Sat 6 Jun → Mon 8 Jun 09:00 EDT; 9 months → Mon 1 Mar 2027 10:00 EST.
    expect(await fu(debriefId(DEAL_ID))).toMatchObject({ state: 'open', dueAt: at('2026-06-08T09:00:00-04:00') });
    expect(await fu(reengageId(DEAL_ID))).toMatchObject({ state: 'open', dueAt: at('2027-03-01T10:00:00-05:00') });
    expect((await fu(debriefId(DEAL_ID))).reason).not.toContain('reopened');
    expect(await followUpsByKind()).toEqual({ debrief: 1, 're-engage': 1 });
  });
});

describe('touchpoints logged by hand', () => {
  const timeline = async () => (await touchpointsOfContactBetween(db, JANE)).map((r) => [r.key, r.at]);

  it('logTouchpoint creates, edits under the same key, and deleteTouchpoint removes; the contact index follows', async () => {
    const callAt = at('2026-03-02T11:00:00-05:00');
    const created = await api.logTouchpoint({ channel: 'call', at: callAt, contactEmail: 'Jane@Acme.test', outcome: 'connected', durationMinutes: 12 });
    expect(created).toMatchObject({ channel: 'call', direction: 'outbound', contactEmails: [JANE], dealId: DEAL_ID, capturedFrom: 'manual', provenance: 'manual', durationMinutes: 12, createdAt: LOST1 });
    expect(created.key).toMatch(/^manual:/);
    expect(await timeline()).toEqual([[created.key, callAt]]);

    now = LOST1 + 60_000;
    const movedAt = callAt + 30 * 60_000;
    const edited = await api.logTouchpoint({ key: created.key, channel: 'call', at: movedAt, contactEmail: JANE, outcome: 'voicemail', note: 'Left a message' });
    expect(edited.key).toBe(created.key);
    expect(await db.touchpoints.count()).toBe(1);
    expect(await db.touchpoints.get(created.key)).toMatchObject({ at: movedAt, outcome: 'voicemail', note: 'Left a message', createdAt: LOST1, updatedAt: LOST1 + 60_000 });
    expect(await timeline()).toEqual([[created.key, movedAt]]);

    await api.deleteTouchpoint({ key: created.key });
    expect(await db.touchpoints.count()).toBe(0);
    expect(await contactIndexRows(db)).toEqual([]);
  });

  it.each([
    ['a time that is not a date', { channel: 'call' as const, at: Number.NaN }, 'The time is not a valid date.'],
    ['a negative duration', { channel: 'meeting' as const, at: LOST1, durationMinutes: -5 }, 'Duration must be zero or more minutes.'],
  ])('rejects %s', async (_name, input, message) => {
    await expect(api.logTouchpoint(input)).rejects.toThrow(message);
    expect(await db.touchpoints.count()).toBe(0);
  });
});

describe('follow-up actions', () => {
  it("snoozeFollowUp('tomorrow') snoozes to the next working day's start in the rep's zone", async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    await db.followUps.update(debriefId(DEAL_ID), { notifiedAt: LOST1 });
    const result = await api.snoozeFollowUp({ id: debriefId(DEAL_ID), option: 'tomorrow' });
    const tomorrow = at('2026-03-03T09:00:00-05:00');
    expect(result).toEqual({ until: tomorrow });
    expect(await fu(debriefId(DEAL_ID))).toMatchObject({ state: 'snoozed', snoozedUntil: tomorrow, notifiedAt: undefined, dueAt: at('2026-03-09T09:00:00-04:00') });
  });

  it('done and undone', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    await api.snoozeFollowUp({ id: debriefId(DEAL_ID), option: 'tomorrow' });
    await api.followUpDone({ id: debriefId(DEAL_ID) });
    expect(await fu(debriefId(DEAL_ID))).toMatchObject({ state: 'done', snoozedUntil: undefined });
    await api.followUpDone({ id: debriefId(DEAL_ID), done: false });
    expect((await fu(debriefId(DEAL_ID))).state).toBe('open');
  });

  it('undone with the time it was snoozed until: snoozed again, as before Done', async () => {
    await api.markLost({ dealId: DEAL_ID, open: false });
    const { until } = await api.snoozeFollowUp({ id: debriefId(DEAL_ID), option: 'tomorrow' });
    await api.followUpDone({ id: debriefId(DEAL_ID) });
    await api.followUpDone({ id: debriefId(DEAL_ID), done: false, snoozedUntil: until });
    expect(await fu(debriefId(DEAL_ID))).toMatchObject({ state: 'snoozed', snoozedUntil: until });
  });

  it('an unknown follow-up is an error', async () => {
    await expect(api.snoozeFollowUp({ id: 'nope', option: 'tomorrow' })).rejects.toThrow('That follow-up no longer exists.');
  });
});

describe('backup', () => {
  async function fill(): Promise<void> {
    await api.markLost({ dealId: DEAL_ID, open: false });
    await api.saveReflection({ reflection: finished(await storedReflection()), finish: true });
    await api.logTouchpoint({ channel: 'meeting', at: LOST1 - 86_400_000, contactEmail: JANE, note: 'Demo' });
    await db.contacts.put({ email: JANE, name: 'Jane', domain: 'acme.test', phones: ['+1 212 555 0100'], firstSeen: LOST1, lastSeen: LOST1 });
  }

  it('importBackup of exportBackup round-trips into an empty database', async () => {
    await fill();
    const original = await snapshot(db);
    const text = JSON.stringify(await api.exportBackup());

    const other = await openTestDatabase();
    const otherApi = createApi(other, { now: () => now }, fakeEffects().effects, Math.random);
    const result = await otherApi.importBackup({ text });
    expect(result).toMatchObject({ ok: true, counts: { deals: 1, touchpoints: 1, reflections: 1 } });
    expect(await snapshot(other)).toEqual(original);
    other.close();
  });

  it('a backup written before records were keyed by tenant restores under the tenant keys, references included', async () => {
    await fill();
    const text = JSON.stringify(await api.exportBackup());
    // The same backup as the version before wrote it: `hubspot:1`, not `hubspot:1:1`.
    const old = text.replaceAll('hubspot:1:1', 'hubspot:1');
    expect(old).not.toContain('hubspot:1:1');
    const other = await openTestDatabase();
    const otherApi = createApi(other, { now: () => now }, fakeEffects().effects, Math.random);
    expect((await otherApi.importBackup({ text: old })).ok).toBe(true);
    expect(await snapshot(other)).toEqual(await snapshot(db));
    other.close();
  });

  it('importing replaces what is there (all of it)', async () => {
    await fill();
    const original = await snapshot(db);
    const text = JSON.stringify(await api.exportBackup());
    await db.deals.put({ ...deal, id: 'local:new', name: 'Added after the export' });
    await api.followUpDone({ id: debriefId(DEAL_ID) });
    await api.importBackup({ text });
    expect(await snapshot(db)).toEqual(original);
  });

  it.each<[string, (text: string) => string, RegExp]>([
    ['not JSON', () => '{"format": "deal-debrief-backup",', /not valid JSON/],
    ['another format', (t) => t.replace('"deal-debrief-backup"', '"something-else"'), /^Not a Deal Debrief backup: format is/],
    ['a bad deal status', (t) => t.replace('"status":"lost"', '"status":"maybe"'), /^data\.deals\[0\]\.status/],
  ])('a malformed backup (%s) returns errors and leaves the data untouched', async (_name, corrupt, error) => {
    await fill();
    const text = JSON.stringify(await api.exportBackup());
    await db.deals.put({ ...deal, id: 'local:new', name: 'Added after the export' });
    const before = await snapshot(db);
    const result = await api.importBackup({ text: corrupt(text) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.some((e) => error.test(e))).toBe(true);
    expect(await snapshot(db)).toEqual(before);
  });
});

describe('settings and deal edits', () => {
  it('saveSettings with an unknown zone returns the problem and stores nothing', async () => {
    const before = await loadSettings(db);
    const result = await api.saveSettings({ settings: { ...before, timeZone: 'Atlantis/Capital' } });
    expect(result).toEqual({ ok: false, problems: [{ field: 'timeZone', message: 'Unknown time zone "Atlantis/Capital".' }] });
    expect(await loadSettings(db)).toEqual(before);
  });

  it('saveSettings stores the normalised settings', async () => {
    const s: Settings = { ...(await loadSettings(db)), internalDomains: ['@OurCo.test'], timeZone: 'Europe/Paris' };
    const result = await api.saveSettings({ settings: s });
    expect(result.ok).toBe(true);
    expect(await loadSettings(db)).toMatchObject({ internalDomains: ['ourco.test'], timeZone: 'Europe/Paris' });
  });

  it.each([0, -3, 1.5, 121])('updateDeal rejects a contract term of %s and changes nothing', async (term) => {
    await expect(api.updateDeal({ dealId: DEAL_ID, patch: { contractTermMonths: term } })).rejects.toThrow('Contract term must be a whole number of months between 1 and 120.');
    expect(await db.deals.get(DEAL_ID)).toEqual(deal);
  });

  it('updateDeal stores a valid edit', async () => {
    await api.updateDeal({ dealId: DEAL_ID, patch: { contractTermMonths: 36, leadSource: 'Referral' } });
    expect(await db.deals.get(DEAL_ID)).toMatchObject({ contractTermMonths: 36, leadSource: 'Referral', updatedAt: LOST1 });
  });
});

describe('capture', () => {
  it('stores the valid events, reports the malformed one, and asks for a refresh', async () => {
    const good = {
      kind: 'email',
      messageId: 'msg-f:1',
      threadId: 'thread-f:1',
      subject: 'Pricing',
      from: { email: 'Jane@Acme.test' },
      to: [{ email: 'rep@ourco.test' }],
      cc: [],
      at: LOST1 - 3_600_000,
      expanded: true,
    };
    const result = await api.capture({ events: [good, { ...good, messageId: 'msg-f:2', at: 'yesterday' }] as never }, { tabId: 7, url: 'https://mail.google.com/mail/u/0/' });
    expect(result.stored).toBe(1);
    expect(result.rejected).toHaveLength(1);
    expect(result.rejected[0]).toMatch(/^events\[1\]: at /);
    // Linked through the thread the deal lists.
    expect(await db.touchpoints.get('gmail:msg-f:1')).toMatchObject({ contactEmails: [JANE], dealId: DEAL_ID });
    expect(calls.refreshSoon).toBe(1);
  });

  const longSubject = {
    kind: 'email',
    messageId: 'msg-f:9',
    threadId: 'thread-f:1',
    subject: 'Pricing '.repeat(200_000),
    from: { email: 'jane@acme.test', name: 'J'.repeat(300_000) },
    to: [{ email: 'rep@ourco.test' }],
    cc: [],
    at: LOST1 - 3_600_000,
    expanded: true,
  };

  it('stores a message with a 1 MB subject and name, cut to their bounds and marked truncated', async () => {
    const result = await api.capture({ events: [longSubject] as never }, { tabId: 7, url: 'https://mail.google.com/mail/u/0/' });
    expect(result).toEqual({ stored: 1, rejected: [] });
    const tp = await db.touchpoints.get('gmail:msg-f:9');
    expect(tp?.subject).toHaveLength(2000);
    expect(tp?.truncated).toBe(true);
  });

  it('an unusable page report pauses the tab\'s sidebar instead of leaving the previous page showing', async () => {
    const thread = { site: 'gmail', url: 'https://mail.google.com/mail/u/0/#inbox/a', view: 'thread', status: 'ok', threadId: 'thread-f:1', participants: [], captured: 1 };
    await api.capture({ events: [], context: thread } as never, { tabId: 7, url: thread.url });
    expect(calls.contexts.get(7)?.threadId).toBe('thread-f:1');
    await api.capture({ events: [], context: { ...thread, threadId: 'thread-f:2', participants: 'everyone' } } as never, { tabId: 7, url: 'https://mail.google.com/mail/u/0/#inbox/b' });
    expect(calls.contexts.get(7)).toMatchObject({ site: 'gmail', status: 'paused', url: 'https://mail.google.com/mail/u/0/#inbox/b', participants: [] });
    expect(calls.contexts.get(7)?.threadId).toBeUndefined();
  });
});

describe('capture: time comes from the clock it is given', () => {
  const send = (at: number) => ({ kind: 'sending' as const, composeId: 'c1', threadId: 'thread-f:9', subject: 'Pricing', to: [{ email: JANE }], cc: [], bcc: [], at });

  it("a send keeps the page's time when the clock is not moved", async () => {
    await api.capture({ events: [send(now - 60_000)] }, { tabId: 1, url: 'https://mail.google.com/mail/u/0/' });
    expect((await db.touchpoints.get(sendingKey('c1')))?.at).toBe(now - 60_000);
  });

  it("a test build's moved clock moves sends by its offset, so page and background agree", async () => {
    const moved = createApi(db, { now: () => now, offsetMs: () => 3_600_000 }, fakeEffects().effects, Math.random);
    await moved.capture({ events: [send(now - 60_000)] }, { tabId: 1, url: 'https://mail.google.com/mail/u/0/' });
    expect((await db.touchpoints.get(sendingKey('c1')))?.at).toBe(now - 60_000 + 3_600_000);
  });
});

describe('no reply needed', () => {
  const mailTp = (key: string, from: string, atMs: number, contactEmails: string[]) =>
    makeTouchpoint({ key, direction: 'inbound', at: atMs, contactEmails, from, to: ['rep@ourco.test'] });

  it("marks the contact's own messages up to the given time, and leaves what others sent them alone", async () => {
    const { putTouchpoint } = await import('../../lib/db/ingest');
    const BOB = 'bob@acme.test';
    const t0 = at('2026-03-02T10:00:00-05:00');
    const { trackedWrite } = await import('../../lib/db/awaiting');
    await trackedWrite(db, [], async () => {
      await putTouchpoint(db, mailTp('gmail:j1', JANE, t0, [JANE]));
      await putTouchpoint(db, mailTp('gmail:b1', BOB, t0 + 60_000, [BOB, JANE])); // Jane only copied
      await putTouchpoint(db, mailTp('gmail:j2', JANE, t0 + 2 * 3_600_000, [JANE])); // after upTo
    });
    const before = calls.refreshSoon;
    expect(await api.noReplyNeeded({ contactEmail: JANE.toUpperCase(), upTo: t0 + 3_600_000 })).toEqual({ marked: 1 });
    expect((await db.touchpoints.get('gmail:j1'))?.noReplyNeeded).toBe(true);
    expect((await db.touchpoints.get('gmail:b1'))?.noReplyNeeded).toBeUndefined();
    expect((await db.touchpoints.get('gmail:j2'))?.noReplyNeeded).toBeUndefined();
    expect(calls.refreshSoon).toBe(before + 1);
  });
});

describe('the rep decides what is captured', () => {
  const T0 = at('2026-03-02T10:00:00-05:00');
  const email = (messageId: string, from: string, threadId = 'thread-f:1', cc: string[] = []) => ({
    kind: 'email' as const,
    messageId,
    threadId,
    subject: 'Hello',
    from: { email: from },
    to: [{ email: 'rep@ourco.test' }],
    cc: cc.map((e) => ({ email: e })),
    at: T0,
    expanded: true,
  });
  const ctx = { site: 'gmail' as const, url: 'https://mail.google.com/mail/u/0/#inbox/x', view: 'thread' as const, status: 'ok' as const, participants: [], captured: 0 };
  const sender = { tabId: 7, url: 'https://mail.google.com/mail/u/0/' };

  it('adding an address deletes what was stored for it, and it is not captured again', async () => {
    await api.capture({ events: [email('msg-f:1', 'jo@family.test'), email('msg-f:2', JANE)], context: ctx }, sender);
    expect(await db.touchpoints.count()).toBe(2);
    const { forgotten } = await api.addNeverCapture({ entry: 'Jo@Family.test' });
    expect(forgotten.touchpoints).toBe(1);
    expect(await db.touchpoints.toCollection().primaryKeys()).toEqual(['gmail:msg-f:2']);
    expect(await db.contacts.get('jo@family.test')).toBeUndefined();
    expect((await contactIndexRows(db)).filter((r) => r.email === 'jo@family.test')).toEqual([]);
    await api.capture({ events: [email('msg-f:1', 'jo@family.test'), email('msg-f:3', 'jo@family.test')], context: ctx }, sender);
    expect(await db.touchpoints.count()).toBe(1);
  });

  it('a whole domain and a single conversation', async () => {
    await api.capture({ events: [email('msg-f:1', JANE, 'thread-f:1', ['statements@bank.example']), email('msg-f:2', JANE, 'thread-f:2'), email('msg-f:3', JANE, 'thread-f:3')] }, sender);
    await api.addNeverCapture({ entry: 'bank.example' });
    await api.addNeverCapture({ entry: 'thread:thread-f:2' });
    expect(await db.touchpoints.toCollection().primaryKeys()).toEqual(['gmail:msg-f:3']);
    expect((await loadSettings(db)).neverCapture).toEqual(['bank.example', 'thread:thread-f:2']);
    // Saving the settings form (opened before) keeps the list.
    await api.saveSettings({ settings: { ...defaultSettings(ZONE), ownAddresses: ['rep@ourco.test'] } });
    expect((await loadSettings(db)).neverCapture).toEqual(['bank.example', 'thread:thread-f:2']);
  });

  it('a captured message deleted from a timeline stays deleted when the thread is seen again', async () => {
    await api.capture({ events: [email('msg-f:1', JANE)] }, sender);
    await api.deleteTouchpoint({ key: 'gmail:msg-f:1' });
    expect(await db.touchpoints.count()).toBe(0);
    await api.capture({ events: [email('msg-f:1', JANE)] }, sender);
    expect(await db.touchpoints.count()).toBe(0);
  });

  it('pause: nothing is stored on that site until the pause ends or the rep resumes', async () => {
    expect((await api.pauseCapture({ site: 'gmail', duration: 'hour' })).until).toBe(now + 3_600_000);
    await api.capture({ events: [email('msg-f:1', JANE)], context: ctx }, sender);
    expect(await db.touchpoints.count()).toBe(0);
    // Another site is not paused.
    await api.capture({ events: [{ kind: 'call', phone: '+1 312 555 0182', at: T0, site: 'hubspot', url: 'https://app.hubspot.com/contacts/1/deal/1' }], context: { ...ctx, site: 'hubspot', url: 'https://app.hubspot.com/contacts/1/deal/1' } }, { tabId: 8, url: 'https://app.hubspot.com/contacts/1/deal/1' });
    expect(await db.touchpoints.count()).toBe(1);
    now += 3_600_001;
    await api.capture({ events: [email('msg-f:1', JANE)], context: ctx }, sender);
    expect(await db.touchpoints.count()).toBe(2);
    // Until tomorrow: the next working day's start (Tuesday 09:00 in New York).
    expect((await api.pauseCapture({ site: 'gmail', duration: 'tomorrow' })).until).toBe(at('2026-03-03T09:00:00-05:00'));
    await api.pauseCapture({ site: 'gmail', duration: 'resumed' });
    now += 400 * 86_400_000;
    await api.capture({ events: [email('msg-f:5', JANE)], context: ctx }, sender);
    expect(await db.touchpoints.get('gmail:msg-f:5')).toBeUndefined();
    await api.resumeCapture({ site: 'gmail' });
    await api.capture({ events: [email('msg-f:5', JANE)], context: ctx }, sender);
    expect(await db.touchpoints.get('gmail:msg-f:5')).toBeDefined();
  });

  it('delete everything about one contact: their rows go, a message shared with another prospect stays for them', async () => {
    await api.capture({ events: [email('msg-f:1', JANE), email('msg-f:2', 'bob@acme.test', 'thread-f:2', [JANE])] }, sender);
    await api.forgetContact({ email: JANE });
    expect(await db.contacts.get(JANE)).toBeUndefined();
    expect((await contactIndexRows(db)).filter((r) => r.email === JANE)).toEqual([]);
    expect(await db.touchpoints.get('gmail:msg-f:1')).toBeUndefined();
    const shared = await db.touchpoints.get('gmail:msg-f:2');
    expect(shared?.contactEmails).toEqual(['bob@acme.test']);
    expect((await contactIndexRows(db)).filter((r) => r.key === 'gmail:msg-f:2').map((r) => r.email)).toEqual(['bob@acme.test']);
    expect(shared?.cc).toEqual([]);
    expect((await db.deals.get(DEAL_ID))?.contactEmails).toEqual([]);
  });

  it('a prospect writing from an address in another script is captured, and can be deleted and never captured again', async () => {
    const jorg = 'jörg@bücher.test';
    await api.capture({ events: [email('msg-f:1', jorg)] }, sender);
    expect((await db.touchpoints.get('gmail:msg-f:1'))?.contactEmails).toEqual([jorg]);
    expect(await db.contacts.get(jorg)).toBeDefined();
    await api.forgetContact({ email: 'Jörg@Bücher.test' });
    expect(await db.contacts.get(jorg)).toBeUndefined();
    expect(await db.touchpoints.get('gmail:msg-f:1')).toBeUndefined();
    await api.addNeverCapture({ entry: jorg });
    await api.capture({ events: [email('msg-f:2', jorg)] }, sender);
    expect(await db.touchpoints.get('gmail:msg-f:2')).toBeUndefined();
  });

  it('a contact stored under an address no longer read as one can still be deleted by it', async () => {
    const odd = 'ja\u200bne@acme.test';
    await db.contacts.put({ email: odd, domain: 'acme.test', phones: [], firstSeen: LOST1, lastSeen: LOST1 });
    await api.forgetContact({ email: odd });
    expect(await db.contacts.get(odd)).toBeUndefined();
    await expect(api.forgetContact({ email: 'nobody\u200b@acme.test' })).rejects.toThrow('is not an email address');
  });

  it('delete everything needs the typed confirmation; the settings stay', async () => {
    await api.capture({ events: [email('msg-f:1', JANE)] }, sender);
    await expect(api.forgetEverything({ confirm: 'yes' })).rejects.toThrow('Type "delete everything"');
    expect(await db.touchpoints.count()).toBe(1);
    await api.forgetEverything({ confirm: 'Delete everything' });
    expect(await db.touchpoints.count()).toBe(0);
    expect(await db.deals.count()).toBe(0);
    expect(await contactIndexRows(db)).toEqual([]);
    expect((await loadSettings(db)).ownAddresses).toEqual(['rep@ourco.test']);
  });
});

describe('capture: a page sends only what belongs to its own site', () => {
  const PIPEDRIVE = 'https://acme.pipedrive.com/deal/42';
  const gmailEmail = { kind: 'email' as const, messageId: 'msg-f:77', threadId: 'thread-f:77', subject: 'Forged', from: { email: JANE }, to: [{ email: 'rep@ourco.test' }], cc: [], at: LOST1 - 60_000, expanded: true };
  const dealCtx: PageContext = { site: 'pipedrive', url: PIPEDRIVE, view: 'deal', status: 'ok', dealId: 'pipedrive:acme:42', participants: [], captured: 1 };

  it('a Pipedrive page sending a Gmail message and the account address stores nothing and pauses its sidebar, counting', async () => {
    const result = await api.capture({ events: [gmailEmail, { kind: 'own-address', email: 'attacker@evil.test' }], context: dealCtx }, { tabId: 9, url: PIPEDRIVE });
    expect(result.stored).toBe(0);
    expect(result.rejected).toHaveLength(2);
    expect(await db.touchpoints.count()).toBe(0);
    expect((await loadSettings(db)).ownAddresses).toEqual(['rep@ourco.test']);
    expect(calls.contexts.get(9)).toMatchObject({ site: 'pipedrive', status: 'paused', pauseMessage: '2 items from this page did not belong to it or could not be read, and were not stored' });
    // The page's next report (same page) does not lift the pause; the count goes on.
    await api.capture({ events: [gmailEmail], context: dealCtx }, { tabId: 9, url: PIPEDRIVE });
    expect(calls.contexts.get(9)).toMatchObject({ status: 'paused', pauseMessage: '3 items from this page did not belong to it or could not be read, and were not stored' });
    await api.capture({ events: [], context: dealCtx }, { tabId: 9, url: PIPEDRIVE });
    expect(calls.contexts.get(9)?.status).toBe('paused');
    // Another page of the tab starts clean.
    const next = 'https://acme.pipedrive.com/deal/43';
    await api.capture({ events: [], context: { ...dealCtx, url: next, dealId: 'pipedrive:acme:43' } }, { tabId: 9, url: next });
    expect(calls.contexts.get(9)).toMatchObject({ status: 'ok', dealId: 'pipedrive:acme:43' });
  });

  it("a report naming another site or another company's deal pauses the sidebar instead of showing it", async () => {
    await api.capture({ events: [], context: { ...dealCtx, dealId: DEAL_ID } }, { tabId: 9, url: PIPEDRIVE });
    expect(calls.contexts.get(9)).toMatchObject({ site: 'pipedrive', status: 'paused', url: PIPEDRIVE });
    expect(calls.contexts.get(9)?.dealId).toBeUndefined();
    await api.capture({ events: [], context: { ...dealCtx, site: 'gmail', dealId: undefined } }, { tabId: 9, url: PIPEDRIVE });
    expect(calls.contexts.get(9)).toMatchObject({ site: 'pipedrive', status: 'paused' });
  });

  it("a page our script runs on that is no company's CRM cannot make its sidebar show another company's deal", async () => {
    // `https://*.pipedrive.com/*` matches pipedrive.com itself and deeper subdomains too: the
    // Pipedrive script runs there, but no company's record is there (nor on an extra host the rep
    // has removed, whose script runs on in tabs already open).
    for (const url of ['https://pipedrive.com/deal/42', 'https://www.eu.pipedrive.com/deal/42', 'https://crm.removed.test/deal/42']) {
      await api.capture({ events: [], context: { ...dealCtx, url } }, { tabId: 9, url });
      expect(calls.contexts.get(9)).toMatchObject({ site: 'pipedrive', status: 'paused', url });
      expect(calls.contexts.get(9)?.dealId).toBeUndefined();
    }
  });

  it('a call belongs to the deal of the page it was placed on, not to the deal the tab showed before', async () => {
    await api.capture({ events: [], context: dealCtx }, { tabId: 9, url: PIPEDRIVE });
    // The same tab, now on another company's Pipedrive: its first batch brings a call with its report.
    const other = 'https://globex.pipedrive.com/person/7';
    const call = { kind: 'call' as const, phone: '+1 312 555 0182', at: LOST1, site: 'pipedrive' as const, url: other };
    await api.capture({ events: [call], context: { ...dealCtx, url: other, view: 'other', dealId: undefined } }, { tabId: 9, url: other });
    // And on that company's deal 42: the call is that company's deal's, not the rep's.
    const otherDeal = 'https://globex.pipedrive.com/deal/42';
    await api.capture({ events: [{ ...call, at: LOST1 + 60_000, url: otherDeal }] }, { tabId: 9, url: otherDeal });
    const calls = await db.touchpoints.filter((t) => t.channel === 'call').sortBy('at');
    expect(calls.map((t) => t.dealId)).toEqual([undefined, 'pipedrive:globex:42']);
  });

  it('an item the background cannot read is not dropped without a word: the sidebar says capture is paused', async () => {
    const GMAIL = 'https://mail.google.com/mail/u/0/#inbox/x';
    const thread: PageContext = { site: 'gmail', url: GMAIL, view: 'thread', status: 'ok', threadId: 'thread-f:77', participants: [], captured: 2 };
    const result = await api.capture({ events: [gmailEmail, { ...gmailEmail, messageId: 'msg-f:78', at: -1 }], context: thread }, { tabId: 9, url: GMAIL });
    expect(result.stored).toBe(1);
    expect(result.rejected).toHaveLength(1);
    expect(calls.contexts.get(9)).toMatchObject({ site: 'gmail', status: 'paused', threadId: 'thread-f:77', pauseMessage: '1 item from this page did not belong to it or could not be read, and was not stored' });
  });

  it('a sender that is no page of ours stores nothing', async () => {
    const result = await api.capture({ events: [gmailEmail] }, { tabId: 9, url: 'https://evil.test/' });
    expect(result.stored).toBe(0);
    expect(await db.touchpoints.count()).toBe(0);
  });
});
