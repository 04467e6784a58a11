import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CrmActivity, DealSeen, EmailSeen } from '../../lib/capture/events';
import { ingest } from '../../lib/db/ingest';
import type { DealDebriefDB } from '../../lib/db/schema';
import { storeSettings } from '../../lib/db/settings';
import { defaultSettings, type Touchpoint } from '../../lib/model';
import { dealHardData } from '../../lib/reflection/hardData';
import { contactIndexRows, isolateIndexedDB, openTestDatabase } from './helpers/db';

const FIXTURES = join(__dirname, '../fixtures');
const NOW = Date.parse('2026-12-02T10:00:00+01:00');
const DAY = 86_400_000;

/** A CRM fixture's expected deal, as the content script would send it. */
function crmDeal(path: string): DealSeen {
  const exp = JSON.parse(readFileSync(join(FIXTURES, `${path}.expected.json`), 'utf8'));
  return {
    ...exp.deal,
    createdAt: Date.parse(exp.deal.createdAt),
    activities: exp.deal.activities.map((a: CrmActivity & { at: string }) => ({ ...a, at: Date.parse(a.at) })),
  };
}

/** One message of a Gmail fixture, as the content script would send it. */
function gmailMessage(path: string, messageId: string): EmailSeen {
  const exp = JSON.parse(readFileSync(join(FIXTURES, `${path}.expected.json`), 'utf8'));
  const m = exp.thread.messages.find((x: { messageId: string }) => x.messageId === messageId);
  return { kind: 'email', threadId: exp.thread.threadId, legacyThreadId: exp.thread.legacyThreadId, subject: exp.thread.subject, ...m, at: Date.parse(m.at) };
}

const HUBSPOT = 'hubspot/deal-timeline-2026-12';
const LOGGED = gmailMessage('gmail/thread-two-prospects-2026-11', 'msg-f:1881027722084652026');

let db: DealDebriefDB;
beforeEach(async () => {
  isolateIndexedDB();
  db = await openTestDatabase();
  await storeSettings(db, { ...defaultSettings('Europe/Berlin'), ownAddresses: ['rep@dealdebrief.test'], internalDomains: ['dealdebrief.test'] });
});
afterEach(() => db.close());

const all = async () => (await db.touchpoints.orderBy('at').toArray()) as Touchpoint[];
const emails = async () => (await all()).filter((t) => t.channel === 'email');

