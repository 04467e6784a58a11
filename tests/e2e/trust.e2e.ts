/**
 * A hostile page cannot reach the rep's records: pages on another tenant's host, scripts faking
 * the rep's clicks and key presses, and pages flooding the view. Real Chromium, the built
 * extension, fixture pages under the real host names; what landed is read from IndexedDB.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DealSeen } from '../../lib/capture/events';
import type { Page } from 'playwright-core';
import type { Contact, Deal, Touchpoint } from '../../lib/model';
import { VIEW_ITEMS_PER_MINUTE } from '../../lib/capture/rate';
import { threadPage } from '../bench/pages';
import { dealKey, expected, FIXTURES, HOSTS, sidebarFrame, sidebarHandle, type Session, withSession } from './harness';

describe('records belong to one tenant', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it("a page on another company's Pipedrive with the same /deal/42 does not overwrite the rep's deal", async () => {
    const exp = expected<{ url: string; deal: DealSeen }>('pipedrive/deal-2026-11.html');
    const path = new URL(exp.url).pathname;
    s.server.route({ host: HOSTS.pipedrive, path, file: 'pipedrive/deal-2026-11.html' });
    const ours = dealKey('pipedrive', exp.deal.crmId);
    const page = await s.page(exp.url);
    const stored = (await s.waitForRows<Deal>('deals', (rows) => rows.some((d) => d.id === ours))).find((d) => d.id === ours)!;
    expect(stored).toMatchObject({ name: exp.deal.name, amount: exp.deal.amount, url: exp.url });
    await page.close();

    // Anyone can register a Pipedrive company: the same page, the same deal number, their values.
    const hostile = readFileSync(join(FIXTURES, 'pipedrive/deal-2026-11.html'), 'utf8')
      .replaceAll(exp.deal.name, 'Hijacked deal')
      .replaceAll('nina.harper@globex.test', 'attacker@evil.test')
      .replaceAll('12 500', '1');
    s.server.route({ host: HOSTS.pipedriveOther, path, html: hostile });
    const evil = await s.page(`https://${HOSTS.pipedriveOther}${path}`);
    const theirs = `pipedrive:evil:${exp.deal.crmId}`;
    const rows = await s.waitForRows<Deal>('deals', (r) => r.some((d) => d.id === theirs));
    // Their page made their own record (its sidebar shows it), and ours is exactly as it was.
    expect(rows.find((d) => d.id === theirs)).toMatchObject({ name: 'Hijacked deal', url: `https://${HOSTS.pipedriveOther}${path}` });
    expect(rows.find((d) => d.id === ours)).toEqual(stored);
    const frame = await sidebarFrame(evil, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe('Hijacked deal');
    // The attacker's address is no contact of the rep's deal.
    expect(rows.find((d) => d.id === ours)!.contactEmails).not.toContain('attacker@evil.test');
    expect((await s.dump<Contact>('contacts')).find((c) => c.email === 'nina.harper@globex.test')?.phones.length).toBeGreaterThan(0);
    await evil.close();
  });
});

/**
 * Run `expression` in Deal Debrief's content-script world of `page` (as a content script whose
 * code a page had subverted would), through the DevTools protocol, which lists that world.
 */
async function inContentScript<T>(page: Page, extensionId: string, expression: string): Promise<T> {
  const cdp = await page.context().newCDPSession(page);
  const contexts: { id: number; origin: string; auxData?: { type?: string } }[] = [];
  cdp.on('Runtime.executionContextCreated', (e: { context: { id: number; origin: string; auxData?: { type?: string } } }) => void contexts.push(e.context));
  await cdp.send('Runtime.enable');
  const ours = () => contexts.find((c) => c.auxData?.type === 'isolated' && c.origin === `chrome-extension://${extensionId}`);
  await expect.poll(() => ours() !== undefined, { timeout: 10_000 }).toBe(true);
  const reply = (await cdp.send('Runtime.evaluate', { expression, contextId: ours()!.id, awaitPromise: true, returnByValue: true })) as {
    result: { value: T };
    exceptionDetails?: { text: string };
  };
  await cdp.detach();
  if (reply.exceptionDetails) throw new Error(reply.exceptionDetails.text);
  return reply.result.value;
}

