/**
 * The background's effects on the browser: tab context for sidebars, opening pages and records.
 * Kept apart from `api.ts` so the actions run in unit tests without a browser.
 */
import { browser } from 'wxt/browser';
import type { PageContext } from '../capture/events';
import { setTestClockOffset, TEST_CLOCK_ENABLED } from '../clock';
import type { Effects } from './api';
import type { RefreshEffects } from './refresh';
import { customHostMatches } from '../custom-hosts';

const ctxKey = (tabId: number) => `ctx:${tabId}`;

/** What each tab's content script last reported; session storage survives worker restarts. */
export async function readTabContext(tabId: number): Promise<PageContext | undefined> {
  const got = await browser.storage.session.get(ctxKey(tabId));
  return got[ctxKey(tabId)] as PageContext | undefined;
}

/** `onTabContext` passes a new context on to the sidebars of that tab (sidebar-hub.ts). */
export function browserEffects(refreshSoon: () => void, onTabContext: (tabId: number, context: PageContext) => void = () => {}): Effects {
  return {
    async setTabContext(tabId, context) {
      await browser.storage.session.set({ [ctxKey(tabId)]: context });
      onTabContext(tabId, context);
    },
    getTabContext: readTabContext,
    async openPage(path) {
      await browser.tabs.create({ url: browser.runtime.getURL(path as '/popup.html') });
    },
    async openUrl(url) {
      // Focus a tab already showing that record when there is one (host permissions let us see
      // the URLs of our own sites' tabs); otherwise open it.
      const tabs = await browser.tabs.query({});
      let existing = tabs.find((t) => t.url === url);
      // A Gmail thread opens in the Gmail tab the rep already has, not in a new one, and in that
      // tab's account (/mail/u/N/): a rep signed into several accounts works in that one.
      if (!existing && url.startsWith('https://mail.google.com/mail/u/')) {
        existing = tabs.find((t) => t.url?.startsWith('https://mail.google.com/mail/u/'));
        const account = existing?.url?.match(/^https:\/\/mail\.google\.com\/mail\/u\/\d+\//)?.[0];
        if (existing?.id !== undefined && account) {
          url = url.replace(/^https:\/\/mail\.google\.com\/mail\/u\/\d+\//, account);
          await browser.tabs.update(existing.id, { url });
        }
      }
      if (!url.startsWith('https://')) return;
      if (existing?.id !== undefined) {
        await browser.tabs.update(existing.id, { active: true });
        if (existing.windowId !== undefined) await browser.windows.update(existing.windowId, { focused: true });
        return;
      }
      await browser.tabs.create({ url });
    },
    refreshSoon,
    registerCustomHosts,
    async messageTab(tabId, message) {
      await browser.tabs.sendMessage(tabId, message, { frameId: 0 }).catch(() => undefined);
    },
    setClockOffset: TEST_CLOCK_ENABLED ? setTestClockOffset : undefined,
    // Captured events the database refused alone are kept in its own table (lib/db/held.ts).
    held: true,
  };
}

const CUSTOM_SCRIPT_ID = 'custom-crm';

/** (Re)register the runtime content script for the rep's extra CRM hosts. */
export async function registerCustomHosts(hosts: string[]): Promise<void> {
  const existing = await browser.scripting.getRegisteredContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
  if (existing.length) await browser.scripting.unregisterContentScripts({ ids: [CUSTOM_SCRIPT_ID] });
  if (hosts.length === 0) return;
  await browser.scripting.registerContentScripts([
    { id: CUSTOM_SCRIPT_ID, matches: customHostMatches(hosts), js: ['content-scripts/custom.js'], runAt: 'document_idle', persistAcrossSessions: true },
  ]);
}

export async function forgetTabContext(tabId: number): Promise<void> {
  await browser.storage.session.remove(ctxKey(tabId));
}

/** The badge refresh's effects on the browser: the toolbar badge and notifications. */
export function browserRefreshEffects(): RefreshEffects {
  // MV3 `action`; Firefox's MV2 build has `browserAction`.
  const action = () => browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;
  return {
    async setBadge(count) {
      await action().setBadgeText({ text: count > 0 ? String(count) : '' });
      if (count > 0) await action().setBadgeBackgroundColor({ color: '#d1242f' });
    },
    async notify(f) {
      if (!browser.notifications) return;
      await browser.notifications
        .create(f.id, { type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title: 'Deal Debrief: follow-up due', message: f.reason })
        .catch(() => undefined);
    },
  };
}

/**
 * `run` once, `ms` after the last of a burst of calls: the badge refresh after writes (a capture
 * writes many times in a row; one refresh follows).
 */
export function coalesced(run: () => void, ms = 250): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      run();
    }, ms);
  };
}
