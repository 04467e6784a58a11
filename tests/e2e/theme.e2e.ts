/**
 * The sidebar matches Gmail's theme: beside Gmail in its dark theme it shows the dark tokens, and
 * beside Gmail's default theme the light ones, with the browser itself in light mode both times.
 * Its handle follows too, in the design tokens' colours.
 */
import { describe, expect, it } from 'vitest';
import { expected, HOSTS, sidebarFrame, sidebarHandle, type Session, withSession } from './harness';

/** The design tokens' --bg (components/ui/tokens.css) and --accent, light and dark. */
const BG = { light: 'rgb(255, 255, 255)', dark: 'rgb(13, 17, 23)' };
const ACCENT = { light: 'rgb(9, 105, 218)', dark: 'rgb(68, 147, 248)' };

describe('the sidebar matches Gmail’s theme, not only the browser’s', () => {
  let s: Session;
  withSession({}, (session) => (s = session));

  for (const [fixture, theme] of [
    ['gmail/layout-thread-dark-2026-12.html', 'dark'],
    ['gmail/layout-thread-2026-12.html', 'light'],
  ] as const) {
    it(`${theme} beside ${fixture} with the browser in light mode`, async () => {
      const exp = expected<{ hash: string }>(fixture);
      s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: fixture });
      const page = await s.context.newPage();
      await page.emulateMedia({ colorScheme: 'light' });
      await page.goto(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
      const frame = await sidebarFrame(page, s.extensionId);
      expect(await frame.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches)).toBe(false);
      // The conversation is shown: the page's report, theme included, has arrived.
      await expect.poll(() => frame.locator('main').getAttribute('data-view'), { timeout: 10_000 }).toBe('thread');
      await expect.poll(() => frame.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(BG[theme]);
      expect(await frame.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(BG[theme]);
      const handle = await sidebarHandle(page);
      await expect.poll(() => handle.style('background-color')).toBe(ACCENT[theme]);
      await handle.detach();
      await page.close();
    });
  }
});
