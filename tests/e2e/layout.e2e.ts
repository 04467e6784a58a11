/**
 * Beside the page, never on top of it: with the sidebar expanded at 1366×768, every control of
 * the host page lies inside the visible page (left of the sidebar) and is what the browser finds
 * at its centre (`document.elementFromPoint`). The Gmail fixture reproduces Gmail's layout: a
 * fixed top bar with the account button at its right edge, the thread in a pane sized to the
 * window, message actions at the right of each header, the side-panel icon rail, a docked
 * compose window at the bottom right. Each CRM fixture is checked the same way.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SIDEBAR_WIDTH } from '../../lib/content/sidebar-frame';
import { expected, HOSTS, sidebarFrame, sidebarHandle, type Session, withSession } from './harness';

interface Check {
  what: string;
  inside: boolean;
  hit: boolean;
  rect: string;
}

/** Every control of the page (or those marked `data-layout-control`): in view and on top. */
async function checkControls(page: Page, selector: string): Promise<Check[]> {
  return page.evaluate(
    ([sel, width]) => {
      const visibleRight = window.innerWidth - width;
      return [...document.querySelectorAll<HTMLElement>(sel)]
        .filter((el) => {
          const r = el.getBoundingClientRect();
          return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
        })
        .map((el) => {
          const r = el.getBoundingClientRect();
          const inside = r.left >= 0 && r.top >= 0 && r.right <= visibleRight + 0.5 && r.bottom <= window.innerHeight + 0.5;
          const at = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          const hit = at !== null && (at === el || el.contains(at));
          const what = el.getAttribute('data-layout-control') ?? el.getAttribute('aria-label') ?? `${el.tagName.toLowerCase()} ${(el.textContent ?? '').trim().slice(0, 30)}`;
          return { what, inside, hit, rect: `${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)}` };
        });
    },
    [selector, SIDEBAR_WIDTH] as const,
  );
}

/** The sidebar itself is on screen at the right edge. */
async function sidebarShown(page: Page): Promise<boolean> {
  return page.evaluate(() => document.elementFromPoint(window.innerWidth - 150, window.innerHeight / 3)?.tagName === 'DEAL-DEBRIEF-SIDEBAR');
}

