/**
 * Each schema upgrade opens data written at version n−1 (as Dexie's
 * tests-upgrading.js). The v1 rows below are shaped as version 1 stored them: deals without
 * `threadIds` / `contactEmails`, and no `status` or `[state+dueAt]` index yet.
 */
import type { Dexie } from 'dexie';
import { contactKeysOf, isMergeCandidate, withoutContactKeys } from '../../lib/db/contact-keys';
import { ingest } from '../../lib/db/ingest';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings } from '../../lib/model';
import { touchpointsOfContactBetween } from '../../lib/db/queries';
import { fillContactKeys, openDatabase, SCHEMA_V1, SCHEMA_V2, SCHEMA_V3, SCHEMA_V4, SCHEMA_V5, SCHEMA_V6, SCHEMA_V7, SCHEMA_V8, type DealDebriefDB } from '../../lib/db/schema';
import type { Touchpoint } from '../../lib/model';
import { contactIndexRows, isolateIndexedDB, LATEST_VERSION, openAtVersion, SCHEMAS, uniqueDbName } from './helpers/db';

const T = Date.UTC(2026, 2, 2, 15, 0);

const v1Deals = [
  { id: 'hubspot:1', source: 'hubspot', name: 'Acme renewal', status: 'open', openedAt: T - 9e6, updatedAt: T },
  { id: 'hubspot:2', source: 'hubspot', name: 'Globex pilot', status: 'lost', openedAt: T - 8e6, closedAt: T - 1e6, updatedAt: T - 1e6 },
  // A v1 row that already happened to carry the arrays keeps them.
  {
    id: 'local:abc',
    source: 'local',
    name: 'Initech',
    status: 'won',
    contactEmails: ['peter@initech.test'],
    threadIds: ['thread-f:77'],
    openedAt: T - 7e6,
    updatedAt: T - 2e6,
  },
];

const v1FollowUps = [
  { id: 'debrief:hubspot:2', kind: 'debrief', dueAt: T + 5e6, state: 'open', dealId: 'hubspot:2', reason: 'Debrief', createdAt: T, updatedAt: T },
  { id: 're-engage:hubspot:2', kind: 're-engage', dueAt: T + 9e9, state: 'open', dealId: 'hubspot:2', reason: 'Re-engage', createdAt: T, updatedAt: T },
  { id: 'manual:1', kind: 'manual', dueAt: T + 1e6, state: 'done', reason: 'Call back', createdAt: T, updatedAt: T },
  { id: 'manual:2', kind: 'manual', dueAt: T + 2e6, state: 'snoozed', snoozedUntil: T + 3e6, reason: 'Later', createdAt: T, updatedAt: T },
];

const v1Touchpoint = {
  key: 'gmail:msg-f:1',
  channel: 'email',
  direction: 'inbound',
  at: T - 5e6,
  contactEmails: ['jane@acme.test'],
  from: 'jane@acme.test',
  to: ['rep@ourco.test'],
  cc: [],
  threadId: 'thread-f:1',
  subject: 'Pricing',
  dealId: 'hubspot:1',
  capturedFrom: 'gmail',
  provenance: 'seen',
  createdAt: T,
  updatedAt: T,
};
const v1Contact = { email: 'jane@acme.test', name: 'Jane', domain: 'acme.test', phones: ['+1 415 555 0134'], firstSeen: T - 5e6, lastSeen: T - 5e6 };
const v1Reflection = { dealId: 'hubspot:2', state: 'draft', disposition: 'lost', lostAt: T - 1e6, createdAt: T, updatedAt: T, secondaryReasons: [], team: [] };
const v1Settings = { id: 'settings', ownAddresses: ['rep@ourco.test'], timeZone: 'America/New_York', onboarded: true };

async function writeV1(name: string): Promise<void> {
  const old = await openAtVersion(name, 1);
  expect(old.verno).toBe(1);
  await old.transaction('rw', old.tables, async () => {
    await old.table('deals').bulkAdd(v1Deals);
    await old.table('followUps').bulkAdd(v1FollowUps);
    await old.table('touchpoints').add(v1Touchpoint);
    await old.table('contactTouches').add({ email: 'jane@acme.test', at: v1Touchpoint.at, key: v1Touchpoint.key });
    await old.table('contacts').add(v1Contact);
    await old.table('reflections').add(v1Reflection);
    await old.table('settings').add(v1Settings);
  });
  old.close();
}

