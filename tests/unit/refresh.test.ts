/**
 * The refresher: its pure plans, and the refresher itself against fake-indexeddb with fake
 * browser effects (a recorded badge and notifications) and a fixed clock.
 */
import { coalesced } from '../../lib/background/effects';
import { Dexie } from 'dexie';
import { badgeCount, changedTables, createRefresher, replyFollowUpId, replyFollowUps, planRetrospective, toNotify, type RefreshEffects } from '../../lib/background/refresh';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { isolateIndexedDB, openTestDatabase } from './helpers/db';
import { makeDeal, makeFollowUp } from './helpers/factories';
import { defaultSettings, type FollowUp, type Touchpoint } from '../../lib/model';
import type { AwaitingItem } from '../../lib/response';

const at = (iso: string) => Date.parse(iso);
const MIN = 60_000;
const NY = 'America/New_York';

const inbound: Touchpoint = {
  key: 'gmail:msg-f:1',
  channel: 'email',
  direction: 'inbound',
  at: at('2026-03-02T10:00:00-05:00'),
  contactEmails: ['jane@acme.test'],
  from: 'jane@acme.test',
  to: ['rep@ourco.test'],
  cc: [],
  threadId: 'thread-f:1',
  subject: 'Pricing question',
  dealId: 'hubspot:1',
  capturedFrom: 'gmail',
  provenance: 'seen',
  createdAt: 0,
  updatedAt: 0,
};

const awaiting = (p: Partial<AwaitingItem> = {}): AwaitingItem => ({
  contactEmail: 'jane@acme.test',
  inbounds: [inbound],
  since: inbound.at,
  latest: inbound,
  elapsedMs: 90 * MIN,
  targetKind: 'new-lead',
  targetMs: 60 * MIN,
  escalateMs: 240 * MIN,
  state: 'overdue',
  overdueAt: at('2026-03-02T11:00:00-05:00'),
  escalateAt: at('2026-03-02T14:00:00-05:00'),
  overdueByMs: 30 * MIN,
  ...p,
});

describe('replyFollowUps', () => {
  const NOW = at('2026-03-02T11:30:00-05:00');

  it('makes a reply follow-up per waiting episode, due when the target is reached', () => {
    const [f] = replyFollowUps([awaiting()], new Map(), NY, NOW);
    expect(f).toEqual({
      id: `reply:jane@acme.test:${inbound.at}`,
      kind: 'reply',
      dueAt: at('2026-03-02T11:00:00-05:00'),
      state: 'open',
      snoozedUntil: undefined,
      dealId: 'hubspot:1',
      contactEmail: 'jane@acme.test',
      threadId: 'thread-f:1',
      reason: 'Reply to jane@acme.test — waiting since Mar 2, 10:00 AM (target 1 h)',
      details: ['Last message: Pricing question'],
      notifiedAt: undefined,
      createdAt: NOW,
      updatedAt: NOW,
    });
  });

  it.each<[string, Partial<FollowUp>]>([
    ['done', { state: 'done' }],
    ['snoozed', { state: 'snoozed', snoozedUntil: at('2026-03-03T09:00:00-05:00') }],
  ])('keeps a %s follow-up’s state, id, notification and creation for the same episode', (_name, state) => {
    const id = replyFollowUpId({ contactEmail: 'jane@acme.test', since: inbound.at });
    const old: FollowUp = {
      id,
      kind: 'reply',
      dueAt: at('2026-03-02T11:00:00-05:00'),
      state: 'open',
      reason: 'old',
      notifiedAt: at('2026-03-02T11:01:00-05:00'),
      createdAt: at('2026-03-02T10:01:00-05:00'),
      updatedAt: at('2026-03-02T10:01:00-05:00'),
      ...state,
    };
    // A second message in the same episode: same first inbound, so the same id.
    const later: Touchpoint = { ...inbound, key: 'gmail:msg-f:2', at: at('2026-03-02T11:10:00-05:00'), subject: 'Re: Pricing question' };
    const [f] = replyFollowUps([awaiting({ inbounds: [inbound, later], latest: later })], new Map([[id, old]]), NY, NOW);
    expect(f).toMatchObject({
      id,
      state: old.state,
      snoozedUntil: old.snoozedUntil,
      notifiedAt: old.notifiedAt,
      createdAt: old.createdAt,
      updatedAt: old.updatedAt, // due date unchanged
      details: ['Last message: Re: Pricing question'],
    });
  });

  it('a new episode (another first inbound) is a new, open follow-up', () => {
    const oldId = replyFollowUpId({ contactEmail: 'jane@acme.test', since: inbound.at });
    const old: FollowUp = { id: oldId, kind: 'reply', dueAt: 0, state: 'done', reason: 'old', createdAt: 0, updatedAt: 0 };
    const next: Touchpoint = { ...inbound, key: 'gmail:msg-f:3', at: at('2026-03-03T10:00:00-05:00') };
    const [f] = replyFollowUps([awaiting({ inbounds: [next], since: next.at, latest: next })], new Map([[oldId, old]]), NY, NOW);
    expect(f?.id).not.toBe(oldId);
    expect(f).toMatchObject({ state: 'open', createdAt: NOW });
  });

  it('a moved due date bumps updatedAt', () => {
    const id = replyFollowUpId({ contactEmail: 'jane@acme.test', since: inbound.at });
    const old: FollowUp = { id, kind: 'reply', dueAt: 1, state: 'open', reason: 'old', createdAt: 5, updatedAt: 5 };
    const [f] = replyFollowUps([awaiting()], new Map([[id, old]]), NY, NOW);
    expect(f).toMatchObject({ createdAt: 5, updatedAt: NOW });
  });
});

