import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HOSTS, launch, sidebarFrame, type Session } from './harness';

describe('foundation: the built extension in Chromium', () => {
  let s: Session;
  beforeAll(async () => {
    s = await launch();
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.hubspot, path: '/contacts/4411/objects/0-3/views/all/list', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.salesforce, path: '/lightning/page/home', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.pipedrive, path: '/pipeline/1', file: 'pages/blank-crm.html' });
    s.server.route({ host: HOSTS.other, path: '/', file: 'pages/blank-crm.html' });
  });
  afterAll(async () => s?.close());

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
    const handle = host$.locator('button.handle');
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
    await page.locator('deal-debrief-sidebar button.handle').click();
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
});
