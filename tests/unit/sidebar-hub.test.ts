import { describe, expect, it } from 'vitest';
import type { PageContext } from '../../lib/capture/events';
import { createSidebarHub, type HubPort } from '../../lib/background/sidebar-hub';
import { SIDEBAR_PORT, type ReadAnswer, type SidebarUpdate } from '../../lib/sidebar-link';

const ORIGIN = 'moz-extension://abc/';
const ctx = (url: string): PageContext => ({ site: 'gmail', url, view: 'thread', status: 'ok', participants: [], captured: 1 });

function fakePort(sender: HubPort['sender'], name = SIDEBAR_PORT) {
  const received: SidebarUpdate[] = [];
  const onMessage: ((m: unknown) => void)[] = [];
  const onDisconnect: (() => void)[] = [];
  const port = {
    name,
    sender,
    disconnected: false,
    received,
    postMessage: (m: SidebarUpdate) => void received.push(m),
    disconnect() {
      port.disconnected = true;
    },
    onMessage: { addListener: (fn: (m: unknown) => void) => void onMessage.push(fn) },
    onDisconnect: { addListener: (fn: () => void) => void onDisconnect.push(fn) },
    send: (m: unknown) => onMessage.forEach((fn) => fn(m)),
    close: () => onDisconnect.forEach((fn) => fn()),
  };
  return port;
}

const settle = () => new Promise((r) => setTimeout(r, 0));

/** Reads kept live per sidebar, as the hub asked for them (the real ones: live-reads.test.ts). */
const liveReads: { subs: [number, unknown, unknown][]; unsubs: number[]; disposed: number; send: (a: ReadAnswer) => void }[] = [];

function hub(contexts: Record<number, PageContext>, active: Record<number, number> = {}) {
  liveReads.length = 0;
  return createSidebarHub({
    extensionId: 'dd',
    extensionOrigin: ORIGIN,
    readContext: async (tabId) => contexts[tabId],
    activeTab: async (windowId) => active[windowId],
    liveReads: (send) => {
      const r = { subs: [] as [number, unknown, unknown][], unsubs: [] as number[], disposed: 0, send };
      liveReads.push(r);
      return {
        subscribe: (id, name, args) => void r.subs.push([id, name, args]),
        unsubscribe: (id) => void r.unsubs.push(id),
        dispose: () => void r.disposed++,
      };
    },
  });
}

