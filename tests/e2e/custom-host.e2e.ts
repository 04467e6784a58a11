/**
 * A CRM host the rep adds on the options page. Headless Chromium cannot answer the permission
 * prompt, so the test build already holds this one host's permission (wxt.config.ts): the
 * request then resolves at once, and everything after it — registering the content script,
 * the sidebar on that host, tel: capture with the page's address — runs for real.
 */
import { describe, expect, it } from 'vitest';
import type { Contact, Settings, Touchpoint } from '../../lib/model';
import { HOSTS, sidebarFrame, TEST_BUILD, type Session, withSession } from './harness';

describe('custom CRM hosts', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('added on the options page, it gets the sidebar and call logging', async () => {
    s.server.route({ host: HOSTS.custom, path: '/opportunities/311', file: 'pages/custom-crm-2026-11.html' });
    const url = `https://${HOSTS.custom}/opportunities/311`;
    // Before: not a supported page.
    let page = await s.page(url);
    await page.waitForTimeout(800);
    expect(await page.locator('deal-debrief-sidebar').count()).toBe(0);
    await page.close();

    const options = await s.extensionPage('/options.html');
    await options.getByLabel('Host', { exact: true }).fill('mail.google.com');
    await options.getByRole('button', { name: 'Add host' }).click();
    await expect.poll(() => options.getByText('mail.google.com is already supported.').count()).toBe(1);
    await options.getByLabel('Host', { exact: true }).fill(HOSTS.custom);
    await options.getByRole('button', { name: 'Add host' }).click();
    await expect.poll(() => options.getByText(`Added ${HOSTS.custom}.`, { exact: false }).count(), { timeout: 10_000 }).toBe(1);
    expect((await s.dump<Settings & { id: string }>('settings'))[0]?.customCrmHosts).toEqual([HOSTS.custom]);

    page = await s.page(url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByText('Addresses on this page: peter.gibbons@initech.test').count(), { timeout: 10_000 }).toBe(1);
    await page.evaluate(() =>
      document.addEventListener('click', (e) => {
        if ((e.target as Element).closest('a[href^="tel:"]')) e.preventDefault();
      }),
    );
    await page.locator('a[href^="tel:"]').click();
    const calls = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.channel === 'call'));
    expect(calls.filter((t) => t.channel === 'call')).toHaveLength(1);
    expect(calls[0]).toMatchObject({ channel: 'call', direction: 'outbound', contactEmails: ['peter.gibbons@initech.test'], capturedFrom: 'custom' });
    const peter = (await s.dump<Contact>('contacts')).find((c) => c.email === 'peter.gibbons@initech.test')!;
    expect(peter.phones).toEqual([calls[0]!.subject!.replace(/^Call /, '')]);

    // Removing the host stops it.
    await options.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(async () => (await s.dump<Settings & { id: string }>('settings'))[0]?.customCrmHosts).toEqual([]);
    await page.close();
    page = await s.page(url);
    await page.waitForTimeout(800);
    expect(await page.locator('deal-debrief-sidebar').count()).toBe(0);
    await page.close();
    await options.close();
  });
});
