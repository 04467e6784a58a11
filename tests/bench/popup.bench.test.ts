/**
 * Benchmark 3: the toolbar popup with 5,000 follow-ups stored — its query (the
 * `[state+dueAt]` range up to the horizon, plus every snoozed one, plus their deals), then
 * `groupFollowUps`. Goal: the list in under 100 ms. Measured on fake-indexeddb.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { Dexie } from 'dexie';
import { groupFollowUps, UPCOMING_DAYS } from '../../components/popup/model';
import { loadSettings, storeSettings } from '../../lib/db/settings';
import { openDatabase, type DealDebriefDB } from '../../lib/db/schema';
import { classifyDue } from '../../lib/followups/due';
import { defaultSettings, type Deal, type FollowUp, type FollowUpKind } from '../../lib/model';
import { FAKE_IDB_NOTE, measure, pick, prng, report, timingText } from './harness';

const GROUP = '3. Popup list (fake-indexeddb)';
const COUNT = 5_000;
const DEALS = 200;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 10, 18, 14, 30);
const NAME = `bench-popup-${process.pid}`;

let db: DealDebriefDB;
let stored: FollowUp[] = [];

function generate(): { followUps: FollowUp[]; deals: Deal[] } {
  const rand = prng(7);
  const deals: Deal[] = [];
  for (let i = 0; i < DEALS; i++) {
    deals.push({
      id: `hubspot:${1000 + i}`,
      source: 'hubspot',
      name: `Deal ${i}`,
      amount: 5_000 + Math.floor(rand() * 100_000),
      currency: 'EUR',
      stage: 'Negotiation',
      status: pick(rand, ['open', 'lost', 'lost', 'dead', 'won'] as const),
      contractTermMonths: 12,
      contactEmails: [`p${i}@company${i}.example`],
      threadIds: [`thread-f:${i}`],
      url: `https://app.hubspot.com/contacts/1/deal/${1000 + i}`,
      openedAt: NOW - 200 * DAY,
      updatedAt: NOW - Math.floor(rand() * 60) * DAY,
    });
  }
  const followUps: FollowUp[] = [];
  const kinds: FollowUpKind[] = ['debrief', 're-engage', 'reply', 'reply', 'manual'];
  for (let i = 0; i < COUNT; i++) {
    const kind = i === 0 ? 'retrospective' : pick(rand, kinds);
    const r = rand();
    const state = r < 0.55 ? 'open' : r < 0.9 ? 'done' : 'snoozed';
    const deal = deals[Math.floor(rand() * DEALS)] as Deal;
    const f: FollowUp = {
      id: `${kind}:${i}`,
      kind,
      dueAt: NOW + Math.round((rand() * 120 - 60) * DAY),
      state,
      dealId: kind === 'retrospective' ? undefined : deal.id,
      contactEmail: deal.contactEmails[0],
      threadId: deal.threadIds[0],
      reason: `${kind} — ${deal.name}: lost to Acme on Mar 3 — 12-month contract offered`,
      details: kind === 'debrief' ? ['What made you decide?', 'Who else was involved?', 'What could we have done differently?', 'How did our price compare?', 'Would you talk again in a few months?'] : undefined,
      createdAt: NOW - 90 * DAY,
      updatedAt: NOW - 10 * DAY,
    };
    if (state === 'snoozed') f.snoozedUntil = NOW + Math.round((rand() * 21 - 1) * DAY);
    followUps.push(f);
  }
  return { followUps, deals };
}

/** What createPopupModel's live query does (components/popup/model.ts), then the grouping. */
async function popupList(now: number) {
  const settings = await loadSettings(db);
  const horizon = now + (UPCOMING_DAYS + 2) * DAY;
  const [open, snoozed] = await Promise.all([
    db.followUps.where('[state+dueAt]').between(['open', 0], ['open', horizon], true, true).toArray(),
    db.followUps.where('[state+dueAt]').between(['snoozed', 0], ['snoozed', Number.MAX_SAFE_INTEGER], true, true).toArray(),
  ]);
  const deals = new Map(
    (await db.deals.bulkGet([...new Set([...open, ...snoozed].flatMap((f) => (f.dealId ? [f.dealId] : [])))])).flatMap((d) => (d ? [[d.id, d] as const] : [])),
  );
  const items = [...open, ...snoozed];
  return { items, deals, groups: groupFollowUps(items, now, settings.timeZone) };
}

