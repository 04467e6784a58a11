/**
 * The popup paints its first screen from the copy the background keeps, before it opens the
 * database, then reads live: the copy never shows a follow-up already done, and what changes
 * while the popup is open shows in it.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { FollowUp } from '../../lib/model';
import { type Session, withSession } from './harness';

const DAY = 86_400_000;

/** The rows in the popup the first time any is in the page, and where they came from. */
interface FirstPaint {
  rows: string[];
  view: string | null;
}

/** A page that records the popup's first rows from before its own script runs (`open` then). */
async function popupPage(s: Session): Promise<{ page: Page; open(): Promise<Page> }> {
  const page = await s.context.newPage();
  await page.addInitScript(() => {
    const seen: { first?: FirstPaint } = {};
    (globalThis as unknown as { firstPaint: typeof seen }).firstPaint = seen;
    new MutationObserver((_, observer) => {
      const rows = document.querySelectorAll('li[data-followup]');
      if (!rows.length) return;
      seen.first = { rows: [...rows].map((r) => r.getAttribute('data-followup')!), view: document.querySelector('main')?.getAttribute('data-view') ?? null };
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  return { page, open: async () => (await page.goto(`chrome-extension://${s.extensionId}/popup.html`), page) };
}

async function openPopup(s: Session): Promise<Page> {
  return (await popupPage(s)).open();
}

async function firstPaint(page: Page): Promise<FirstPaint> {
  await expect.poll(() => page.evaluate(() => (globalThis as unknown as { firstPaint: { first?: FirstPaint } }).firstPaint.first !== undefined)).toBe(true);
  return page.evaluate(() => (globalThis as unknown as { firstPaint: { first: FirstPaint } }).firstPaint.first);
}

/** The ids in the stored first screen, or undefined while there is none. */
async function storedIds(page: Page): Promise<string[] | undefined> {
  return page.evaluate(async () => {
    const got = await (globalThis as unknown as { chrome: { storage: { session: { get(k: string): Promise<Record<string, { sections: Record<string, { rows: { id: string }[] }> }>> } } } }).chrome.storage.session.get('popupFirstScreen');
    const snap = got.popupFirstScreen;
    return snap ? Object.values(snap.sections).flatMap((x) => x.rows.map((f) => f.id)) : undefined;
  });
}

describe('popup: the first screen', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('paints the stored rows at once, never a row already done, then stays live', async () => {
    const now = Date.now();
    const add = (days: number, reason: string) => s.call<FollowUp>('addFollowUp', { dueAt: now - days * DAY, reason });
    const oldest = await add(3, 'Send the contract to Acme');
    const middle = await add(2, 'Call back Globex');
    const newest = await add(1, 'Chase the signed order');
    const helper = await s.extensionPage('/options.html');
    await expect.poll(() => storedIds(helper), { timeout: 10_000 }).toEqual([oldest.id, middle.id, newest.id]);

    // Done elsewhere (the sidebar, another popup), and the popup opened right after: the first
    // screen does not show it, whether painted from the copy or read from the database.
    const ready = await popupPage(s);
    await s.call('followUpDone', { id: middle.id });
    let popup = await ready.open();
    expect((await firstPaint(popup)).rows).toEqual([oldest.id, newest.id]);
    await popup.close();

    // Once the copy is written again, the popup paints from it.
    await expect.poll(() => storedIds(helper), { timeout: 10_000 }).toEqual([oldest.id, newest.id]);
    popup = await openPopup(s);
    expect(await firstPaint(popup)).toEqual({ rows: [oldest.id, newest.id], view: 'first-screen' });
    // Painted by the first-screen script alone: the built page leaves the popup's own code to it,
    // which loads it once the rows are on screen.
    const page = await popup.evaluate(async () => (await fetch('/popup.html')).text());
    expect(page).not.toContain('type="module"');
    expect(page).toMatch(/<script async src="\/popup-first-screen\.js" data-app="\/chunks\/popup-[^"]+\.js" data-preload="[^"]+">/);
    // Then it reads live: a new follow-up shows, and Done in the popup takes a row away.
    await expect.poll(() => popup.locator('main').getAttribute('data-view')).toBe('live');
    const marks = await popup.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, m.startTime])));
    expect(marks['popup:painted-first-screen']).toBeLessThan(marks['popup:script']!);
    const fresh = await add(0.5, 'Send the revised quote');
    const rows = popup.locator('li[data-followup]');
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-followup')))).toEqual([oldest.id, newest.id, fresh.id]);
    await popup.locator(`li[data-followup="${oldest.id}"]`).getByRole('button', { name: 'Done' }).click();
    await expect.poll(() => rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-followup')))).toEqual([newest.id, fresh.id]);
    expect(await popup.getByTestId('count-overdue').textContent()).toBe('2');
    await popup.close();
    await helper.close();
  });
});
