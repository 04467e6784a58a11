/**
 * The background's learning actions against fake-indexeddb and a fake clock: Mark won and the
 * win reflection, the debrief call (its answers flow into the reflection's prospect's view, and
 * held closes the follow-up), and how the insights compare the rep's reason with the buyer's.
 */
import { createApi, type Effects } from '../../lib/background/api';
import { MAX_TEXT } from '../../lib/background/learning';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { debriefId } from '../../lib/followups/rules';
import { computeAgreement } from '../../lib/insights';
import { defaultSettings, type Deal, type Debrief, type Reflection } from '../../lib/model';
import { COULD_HAVE_CHANGED_QUESTION, emptyDebrief, MATTERED_QUESTION, withProspectView } from '../../lib/reflection/debrief';
import { emptyReflection } from '../../lib/reflection/model';
import { lossReason } from '../../lib/reflection/taxonomy';
import { emptyWinReflection } from '../../lib/reflection/win';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';
import { quietEffects } from './helpers/effects';
import { makeDeal } from './helpers/factories';

const T = Date.UTC(2026, 2, 2, 15);
const deal = (id: string, status: Deal['status'], over: Partial<Deal> = {}): Deal =>
  makeDeal({ id, source: 'local', name: `Deal ${id}`, status, contactEmails: ['ana@acme.test'], openedAt: T - 30 * 86_400_000, updatedAt: T, ...over });

let db: DealDebriefDB;
let now: number;
let opened: string[];
let api: ReturnType<typeof createApi>;

beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, defaultSettings('Europe/Berlin'));
  now = T;
  opened = [];
  const effects: Effects = quietEffects({ openPage: async (p) => void opened.push(p) });
  api = createApi(db, { now: () => now }, effects, Math.random);
  await db.deals.bulkPut([deal('d1', 'open'), deal('d2', 'lost', { closedAt: T })]);
});
afterEach(() => db.close());

describe('markWon and the win reflection', () => {
  it('marks the deal won, starts a draft win reflection and opens it', async () => {
    await api.markWon({ dealId: 'd1' });
    expect((await db.deals.get('d1'))?.status).toBe('won');
    expect((await db.winReflections.get('d1'))?.state).toBe('draft');
    expect(opened).toEqual(['/reflection.html?deal=d1&kind=win']);
    // Marking won again keeps the first close date and the draft.
    now += 1000;
    await api.markWon({ dealId: 'd1', open: false });
    expect((await db.deals.get('d1'))?.closedAt).toBe(T);
    expect(opened).toHaveLength(1);
  });

  it('refuses to finish without the main reason, then finishes and keeps the finish time', async () => {
    await api.markWon({ dealId: 'd1', open: false });
    const draft = (await db.winReflections.get('d1'))!;
    expect(await api.saveWinReflection({ reflection: draft, finish: true })).toEqual({
      ok: false,
      problems: [{ field: 'whyCategory', message: 'Choose the main reason they chose us.' }],
    });
    const done = await api.saveWinReflection({ reflection: { ...draft, whyCategory: 'sales-process', repeat: 'Same-day answers' }, finish: true });
    expect(done).toEqual({ ok: true, state: 'final' });
    const stored = (await db.winReflections.get('d1'))!;
    expect(stored.finishedAt).toBe(T);
    now += 5000;
    await api.saveWinReflection({ reflection: { ...stored, repeat: 'Same-day answers, always' } });
    expect(await db.winReflections.get('d1')).toMatchObject({ state: 'final', finishedAt: T, repeat: 'Same-day answers, always', updatedAt: T + 5000 });
  });

  it('bounds every text field and refuses what is not a win reflection', async () => {
    const w = { ...emptyWinReflection(deal('d1', 'won'), T), repeat: 'x'.repeat(MAX_TEXT + 50) };
    await api.saveWinReflection({ reflection: w });
    expect((await db.winReflections.get('d1'))?.repeat).toHaveLength(MAX_TEXT);
    await expect(api.saveWinReflection({ reflection: { ...w, whyCategory: 'bribes' as never } })).rejects.toThrow(/whyCategory/);
  });
});