describe('planRetrospective', () => {
  const settings = { ...defaultSettings(NY), retrospectiveEveryDays: 14 };
  const NOW = at('2026-03-02T15:00:00-05:00'); // Monday
  const retro = (dueAt: number, state: FollowUp['state'], createdAt = 0): FollowUp => ({
    id: `retrospective:${dueAt}`,
    kind: 'retrospective',
    dueAt,
    state,
    reason: '',
    createdAt,
    updatedAt: createdAt,
  });

  it.each([
    ['no lost deals', settings, 0],
    ['retrospectives off', { ...settings, retrospectiveEveryDays: 0 }, 3],
  ])('plans nothing with %s', (_name, s, lost) => {
    expect(planRetrospective(s, [], lost, NOW)).toEqual({ remove: [] });
  });

  it('without a previous session plans one a period after now, at work start', () => {
    const { add } = planRetrospective(settings, [], 2, NOW);
    // Mon 2 Mar + 14 days = Mon 16 Mar, 09:00 EDT.
    const due = at('2026-03-16T09:00:00-04:00');
    expect(add).toMatchObject({ id: `retrospective:${due}`, kind: 'retrospective', dueAt: due, state: 'open', createdAt: NOW });
    expect(add?.reason).toBe('Loss retrospective — review 2 lost deals with the team (every 14 days)');
    // Open leads to the retrospective page, so the advice names it (not the insights exports).
    expect(add?.details?.join(' ')).toMatch(/^Open the retrospective: .*adjustments/);
  });

  it('keeps the pending session while the setting is unchanged (never a second one)', () => {
    const pending = retro(at('2026-03-16T09:00:00-04:00'), 'snoozed', NOW);
    expect(planRetrospective(settings, [pending], 2, NOW + 86_400_000)).toEqual({ remove: [] });
  });

  it('turning retrospectives off removes the pending session', () => {
    const pending = retro(at('2026-03-16T09:00:00-04:00'), 'open', NOW);
    expect(planRetrospective({ ...settings, retrospectiveEveryDays: 0 }, [pending], 2, NOW)).toEqual({ remove: [pending.id] });
  });

  it('a new interval moves the pending session, counted from when it was planned', () => {
    const pending = retro(at('2026-03-16T09:00:00-04:00'), 'open', NOW);
    const plan = planRetrospective({ ...settings, retrospectiveEveryDays: 7 }, [pending], 2, NOW + 3_600_000);
    expect(plan.remove).toEqual([pending.id]);
    expect(plan.add?.dueAt).toBe(at('2026-03-09T09:00:00-04:00'));
  });

  /** A session's follow-up, done when the session was held. */
  const held = (dueAt: number, heldAt: number): FollowUp => ({ ...retro(dueAt, 'done', dueAt - 14 * 86_400_000), updatedAt: heldAt });

  it('after a session held comes one period after it; missed periods collapse into one', () => {
    const due = at('2026-03-16T09:00:00-04:00');
    const afterLast = planRetrospective(settings, [held(due, due + 30 * MIN)], 1, at('2026-03-17T10:00:00-04:00'));
    expect(afterLast.add?.dueAt).toBe(at('2026-03-30T09:00:00-04:00'));
    expect(afterLast.add?.reason).toBe('Loss retrospective — review 1 lost deal with the team (every 14 days)');
    // Last one Mon 5 Jan; Jan 19, Feb 2, Feb 16 were missed; Mar 2 is today's session (already due).
    const jan5 = at('2026-01-05T09:00:00-05:00');
    const missed = planRetrospective(settings, [held(jan5, jan5 + 30 * MIN)], 1, NOW);
    expect(missed.add?.dueAt).toBe(at('2026-03-02T09:00:00-05:00'));
  });

  it('counts the period from when the last session was held, not from when it was due', () => {
    const due = at('2026-03-16T09:00:00-04:00');
    // Held late, on Friday 27 March: the next is Friday 10 April, not Monday 30 March three days later.
    const late = planRetrospective(settings, [held(due, at('2026-03-27T11:00:00-04:00'))], 1, at('2026-03-27T11:00:01-04:00'));
    expect(late.add?.dueAt).toBe(at('2026-04-10T09:00:00-04:00'));
    // Held early, on Tuesday 10 March: the next is Tuesday 24 March.
    const early = planRetrospective(settings, [held(due, at('2026-03-10T11:00:00-04:00'))], 1, at('2026-03-10T11:00:01-04:00'));
    expect(early.add?.dueAt).toBe(at('2026-03-24T09:00:00-04:00'));
    // The one planned then is kept as time goes on.
    const planned = { ...late.add!, createdAt: at('2026-03-27T11:00:01-04:00') };
    expect(planRetrospective(settings, [held(due, at('2026-03-27T11:00:00-04:00')), planned], 1, at('2026-04-01T10:00:00-04:00'))).toEqual({ remove: [] });
  });
});