describe('the page makes room for the sidebar (1366×768)', () => {
  let s: Session;
  withSession({}, (session) => (s = session));

  async function open(url: string) {
    const page = await s.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    // How wide the page was laid out before any content script ran (they run after this event).
    await page.addInitScript(() =>
      document.addEventListener('DOMContentLoaded', () => {
        (window as unknown as { __loadedWidth: number }).__loadedWidth = document.documentElement.getBoundingClientRect().width;
      }),
    );
    await page.goto(url);
    await sidebarFrame(page, s.extensionId);
    // First visit on this site: expanded.
    await expect.poll(() => page.locator('deal-debrief-sidebar').getAttribute('data-collapsed'), { timeout: 10_000 }).toBe('false');
    await expect.poll(() => sidebarShown(page), { timeout: 10_000 }).toBe(true);
    return page;
  }

  /** Whether the background has Gmail's early style sheet registered (it follows the rep's settings). */
  async function earlySheet(): Promise<boolean> {
    const worker = await s.serviceWorker();
    type Scripting = { scripting: { getRegisteredContentScripts(f: { ids: string[] }): Promise<unknown[]> } };
    return worker.evaluate(async () => (await (globalThis as unknown as { chrome: Scripting }).chrome.scripting.getRegisteredContentScripts({ ids: ['room'] })).length > 0);
  }
  const loadedWidth = (page: Page) => page.evaluate(() => (window as unknown as { __loadedWidth: number }).__loadedWidth);
  const rootStyle = (page: Page) => page.evaluate(() => document.documentElement.getAttribute('style'));

  it('Gmail: account button, message actions, side-panel rail and docked compose stay visible and clickable', async () => {
    const exp = expected<{ hash: string }>('gmail/layout-thread-2026-12.html');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/layout-thread-2026-12.html' });
    // First visit, expanded: Gmail's pages are laid out narrow from the start, and the content
    // script sets nothing on the page to make room (no second layout).
    await expect.poll(earlySheet, { timeout: 10_000 }).toBe(true);
    const page = await open(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    expect(await loadedWidth(page)).toBe(1366 - SIDEBAR_WIDTH);
    expect(await rootStyle(page)).toBeNull();
    const checks = await checkControls(page, '[data-layout-control]');
    const names = checks.map((c) => c.what.replace(/^m\d+-/, ''));
    for (const want of ['account', 'star', 'reply', 'more', 'calendar', 'keep', 'tasks', 'addons', 'compose-minimise', 'compose-full', 'compose-close']) expect(names).toContain(want);
    expect(checks.filter((c) => !c.inside || !c.hit)).toEqual([]);
    // The first visit says in one sentence what the sidebar does.
    const frame = await sidebarFrame(page, s.extensionId);
    expect(await frame.getByTestId('intro').textContent()).toMatch(/Deal Debrief/);

    // The handle shows how many flags need attention on this page.
    const handle = await sidebarHandle(page);
    // The count reaches the handle by message after the sidebar renders its flags: wait until
    // both agree rather than reading each once.
    const handleAgrees = async () => {
      const flags = await frame.getByTestId('awaiting-flag').count();
      const label = (await handle.attributes())['aria-label'] ?? '';
      return flags > 0 ? label.includes(`${flags} ${flags === 1 ? 'item needs' : 'items need'} attention here`) : !label.includes('attention');
    };
    await expect.poll(handleAgrees, { timeout: 10_000 }).toBe(true);
    // Collapsed: the page gets its width back, the handle stays.
    await handle.click();
    await expect.poll(() => page.locator('deal-debrief-sidebar').getAttribute('data-collapsed')).toBe('true');
    expect(await page.evaluate(() => document.documentElement.style.width)).toBe('');
    const right = await page.evaluate(() => document.querySelector('[data-layout-control="account"]')!.getBoundingClientRect().right);
    expect(right).toBeGreaterThan(1366 - SIDEBAR_WIDTH);
    expect(await page.evaluate(() => document.documentElement.getBoundingClientRect().width)).toBe(1366);
    await handle.detach();
    await page.close();
  });

  it('Gmail, collapsed: the next page is laid out full width from the start; expanded again, it makes room', async () => {
    // The test before collapsed the sidebar on Gmail: the background drops the early style sheet.
    const exp = expected<{ hash: string }>('gmail/layout-thread-2026-12.html');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/layout-thread-2026-12.html' });
    await expect.poll(earlySheet, { timeout: 10_000 }).toBe(false);
    const page = await s.context.newPage();
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.addInitScript(() =>
      document.addEventListener('DOMContentLoaded', () => {
        (window as unknown as { __loadedWidth: number }).__loadedWidth = document.documentElement.getBoundingClientRect().width;
      }),
    );
    await page.goto(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    await expect.poll(() => page.locator('deal-debrief-sidebar').getAttribute('data-collapsed'), { timeout: 10_000 }).toBe('true');
    expect(await loadedWidth(page)).toBe(1366);
    expect(await page.evaluate(() => document.documentElement.getBoundingClientRect().width)).toBe(1366);
    // Expanded on this page: it makes room the usual way, and later pages start narrow again.
    const handle = await sidebarHandle(page);
    await handle.click();
    await expect.poll(() => sidebarShown(page), { timeout: 10_000 }).toBe(true);
    expect(await page.evaluate(() => document.documentElement.getBoundingClientRect().width)).toBe(1366 - SIDEBAR_WIDTH);
    expect((await checkControls(page, '[data-layout-control]')).filter((c) => !c.inside || !c.hit)).toEqual([]);
    await expect.poll(earlySheet, { timeout: 10_000 }).toBe(true);
    await handle.detach();
    await page.close();
  });

  it.each([
    ['hubspot', 'hubspot/deal-record-2026-11.html'],
    ['salesforce', 'salesforce/opportunity-2026-11.html'],
    ['pipedrive', 'pipedrive/deal-2026-11.html'],
  ])('%s: every control of the deal page stays visible and clickable', async (_site, file) => {
    const exp = expected<{ url: string }>(file);
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file });
    const page = await open(exp.url);
    const checks = await checkControls(page, 'a[href], button, input, select, textarea, [role=button], [tabindex="0"]');
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.filter((c) => !c.inside || !c.hit)).toEqual([]);
    await page.close();
  });
});