describe('saveDebrief', () => {
  const reflection = (over: Partial<Reflection> = {}): Reflection => ({ ...emptyReflection(deal('d2', 'lost'), T), ...over });
  const answered = (mattered: string, changed: string): Debrief => {
    const d = emptyDebrief('d2', 'competitor', T);
    return {
      ...d,
      answers: d.answers.map((a) => (a.question === MATTERED_QUESTION ? { ...a, answer: mattered } : a.question === COULD_HAVE_CHANGED_QUESTION ? { ...a, answer: changed } : a)),
    };
  };

  it('fills the prospect’s view from the answers, and follows later edits of the debrief', async () => {
    await db.reflections.put(reflection());
    await api.saveDebrief({ debrief: answered('Rollout support', 'A pilot') });
    expect(await db.reflections.get('d2')).toMatchObject({ prospectSaidMattered: 'Rollout support', prospectCouldHaveChanged: 'A pilot' });
    await api.saveDebrief({ debrief: answered('Rollout support in Spanish', 'A pilot') });
    expect((await db.reflections.get('d2'))?.prospectSaidMattered).toBe('Rollout support in Spanish');
  });

  it('never overwrites what the rep wrote in the prospect’s view', async () => {
    await db.reflections.put(reflection({ prospectSaidMattered: 'My own notes' }));
    await api.saveDebrief({ debrief: answered('Rollout support', 'A pilot') });
    expect(await db.reflections.get('d2')).toMatchObject({ prospectSaidMattered: 'My own notes', prospectCouldHaveChanged: 'A pilot' });
  });

  it('held closes the debrief follow-up and keeps the first held time', async () => {
    await db.followUps.put({ id: debriefId('d2'), kind: 'debrief', dueAt: T, state: 'open', dealId: 'd2', reason: 'Debrief', createdAt: T, updatedAt: T });
    const saved = await api.saveDebrief({ debrief: { ...emptyDebrief('d2', undefined, T), buyerReason: 'product-fit' }, held: true });
    expect(saved.heldAt).toBe(T);
    expect((await db.followUps.get(debriefId('d2')))?.state).toBe('done');
    now += 60_000;
    const again = await api.saveDebrief({ debrief: { ...saved, heldAt: undefined } as Debrief });
    expect(again.heldAt).toBe(T);
  });

  it('withProspectView changes nothing when the fields already say it', () => {
    const r = reflection({ prospectSaidMattered: 'x', prospectCouldHaveChanged: 'y' });
    expect(withProspectView(r, answered('x', 'y'), answered('x', 'y'))).toBeUndefined();
  });

  it('the debrief follow-up opens the debrief page', async () => {
    await db.followUps.put({ id: debriefId('d2'), kind: 'debrief', dueAt: T, state: 'open', dealId: 'd2', threadId: 'legacy:abc', reason: 'Debrief', createdAt: T, updatedAt: T });
    await api.openFollowUp({ id: debriefId('d2') });
    expect(opened).toEqual(['/debrief.html?deal=d2']);
  });
});

describe('computeAgreement', () => {
  // Five lost deals with final reflections; four debriefs name a reason. The rep said price
  // three times: the buyers confirmed it once.
  const deals = [deal('a', 'lost'), deal('b', 'lost'), deal('c', 'dead'), deal('d', 'lost'), deal('e', 'lost'), deal('f', 'open'), deal('g', 'lost')];
  const refl = (id: string, category: Parameters<typeof lossReason>[0], state: Reflection['state'] = 'final'): Reflection => ({
    ...emptyReflection(deal(id, 'lost'), T),
    state,
    primaryReason: lossReason(category),
  });
  const deb = (id: string, buyer: Debrief['buyerReason'], heldAt: number, detail = ''): Debrief => ({
    ...emptyDebrief(id, undefined, T),
    buyerReason: buyer,
    buyerReasonDetail: detail,
    heldAt,
  });
  const reflections = [refl('a', 'price'), refl('b', 'price'), refl('c', 'price'), refl('d', 'timing'), refl('e', 'sales-process'), refl('f', 'price'), refl('g', 'price', 'draft')];
  const debriefs = [
    deb('a', 'price', T + 1),
    deb('b', 'product-fit', T + 2, 'No SSO'),
    deb('c', 'timing', T + 3, 'Budget moved to Q3'),
    deb('d', 'timing', T + 4),
    deb('e', undefined, T + 5), // no reason given: not compared
    deb('f', 'trust-risk', T + 6), // reopened deal: not compared
    deb('g', 'timing', T + 7), // draft reflection: not compared
  ];

  it('counts matches, over-named reasons and lists the mismatches newest first', () => {
    const a = computeAgreement(deals, reflections, debriefs);
    expect([a.compared, a.matched, a.share]).toEqual([4, 2, 0.5]);
    expect(a.overNamed).toEqual([{ category: 'price', label: 'Price and commercial terms', mismatches: 2, named: 3 }]);
    expect(a.mismatches).toEqual([
      { dealId: 'c', dealName: 'Deal c', rep: 'price', buyer: 'timing', buyerDetail: 'Budget moved to Q3' },
      { dealId: 'b', dealName: 'Deal b', rep: 'price', buyer: 'product-fit', buyerDetail: 'No SSO' },
    ]);
  });

  it('has no share when nothing can be compared', () => {
    expect(computeAgreement(deals, reflections, [])).toEqual({ compared: 0, matched: 0, overNamed: [], mismatches: [] });
  });
});