describe('badgeCount', () => {
  // 23:30 Monday in New York is already Tuesday 05:30 in Berlin.
  const NOW = at('2026-03-02T23:30:00-05:00');
  const f = (id: string, dueAt: string, state: FollowUp['state'] = 'open', snoozedUntil?: string): FollowUp => ({
    id,
    kind: 'manual',
    dueAt: at(dueAt),
    state,
    ...(snoozedUntil ? { snoozedUntil: at(snoozedUntil) } : {}),
    reason: id,
    createdAt: 0,
    updatedAt: 0,
  });
  const items = [
    f('overdue', '2026-03-01T10:00:00-05:00'),
    f('later tonight', '2026-03-02T23:45:00-05:00'),
    f('just after midnight NY', '2026-03-03T00:30:00-05:00'),
    f('done and overdue', '2026-03-01T10:00:00-05:00', 'done'),
    f('snoozed until later tonight', '2026-03-01T10:00:00-05:00', 'snoozed', '2026-03-02T23:40:00-05:00'),
    f('snooze over', '2026-03-10T10:00:00-05:00', 'snoozed', '2026-03-02T12:00:00-05:00'),
    f('next week', '2026-03-09T09:00:00-04:00'),
  ];

  it.each([
    // overdue, later tonight, snooze over.
    [NY, 3],
    // In Berlin it is Tuesday: the 00:30 NY item (06:30 Berlin) is due today too.
    ['Europe/Berlin', 4],
  ])('counts overdue + due today in %s', (zone, expected) => {
    expect(badgeCount(items, NOW, zone)).toBe(expected);
  });

  it('is 0 with nothing due', () => {
    expect(badgeCount([f('next week', '2026-03-09T09:00:00-04:00')], NOW, NY)).toBe(0);
  });
});

