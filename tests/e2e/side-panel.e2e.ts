/**
 * "Show the sidebar in the browser's side panel" (options page). Headless Chromium cannot answer
 * the permission prompt for Chrome's side panel, so the test build already holds it
 * (wxt.config.ts): the request resolves at once, and everything after it — the panel set up,
 * the frame left out of open and new pages, and back again — runs for real.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Touchpoint } from '../../lib/model';
import { expected, HOSTS, sidebarFrame, TEST_BUILD, type Session, withSession } from './harness';

type PanelOptions = { enabled?: boolean; path?: string };
const panelOptions = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { chrome: { sidePanel: { getOptions(o: object): Promise<PanelOptions> } } }).chrome.sidePanel.getOptions({}));

describe('sidebar in the browser’s side panel', () => {
  let s: Session;
  withSession({ build: TEST_BUILD, timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('chosen on the options page: Chrome’s side panel shows the sidebar page and no frame is mounted; back beside the page: the frame returns', async () => {
    const file = 'gmail/thread-cc-2026-11.html';
    const exp = expected<{ hash: string; thread: { threadId: string; messages: unknown[] } }>(file);
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file });

    const options = await s.extensionPage('/options.html');
    await expect.poll(() => options.getByLabel('beside the page (default)').isChecked()).toBe(true);
    await options.getByLabel('in the browser’s side panel').check();
    await expect.poll(() => options.getByTestId('placement-status').textContent(), { timeout: 10_000 }).toContain('side panel button');
    expect(await panelOptions(options)).toMatchObject({ enabled: true, path: 'sidebar.html' });

    // A Gmail thread: captured as always, but no frame beside the page.
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === exp.thread.threadId).length >= exp.thread.messages.length);
    expect(await page.locator('deal-debrief-sidebar').count()).toBe(0);

    // Back beside the page: the open page mounts the frame at once, and it shows the thread.
    await options.getByLabel('beside the page (default)').check();
    await expect.poll(() => panelOptions(options)).toMatchObject({ enabled: false });
    await expect.poll(() => page.locator('deal-debrief-sidebar').count(), { timeout: 10_000 }).toBe(1);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 }).toContain(`Captured ${exp.thread.messages.length} messages`);

    // And to the side panel again: the open page's frame goes away.
    await options.getByLabel('in the browser’s side panel').check();
    await expect.poll(() => page.locator('deal-debrief-sidebar').count(), { timeout: 10_000 }).toBe(0);
    await page.close();
    await options.close();
  });
});