describe('helpers/db openAtVersion', () => {
  beforeEach(isolateIndexedDB);

  it('knows every version the app declares, and the latest is what openDatabase opens', async () => {
    expect(SCHEMAS[1]).toBe(SCHEMA_V1);
    expect(SCHEMAS[2]).toBe(SCHEMA_V2);
    expect(SCHEMAS[3]).toBe(SCHEMA_V3);
    expect(SCHEMAS[4]).toBe(SCHEMA_V4);
    expect(SCHEMAS[5]).toBe(SCHEMA_V5);
    expect(SCHEMAS[6]).toBe(SCHEMA_V6);
    expect(SCHEMAS[7]).toBe(SCHEMA_V7);
    expect(SCHEMAS[8]).toBe(SCHEMA_V8);
    const db = openDatabase(uniqueDbName());
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    db.close();
  });

  it('opens a raw version without its later indexes', async () => {
    const old: Dexie = await openAtVersion(uniqueDbName(), 1);
    expect(old.table('deals').schema.idxByName['status']).toBeUndefined();
    expect(old.table('followUps').schema.idxByName['[state+dueAt]']).toBeUndefined();
    old.close();
  });

  it('throws for a version it does not know', async () => {
    await expect(openAtVersion(uniqueDbName(), 99)).rejects.toThrow('No schema is known for version 99.');
  });
});

describe('schema upgrade 1 → 2', () => {
  let name: string;
  let db: DealDebriefDB;

  beforeEach(async () => {
    isolateIndexedDB();
    name = uniqueDbName();
    await writeV1(name);
    db = openDatabase(name);
    await db.open();
  });
  afterEach(() => db.close());

  it('opens at the latest version, past 2', () => {
    expect(db.verno).toBe(LATEST_VERSION);
  });

  it('back-fills threadIds and contactEmails on v1 deals and keeps arrays that existed', async () => {
    const deals = await db.deals.orderBy('id').toArray();
    expect(deals.map((d) => [d.id, d.threadIds, d.contactEmails])).toEqual([
      ['hubspot:1', [], []],
      ['hubspot:2', [], []],
      ['local:abc', ['thread-f:77'], ['peter@initech.test']],
    ]);
  });

  it('loses nothing: every v1 row reads back with its fields', async () => {
    for (const d of v1Deals) expect(await db.deals.get(d.id)).toMatchObject(d);
    expect(await db.followUps.orderBy('id').toArray()).toEqual([...v1FollowUps].sort((a, b) => a.id.localeCompare(b.id)));
    expect((await db.touchpoints.toArray()).map(withoutContactKeys)).toEqual([v1Touchpoint]);
    expect(await contactIndexRows(db)).toEqual([{ email: 'jane@acme.test', at: v1Touchpoint.at, key: v1Touchpoint.key }]);
    expect(await db.contacts.toArray()).toEqual([v1Contact]);
    expect(await db.reflections.toArray()).toEqual([v1Reflection]);
    expect(await db.settings.toArray()).toEqual([v1Settings]);
  });

  it('indexes upgraded follow-ups by [state+dueAt] (the popup query)', async () => {
    const open = await db.followUps.where('[state+dueAt]').between(['open', 0], ['open', Number.MAX_SAFE_INTEGER]).toArray();
    // Ordered by due date: debrief (T + 5e6) before re-engage (T + 9e9).
    expect(open.map((f) => f.id)).toEqual(['debrief:hubspot:2', 're-engage:hubspot:2']);
    const snoozed = await db.followUps.where('[state+dueAt]').between(['snoozed', 0], ['snoozed', Number.MAX_SAFE_INTEGER]).primaryKeys();
    expect(snoozed).toEqual(['manual:2']);
  });

  it.each([
    ['open', ['hubspot:1']],
    ['lost', ['hubspot:2']],
    ['won', ['local:abc']],
    ['dead', []],
  ])('indexes upgraded deals by status %s', async (status, ids) => {
    expect(await db.deals.where('status').equals(status).primaryKeys()).toEqual(ids);
  });

  it('indexes upgraded deals by threadIds and contactEmails (multi-entry)', async () => {
    expect(await db.deals.where('threadIds').equals('thread-f:77').primaryKeys()).toEqual(['local:abc']);
    expect(await db.deals.where('contactEmails').equals('peter@initech.test').primaryKeys()).toEqual(['local:abc']);
    // A back-filled deal is found once a thread is linked after the upgrade.
    await db.deals.update('hubspot:1', { threadIds: ['thread-f:1'] });
    expect(await db.deals.where('threadIds').equals('thread-f:1').primaryKeys()).toEqual(['hubspot:1']);
  });

  it('a second open of the upgraded database changes nothing', async () => {
    const before = await db.deals.toArray();
    db.close();
    db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.deals.toArray()).toEqual(before);
  });
});