describe("a page's content script hands over only its own site's items", () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('a Gmail message sent from a Pipedrive page is refused, stored nowhere, and the sidebar says capture is paused', async () => {
    const exp = expected<{ url: string; deal: DealSeen }>('pipedrive/deal-2026-11.html');
    const path = new URL(exp.url).pathname;
    s.server.route({ host: HOSTS.pipedrive, path, file: 'pipedrive/deal-2026-11.html' });
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);
    const forged = {
      kind: 'email',
      messageId: 'msg-f:1999999999999999999',
      threadId: 'thread-f:1999999999999999999',
      subject: 'Forged from Pipedrive',
      from: { email: 'nina.harper@globex.test', name: 'Nina Harper' },
      to: [{ email: 'rep@dealdebrief.test' }],
      cc: [],
      at: Date.parse('2026-11-20T10:00:00Z'),
      expanded: true,
    };
    const reply = await inContentScript<{ ok: boolean; value: { stored: number; rejected: string[] } }>(
      page,
      s.extensionId,
      `chrome.runtime.sendMessage({ dd: 1, name: 'capture', args: { events: [${JSON.stringify(forged)}, { kind: 'own-address', email: 'attacker@evil.test' }] } })`,
    );
    expect(reply.ok).toBe(true);
    expect(reply.value.stored).toBe(0);
    expect(reply.value.rejected).toHaveLength(2);
    // The answer comes after the background is done: nothing of it is in the database.
    expect((await s.dump<Touchpoint>('touchpoints')).filter((t) => t.subject === forged.subject || t.key.includes('1999999999999999999'))).toEqual([]);
    expect((await s.dump<{ ownAddresses: string[] }>('settings'))[0]?.ownAddresses ?? []).not.toContain('attacker@evil.test');
    await expect
      .poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 })
      .toBe('capture paused: 2 items from this page did not belong to it or could not be read, and were not stored');
    await page.close();
  });
});

/** Keep `tel:` links from navigating (headless Chromium has no dialer); capture still sees the click. */
async function keepTelOnPage(page: Page): Promise<void> {
  await page.evaluate(() =>
    document.addEventListener('click', (e) => {
      if ((e.target as Element).closest?.('a[href^="tel:"]')) e.preventDefault();
    }),
  );
}

/**
 * The rep really clicks a `tel:` link the test adds (Playwright's clicks are trusted input). Its
 * call reaches the database after anything the page pushed before it (one outbox, in order), so
 * once it is stored, whatever the page's script would have logged is stored too.
 */
async function realCallAfter(s: Session, page: Page, number: string): Promise<Touchpoint[]> {
  await page.evaluate((n) => {
    const a = document.createElement('a');
    a.href = `tel:${n}`;
    a.id = 'real-call';
    a.textContent = 'Call';
    a.style.cssText = 'position:fixed;left:10px;top:10px;z-index:2147483646;background:#fff';
    document.body.append(a);
  }, number);
  await page.locator('#real-call').click();
  const digits = number.replace(/\D/g, '');
  const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.channel === 'call' && (t.subject ?? '').replace(/\D/g, '').endsWith(digits)));
  await page.evaluate(() => document.getElementById('real-call')?.remove());
  return rows;
}