describe('toNotify', () => {
  const NOW = at('2026-03-02T12:00:00-05:00');
  const base: FollowUp = { id: '', kind: 'manual', dueAt: NOW - 60 * MIN, state: 'open', reason: '', createdAt: 0, updatedAt: 0 };
  const items: FollowUp[] = [
    { ...base, id: 'due' },
    { ...base, id: 'due exactly now', dueAt: NOW },
    { ...base, id: 'already notified', notifiedAt: NOW - 30 * MIN },
    { ...base, id: 'not yet due', dueAt: NOW + MIN },
    { ...base, id: 'done', state: 'done' },
    { ...base, id: 'snoozed into the future', state: 'snoozed', snoozedUntil: NOW + 60 * MIN },
    { ...base, id: 'snooze over', state: 'snoozed', snoozedUntil: NOW - MIN, dueAt: NOW + 86_400_000 },
  ];

  it('returns what is due and never notified, honouring snoozedUntil', () => {
    expect(toNotify(items, NOW).map((f) => f.id)).toEqual(['due', 'due exactly now', 'snooze over']);
  });

  it('returns each item once: after notifiedAt is recorded, nothing again', () => {
    const first = toNotify(items, NOW);
    const ids = new Set(first.map((f) => f.id));
    const recorded = items.map((f) => (ids.has(f.id) ? { ...f, notifiedAt: NOW } : f));
    expect(toNotify(recorded, NOW)).toEqual([]);
  });

  it('a snoozed item whose snooze ends later is notified then', () => {
    expect(toNotify(items, NOW + 61 * MIN).map((f) => f.id)).toContain('snoozed into the future');
  });
});

describe('reply follow-up wording', () => {
  it("names the prospect when the contact's name is known", () => {
    const [named] = replyFollowUps([awaiting()], new Map(), 'UTC', 0, new Map([['jane@acme.test', 'Jane Doe']]));
    expect(named!.reason).toMatch(/^Reply to Jane Doe \(jane@acme\.test\) — waiting since /);
    const [plain] = replyFollowUps([awaiting()], new Map(), 'UTC', 0);
    expect(plain!.reason).toMatch(/^Reply to jane@acme\.test — waiting since /);
  });
});

