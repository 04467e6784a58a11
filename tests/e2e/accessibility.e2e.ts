/**
 * Pages that read like a product: every page of the extension (the sidebar on Gmail and on a CRM,
 * the popup, the reflection, the win reflection, the debrief call, the options, the onboarding, the
 * insights and the retrospective) shows its body text at 14 px or more, whatever size Chrome gives extension pages
 * by default; and axe-core finds no serious or critical violation on any of them, in the light
 * and in the dark theme.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Frame, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { dealKey, expected, HOSTS, ROOT, sidebarFrame, type Session, withSession } from './harness';

interface Target {
  name: string;
  /** Where the page's document lives (the sidebar is a frame inside the host page). */
  doc: Page | Frame;
  /** The tab, for emulating the colour scheme. */
  tab: Page;
  /** Checked in this theme only: the sidebar on Gmail shows Gmail's theme, whatever the browser's. */
  only?: 'light' | 'dark';
}

interface Sizes {
  body: number;
  /** The size most of the page's characters are shown at. */
  main: number;
  smallest: number;
  smallestText: string;
}

/** The font sizes of every visible piece of text, weighted by its length. */
function measureSizes(): Sizes {
  const chars = new Map<number, number>();
  let smallest = Infinity;
  let smallestText = '';
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = (n.textContent ?? '').trim();
    const el = n.parentElement;
    if (!text || !el) continue;
    const r = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    if (r.width === 0 || r.height === 0 || style.visibility === 'hidden' || el.closest('svg, .rf-sr, [hidden]')) continue;
    const size = Number.parseFloat(style.fontSize);
    chars.set(size, (chars.get(size) ?? 0) + text.length);
    if (size < smallest) {
      smallest = size;
      smallestText = text.slice(0, 40);
    }
  }
  const main = [...chars.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  return { body: Number.parseFloat(getComputedStyle(document.body).fontSize), main, smallest, smallestText };
}

/** `npm run screenshots` sets SCREENSHOTS: the README's pictures are taken of these pages here. */
const SHOTS: Record<string, string> = {
  'sidebar on Gmail': 'sidebar-gmail',
  'sidebar on Gmail in its dark theme': 'sidebar-gmail',
  'sidebar on HubSpot': 'sidebar-crm',
  popup: 'popup',
  reflection: 'reflection',
  insights: 'insights',
};

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Violation {
  id: string;
  impact: string;
  nodes: string[];
}

/** axe-core's serious and critical violations in one document (its source is injected first). */
async function axeViolations(doc: Page | Frame): Promise<Violation[]> {
  if (!(await doc.evaluate(() => 'axe' in globalThis))) await doc.evaluate(AXE_SOURCE);
  return doc.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(ctx: Document, o: object): Promise<{ passes: { id: string }[]; violations: { id: string; impact: string; nodes: { target: string[]; failureSummary: string }[] }[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    // axe really looked at the page: the rules it checks include the contrast of text.
    const checked = [...result.passes, ...result.violations].map((r) => r.id);
    if (!checked.includes('color-contrast') || !checked.includes('landmark-one-main')) throw new Error(`axe checked only ${checked.join(', ')}`);
    return result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')}: ${n.failureSummary.replace(/\s+/g, ' ').slice(0, 160)}`) }));
  });
}

