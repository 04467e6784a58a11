import { describe, expect, it } from 'vitest';
import { expected, HOSTS, sidebarFrame, sidebarHandle, type Session, withSession } from './harness';

describe('foundation: the built extension in Chromium', () => {
  let s: Session;
  // This block checks requests in a test of its own; its last test makes one on purpose.
  withSession({ checkRequests: false }, (session) => {
    s = session;
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.hubspot, path: '/contacts/4411/objects/0-3/views/all/list', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.salesforce, path: '/lightning/page/home', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.pipedrive, path: '/pipeline/1', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.other, path: '/', file: 'pages/blank-crm.html' });
  });

  it.each([
    ['gmail', HOSTS.gmail, '/mail/u/0/#inbox'],
    ['hubspot', HOSTS.hubspot, '/contacts/4411/objects/0-3/views/all/list'],
    ['salesforce', HOSTS.salesforce, '/lightning/page/home'],
    ['pipedrive', HOSTS.pipedrive, '/pipeline/1'],
  ])('mounts the sidebar on %s, reports the site and URL, and collapses/expands', async (site, host, path) => {
    const page = await s.page(`https://${host}${path}`);
    const frame = await sidebarFrame(page, s.extensionId);
    const main = frame.locator('main');
    await expect.poll(() => main.getAttribute('data-site'), { timeout: 10_000 }).toBe(site);
    expect(await main.getAttribute('data-url')).toBe(`https://${host}${path}`);

    const host$ = page.locator('deal-debrief-sidebar');
    const handle = await sidebarHandle(page);
    const control = page.locator('#host-right-edge');
    // Collapse: the sidebar goes, the host page's own control at the right edge is clickable again.
    const startCollapsed = (await host$.getAttribute('data-collapsed')) === 'true';
    if (!startCollapsed) await handle.click();
    await expect.poll(() => host$.getAttribute('data-collapsed')).toBe('true');
    await control.click({ timeout: 3000 });
    const box = await control.boundingBox();
    const hit = await page.evaluate(([x, y]) => document.elementFromPoint(x!, y!)?.id, [box!.x + box!.width / 2, box!.y + box!.height / 2]);
    expect(hit).toBe('host-right-edge');
    // Expand again, and the state is remembered for this site on the next load.
    await handle.click();
    await expect.poll(() => host$.getAttribute('data-collapsed')).toBe('false');
    await handle.click();
    await page.reload();
    await expect.poll(() => page.locator('deal-debrief-sidebar').getAttribute('data-collapsed')).toBe('true');
    const again = await sidebarHandle(page);
    expect((await again.attributes())['aria-expanded']).toBe('false');
    await again.click();
    await expect.poll(() => page.locator('deal-debrief-sidebar').getAttribute('data-collapsed')).toBe('false');
    await page.close();
  });

  it('does not touch pages outside its hosts', async () => {
    const page = await s.page(`https://${HOSTS.other}/`);
    await page.waitForTimeout(500);
    expect(await page.locator('deal-debrief-sidebar').count()).toBe(0);
    await page.close();
  });

  it('opens and renders the popup and options pages', async () => {
    const popup = await s.extensionPage('/popup.html');
    await expect.poll(() => popup.locator('h1').textContent()).toBe('Follow-ups');
    expect(await popup.getByTestId('popup-empty').textContent()).toContain('will show up here');
    const options = await s.extensionPage('/options.html');
    await expect.poll(() => options.locator('h1').first().textContent()).toContain('Settings');
    await popup.close();
    await options.close();
  });

  it('opens the onboarding page when installed', () => {
    expect(s.onboardingOpened).toBe(true);
  });

  it('loses nothing when the service worker is stopped: the content script retries and the worker wakes', async () => {
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/thread-cc-2026-11.html' });
    const exp = expected<{ hash: string; thread: { threadId: string; messages: { messageId: string }[] } }>('gmail/thread-cc-2026-11.html');
    expect(await s.stopServiceWorker()).toBe(true);
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    const rows = await s.waitForRows<{ key: string; threadId: string }>('touchpoints', (r) => r.filter((t) => t.threadId === exp.thread.threadId).length === exp.thread.messages.length);
    expect(rows.filter((t) => t.threadId === exp.thread.threadId).map((t) => t.key).sort()).toEqual(exp.thread.messages.map((m) => `gmail:${m.messageId}`).sort());
    // Stop it again mid-page: a message that appears afterwards is still stored.
    expect(await s.stopServiceWorker()).toBe(true);
    await page.evaluate(() => {
      const items = document.querySelectorAll('[role=list] > [role=listitem]');
      const clone = items[items.length - 1]!.cloneNode(true) as Element;
      const msg = clone.querySelector('[data-message-id]')!;
      msg.setAttribute('data-message-id', '#msg-f:1881300000000000001');
      msg.removeAttribute('data-legacy-message-id');
      items[items.length - 1]!.parentElement!.append(clone);
    });
    await s.waitForRows<{ key: string }>('touchpoints', (r) => r.some((t) => t.key === 'gmail:msg-f:1881300000000000001'));
    await page.close();
  });

  it('refuses invalid settings on the options page, names the problem and stores nothing', async () => {
    const options = await s.extensionPage('/options.html');
    await options.getByLabel('Time zone').fill('Mars/Olympus_Mons');
    await options.getByLabel('End', { exact: true }).fill('08:00');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => options.getByTestId('settings-status').textContent()).toContain('Not saved');
    expect(await options.getByText('Unknown time zone "Mars/Olympus_Mons".').count()).toBe(1);
    const stored = await s.dump<{ timeZone: string }>('settings');
    expect(stored.every((r) => r.timeZone !== 'Mars/Olympus_Mons')).toBe(true);
    await options.getByLabel('Time zone').fill('Europe/Berlin');
    await options.getByLabel('End', { exact: true }).fill('18:00');
    await options.getByRole('button', { name: 'Save settings' }).click();
    await expect.poll(() => options.getByTestId('settings-status').textContent()).toBe('Saved.');
    expect((await s.dump<{ workEnd: string }>('settings'))[0]?.workEnd).toBe('18:00');
    await options.close();
  });

  it('asks for the fewest permissions: only its four hosts', async () => {
    const worker = await s.serviceWorker();
    const manifest = await worker.evaluate(
      () => (globalThis as unknown as { chrome: { runtime: { getManifest(): { host_permissions?: string[]; permissions?: string[] } } } }).chrome.runtime.getManifest(),
    );
    expect(manifest.host_permissions).toEqual([
      'https://mail.google.com/*',
      'https://app.hubspot.com/*',
      'https://*.lightning.force.com/*',
      'https://*.pipedrive.com/*',
    ]);
    expect([...(manifest.permissions ?? [])].sort()).toEqual(['alarms', 'notifications', 'scripting', 'storage']);
  });

  it('makes no network request of its own', async () => {
    expect(s.foreignRequests).toEqual([]);
    expect(s.server.requests.every((r) => Object.values(HOSTS).some((h) => r.startsWith(h)))).toBe(true);
  });

  it('(the watch itself) would catch a request the extension made, even to a fixture host', async () => {
    const page = await s.extensionPage('/options.html');
    await page.evaluate(() => fetch('https://mail.google.com/extension-should-never-ask').catch(() => undefined));
    await expect.poll(() => s.foreignRequests).toContain('extension → https://mail.google.com/extension-should-never-ask');
    await page.close();
  });
});