describe('the refresher, against a database, with fake browser effects', () => {
  const NOW = at('2026-03-04T12:00:00-05:00');
  let db: DealDebriefDB;
  let calls: { badge: number[]; notified: string[] };
  const effects: RefreshEffects = {
    setBadge: async (n) => void calls.badge.push(n),
    notify: async (f) => void calls.notified.push(f.id),
  };

  beforeEach(async () => {
    isolateIndexedDB();
    db = await openTestDatabase();
    calls = { badge: [], notified: [] };
    await storeSettings(db, { ...defaultSettings(NY), retrospectiveEveryDays: 0 });
  });
  afterEach(() => db.close());

  it('sets the badge to what is due and announces each item once, recording when', async () => {
    await db.followUps.bulkPut([
      makeFollowUp({ id: 'manual:due', dueAt: NOW - 60 * MIN }),
      makeFollowUp({ id: 'manual:later', dueAt: NOW + 3 * 86_400_000 }),
    ]);
    const refresher = createRefresher(db, { now: () => NOW }, effects);
    await refresher.run();
    expect(calls).toEqual({ badge: [1], notified: ['manual:due'] });
    expect((await db.followUps.get('manual:due'))?.notifiedAt).toBe(NOW);
    expect((await db.followUps.get('manual:later'))?.notifiedAt).toBeUndefined();

    refresher.invalidate(['followUps']);
    await refresher.run();
    expect(calls).toEqual({ badge: [1], notified: ['manual:due'] }); // nothing new: no second notification, no badge call
  });

  it('records many items due at once in one write (a restored backup), each announced', async () => {
    await db.followUps.bulkPut(Array.from({ length: 30 }, (_, i) => makeFollowUp({ id: `manual:due${i}`, dueAt: NOW - (i + 1) * MIN })));
    // Each write that commits is one change heard by every page (Dexie's storagemutated).
    let changes = 0;
    const heard = (parts: Record<string, unknown>) => void (changedTables(parts, db.name).has('followUps') && changes++);
    Dexie.on('storagemutated', heard);
    await createRefresher(db, { now: () => NOW }, effects).run();
    Dexie.on('storagemutated').unsubscribe(heard);
    expect(calls.notified).toHaveLength(30);
    expect(changes).toBe(1);
    expect((await db.followUps.toArray()).every((f) => f.notifiedAt === NOW)).toBe(true);
  });

  it('with notifications off announces nothing but still records the item as seen', async () => {
    await storeSettings(db, { ...defaultSettings(NY), retrospectiveEveryDays: 0, notifications: false });
    await db.followUps.put(makeFollowUp({ id: 'manual:due', dueAt: NOW - 60 * MIN }));
    await createRefresher(db, { now: () => NOW }, effects).run();
    expect(calls).toEqual({ badge: [1], notified: [] });
    expect((await db.followUps.get('manual:due'))?.notifiedAt).toBe(NOW);
  });

  it('keeps the badge and reply follow-ups going when the stored time zone cannot be used', async () => {
    // Settings written before they were checked: the working hours fall back to UTC's defaults,
    // and the badge, the reply follow-ups and the notifications go on in that zone.
    await storeSettings(db, { ...defaultSettings(NY), timeZone: 'Europe/Atlantis', retrospectiveEveryDays: 0 });
    await db.followUps.put(makeFollowUp({ id: 'manual:due', dueAt: NOW - 60 * MIN }));
    await db.touchpoints.put({ ...inbound, dealId: undefined });
    await db.awaiting.put({ email: 'jane@acme.test', rev: 1, lastInboundAt: inbound.at, open: { kind: 'new-lead', since: inbound.at, inboundKeys: [inbound.key], latest: { ...inbound, dealId: undefined } } });
    await createRefresher(db, { now: () => NOW }, effects).run();
    // Monday 10:00 New York is 15:00 UTC: the new lead's hour runs out at 16:00 UTC, already past.
    const replyId = replyFollowUpId({ contactEmail: 'jane@acme.test', since: inbound.at });
    expect(await db.followUps.get(replyId)).toMatchObject({ kind: 'reply', dueAt: at('2026-03-02T16:00:00Z') });
    expect(calls.badge).toEqual([2]);
    expect(calls.notified.sort()).toEqual(['manual:due', replyId].sort());
  });

  it('plans the loss retrospective once there is a lost deal, and removes it when turned off', async () => {
    await storeSettings(db, { ...defaultSettings(NY), retrospectiveEveryDays: 14 });
    await db.deals.put(makeDeal({ status: 'lost', closedAt: NOW - 86_400_000 }));
    const refresher = createRefresher(db, { now: () => NOW }, effects);
    await refresher.run();
    const planned = await db.followUps.where('kind').equals('retrospective').toArray();
    expect(planned).toHaveLength(1);
    expect(planned[0]!.dueAt).toBeGreaterThan(NOW);

    await storeSettings(db, { ...defaultSettings(NY), retrospectiveEveryDays: 0 });
    refresher.invalidate(['settings']);
    await refresher.run();
    expect(await db.followUps.where('kind').equals('retrospective').count()).toBe(0);
  });
});

describe('coalesced (the background runs the refresh once after a burst of writes)', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs once, the delay after the last call', () => {
    const run = vi.fn();
    const soon = coalesced(run, 250);
    soon();
    vi.advanceTimersByTime(200);
    soon();
    soon();
    vi.advanceTimersByTime(249);
    expect(run).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(run).toHaveBeenCalledTimes(1);
    soon();
    vi.advanceTimersByTime(250);
    expect(run).toHaveBeenCalledTimes(2);
  });
});
