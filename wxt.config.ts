import { fileURLToPath } from 'node:url';
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
  hooks: {
    // Content scripts run in every Gmail and CRM page the rep opens, so they stay small: there,
    // `wxt/browser` (which WXT's own content-script context imports too) is the browser's own
    // API instead of the webextension-polyfill. See lib/content/ext.ts for why that is enough.
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      // Likewise the context WXT's entry creates: lib/content/context.ts keeps what the scripts use.
      const own = [
        { find: /^wxt\/browser$/, replacement: fileURLToPath(new URL('./lib/content/ext.ts', import.meta.url)) },
        { find: /^wxt\/utils\/content-script-context$/, replacement: fileURLToPath(new URL('./lib/content/context.ts', import.meta.url)) },
      ];
      config.resolve ??= {};
      const alias = config.resolve.alias;
      config.resolve.alias = Array.isArray(alias) ? [...own, ...alias] : [...own, ...Object.entries(alias ?? {}).map(([find, replacement]) => ({ find, replacement: String(replacement) }))];
    },
  },
  // `npm run zip`: the Chrome zip, the Firefox zip, and the sources zip the Firefox store asks for
  // (a reviewer rebuilds the add-on from it: README, "Store packages"). Tests, fixtures and the
  // benchmark's peer code are not needed to build, so they stay out of it.
  zip: {
    excludeSources: ['tests/**', 'bench/**', 'coverage/**'],
  },
  manifest: ({ browser, mode }) => ({
    name: 'Deal Debrief',
    description:
      'Logs every touchpoint while you work in Gmail and your CRM, flags prospects waiting for a reply, and turns lost deals into lessons and follow-ups.',
    permissions: ['storage', 'alarms', 'notifications', 'scripting'],
    host_permissions: SITE_MATCHES,
    // Extra CRM hosts are asked for one at a time, when the rep adds them (options page). Chrome's
    // side panel only when the rep chooses to show the sidebar there (options page).
    ...(browser === 'firefox' ? { optional_permissions: ['https://*/*'] } : { optional_host_permissions: ['https://*/*'], optional_permissions: ['sidePanel'] }),
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
          // The same sidebar page in Firefox's own sidebar (View → Sidebar), following the active
          // tab; no permission needed. Closed until the rep opens it.
          sidebar_action: {
            default_panel: 'sidebar.html',
            default_title: 'Deal Debrief',
            default_icon: { 16: 'icon/16.png', 32: 'icon/32.png' },
            open_at_install: false,
          },
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
    // The test build (movable clock) also holds the permission for one custom CRM host and for
    // Chrome's side panel, because headless Chromium cannot answer the permission prompt a rep
    // answers when adding a host or choosing the side panel; the rest of those flows (register,
    // mount, capture; the frame left out, the panel set up) then runs for real in e2e.
    ...(mode === 'test'
      ? {
          name: 'Deal Debrief (test build)',
          host_permissions: [...SITE_MATCHES, `https://${TEST_CUSTOM_HOST}/*`],
          ...(browser === 'firefox' ? {} : { permissions: ['storage', 'alarms', 'notifications', 'scripting', 'sidePanel'] }),
        }
      : {}),
  }),
});