describe('schema upgrade 2 → 3', () => {
  let name: string;
  let db: DealDebriefDB;
  const v2Deal = { ...v1Deals[1]!, threadIds: [], contactEmails: ['dana@globex.test'] };

  beforeEach(async () => {
    isolateIndexedDB();
    name = uniqueDbName();
    const old = await openAtVersion(name, 2);
    expect(old.verno).toBe(2);
    await old.transaction('rw', old.tables, async () => {
      await old.table('deals').add(v2Deal);
      await old.table('reflections').add(v1Reflection);
      await old.table('followUps').bulkAdd(v1FollowUps);
    });
    old.close();
    db = openDatabase(name);
    await db.open();
  });
  afterEach(() => db.close());

  it('keeps every version-2 row and adds the learning tables, empty', async () => {
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.deals.toArray()).toEqual([v2Deal]);
    expect(await db.reflections.toArray()).toEqual([v1Reflection]);
    expect(await db.followUps.count()).toBe(v1FollowUps.length);
    for (const t of [db.winReflections, db.debriefs, db.retrospectives, db.adjustments]) expect(await t.count()).toBe(0);
  });

  it('indexes the new tables for the queries that use them', async () => {
    await db.adjustments.bulkAdd([
      { id: 'a1', retrospectiveId: 'r1', who: 'Sam', what: 'Reply within the hour', dueAt: T + 2, outcome: 'open', outcomeNote: '', createdAt: T, updatedAt: T },
      { id: 'a2', retrospectiveId: 'r2', who: 'Kim', what: 'Call the economic buyer', dueAt: T + 1, outcome: 'done', outcomeNote: '', createdAt: T, updatedAt: T },
    ]);
    expect(await db.adjustments.where('retrospectiveId').equals('r1').primaryKeys()).toEqual(['a1']);
    expect(await db.adjustments.orderBy('dueAt').primaryKeys()).toEqual(['a2', 'a1']);
    await db.retrospectives.bulkAdd([
      { id: 'r1', periodFrom: T - 10, periodTo: T - 5, notes: '', heldAt: T - 5, createdAt: T, updatedAt: T },
      { id: 'r2', periodFrom: T - 5, periodTo: T, notes: '', heldAt: T, createdAt: T, updatedAt: T },
    ]);
    expect((await db.retrospectives.orderBy('heldAt').last())?.id).toBe('r2');
  });
});

/**
 * Version 4 stored CRM deals as `<crm>:<id>`, without their tenant. Version 5 keys them as
 * `<crm>:<tenant>:<id>`, the tenant read from the record URL the deal kept, and rewrites every
 * reference: touchpoints' dealId, reflections (key and compared deal), win reflections and
 * debrief calls (keyed by their deal), follow-ups (ids made from the deal id, and dealId). Rows
 * below are shaped as version 4 stored them.
 */
