/**
 * Slow-response flags, the badge and the popup, with the clock moved. These run against the
 * test build (`.output/chrome-mv3-test`), the only build whose clock can be moved.
 */
import { describe, expect, it } from 'vitest';
import type { Deal, FollowUp } from '../../lib/model';
import { expected, HOSTS, sidebarFrame, TEST_BUILD, type Session, withSession, dealKey } from './harness';

/** A wall-clock instant in Berlin (UTC+1 in winter). */
const berlin = (iso: string) => Date.parse(`${iso}+01:00`);

async function setClock(s: Session, at: number) {
  await s.call('setClockOffset', { ms: at - Date.now() });
}

async function badge(s: Session): Promise<string> {
  const worker = await s.serviceWorker();
  return worker.evaluate(() =>
    (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}),
  );
}

describe('slow responses: flag and badge', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('flags a prospect left waiting for hours, counts it on the badge, and clears both when the reply is sent', async () => {
    // Monday noon: Jane wrote on Friday at 09:41:12, a new lead (target 1 working hour).
    await setClock(s, berlin('2026-11-23T12:00:00'));
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/compose-reply-2026-11.html' });
    const exp = expected<{ hash: string }>('gmail/compose-reply-2026-11.html');
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    const frame = await sidebarFrame(page, s.extensionId);
    const flag = frame.getByTestId('awaiting-flag');
    // Friday 09:41:12–17:00 plus Monday 09:00–12:00 = 10h 18m of working time (one 8-hour working
    // day and 2 h); the weekend does not count.
    await expect.poll(() => flag.textContent(), { timeout: 10_000 }).toMatch(/has waited 1 working day 2 h for your reply \(target 1 h, new lead\)/);
    expect(await flag.getAttribute('data-state')).toBe('escalated');
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('1');
    const reply = (await s.dump<FollowUp>('followUps')).filter((f) => f.kind === 'reply');
    expect(reply).toHaveLength(1);
    expect(reply[0]!.contactEmail).toBe('jane@acme.test');
    expect(reply[0]!.dueAt).toBe(berlin('2026-11-20T10:41:12'));

    await page.locator('div.T-I.T-I-atl[aria-label^="Send"]').first().click();
    await expect.poll(() => flag.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('');
    expect((await s.dump<FollowUp>('followUps')).filter((f) => f.kind === 'reply')).toHaveLength(0);
    await page.close();
  });
});

describe('Gmail list views: prospects awaiting a reply', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('lists prospects whose latest message is unanswered, most overdue first; not the team, not newsletters', async () => {
    await setClock(s, berlin('2026-11-23T12:00:00'));
    const settings = await s.call<Record<string, unknown>>('getSettings', null);
    await s.call('saveSettings', { settings: { ...settings, internalDomains: ['dealdebrief.test'] } });
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/list-inbox-2026-11.html' });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/#inbox`);
    const frame = await sidebarFrame(page, s.extensionId);
    const items = frame.getByTestId('awaiting-flag');
    // Otto has waited since Nov 6, Jane since Nov 12 (two unanswered threads): Otto first.
    await expect.poll(() => items.evaluateAll((els) => els.map((e) => e.getAttribute('data-contact'))), { timeout: 10_000 }).toEqual([
      'otto@globex.test',
      'jane@acme.test',
    ]);
    expect(await items.first().getAttribute('data-state')).toBe('escalated');
    // What the rows showed is stored as provisional touchpoints, merged when a thread is opened.
    const rows = (await s.dump<{ provenance: string; from?: string }>('touchpoints')).filter((t) => t.provenance === 'list-row');
    expect(rows.map((t) => t.from).sort()).toEqual(['jane@acme.test', 'jane@acme.test', 'otto@globex.test']);
    await page.close();
  });
});

