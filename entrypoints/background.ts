import { browser } from 'wxt/browser';
import { createApi, createStorageHealth } from '../lib/background/api';
import { simulateFaultyItem, simulateFullStorage, watchDatabase } from '../lib/db/health';
import { browserEffects, browserRefreshEffects, coalesced, forgetTabContext, readTabContext } from '../lib/background/effects';
import { reinjectContentScripts } from '../lib/background/reinject';
import { changedTables, createRefresher, REFRESH_ALARM } from '../lib/background/refresh';
import { extensionClock, syncClock, TEST_CLOCK_ENABLED } from '../lib/clock';
import { Dexie } from 'dexie';
import { db } from '../lib/db';
import { DB_NAME } from '../lib/db/schema';
import { READS } from '../lib/db/reads';
import { serve } from '../lib/messaging';
import type { Handlers } from '../lib/protocol';
import { createSidebarHub } from '../lib/background/sidebar-hub';
import { createLiveReads } from '../lib/background/live-reads';
import { createSnapshotKeeper } from '../lib/background/popup-snapshot';
import { POPUP_SNAPSHOT_KEY } from '../lib/followups/popup-view';
import { readPlacement } from '../lib/sidebar-placement';
import { ROOM_KEYS, roomKeeper } from '../lib/background/room';
import { retryHeldCapture } from '../lib/background/held';

async function keepChromeSidePanel(): Promise<void> {
  const sidePanel = (globalThis as { chrome?: { sidePanel?: { setOptions(o: { path?: string; enabled?: boolean }): Promise<void> } } }).chrome?.sidePanel;
  if (!sidePanel) return; // not Chrome, or the rep never granted it
  await sidePanel.setOptions({ path: 'sidebar.html', enabled: (await readPlacement(browser.storage)) === 'panel' });
}

export default defineBackground(() => {
  // Test builds can make every write fail as if the disk were full (installed before first use).
  let full = false;
  // And make one item's writes fail as a defect of ours would (forgotten when the worker restarts).
  let faulty: string | undefined;
  if (TEST_CLOCK_ENABLED) {
    simulateFullStorage(db(), () => full);
    simulateFaultyItem(db(), () => faulty);
  }
  // A blocked upgrade or a failed open is said in words (options page), never silent.
  const storage = createStorageHealth();
  watchDatabase(db(), (problem) => storage.set(problem, Date.now()));
  const ready = syncClock();
  const refresher = createRefresher(db(), extensionClock, browserRefreshEffects());
  // The popup's first screen, painted before the popup opens the database.
  const firstScreen = createSnapshotKeeper(
    db(),
    extensionClock,
    {
      set: (snapshot) => browser.storage.session.set({ [POPUP_SNAPSHOT_KEY]: snapshot }),
      remove: () => browser.storage.session.remove(POPUP_SNAPSHOT_KEY),
    },
    (run) => coalesced(run, 100),
  );
  void ready.then(() => firstScreen.refresh()).catch(() => undefined);
  /** Alt+Shift+L: mark the deal of the active tab lost and open its reflection. */
  async function onCommand(command: string): Promise<void> {
    if (command !== 'mark-lost') return;
    await ready;
    const [tab] = await browser.tabs.query({ active: true, lastFocusedWindow: true });
    const context = tab?.id !== undefined ? await readTabContext(tab.id) : undefined;
    // The same deal the sidebar shows for that thread.
    const dealId = context?.dealId ?? (context?.threadId ? (await READS.dealForThread(db(), { threadId: context.threadId }))?.id : undefined);
    if (dealId) await api.markLost({ dealId });
    else await browser.tabs.create({ url: browser.runtime.getURL('/reflection.html?missing=1') });
  }
  // Sidebars learn their page and the database's changes over a port (lib/sidebar-link.ts).
  const hub = createSidebarHub({
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    readContext: readTabContext,
    activeTab: async (windowId) => (await browser.tabs.query({ active: true, windowId }))[0]?.id,
    liveReads: (send) => createLiveReads(db(), send),
  });
  browser.runtime.onConnect.addListener((port) => hub.connect(port));
  browser.tabs.onActivated.addListener(({ tabId, windowId }) => hub.tabActivated(tabId, windowId));
  // Chrome's side panel shows the sidebar page only while the rep has chosen it (options page).
  void keepChromeSidePanel();
  // Gmail's pages start narrow while the sidebar is expanded beside them (lib/background/room.ts).
  const syncRoom = roomKeeper(browser.scripting, () => browser.storage.local.get(ROOM_KEYS));
  void syncRoom();
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && ROOM_KEYS.some((key) => key in changes)) void syncRoom();
  });
  const effects = browserEffects(
    coalesced(() => void refresher.run()),
    hub.tabContextChanged,
  );
  // Headless Chromium has no keyboard shortcuts; a test build lets e2e tests run the handler.
  if (TEST_CLOCK_ENABLED) {
    effects.runCommand = onCommand;
    effects.simulateFullStorage = (on) => (full = on);
    effects.simulateFaultyItem = (key) => (faulty = key);
  }
  // Randomness only makes the ids of hand-made deals and reminders unique.
  const api = createApi(db(), extensionClock, effects, Math.random, storage);

  // Every handler waits for the clock, so a test build's moved clock applies from the first request.
  const handlers = Object.fromEntries(
    Object.entries(api).map(([name, fn]) => [name, async (args: never, sender: never) => (await ready, (fn as (a: never, s: never) => unknown)(args, sender))]),
  ) as unknown as Handlers;
  serve(handlers);

  // Every write happens here, so Dexie's local event sees them all. (The sidebars' reads follow
  // the same writes as live queries: lib/background/live-reads.ts.)
  Dexie.on('storagemutated', (parts) => {
    const tables = changedTables(parts, DB_NAME);
    firstScreen.changed(tables);
    refresher.invalidate(tables);
  });

  browser.alarms.create(REFRESH_ALARM, { periodInMinutes: 1, delayInMinutes: 0.1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === REFRESH_ALARM) void ready.then(() => refresher.run().finally(() => firstScreen.refresh().catch(() => undefined)));
  });

  browser.commands.onCommand.addListener((command) => void onCommand(command));
  browser.notifications?.onClicked.addListener((notificationId) => {
    void ready.then(() => api.openFollowUp({ id: notificationId }).catch(() => undefined));
    void browser.notifications.clear(notificationId);
  });

  browser.tabs.onRemoved.addListener((tabId) => void forgetTabContext(tabId));

  // Captured events the database refused alone are tried again when Deal Debrief starts with the
  // browser or after an install or update (which may fix what made them fail).
  const retryHeld = () => {
    if (effects.held) void ready.then(() => retryHeldCapture(db(), extensionClock)).then((r) => r.stored > 0 && effects.refreshSoon(), () => undefined);
  };
  browser.runtime.onStartup.addListener(retryHeld);
  browser.runtime.onInstalled.addListener(({ reason }) => {
    retryHeld();
    if (reason === 'install') void browser.tabs.create({ url: browser.runtime.getURL('/onboarding.html') });
    // Tabs open before an install or update capture again without a reload.
    if (reason === 'install' || reason === 'update') {
      // Test builds before this one kept these events in local storage, which content scripts
      // can read and write; they live in the database now, and the old key goes once.
      if (reason === 'update') void browser.storage.local.remove('heldCapture').catch(() => undefined);
      void reinjectContentScripts();
      void syncRoom(true);
    }
  });
});