describe('schema upgrade 4 → 5: records keyed by tenant', () => {
  const PD = 'https://acme.pipedrive.com/deal/42';
  const HS = 'https://app.hubspot.com/contacts/4411/record/0-3/9001';
  const SF = 'https://acme--uat.sandbox.lightning.force.com/lightning/r/Opportunity/0065g00000AbCdEAAZ/view';
  const base = { contactEmails: ['jane@acme.test'], threadIds: [], openedAt: T - 9e6, updatedAt: T };
  const v4Deals = [
    { ...base, id: 'pipedrive:42', source: 'pipedrive', name: 'Acme renewal', status: 'lost', closedAt: T - 1e6, url: PD, leadSource: 'Referral' },
    { ...base, id: 'hubspot:9001', source: 'hubspot', name: 'Globex pilot', status: 'won', closedAt: T - 2e6, url: HS },
    { ...base, id: 'salesforce:0065g00000AbCdEAAZ', source: 'salesforce', name: 'Initech', status: 'open', url: SF, threadIds: ['thread-f:5'] },
    // No URL, or a URL of another record: the tenant cannot be known, the id stays.
    { ...base, id: 'pipedrive:7', source: 'pipedrive', name: 'No address', status: 'lost', closedAt: T - 3e6 },
    { ...base, id: 'pipedrive:8', source: 'pipedrive', name: 'Wrong address', status: 'open', url: 'https://acme.pipedrive.com/deal/9' },
    { ...base, id: 'local:abc', source: 'local', name: 'Side project', status: 'open' },
  ];
  const tp = (key: string, at: number, dealId?: string) => ({ ...v1Touchpoint, key, at, ...(dealId ? { dealId } : { dealId: undefined }) });
  const v4Touchpoints = [tp('gmail:msg-f:1', T - 5e6, 'pipedrive:42'), tp('gmail:msg-f:2', T - 4e6, 'pipedrive:42'), tp('gmail:msg-f:3', T - 3e6, 'hubspot:9001'), tp('gmail:msg-f:4', T - 2e6, 'pipedrive:7'), tp('gmail:msg-f:5', T - 1e6)];
  const v4Reflections = [
    { ...v1Reflection, dealId: 'pipedrive:42', comparedWonDealId: 'hubspot:9001' },
    { ...v1Reflection, dealId: 'pipedrive:7', comparedWonDealId: 'hubspot:9001' },
  ];
  const fu = (id: string, dealId: string | undefined, dueAt: number) => ({ id, kind: id.split(':')[0], dueAt, state: 'open', ...(dealId ? { dealId } : {}), reason: id, createdAt: T, updatedAt: T });
  const v4FollowUps = [
    fu('debrief:pipedrive:42', 'pipedrive:42', T + 1e6),
    fu('re-engage:pipedrive:42', 'pipedrive:42', T + 9e9),
    fu('manual:m1', 'hubspot:9001', T + 2e6),
    fu('reply:jane@acme.test', 'salesforce:0065g00000AbCdEAAZ', T + 3e6),
    fu('retrospective', undefined, T + 4e6),
    fu('debrief:pipedrive:7', 'pipedrive:7', T + 5e6),
  ];

  const v4WinReflection = { dealId: 'hubspot:9001', state: 'final', whyChoseUs: 'Support', almostLost: '', whoDecided: 'CFO', repeat: 'Pilot', wonAt: T - 2e6, createdAt: T, updatedAt: T };
  const v4Debriefs = [
    { dealId: 'pipedrive:42', answers: [{ question: 'What mattered most?', answer: 'Price' }], buyerReasonDetail: 'Budget', spokeWith: 'Dana', createdAt: T, updatedAt: T },
    { dealId: 'pipedrive:7', answers: [], buyerReasonDetail: '', spokeWith: '', createdAt: T, updatedAt: T },
  ];

  let name: string;
  let db: DealDebriefDB;

  beforeEach(async () => {
    isolateIndexedDB();
    name = uniqueDbName();
    const old = await openAtVersion(name, 4);
    await old.transaction('rw', old.tables, async () => {
      await old.table('deals').bulkAdd(v4Deals);
      await old.table('touchpoints').bulkAdd(v4Touchpoints);
      await old.table('contactTouches').bulkAdd(v4Touchpoints.map((t) => ({ email: 'jane@acme.test', at: t.at, key: t.key })));
      await old.table('contacts').add(v1Contact);
      await old.table('reflections').bulkAdd(v4Reflections);
      await old.table('followUps').bulkAdd(v4FollowUps);
      await old.table('settings').add(v1Settings);
      await old.table('winReflections').add(v4WinReflection);
      await old.table('debriefs').bulkAdd(v4Debriefs);
    });
    old.close();
    db = openDatabase(name);
    await db.open();
  });
  afterEach(() => db.close());

  const NEW = {
    'pipedrive:42': 'pipedrive:acme:42',
    'hubspot:9001': 'hubspot:4411:9001',
    'salesforce:0065g00000AbCdEAAZ': 'salesforce:acme--uat.sandbox:0065g00000AbCdEAAZ',
  } as Record<string, string>;
  const moved = (id: string | undefined) => (id === undefined ? undefined : (NEW[id] ?? id));

  it('gives each deal whose URL names its record the tenant key, and keeps every other field', async () => {
    expect(db.verno).toBe(LATEST_VERSION);
    expect((await db.deals.orderBy('id').primaryKeys()).sort()).toEqual(
      ['hubspot:4411:9001', 'local:abc', 'pipedrive:7', 'pipedrive:8', 'pipedrive:acme:42', 'salesforce:acme--uat.sandbox:0065g00000AbCdEAAZ'].sort(),
    );
    for (const d of v4Deals) expect(await db.deals.get(moved(d.id)!)).toEqual({ ...d, id: moved(d.id) });
  });

  it("moves every touchpoint to its deal's new id, found through [dealId+at]", async () => {
    const all = await db.touchpoints.orderBy('key').toArray();
    expect(all.map((t) => [t.key, t.dealId])).toEqual(v4Touchpoints.map((t) => [t.key, moved(t.dealId)]));
    const acme = await db.touchpoints.where('[dealId+at]').between(['pipedrive:acme:42', 0], ['pipedrive:acme:42', Number.MAX_SAFE_INTEGER]).primaryKeys();
    expect(acme).toEqual(['gmail:msg-f:1', 'gmail:msg-f:2']);
    expect(await db.touchpoints.where('[dealId+at]').between(['pipedrive:42', 0], ['pipedrive:42', Number.MAX_SAFE_INTEGER]).count()).toBe(0);
    // The contact index names no deal: one entry per touchpoint still.
    expect(await contactIndexRows(db)).toHaveLength(v4Touchpoints.length);
  });

  it('moves the reflection to the new key and points comparisons at the won deal’s new id', async () => {
    const reflections = await db.reflections.orderBy('dealId').toArray();
    expect(reflections.map((r) => [r.dealId, r.comparedWonDealId])).toEqual([
      ['pipedrive:7', 'hubspot:4411:9001'],
      ['pipedrive:acme:42', 'hubspot:4411:9001'],
    ]);
    expect(await db.reflections.get('pipedrive:42')).toBeUndefined();
  });

  it('moves the win reflection and the debrief call, keyed by their deal, to the new key', async () => {
    expect(await db.winReflections.toArray()).toEqual([{ ...v4WinReflection, dealId: 'hubspot:4411:9001' }]);
    expect((await db.debriefs.orderBy('dealId').toArray()).map((d) => d.dealId)).toEqual(['pipedrive:7', 'pipedrive:acme:42']);
    expect(await db.debriefs.get('pipedrive:acme:42')).toEqual({ ...v4Debriefs[0], dealId: 'pipedrive:acme:42' });
  });

  it('renames follow-ups made from a deal id and moves their dealId; the popup index still finds them in order', async () => {
    const ids = (await db.followUps.orderBy('id').toArray()).map((f) => [f.id, f.dealId]);
    expect(ids).toEqual(
      [
        ['debrief:pipedrive:7', 'pipedrive:7'],
        ['debrief:pipedrive:acme:42', 'pipedrive:acme:42'],
        ['manual:m1', 'hubspot:4411:9001'],
        ['re-engage:pipedrive:acme:42', 'pipedrive:acme:42'],
        ['reply:jane@acme.test', 'salesforce:acme--uat.sandbox:0065g00000AbCdEAAZ'],
        ['retrospective', undefined],
      ].sort((a, b) => a[0]!.localeCompare(b[0]!)),
    );
    const open = await db.followUps.where('[state+dueAt]').between(['open', 0], ['open', Number.MAX_SAFE_INTEGER]).primaryKeys();
    expect(open).toEqual(['debrief:pipedrive:acme:42', 'manual:m1', 'reply:jane@acme.test', 'retrospective', 'debrief:pipedrive:7', 're-engage:pipedrive:acme:42']);
    // Everything else on the row is what version 2 stored.
    for (const f of v4FollowUps) {
      const want = { ...f, dealId: moved(f.dealId) };
      if (want.dealId === undefined) delete want.dealId;
      const id = f.id.replace(/^(debrief|re-engage):(.+)$/, (_m, p: string, d: string) => `${p}:${moved(d)}`);
      expect(await db.followUps.get(id)).toEqual({ ...want, id });
    }
  });

  it('the deal page seen after the upgrade updates the migrated deal: no second record, the rep’s edits kept', async () => {
    const { ingest } = await import('../../lib/db/ingest');
    const result = await ingest(
      db,
      [{ kind: 'deal', source: 'pipedrive', crmId: '42', name: 'Acme renewal 2027', url: PD, contacts: [{ email: 'jane@acme.test', phones: [] }] }],
      T + 1e6,
    );
    expect(result.deals).toEqual(['pipedrive:acme:42']);
    expect(await db.deals.where('source').equals('pipedrive').count()).toBe(3);
    expect(await db.deals.get('pipedrive:acme:42')).toMatchObject({ name: 'Acme renewal 2027', status: 'lost', leadSource: 'Referral', closedAt: T - 1e6 });
  });

  it('a second open changes nothing', async () => {
    const snapshot = async () => [await db.deals.toArray(), await db.touchpoints.toArray(), await db.reflections.toArray(), await db.followUps.toArray(), await db.winReflections.toArray(), await db.debriefs.toArray()];
    const before = await snapshot();
    db.close();
    db = openDatabase(name);
    await db.open();
    expect(await snapshot()).toEqual(before);
  });
});