describe('follow-ups: popup, badge, done and snooze', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('lists the debrief call after a loss, turns it overdue when time passes, snoozes and completes it', async () => {
    await setClock(s, berlin('2026-11-23T10:00:00'));
    const exp = expected<{ url: string; deal: { crmId: string } }>('hubspot/deal-record-2026-11.html');
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'hubspot/deal-record-2026-11.html' });
    const dealId = dealKey('hubspot', exp.deal.crmId);
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    const reflectionTab = s.context.waitForEvent('page');
    await frame.getByTestId('mark-lost').click();
    const tab = await reflectionTab;
    expect(tab.url()).toContain(`/reflection.html?deal=${encodeURIComponent(dealId)}`);
    await tab.close();

    const deals = await s.waitForRows<Deal>('deals', (r) => r.some((d) => d.id === dealId && d.status === 'lost'));
    expect(deals.find((d) => d.id === dealId)!.closedAt).toBeGreaterThanOrEqual(berlin('2026-11-23T10:00:00'));
    const followUps = await s.waitForRows<FollowUp>('followUps', (r) => r.some((f) => f.kind === 'debrief'));
    // Five days' cool-off lands on Saturday: the call moves to Monday 09:00.
    expect(followUps.find((f) => f.kind === 'debrief')!.dueAt).toBe(berlin('2026-11-30T09:00:00'));
    // A 12-month contract (the default) → re-engage at 9 months.
    expect(new Date(followUps.find((f) => f.kind === 're-engage')!.dueAt).toISOString().slice(0, 10)).toBe('2027-08-23');

    let popup = await s.extensionPage('/popup.html');
    const debriefIn = (section: string) => popup.locator(`[data-section=${section}] [data-kind=debrief]`);
    await expect.poll(() => debriefIn('upcoming').count()).toBe(1);
    // The first loss also starts the fortnightly loss retrospective (Monday Dec 7, 09:00).
    // It is written after the loss is stored, so the popup may show it a moment after the debrief.
    const retro = popup.locator('[data-section=upcoming] [data-kind=retrospective]');
    await expect.poll(() => retro.count()).toBe(1);
    const retroRow = (await s.waitForRows<FollowUp>('followUps', (r) => r.some((f) => f.kind === 'retrospective'))).find((f) => f.kind === 'retrospective')!;
    expect(retroRow.dueAt).toBe(berlin('2026-12-07T09:00:00'));
    await expect.poll(() => popup.getByTestId('count-upcoming').textContent()).toBe('2');
    expect(await badge(s)).toBe('');

    // Tuesday Dec 1: the debrief call is overdue and the badge says so.
    await setClock(s, berlin('2026-12-01T11:00:00'));
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('1');
    // One notification for it, and only one however often the badge is refreshed.
    const notificationIds = async () =>
      Object.keys(
        await (await s.serviceWorker()).evaluate(
          () => (globalThis as unknown as { chrome: { notifications: { getAll(): Promise<Record<string, boolean>> } } }).chrome.notifications.getAll(),
        ),
      );
    await expect.poll(notificationIds, { timeout: 10_000 }).toEqual([`debrief:${dealId}`]);
    const notified = (await s.dump<FollowUp>('followUps')).find((f) => f.kind === 'debrief')!.notifiedAt;
    expect(notified).toBeGreaterThan(0);
    await setClock(s, berlin('2026-12-01T11:05:00'));
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('1');
    expect((await s.dump<FollowUp>('followUps')).find((f) => f.kind === 'debrief')!.notifiedAt).toBe(notified);
    await popup.close();
    popup = await s.extensionPage('/popup.html');
    await expect.poll(() => debriefIn('overdue').count()).toBe(1);

    // Snooze to tomorrow: out of overdue, into upcoming; the badge clears.
    await debriefIn('overdue').getByRole('button', { name: /^More/ }).click();
    await debriefIn('overdue').getByRole('button', { name: 'Snooze until tomorrow' }).click();
    await expect.poll(() => debriefIn('upcoming').count()).toBe(1);
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('');
    const snoozed = (await s.dump<FollowUp>('followUps')).find((f) => f.kind === 'debrief')!;
    expect(snoozed.state).toBe('snoozed');
    expect(snoozed.snoozedUntil).toBe(berlin('2026-12-02T09:00:00'));

    // Next day it is due again; done clears it everywhere.
    await setClock(s, berlin('2026-12-02T10:00:00'));
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('1');
    await popup.close();
    popup = await s.extensionPage('/popup.html');
    await expect.poll(() => debriefIn('overdue').count()).toBe(1);
    await debriefIn('overdue').getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => popup.locator('[data-kind=debrief]').count()).toBe(0);
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('');
    expect((await s.dump<FollowUp>('followUps')).find((f) => f.kind === 'debrief')!.state).toBe('done');
    // "Open" focuses the deal's record, or opens it when no tab shows it.
    await page.close();
    const reengage = popup.locator('[data-kind=re-engage]');
    expect(await reengage.count()).toBe(0); // nine months away: not in the next 14 days
    const opened = s.context.waitForEvent('page');
    await s.call('openFollowUp', { id: `re-engage:${dealId}` });
    const record = await opened;
    await record.waitForLoadState('domcontentloaded');
    expect(record.url()).toBe(exp.url);
    await record.close();
    await popup.close();
  });
});