describe('sidebar hub', () => {
  it('tells a framed sidebar its own tab’s context, then each new context of that tab only', async () => {
    const h = hub({ 4: ctx('https://mail.google.com/a'), 5: ctx('https://mail.google.com/b') });
    const four = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html?site=gmail`, tab: { id: 4 } });
    const five = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html?site=gmail`, tab: { id: 5 } });
    h.connect(four);
    h.connect(five);
    await settle();
    expect(four.received).toContainEqual({ ctx: ctx('https://mail.google.com/a'), tabOrigin: null });
    h.tabContextChanged(5, ctx('https://mail.google.com/c'));
    expect(five.received.at(-1)).toEqual({ ctx: ctx('https://mail.google.com/c'), tabOrigin: null });
    expect(four.received.some((m) => m.ctx?.url === 'https://mail.google.com/c')).toBe(false);
  });

  it('says "nothing reported" to a sidebar whose tab has no context (a page that frames it without our content script)', async () => {
    const h = hub({});
    const port = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html`, tab: { id: 9 } });
    h.connect(port);
    await settle();
    expect(port.received).toContainEqual({ ctx: null, tabOrigin: null });
  });

  it('sends with each context the origin of the page the tab shows, when the browser tells it', async () => {
    const h = hub({ 4: ctx('https://mail.google.com/a'), 5: ctx('https://mail.google.com/b') });
    const seen = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html?site=gmail`, tab: { id: 4, url: 'https://mail.google.com/mail/u/0/#inbox' } });
    const unseen = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html?site=gmail`, tab: { id: 5 } });
    h.connect(seen);
    h.connect(unseen);
    await settle();
    expect(seen.received).toContainEqual({ ctx: ctx('https://mail.google.com/a'), tabOrigin: 'https://mail.google.com' });
    expect(unseen.received).toContainEqual({ ctx: ctx('https://mail.google.com/b'), tabOrigin: null });
    h.tabContextChanged(4, ctx('https://mail.google.com/c'));
    expect(seen.received.at(-1)).toEqual({ ctx: ctx('https://mail.google.com/c'), tabOrigin: 'https://mail.google.com' });
  });

  it('disconnects anything but the extension’s own sidebar page', () => {
    const h = hub({ 4: ctx('https://mail.google.com/a') });
    const others = [
      fakePort({ id: 'dd', url: `${ORIGIN}popup.html`, tab: { id: 4 } }),
      fakePort({ id: 'other-extension', url: `${ORIGIN}sidebar.html`, tab: { id: 4 } }),
      fakePort({ id: 'dd', url: 'https://mail.google.com/', tab: { id: 4 } }),
      fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html`, tab: { id: 4 } }, 'something-else'),
    ];
    for (const p of others) h.connect(p);
    expect(others.map((p) => p.disconnected)).toEqual([true, true, true, true]);
    expect(h.size()).toBe(0);
  });

  it('a side panel (no tab) follows the active tab of its window', async () => {
    const h = hub({ 4: ctx('https://mail.google.com/a'), 6: ctx('https://app.hubspot.com/d') }, { 1: 4 });
    const panel = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html` });
    h.connect(panel);
    panel.send({ panelWindowId: 1 });
    await settle();
    expect(panel.received).toContainEqual({ ctx: ctx('https://mail.google.com/a'), tabOrigin: null });
    h.tabActivated(6, 2); // another window: not this panel's business
    await settle();
    expect(panel.received.some((m) => m.ctx?.url === 'https://app.hubspot.com/d')).toBe(false);
    h.tabActivated(6, 1);
    await settle();
    expect(panel.received.at(-1)).toEqual({ ctx: ctx('https://app.hubspot.com/d'), tabOrigin: null });
    h.tabContextChanged(6, ctx('https://app.hubspot.com/e'));
    expect(panel.received.at(-1)).toEqual({ ctx: ctx('https://app.hubspot.com/e'), tabOrigin: null });
  });

  it('forgets a sidebar once its port closes', async () => {
    const h = hub({});
    const port = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html`, tab: { id: 4 } });
    h.connect(port);
    expect(h.size()).toBe(1);
    port.close();
    expect(h.size()).toBe(0);
  });

  it('keeps the reads each sidebar asks for, answers them on that sidebar’s port only, and stops them when it goes away', () => {
    const h = hub({});
    const four = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html`, tab: { id: 4 } });
    const five = fakePort({ id: 'dd', url: `${ORIGIN}sidebar.html`, tab: { id: 5 } });
    h.connect(four);
    h.connect(five);
    four.send({ sub: { id: 1, name: 'contactTimeline', args: { email: 'jane@acme.example' } } });
    four.send({ sub: { id: 2, name: 'settings', args: null } });
    four.send({ unsub: 2 });
    four.send(null);
    four.send({ sub: 'not a read' });
    expect(liveReads[0]!.subs).toEqual([
      [1, 'contactTimeline', { email: 'jane@acme.example' }],
      [2, 'settings', null],
    ]);
    expect(liveReads[0]!.unsubs).toEqual([2]);
    expect(liveReads[1]!.subs).toEqual([]);
    liveReads[0]!.send({ id: 1, value: [] });
    expect(four.received.at(-1)).toEqual({ read: { id: 1, value: [] } });
    expect(five.received.some((m) => m.read)).toBe(false);
    four.close();
    expect(liveReads[0]!.disposed).toBe(1);
    expect(liveReads[1]!.disposed).toBe(0);
    // An answer that comes after the port closed goes nowhere.
    liveReads[0]!.send({ id: 1, value: ['late'] });
    expect(four.received.some((m) => (m.read?.value as string[] | undefined)?.[0] === 'late')).toBe(false);
  });
});