describe("only the rep's own clicks and key presses count", () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it("a page script clicking tel: links logs no call; the rep's click logs one", async () => {
    const exp = expected<{ url: string; deal: DealSeen }>('hubspot/deal-record-2026-11.html');
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'hubspot/deal-record-2026-11.html' });
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('deal-name').textContent(), { timeout: 10_000 }).toBe(exp.deal.name);
    await keepTelOnPage(page);
    // The page's own script "calls" 30 numbers and the contact's, as fast as it likes.
    await page.evaluate(() => {
      for (let i = 0; i < 30; i++) {
        const a = document.createElement('a');
        a.href = `tel:+1555017${String(i).padStart(4, '0')}`;
        document.body.append(a);
        a.click();
      }
      const contact = document.querySelector('a[href^="tel:"]')!;
      contact.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true, composed: true }));
    });
    const rows = await realCallAfter(s, page, '+15550199999');
    const calls = rows.filter((t) => t.channel === 'call');
    expect(calls.map((t) => t.subject)).toHaveLength(1);
    expect((calls[0]!.subject ?? '').replace(/\D/g, '')).toBe('15550199999');
    await page.close();
  });

  it('a synthetic click on Send or a synthetic Ctrl+Enter records no send; the real click does', async () => {
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/compose-reply-2026-11.html' });
    const exp = expected<{ hash: string; thread: { messages: unknown[] } }>('gmail/compose-reply-2026-11.html');
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 10_000 }).toMatch(/^Captured/);
    await keepTelOnPage(page);
    await page.evaluate(() => {
      const send = document.querySelector<HTMLElement>('div.T-I.T-I-atl[aria-label^="Send"]')!;
      send.click();
      send.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      send.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true }));
    });
    const rows = await realCallAfter(s, page, '+15550188888');
    expect(rows.filter((t) => t.provenance === 'sending')).toEqual([]);

    await page.locator('div.T-I.T-I-atl[aria-label^="Send"]').first().click();
    const after = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.some((t) => t.provenance === 'sending'));
    expect(after.filter((t) => t.provenance === 'sending')).toHaveLength(1);
    await page.close();
  });
});

describe('direction controls in page text', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('a name and subject with U+202E are isolated wherever the sidebar shows them', async () => {
    const exp = expected<{ hash: string }>('gmail/thread-cc-2026-11.html');
    const html = readFileSync(join(FIXTURES, 'gmail/thread-cc-2026-11.html'), 'utf8')
      .replaceAll('name="Jane Doe"', 'name="Jane \u202eeoD"')
      .replaceAll('<span>Jane Doe</span>', '<span>Jane \u202eeoD</span>')
      .replaceAll('Acme x Deal Debrief: onboarding questions', 'Invoice \u202efdp.exe questions');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', html });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    const frame = await sidebarFrame(page, s.extensionId);
    // Every text node of the sidebar holding the override sits in an isolating element, or is
    // isolated by its own characters (first strong isolate … pop directional isolate).
    const check = () =>
      frame.evaluate(() => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        const found: { text: string; isolated: boolean }[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          const text = n.nodeValue ?? '';
          if (!text.includes('\u202e')) continue;
          const parent = n.parentElement!;
          const isolated = getComputedStyle(parent).unicodeBidi === 'isolate' || /\u2068[^\u2069]*\u202e/.test(text);
          found.push({ text, isolated });
        }
        return found;
      });
    await expect.poll(async () => (await check()).length, { timeout: 10_000 }).toBeGreaterThan(0);
    const nodes = await check();
    expect(nodes.filter((n) => !n.isolated)).toEqual([]);
    await page.close();
  });
});

describe('a page flooding the view', () => {
  let s: Session;
  withSession({ timeZone: 'Europe/Berlin' }, (session) => (s = session));

  it('3,000 fake messages become at most the bound of touchpoints, and the sidebar and its handle say capture is paused', async () => {
    const exp = expected<{ hash: string }>('gmail/thread-long-2026-11.html');
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', html: threadPage(3000) });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    const frame = await sidebarFrame(page, s.extensionId);
    await expect.poll(() => frame.getByTestId('capture-status').textContent(), { timeout: 30_000 }).toBe('capture paused: too many items on this page');
    // What fitted the bound is stored (each of these messages is distinct), and nothing more:
    // the rest never entered the page's queue.
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.length >= VIEW_ITEMS_PER_MINUTE, 60_000);
    expect(rows.length).toBe(VIEW_ITEMS_PER_MINUTE);
    // The handle says so too (read through the DevTools protocol: a page this size takes a while).
    const handle = await sidebarHandle(page);
    await expect.poll(async () => (await handle.attributes())['aria-label'], { timeout: 30_000 }).toMatch(/capture paused$/);
    await handle.detach();
    await page.close();
  }, 180_000);
});