describe('retrospectives and their adjustments', () => {
  it('starts one session at a time for the period since the last one, stores adjustments, and completing it closes the follow-up', async () => {
    await db.deals.bulkPut([deal('l1', 'lost', { closedAt: T - 10 * 86_400_000 }), deal('w1', 'won', { closedAt: T - 3 * 86_400_000 })]);
    await db.followUps.put({ id: `retrospective:${T}`, kind: 'retrospective', dueAt: T, state: 'open', reason: 'Loss retrospective', createdAt: T - 86_400_000, updatedAt: T - 86_400_000 });
    await api.openFollowUp({ id: `retrospective:${T}` });
    expect(opened).toEqual(['/retrospective.html']);

    const first = await api.startRetrospective();
    // The first session covers everything since the first deal closed.
    expect(first).toMatchObject({ periodFrom: T - 10 * 86_400_000, periodTo: T, heldAt: 0 });
    expect(await api.startRetrospective()).toEqual(first);

    const a = await api.saveAdjustment({ retrospectiveId: first.id, who: 'Sam', what: 'Reply to new leads within the hour', dueAt: T + 7 * 86_400_000 });
    await api.saveAdjustment({ retrospectiveId: first.id, who: 'Alex', what: 'Qualify the budget on the first call', dueAt: T + 14 * 86_400_000 });
    expect(a).toMatchObject({ retrospectiveId: first.id, outcome: 'open', outcomeNote: '' });
    await expect(api.saveAdjustment({ retrospectiveId: 'retro:gone', what: 'x' })).rejects.toThrow('no longer exists');
    await expect(api.saveAdjustment({ id: a.id, retrospectiveId: first.id, outcome: 'maybe' as never })).rejects.toThrow('Not an outcome');

    now = T + 3_600_000;
    const held = await api.completeRetrospective({ id: first.id, notes: 'x'.repeat(MAX_TEXT + 5) });
    expect(held).toMatchObject({ heldAt: now, periodTo: now });
    expect(held.notes).toHaveLength(MAX_TEXT);
    expect((await db.followUps.get(`retrospective:${T}`))!.state).toBe('done');

    // Two weeks later the next session starts where the first one ended, and reviews its adjustments.
    now = T + 14 * 86_400_000;
    const second = await api.startRetrospective();
    expect(second.id).not.toBe(first.id);
    expect(second).toMatchObject({ periodFrom: T + 3_600_000, heldAt: 0 });
    const reviewed = await api.saveAdjustment({ id: a.id, retrospectiveId: first.id, outcome: 'done', outcomeNote: 'Median reply 40 min', reviewedIn: second.id });
    expect(reviewed).toMatchObject({ id: a.id, retrospectiveId: first.id, who: 'Sam', outcome: 'done', outcomeNote: 'Median reply 40 min', reviewedIn: second.id });
    expect(await db.adjustments.count()).toBe(2);
    await api.removeAdjustment({ id: a.id });
    expect(await db.adjustments.count()).toBe(1);
  });
});

describe('sample data', () => {
  it('loads a marked quarter, keeps it out of the backup unless asked, and removing it leaves the rep’s own records', async () => {
    const loaded = await api.loadSampleData();
    expect(loaded.deals).toBe(14);
    expect(await db.deals.count()).toBe(16); // with d1 and d2 of the rep
    expect(await db.reflections.where('dealId').startsWith('sample:').count()).toBe(7);
    expect(await db.touchpoints.where('key').startsWith('sample:').count()).toBeGreaterThan(60);
    // Nobody waits on a sample deal.
    expect((await db.awaiting.toArray()).filter((r) => r.open)).toEqual([]);
    // Loading again replaces it.
    await api.loadSampleData();
    expect(await db.deals.count()).toBe(16);

    const backup = await api.exportBackup();
    expect(backup.data.deals.map((d) => d.id).sort()).toEqual(['d1', 'd2']);
    expect(backup.data.touchpoints).toEqual([]);
    expect(backup.data.contacts).toEqual([]);
    expect((await api.exportBackup({ includeSample: true })).data.deals).toHaveLength(16);

    expect(await api.removeSampleData()).toEqual({ deals: 14 });
    expect((await db.deals.toArray()).map((d) => d.id).sort()).toEqual(['d1', 'd2']);
    for (const table of [db.touchpoints, db.contacts, db.reflections, db.winReflections, db.debriefs]) expect(await table.count()).toBe(0);
  });
});
