import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { panelKind, readPlacement, savePlacement, type SidebarPlacement } from '../../lib/sidebar-placement';

/** Chrome's side panel API, present once the optional `sidePanel` permission is granted. */
interface ChromeSidePanel {
  setOptions(options: { path?: string; enabled?: boolean }): Promise<void>;
}
const chromeSidePanel = () => (globalThis as { chrome?: { sidePanel?: ChromeSidePanel } }).chrome?.sidePanel;
/** Firefox's sidebar API (manifest `sidebar_action`). */
interface FirefoxSidebar {
  open(): Promise<void>;
  close(): Promise<void>;
}
const firefoxSidebar = () => (browser as unknown as { sidebarAction?: FirefoxSidebar }).sidebarAction;

const WHERE_TO_OPEN = {
  'chrome-side-panel': 'Open it with the side panel button in Chrome’s toolbar, then choose Deal Debrief.',
  'firefox-sidebar': 'Open it from View → Sidebar → Deal Debrief (or the sidebar button in the toolbar).',
} as const;

/**
 * "Show the sidebar: beside the page / in the browser's side panel". Chrome asks for its
 * side-panel permission at the moment the rep picks it; Firefox's sidebar needs none.
 */
export function SidebarPlace() {
  const kind = panelKind(browser.runtime.getManifest() as never);
  const [placement, setPlacement] = useState<SidebarPlacement>();
  const [message, setMessage] = useState<string>();
  useEffect(() => void readPlacement(browser.storage).then(setPlacement), []);
  if (!kind) return null;

  const choose = (next: SidebarPlacement) => {
    if (next === placement) return;
    setMessage(undefined);
    if (next === 'page') {
      void savePlacement(browser.storage, 'page').then(() => setPlacement('page'));
      void chromeSidePanel()?.setOptions({ enabled: false }).catch(() => undefined);
      void firefoxSidebar()?.close().catch(() => undefined);
      return;
    }
    if (kind === 'firefox-sidebar') {
      // Opening Firefox's sidebar must happen inside the click: no await before it.
      const opened = firefoxSidebar()?.open().then(() => true, () => false) ?? Promise.resolve(false);
      void savePlacement(browser.storage, 'panel').then(async () => {
        setPlacement('panel');
        if (!(await opened)) setMessage(WHERE_TO_OPEN[kind]);
      });
      return;
    }
    // The permission request must run inside the click: no await before it.
    browser.permissions.request({ permissions: ['sidePanel' as never] }).then(
      async (granted) => {
        const panel = chromeSidePanel();
        if (!granted || !panel) return setMessage('Chrome did not allow its side panel; the sidebar stays beside the page.');
        await panel.setOptions({ path: 'sidebar.html', enabled: true });
        await savePlacement(browser.storage, 'panel');
        setPlacement('panel');
        setMessage(WHERE_TO_OPEN[kind]);
      },
      (e: Error) => setMessage(e.message),
    );
  };

  return (
    <fieldset>
      <legend>Show the sidebar</legend>
      <label class="inline">
        <input type="radio" name="sidebar-placement" value="page" checked={placement === 'page'} onChange={() => choose('page')} /> beside the page (default)
      </label>
      <label class="inline">
        <input type="radio" name="sidebar-placement" value="panel" checked={placement === 'panel'} onChange={() => choose('panel')} /> in the browser’s side panel
      </label>
      <p class="small muted">The side panel shows the same sidebar for the tab you are looking at; Gmail and your CRM then keep their full width.</p>
      {message ? (
        <p role="status" data-testid="placement-status">
          {message}
        </p>
      ) : null}
    </fieldset>
  );
}