/**
 * Version 6: the `contactTouches` table folds into the touchpoints store as the multi-entry
 * `contactKeys` index. Rows below are shaped as version 5 stored them: touchpoints without
 * `contactKeys`, and one `contactTouches` row per touchpoint and contact. More touchpoints than
 * one page of the upgrade, several contacts each, instants shared by several touchpoints.
 */
describe('schema upgrade 5 → 6: the contact index moves into the touchpoints store', () => {
  const CONTACTS = ['ann@acme.test', 'bo@acme.test', 'cy@globex.test', 'di@initech.test'];
  const v5Touchpoints: Touchpoint[] = Array.from({ length: 1234 }, (_, i) => ({
    ...(v1Touchpoint as Touchpoint),
    key: `gmail:msg-f:${(i * 7919) % 1234}`,
    // Every third instant is shared with the touchpoint before it.
    at: T - 1e9 + Math.floor(i / 3) * 2 * 60_000 + (i % 3 === 2 ? 60_000 : 0),
    contactEmails: CONTACTS.filter((_, c) => (i + c) % (c + 2) === 0),
    dealId: undefined,
  }));
  let name: string;
  let db: DealDebriefDB;
  /** What the version 5 table answered: each contact's touchpoint keys through `[email+at]`, oldest first. */
  const before = new Map<string, string[]>();
  /** The same, for a window: the keys between two instants, both included. */
  const window = { from: T - 1e9 + 100 * 60_000, until: T - 1e9 + 400 * 60_000 };
  const beforeWindow = new Map<string, string[]>();

  beforeEach(async () => {
    isolateIndexedDB();
    name = uniqueDbName();
    const old = await openAtVersion(name, 5);
    await old.transaction('rw', old.tables, async () => {
      await old.table('touchpoints').bulkAdd(v5Touchpoints);
      await old.table('contactTouches').bulkAdd(v5Touchpoints.flatMap((t) => t.contactEmails.map((email) => ({ email, at: t.at, key: t.key }))));
    });
    for (const email of CONTACTS) {
      const rows = (await old.table('contactTouches').where('[email+at]').between([email, 0], [email, Number.MAX_SAFE_INTEGER], true, true).toArray()) as { key: string }[];
      before.set(email, rows.map((r) => r.key));
      const inWindow = (await old.table('contactTouches').where('[email+at]').between([email, window.from], [email, window.until], true, true).toArray()) as { key: string }[];
      beforeWindow.set(email, inWindow.map((r) => r.key));
    }
    old.close();
    db = openDatabase(name);
    await db.open();
  });
  afterEach(() => db.close());

  it('drops the contactTouches table and the contactEmails index; contactKeys is indexed multi-entry', () => {
    expect(db.verno).toBe(LATEST_VERSION);
    expect(db.tables.map((t) => t.name)).not.toContain('contactTouches');
    expect([...db.backendDB().objectStoreNames]).not.toContain('contactTouches');
    const store = db.backendDB().transaction('touchpoints', 'readonly').objectStore('touchpoints');
    expect([...store.indexNames].sort()).toEqual(['[dealId+at]', '[threadId+at]', 'at', 'contactKeys', 'mergeAt'].sort());
    expect(store.index('contactKeys').multiEntry).toBe(true);
  });

  it('gives every stored touchpoint its contactKeys and changes nothing else', async () => {
    const stored = (await db.touchpoints.toArray()) as (Touchpoint & { contactKeys?: string[] })[];
    expect(stored).toHaveLength(v5Touchpoints.length);
    const byKey = new Map(v5Touchpoints.map((t) => [t.key, t]));
    for (const t of stored) {
      expect(t.contactKeys).toEqual(contactKeysOf(t));
      expect(withoutContactKeys(t)).toEqual(byKey.get(t.key));
    }
  });

  it('answers every contact’s timeline, whole or in a window, as the contactTouches table did', async () => {
    let n = 0;
    for (const email of CONTACTS) {
      expect((await touchpointsOfContactBetween(db, email)).map((t) => t.key)).toEqual(before.get(email));
      expect((await touchpointsOfContactBetween(db, email, window.from, window.until)).map((t) => t.key)).toEqual(beforeWindow.get(email));
      n += before.get(email)!.length;
    }
    // Not vacuous: the histories are long, and the window cuts them.
    expect(n).toBeGreaterThan(1000);
    expect(beforeWindow.get(CONTACTS[0]!)!.length).toBeLessThan(before.get(CONTACTS[0]!)!.length);
    expect(beforeWindow.get(CONTACTS[0]!)!.length).toBeGreaterThan(10);
  });

  it('fills the field a page at a time: never more touchpoints in hand than a page', async () => {
    const pages: number[] = [];
    const raw = await openAtVersion(uniqueDbName(), 5);
    await raw.table('touchpoints').bulkAdd(v5Touchpoints.slice(0, 25));
    await raw.transaction('rw', raw.table('touchpoints'), async (tx) => {
      const table = tx.table('touchpoints');
      const bulkPut = table.bulkPut.bind(table);
      table.bulkPut = ((rows: unknown[]) => (pages.push(rows.length), bulkPut(rows))) as typeof table.bulkPut;
      expect(await fillContactKeys(tx, 10)).toBe(25);
    });
    expect(pages).toEqual([10, 10, 5]);
    for (const t of (await raw.table('touchpoints').toArray()) as (Touchpoint & { contactKeys?: string[] })[]) expect(t.contactKeys).toEqual(contactKeysOf(t));
    raw.close();
  });

  it('a second open changes nothing', async () => {
    const snapshot = await db.touchpoints.toArray();
    db.close();
    db = openDatabase(name);
    await db.open();
    expect(await db.touchpoints.toArray()).toEqual(snapshot);
  });
});