describe('pages that look and read like a product', () => {
  let s: Session;
  withSession({}, (session) => (s = session));

  let targets: Target[] = [];

  /** Every page, with real data behind it: a Gmail thread, two HubSpot deals, one lost and one won. */
  async function openAll(): Promise<Target[]> {
    if (targets.length) return targets;
    const gmailExp = expected<{ hash: string }>('gmail/layout-thread-2026-12.html');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/layout-thread-2026-12.html' });
    const gmail = await s.page(`https://${HOSTS.gmail}/mail/u/0/${gmailExp.hash}`);
    const gmailSidebar = await sidebarFrame(gmail, s.extensionId);
    await expect.poll(() => gmailSidebar.locator('#app *').count(), { timeout: 10_000 }).toBeGreaterThan(3);
    // Gmail in its dark theme, on another address of the same host (the sidebar follows Gmail's theme).
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/1/', file: 'gmail/layout-thread-dark-2026-12.html' });
    const darkGmail = await s.page(`https://${HOSTS.gmail}/mail/u/1/${gmailExp.hash}`);
    const darkGmailSidebar = await sidebarFrame(darkGmail, s.extensionId);
    await expect.poll(() => darkGmailSidebar.locator('main').getAttribute('data-view'), { timeout: 10_000 }).toBe('thread');

    const lostExp = expected<{ url: string; deal: { crmId: string; name: string } }>('hubspot/deal-record-2026-11.html');
    const wonExp = expected<{ url: string; deal: { crmId: string; name: string } }>('hubspot/deal-record-second-2026-11.html');
    for (const [exp, file] of [
      [wonExp, 'hubspot/deal-record-second-2026-11.html'],
      [lostExp, 'hubspot/deal-record-2026-11.html'],
    ] as const) {
      const url = new URL(exp.url);
      s.server.route({ host: url.hostname, path: url.pathname, file });
    }
    const won = await s.page(wonExp.url);
    const wonFrame = await sidebarFrame(won, s.extensionId);
    await expect.poll(() => wonFrame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(wonExp.deal.name);
    await won.close();
    const crm = await s.page(lostExp.url);
    const crmSidebar = await sidebarFrame(crm, s.extensionId);
    await expect.poll(() => crmSidebar.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(lostExp.deal.name);

    const lostId = dealKey('hubspot', lostExp.deal.crmId);
    const wonId = dealKey('hubspot', wonExp.deal.crmId);
    await s.call('markLost', { dealId: lostId, open: false });
    await s.call('markWon', { dealId: wonId, open: false });

    const page = async (name: string, path: string, ready: string, width = 1280) => {
      const tab = await s.extensionPage(path);
      await tab.setViewportSize({ width, height: 800 });
      await tab.locator(ready).first().waitFor({ timeout: 10_000 });
      return { name, doc: tab, tab };
    };
    targets = [
      { name: 'sidebar on Gmail', doc: gmailSidebar, tab: gmail, only: 'light' },
      { name: 'sidebar on Gmail in its dark theme', doc: darkGmailSidebar, tab: darkGmail, only: 'dark' },
      { name: 'sidebar on HubSpot', doc: crmSidebar, tab: crm },
      await page('popup', '/popup.html', '#app h1, #app h2', 400),
      await page('reflection', `/reflection.html?deal=${encodeURIComponent(lostId)}`, '[data-testid="reflection"]'),
      await page('win reflection', `/reflection.html?deal=${encodeURIComponent(wonId)}&kind=win`, '[data-testid="win-reflection"]'),
      await page('debrief', `/debrief.html?deal=${encodeURIComponent(lostId)}`, '[data-testid="debrief"]'),
      await page('options', '/options.html', '[data-testid="settings-form"]'),
      await page('onboarding', '/onboarding.html', '[data-testid="onboarding"]'),
      await page('insights', '/insights.html', '[data-testid="insights"]'),
      await page('retrospective', '/retrospective.html', '[data-testid="retrospective"], main'),
    ];
    return targets;
  }

  it('shows body text at 14 px or more on every page, nothing under 12 px', async () => {
    const found: Record<string, Sizes> = {};
    for (const t of await openAll()) found[t.name] = await t.doc.evaluate(measureSizes);
    const tooSmall = Object.entries(found).filter(([, m]) => m.body < 14 || m.main < 14 || m.smallest < 12);
    expect(tooSmall).toEqual([]);
    expect(Object.keys(found)).toHaveLength(11);
  });

  for (const scheme of ['light', 'dark'] as const) {
    it(`has no serious or critical accessibility violation on any page (${scheme})`, async () => {
      const found: Record<string, Violation[]> = {};
      for (const t of await openAll()) {
        if (t.only && t.only !== scheme) continue;
        await t.tab.emulateMedia({ colorScheme: scheme });
        // The theme really switched: the page's background follows the scheme.
        await expect.poll(() => t.doc.evaluate(() => getComputedStyle(document.documentElement).backgroundColor)).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
        const violations = await axeViolations(t.doc);
        if (violations.length) found[t.name] = violations;
        const shot = SHOTS[t.name];
        if (process.env.SCREENSHOTS && shot) {
          // A tab in the background is not repainted: bring it to the front and wait a frame.
          await t.tab.bringToFront();
          await t.tab.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
          await t.tab.screenshot({ path: join(ROOT, 'docs/screenshots', `${shot}-${scheme}.png`) });
        }
      }
      expect(found).toEqual({});
    });
  }
});