beforeAll(async () => {
  const { followUps, deals } = generate();
  stored = followUps;
  db = openDatabase(NAME);
  await db.open();
  await storeSettings(db, defaultSettings('Europe/Berlin'));
  await db.deals.bulkAdd(deals);
  await db.followUps.bulkAdd(followUps);
  expect(await db.followUps.count()).toBe(COUNT);
});

afterAll(async () => {
  db?.close();
  await Dexie.delete(NAME);
});

test('popup: 5,000 follow-ups stored, query + groupFollowUps', async () => {
  const { timing, value } = await measure(30, () => popupList(NOW), 3);

  // Correctness: the index returned exactly the open ones up to the horizon and every snoozed one.
  const horizon = NOW + (UPCOMING_DAYS + 2) * DAY;
  const want = stored.filter((f) => (f.state === 'open' && f.dueAt <= horizon) || f.state === 'snoozed');
  expect(new Set(value.items.map((f) => f.id))).toEqual(new Set(want.map((f) => f.id)));
  const overdue = stored.filter((f) => (f.state === 'open' && f.dueAt < NOW) || (f.state === 'snoozed' && (f.snoozedUntil ?? f.dueAt) < NOW));
  expect(value.groups.overdue.map((f) => f.id).sort()).toEqual(overdue.map((f) => f.id).sort());
  const shown = want.filter((f) => ['overdue', 'today', 'upcoming'].includes(classifyDue(f, NOW, 'Europe/Berlin')));
  const { overdue: o, today: t, upcoming: u } = value.groups;
  expect(o.length + t.length + u.length).toBe(shown.length);
  for (const list of [o, t, u]) {
    for (let i = 1; i < list.length; i++) {
      const when = (f: FollowUp) => (f.state === 'snoozed' && f.snoozedUntil ? f.snoozedUntil : f.dueAt);
      expect(when(list[i - 1] as FollowUp)).toBeLessThanOrEqual(when(list[i] as FollowUp));
    }
  }
  expect(value.deals.size).toBeGreaterThan(0);

  // For comparison: the same list from a read of the whole table.
  const scan = await measure(
    10,
    async () => {
      const all = await db.followUps.toArray();
      const items = all.filter((f) => (f.state === 'open' && f.dueAt <= horizon) || f.state === 'snoozed');
      return groupFollowUps(items, NOW, 'Europe/Berlin');
    },
    2,
  );
  expect(scan.value.overdue).toHaveLength(o.length);

  // Where the time goes: each step alone.
  const steps = {
    'loadSettings': () => loadSettings(db),
    "[state+dueAt] range 'open' up to the horizon": () => db.followUps.where('[state+dueAt]').between(['open', 0], ['open', horizon], true, true).toArray(),
    "[state+dueAt] range 'snoozed'": () => db.followUps.where('[state+dueAt]').between(['snoozed', 0], ['snoozed', Number.MAX_SAFE_INTEGER], true, true).toArray(),
    [`deals.bulkGet (${value.deals.size} deals)`]: () => db.deals.bulkGet([...value.deals.keys()]),
    groupFollowUps: () => groupFollowUps(value.items, NOW, 'Europe/Berlin'),
  };
  const stepFigures: string[] = [];
  for (const [name, fn] of Object.entries(steps)) {
    const m = await measure(10, fn as () => Promise<unknown>, 2);
    stepFigures.push(`${name} ${timingText(m.timing)}`);
  }

  report(
    GROUP,
    `popup list, ${COUNT.toLocaleString('en-US')} follow-ups stored: query start → groups ready`,
    `${timingText(timing)}; read ${value.items.length.toLocaleString('en-US')}, shows ${o.length} overdue / ${t.length} today / ${u.length} upcoming`,
    ['goal: < 100 ms (measured here on fake-indexeddb)', FAKE_IDB_NOTE],
  );
  for (const f of stepFigures) report(GROUP, `  step: ${f.slice(0, f.indexOf(' median'))}`, f.slice(f.indexOf(' median') + 1));
  report(GROUP, 'for comparison: whole-table read + filter + group (no deals)', timingText(scan.timing));
});