describe('popup: the debrief call of a fresh loss comes first', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('shows it without scrolling at 400×600 among many follow-ups, calls from it, and Done is undone in the database', async () => {
    await setClock(s, berlin('2026-11-23T10:00:00'));
    const exp = expected<{ url: string; deal: { crmId: string; name: string; contacts: { name: string; phones: string[] }[] } }>('hubspot/deal-record-2026-11.html');
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'hubspot/deal-record-2026-11.html' });
    const dealId = dealKey('hubspot', exp.deal.crmId);
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);
    await page.close();
    await s.call('markLost', { dealId, open: false });
    const debrief = (await s.waitForRows<FollowUp>('followUps', (r) => r.some((f) => f.kind === 'debrief'))).find((f) => f.kind === 'debrief')!;
    // Many others: reminders that have waited for weeks, and more coming in the next days.
    for (let i = 0; i < 30; i++) await s.call('addFollowUp', { dueAt: berlin('2026-11-01T09:00:00') + i * 14 * 3_600_000, reason: `Older reminder ${i}` });
    for (let i = 0; i < 30; i++) await s.call('addFollowUp', { dueAt: berlin('2026-12-01T09:00:00') + i * 9 * 3_600_000, reason: `Coming reminder ${i}` });
    // The call comes due (five days' cool-off, then Monday 09:00).
    await setClock(s, debrief.dueAt + 3_600_000);

    const popup = await s.context.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${s.extensionId}/popup.html`);
    await expect.poll(() => popup.getByTestId('count-overdue').textContent()).toBe('31');
    const row = popup.locator(`li[data-followup="${debrief.id}"]`);
    await row.waitFor();
    const box = (await row.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(600);
    expect(box.x + box.width).toBeLessThanOrEqual(400);
    const hit = await popup.evaluate(
      ([x, y]) => document.elementFromPoint(x!, y!)?.closest('li[data-followup]')?.getAttribute('data-followup'),
      [box.x + box.width / 2, box.y + box.height / 2],
    );
    expect(hit).toBe(debrief.id);
    // Its main button calls the decision-maker.
    const dana = exp.deal.contacts[0]!;
    const callLink = row.getByTestId('primary-action');
    expect(await callLink.textContent()).toBe(`Call ${dana.name} · ${dana.phones[0]}`);
    expect(await callLink.getAttribute('href')).toBe(`tel:${dana.phones[0]}`);

    // Done, then Undo: the follow-up is open again in IndexedDB and its row is back.
    await row.getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => row.count()).toBe(0);
    await s.waitForRows<FollowUp>('followUps', (r) => r.find((f) => f.id === debrief.id)?.state === 'done');
    await popup.getByRole('button', { name: 'Undo' }).click();
    await s.waitForRows<FollowUp>('followUps', (r) => r.find((f) => f.id === debrief.id)?.state === 'open');
    await expect.poll(() => row.count()).toBe(1);
    await popup.close();
  });
});