describe('CRM activity timelines', () => {
  it('stores each past activity once under a tenant-scoped key; planned ones become next steps; a re-visit adds nothing', async () => {
    const deal = crmDeal(HUBSPOT);
    const first = await ingest(db, [deal], NOW);
    const stored = await all();
    const past = deal.activities!.filter((a) => !a.upcoming);
    expect(stored).toHaveLength(past.length);
    expect(stored.map((t) => t.key).sort()).toEqual(past.map((a) => `hubspot:4411:activity:${a.id}`).sort());
    expect(first.stored).toBe(past.length);
    const count = (ch: string) => stored.filter((t) => t.channel === ch).length;
    expect([count('email'), count('call'), count('meeting'), count('note')]).toEqual([1, 3, 1, 2]);
    const call = stored.find((t) => t.key === 'hubspot:4411:activity:61102')!;
    expect(call).toMatchObject({ direction: 'outbound', durationMinutes: 15, outcome: 'connected', contactEmails: ['jane@acme.test'], dealId: 'hubspot:4411:9104', capturedFrom: 'hubspot' });
    expect(stored.find((t) => t.key === 'hubspot:4411:activity:60951')!.direction).toBe('inbound');
    expect(stored.find((t) => t.key === 'hubspot:4411:activity:60988')!.outcome).toBe('no-answer');
    expect(stored.find((t) => t.key === 'hubspot:4411:activity:61021')).toMatchObject({ channel: 'note', activityKind: 'task', direction: 'internal' });

    const d = (await db.deals.get('hubspot:4411:9104'))!;
    expect(d.nextSteps?.map((n) => [n.kind, n.title, n.at])).toEqual([
      ['task', 'Send the order form', Date.parse('2026-12-04T09:00:00+01:00')],
      ['meeting', 'Contract review', Date.parse('2026-12-09T10:00:00+01:00')],
    ]);
    // Days open from the CRM's create date.
    expect(d.openedAt).toBe(Date.parse('2026-10-20T09:30:00+02:00'));

    const again = await ingest(db, [deal], NOW + DAY);
    expect(again.stored).toBe(0);
    expect(await all()).toEqual(stored);
  });

  it('without a create date on the page, days open count from the first touch', async () => {
    const deal = { ...crmDeal(HUBSPOT), createdAt: undefined };
    await ingest(db, [deal], NOW);
    expect((await db.deals.get('hubspot:4411:9104'))!.openedAt).toBe(Date.parse('2026-10-22T14:30:00+02:00'));
  });

  it('a logged email Gmail showed first is one touchpoint: the Gmail one, joined to the deal', async () => {
    await ingest(db, [LOGGED], NOW);
    await ingest(db, [crmDeal(HUBSPOT)], NOW);
    const mail = await emails();
    expect(mail.map((t) => t.key)).toEqual(['gmail:msg-f:1881027722084652026']);
    expect(mail[0]!.dealId).toBe('hubspot:4411:9104');
    // And again: still one.
    await ingest(db, [crmDeal(HUBSPOT)], NOW + DAY);
    expect((await emails()).map((t) => t.key)).toEqual(['gmail:msg-f:1881027722084652026']);
  });

  it('a logged email the CRM showed first is replaced by the Gmail message when Gmail shows it; the deal stays', async () => {
    await ingest(db, [crmDeal(HUBSPOT)], NOW);
    expect((await emails()).map((t) => t.key)).toEqual(['hubspot:4411:activity:61050']);
    await ingest(db, [LOGGED], NOW);
    const mail = await emails();
    expect(mail.map((t) => t.key)).toEqual(['gmail:msg-f:1881027722084652026']);
    expect(mail[0]!.dealId).toBe('hubspot:4411:9104');
    expect((await contactIndexRows(db)).filter((r) => r.key === 'hubspot:4411:activity:61050')).toEqual([]);
    // A re-visit of the CRM record does not bring the copy back.
    const r = await ingest(db, [crmDeal(HUBSPOT)], NOW + DAY);
    expect(r.stored).toBe(0);
    expect((await emails()).map((t) => t.key)).toEqual(['gmail:msg-f:1881027722084652026']);
    const d = (await db.deals.get('hubspot:4411:9104'))!;
    const hard = dealHardData(d, (await all()).filter((t) => t.dealId === d.id), { count: 0, late: 0, awaiting: 0 }, NOW);
    expect([hard.byChannel.email, hard.byChannel.call, hard.byChannel.meeting]).toEqual([1, 3, 1]);
  });

  it.each([
    ['three minutes later', { at: LOGGED.at + 3 * 60_000 }],
    ['the other direction', { from: { email: 'rep@dealdebrief.test' }, to: [{ email: 'jane@acme.test' }], cc: [] }],
    ['nobody in common', { from: { email: 'zoe@initech.test' }, to: [{ email: 'rep@dealdebrief.test' }], cc: [] }],
  ])('an email %s is a different email', async (_what, change) => {
    await ingest(db, [{ ...LOGGED, ...change } as EmailSeen], NOW);
    await ingest(db, [crmDeal(HUBSPOT)], NOW);
    expect(await emails()).toHaveLength(2);
  });

  it('a message id shown by the CRM matches whatever the time', async () => {
    const deal = crmDeal(HUBSPOT);
    const logged = deal.activities!.find((a) => a.type === 'email')!;
    logged.messageId = LOGGED.messageId;
    logged.at += 10 * 60_000;
    await ingest(db, [LOGGED], NOW);
    await ingest(db, [deal], NOW);
    expect((await emails()).map((t) => t.key)).toEqual(['gmail:msg-f:1881027722084652026']);
  });

  it('an activity moved into the future leaves the past', async () => {
    const deal = crmDeal(HUBSPOT);
    await ingest(db, [deal], NOW);
    const moved = { ...deal, activities: deal.activities!.map((a) => (a.id === '61077' ? { ...a, at: NOW + 3 * DAY, upcoming: true } : a)) };
    await ingest(db, [moved], NOW + 1);
    expect(await db.touchpoints.get('hubspot:4411:activity:61077')).toBeUndefined();
    expect((await db.deals.get('hubspot:4411:9104'))!.nextSteps?.some((n) => n.key === 'hubspot:4411:activity:61077')).toBe(true);
  });

  it('the same activity id in two HubSpot portals is two touchpoints', async () => {
    const deal = crmDeal(HUBSPOT);
    const other = { ...deal, crmId: '77', url: 'https://app.hubspot.com/contacts/9999/record/0-3/77' };
    await ingest(db, [deal, other], NOW);
    expect((await all()).filter((t) => t.key.endsWith(':activity:61102')).map((t) => t.key).sort()).toEqual(['hubspot:4411:activity:61102', 'hubspot:9999:activity:61102']);
  });

  it('what the rep added to a CRM call in the sidebar survives a re-visit', async () => {
    const deal = crmDeal(HUBSPOT);
    await ingest(db, [deal], NOW);
    await db.touchpoints.update('hubspot:4411:activity:61021', { note: 'sent v2' });
    await ingest(db, [{ ...deal, activities: deal.activities!.map((a) => (a.id === '61021' ? { ...a, title: 'Send security questionnaire (v2)' } : a)) }], NOW + DAY);
    expect(await db.touchpoints.get('hubspot:4411:activity:61021')).toMatchObject({ note: 'sent v2', subject: 'Send security questionnaire (v2)' });
  });
});
