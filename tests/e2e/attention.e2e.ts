/**
 * Signals worth acting on, in Chromium with the test build (movable clock): mail among
 * colleagues owes no reply (no flag, no badge) with nothing configured, and a flag's
 * "No reply needed" clears the flag and the badge and is kept in IndexedDB; a reply still owed on
 * a lost deal is shown quietly and never escalates or counts on the badge.
 */
import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../../lib/model';
import { expected, HOSTS, sidebarFrame, TEST_BUILD, type Session, withSession } from './harness';

const berlin = (iso: string) => Date.parse(`${iso}+01:00`);

async function badge(s: Session): Promise<string> {
  const worker = await s.serviceWorker();
  return worker.evaluate(() =>
    (globalThis as unknown as { chrome: { action: { getBadgeText(d: object): Promise<string> } } }).chrome.action.getBadgeText({}),
  );
}

describe('colleagues owe no reply; flags can be acted on', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('a colleague-only thread raises no flag and no badge; a prospect waiting does, until "No reply needed"', async () => {
    // Monday noon, days after both threads' last message: anything counted as waiting is overdue.
    await s.call('setClockOffset', { ms: berlin('2026-11-23T12:00:00') - Date.now() });
    // Nothing configured: no internal domain typed, onboarding skipped.
    expect((await s.call<{ internalDomains: string[] }>('getSettings', null)).internalDomains).toEqual([]);

    const internal = expected<{ hash: string; thread: { threadId: string; messages: unknown[] } }>('gmail/thread-internal-2026-11.html');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/thread-internal-2026-11.html' });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${internal.hash}`);
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === internal.thread.threadId).length === internal.thread.messages.length);
    // The detected address's company domain made Kim a colleague.
    expect(rows.filter((t) => t.threadId === internal.thread.threadId).map((t) => t.direction)).toEqual(['internal', 'internal']);
    expect((await s.call<{ internalDomains: string[] }>('getSettings', null)).internalDomains).toEqual(['dealdebrief.test']);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByText('No prospect in this conversation').count(), { timeout: 10_000 }).toBe(1);
    expect(await frame.getByTestId('awaiting-flag').count()).toBe(0);

    // A prospect left waiting in another thread: the badge counts one — the prospect, not Kim.
    const reply = expected<{ hash: string }>('gmail/compose-reply-2026-11.html');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/compose-reply-2026-11.html' });
    await page.close();
    const page2 = await s.page(`https://${HOSTS.gmail}/mail/u/0/${reply.hash}`);
    const frame2 = await sidebarFrame(page2, s.extensionId);
    const flag = frame2.getByTestId('awaiting-flag');
    await expect.poll(() => flag.count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('1');
    // The flag names the person, with the address on hover, and reads in working time.
    expect(await flag.getAttribute('data-contact')).toBe('jane@acme.test');
    expect(await flag.locator('[title="jane@acme.test"]').textContent()).toMatch(/^Jane\b.* has waited 1 working day 2 h/);

    await flag.getByRole('button', { name: 'No reply needed' }).click();
    await expect.poll(() => flag.count(), { timeout: 10_000 }).toBe(0);
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('');
    const marked = (await s.dump<Touchpoint>('touchpoints')).filter((t) => t.from === 'jane@acme.test' && t.direction === 'inbound');
    expect(marked.length).toBeGreaterThan(0);
    expect(marked.every((t) => t.noReplyNeeded === true)).toBe(true);
    await page2.close();
  });
});

describe('closed deals stop escalating', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('a reply owed on a lost deal is shown quietly: no escalation, nothing on the badge', async () => {
    // Monday noon: Jane has waited since Friday morning, a new lead — escalated while the deal is open.
    await s.call('setClockOffset', { ms: berlin('2026-11-23T12:00:00') - Date.now() });
    const reply = expected<{ hash: string; thread: { threadId: string } }>('gmail/compose-reply-2026-11.html');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/compose-reply-2026-11.html' });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${reply.hash}`);
    const frame = await sidebarFrame(page, s.extensionId);
    const flag = frame.getByTestId('awaiting-flag');
    await expect.poll(() => flag.getAttribute('data-state'), { timeout: 10_000 }).toBe('escalated');
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('1');

    const deal = await s.call<{ id: string }>('createLocalDeal', { name: 'Acme pilot', contactEmails: ['jane@acme.test'], threadId: reply.thread.threadId });
    await s.call('markLost', { dealId: deal.id, open: false });
    await expect.poll(() => flag.getAttribute('data-state'), { timeout: 10_000 }).toBe('quiet');
    expect(await flag.textContent()).toMatch(/Closed deal/);
    expect(await flag.textContent()).toMatch(/the deal is lost, so nothing escalates/);
    expect(await flag.textContent()).not.toMatch(/new lead/);
    await expect.poll(() => badge(s), { timeout: 10_000 }).toBe('');
    await page.close();
  });
});