/**
 * Version 7: the touchpoints a later message may merge with carry `mergeAt`, indexed. Rows below
 * are shaped as version 6 stored them: with `contactKeys`, without `mergeAt`.
 */
describe('schema upgrade 6 → 7: the touchpoints a later message may merge with are indexed by time', () => {
  const base = { ...(v1Touchpoint as Touchpoint), dealId: undefined };
  const v6Touchpoints: Touchpoint[] = [
    // Seen in Gmail: not a candidate.
    ...Array.from({ length: 30 }, (_, i) => ({ ...base, key: `gmail:msg-f:${i}`, at: T - i * 60_000 })),
    // Recorded at Send, without a thread (a new compose).
    { ...base, key: 'sending:compose-1', direction: 'outbound', from: 'rep@ourco.test', to: ['jane@acme.test'], threadId: undefined, subject: 'Proposal', provenance: 'sending', at: T - 3 * 60_000 },
    // An inbox row, a collapsed message without its id, an email and a call a CRM logged.
    { ...base, key: 'gmail-row:thread-f:9', provenance: 'list-row', at: T - 7 * 60_000 },
    { ...base, key: 'gmail-c:thread-f:9:1:jane@acme.test', at: T - 9 * 60_000 },
    { ...base, key: 'hubspot:1:email-5', capturedFrom: 'hubspot', threadId: undefined, at: T - 11 * 60_000 },
    { ...base, key: 'hubspot:1:call-6', channel: 'call', capturedFrom: 'hubspot', threadId: undefined, direction: 'outbound', at: T - 13 * 60_000 },
  ] as Touchpoint[];
  let name: string;
  let db: DealDebriefDB;

  beforeEach(async () => {
    isolateIndexedDB();
    name = uniqueDbName();
    const old = await openAtVersion(name, 6);
    await old.table('touchpoints').bulkAdd(v6Touchpoints.map((t) => ({ ...t, contactKeys: contactKeysOf(t) })));
    old.close();
    db = openDatabase(name);
    await db.open();
  });
  afterEach(() => db.close());

  it('gives the merge candidates their mergeAt and changes nothing else', async () => {
    expect(db.verno).toBe(LATEST_VERSION);
    const stored = (await db.touchpoints.toArray()) as (Touchpoint & { contactKeys?: string[]; mergeAt?: number })[];
    expect(stored).toHaveLength(v6Touchpoints.length);
    const byKey = new Map(v6Touchpoints.map((t) => [t.key, t]));
    for (const t of stored) {
      expect(t.mergeAt).toBe(isMergeCandidate(t) ? t.at : undefined);
      expect(t.contactKeys).toEqual(contactKeysOf(t));
      expect(withoutContactKeys(t)).toEqual(byKey.get(t.key));
    }
    // The index lists the four candidates, and nothing else, in time order.
    expect(await db.touchpoints.orderBy('mergeAt').primaryKeys()).toEqual(['hubspot:1:email-5', 'gmail-c:thread-f:9:1:jane@acme.test', 'gmail-row:thread-f:9', 'sending:compose-1']);
  });

  it('a message seen after the upgrade takes over the send recorded before it', async () => {
    await storeSettings(db, { ...defaultSettings('America/New_York'), ownAddresses: ['rep@ourco.test'] });
    const seen = {
      kind: 'email' as const,
      messageId: 'msg-f:sent-1',
      threadId: 'thread-f:new-1',
      subject: 'Proposal',
      from: { email: 'rep@ourco.test' },
      to: [{ email: 'jane@acme.test' }],
      cc: [],
      at: T - 2 * 60_000,
      expanded: true,
    };
    await ingest(db, [seen], T);
    expect(await db.touchpoints.get('sending:compose-1')).toBeUndefined();
    expect(await db.touchpoints.get('gmail:msg-f:sent-1')).toBeDefined();
  });

  it('a second open changes nothing', async () => {
    const snapshot = await db.touchpoints.toArray();
    db.close();
    db = openDatabase(name);
    await db.open();
    expect(await db.touchpoints.toArray()).toEqual(snapshot);
  });
});

describe('schema upgrade 7 → 8: a table for captured events kept to be tried again', () => {
  beforeEach(isolateIndexedDB);

  it('adds the empty held table and changes nothing stored', async () => {
    const name = uniqueDbName();
    const old = await openAtVersion(name, 7);
    await old.table('touchpoints').add({ ...v1Touchpoint, contactKeys: contactKeysOf(v1Touchpoint as unknown as Touchpoint) });
    old.close();
    const db = openDatabase(name);
    await db.open();
    expect(db.verno).toBe(LATEST_VERSION);
    expect(await db.heldCapture.count()).toBe(0);
    expect(withoutContactKeys((await db.touchpoints.get(v1Touchpoint.key))!)).toEqual(v1Touchpoint);
    db.close();
  });
});
