/**
 * Firefox smoke tests: the shipped Firefox build (`npm run build:firefox`) in Debian's
 * firefox-esr, on the same fixture pages as the Chromium tests under the real host names.
 */
import { describe, expect, it } from 'vitest';
import type { Deal, FollowUp, Touchpoint } from '../../lib/model';
import { expected, HOSTS } from '../e2e/harness';
import { poll, realClick, sidebarFrame, texts, withFirefox, type FirefoxSession } from './harness';

interface ExpectedThread {
  hash: string;
  thread: { threadId: string; messages: { messageId: string }[] };
}

describe('Firefox: the add-on end to end', () => {
  let s: FirefoxSession;
  withFirefox((session) => (s = session));

  it('Gmail: the sidebar appears, the thread lands in IndexedDB, and the sidebar shows its people', async () => {
    const file = 'gmail/thread-two-prospects-2026-11.html';
    const exp = expected<ExpectedThread>(file);
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    // Read from the add-on's own context: the rows really landed in its IndexedDB.
    const rows = await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === exp.thread.threadId).length >= exp.thread.messages.length);
    const keys = rows.filter((t) => t.threadId === exp.thread.threadId).map((t) => t.key).sort();
    expect(keys).toEqual(exp.thread.messages.map((m) => `gmail:${m.messageId}`).sort());

    const frame = await sidebarFrame(page);
    await poll(() => texts(frame, '[data-testid=capture-status]'), (t) => t[0]?.startsWith(`Captured ${exp.thread.messages.length} messages`) ?? false, 'the capture status');
    await poll(() => texts(frame, 'ul[aria-label=Prospects] button'), (t) => t.join('|') === 'Jane Doe|Otto Berg', 'the thread’s people');
    await page.close();
  });

  it("Gmail's pages start narrow while the sidebar is expanded beside them (the registered style sheet)", async () => {
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file: 'gmail/layout-thread-2026-12.html' });
    // The background registers the sheet when it starts; a page opened after that has it.
    const early = async () => {
      const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/#inbox`);
      const got = await page.evaluate(() => ({ room: getComputedStyle(document.documentElement).getPropertyValue('--deal-debrief-room').trim(), width: document.documentElement.getBoundingClientRect().width, inner: window.innerWidth }));
      await page.close();
      return got;
    };
    const got = await poll(early, (g) => g.room === '360px', 'the early style sheet');
    expect(got.width).toBe(got.inner - 360);
  });

  it('a CRM page: the sidebar shows the deal; Mark lost opens the reflection; the popup lists the debrief call', async () => {
    const exp = expected<{ url: string; deal: { name: string } }>('hubspot/deal-record-2026-11.html');
    const url = new URL(exp.url);
    s.server.route({ host: url.hostname, path: url.pathname, file: 'hubspot/deal-record-2026-11.html' });
    const page = await s.page(exp.url);
    const frame = await sidebarFrame(page);
    await poll(() => texts(frame, '[data-testid=deal-name]'), (t) => t[0] === exp.deal.name, 'the deal in the sidebar');
    const deal = (await s.waitForRows<Deal>('deals', (r) => r.some((d) => d.name === exp.deal.name))).find((d) => d.name === exp.deal.name)!;

    await realClick(page, frame, '[data-testid=mark-lost]');
    const form = await s.waitForExtensionTab('/reflection.html');
    expect(await form.evaluate(() => new URL(location.href).searchParams.get('deal'))).toBe(deal.id);
    await s.waitForRows<Deal>('deals', (r) => r.find((d) => d.id === deal.id)?.status === 'lost');
    const followUps = await s.waitForRows<FollowUp>('followUps', (r) => r.some((f) => f.kind === 'debrief' && f.dealId === deal.id));
    expect(followUps.filter((f) => f.dealId === deal.id).map((f) => f.kind).sort()).toEqual(['debrief', 're-engage']);

    const popup = await s.extensionPage('/popup.html');
    await poll(() => popup.$$eval('[data-section=upcoming] [data-kind=debrief]', (els) => els.length), (n) => n === 1, 'the debrief call in the popup');
    await popup.close();
    await form.close();
    await page.close();
  });

  it('what the add-on uses is there in Firefox: its alarm, the Alt+Shift+L shortcut, notifications, its hosts, the sidebar in Firefox’s own sidebar', async () => {
    const options = await s.extensionPage('/options.html');
    type Api = {
      alarms: { getAll(): Promise<{ name: string }[]> };
      commands: { getAll(): Promise<{ name: string; shortcut?: string }[]> };
      notifications?: { create: unknown };
      permissions: { getAll(): Promise<{ origins: string[] }> };
      runtime: { getManifest(): { sidebar_action?: { default_panel: string } } };
    };
    const got = await options.evaluate(async () => {
      const b = (globalThis as unknown as { browser: Api }).browser;
      return {
        alarms: (await b.alarms.getAll()).map((a) => a.name),
        commands: (await b.commands.getAll()).map((c) => `${c.name}=${c.shortcut ?? ''}`),
        notifications: typeof b.notifications?.create,
        origins: (await b.permissions.getAll()).origins,
        panel: b.runtime.getManifest().sidebar_action?.default_panel,
      };
    });
    expect(got.alarms).toContain('refresh');
    expect(got.commands).toContain('mark-lost=Alt+Shift+L');
    expect(got.notifications).toBe('function');
    expect(got.origins).toEqual(expect.arrayContaining(['https://mail.google.com/*', 'https://app.hubspot.com/*', 'https://*.lightning.force.com/*', 'https://*.pipedrive.com/*']));
    expect(got.panel).toMatch(/^moz-extension:\/\/[^/]+\/sidebar\.html$/);

    // Chosen in the settings: the frame beside the page is not mounted (Firefox's sidebar shows it).
    await options.bringToFront();
    await realClick(options, options, 'input[name=sidebar-placement][value=panel]');
    await poll(() => options.evaluate(() => (document.querySelector('input[name=sidebar-placement][value=panel]') as HTMLInputElement).checked), (v) => v, 'the choice');
    const file = 'gmail/thread-cc-2026-11.html';
    const exp = expected<ExpectedThread>(file);
    s.server.route({ host: HOSTS.gmail, path: '/mail/u/0/', file });
    const page = await s.page(`https://${HOSTS.gmail}/mail/u/0/${exp.hash}`);
    await s.waitForRows<Touchpoint>('touchpoints', (r) => r.filter((t) => t.threadId === exp.thread.threadId).length >= exp.thread.messages.length);
    expect(await page.$$eval('deal-debrief-sidebar', (els) => els.length)).toBe(0);
    // Back beside the page: the open page mounts it at once. The options tab is behind the Gmail
    // tab now, and a background tab gets no animation frames, which the click waits on.
    await options.bringToFront();
    await realClick(options, options, 'input[name=sidebar-placement][value=page]');
    await poll(() => page.$$eval('deal-debrief-sidebar', (els) => els.length), (n) => n === 1, 'the frame back beside the page');
    await sidebarFrame(page);
    await page.close();
    await options.close();
  });

  it('a CRM host added on the options page gets the sidebar (optional host permission, scripting)', async () => {
    s.server.route({ host: HOSTS.custom, path: '/opportunities/311', file: 'pages/custom-crm-2026-11.html' });
    const options = await s.extensionPage('/options.html');
    await realClick(options, options, '#custom-host');
    await options.keyboard.type(HOSTS.custom);
    // A real click: Firefox asks for a permission only from the rep's own input.
    await realClick(options, options, 'button::-p-text(Add host)');
    await poll(() => texts(options, '[role=status]'), (t) => t.some((x) => x.startsWith(`Added ${HOSTS.custom}.`)), 'the host added');
    const page = await s.page(`https://${HOSTS.custom}/opportunities/311`);
    const frame = await sidebarFrame(page);
    await poll(() => texts(frame, 'p'), (t) => t.includes('Addresses on this page: peter.gibbons@initech.test'), 'the custom page’s addresses in the sidebar');
    await page.close();
    await options.close();
  });
});
