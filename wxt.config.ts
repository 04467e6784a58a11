import { defineConfig } from 'wxt';

/** The hosts whose pages we read and frame the sidebar into. Nothing else. */
export const SITE_MATCHES = [
  'https://mail.google.com/*',
  'https://app.hubspot.com/*',
  'https://*.lightning.force.com/*',
  'https://*.pipedrive.com/*',
];

/** Only in the test build: see the manifest below. */
export const TEST_CUSTOM_HOST = 'crm.example-crm.test';

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  outDir: '.output',
  manifest: ({ browser, mode }) => ({
    name: 'Deal Debrief',
    description:
      'Logs every touchpoint while you work in Gmail and your CRM, flags prospects waiting for a reply, and turns lost deals into lessons and follow-ups.',
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    host_permissions: SITE_MATCHES,
    // Extra CRM hosts are asked for one at a time, when the rep adds them (options page).
    ...(browser === 'firefox' ? { optional_permissions: ['https://*/*'] } : { optional_host_permissions: ['https://*/*'] }),
    // The sidebar frame must load on the built-in hosts and on the CRM hosts a rep adds at run
    // time, which a manifest cannot list in advance. The page itself refuses to show anything
    // unless its tab runs our content script and the frame sits in that page (Sidebar.tsx).
    // Chrome: only at an address that changes every browser session (runtime.getURL gives it to
    // the content script), so a page cannot fetch the fixed one to learn the extension is there.
    // Firefox's extension addresses already differ per install.
    web_accessible_resources: [{ resources: ['sidebar.html'], matches: ['https://*/*'], ...(browser === 'firefox' ? {} : { use_dynamic_url: true }) }],
    commands: {
      'mark-lost': {
        suggested_key: { default: 'Alt+Shift+L' },
        description: 'Mark the current deal lost and reflect',
      },
    },
    icons: { 16: 'icon/16.png', 32: 'icon/32.png', 48: 'icon/48.png', 128: 'icon/128.png' },
    action: { default_title: 'Deal Debrief — follow-ups due' },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'deal-debrief@dealdebrief.app',
              // 142: the first Firefox (desktop and Android) that reads data_collection_permissions.
              strict_min_version: '142.0',
              // Nothing is collected or transmitted: all data stays in the browser.
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
    // The test build (movable clock) also holds the permission for one custom CRM host, because
    // headless Chromium cannot answer the permission prompt a rep answers when adding a host;
    // the rest of that flow (register, mount, capture) then runs for real in e2e.
    ...(mode === 'test' ? { name: 'Deal Debrief (test build)', host_permissions: [...SITE_MATCHES, `https://${TEST_CUSTOM_HOST}/*`] } : {}),
  }),
});
