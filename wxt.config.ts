import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';
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

/**
 * The popup paints its first screen from one small script (entrypoints/popup-first-screen.ts)
 * and loads its own code once that is on screen: in the built page the popup's module script
 * and its preloads move onto that script (`data-app`, `data-preload`), which adds them after
 * painting, so the first screen does not wait for them to be fetched and run. (`wxt dev` keeps
 * the page as written: both load at once, which works the same, only later.)
 */
function popupAppAfterFirstScreen(): Plugin {
  return {
    name: 'deal-debrief:popup-app-after-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(html, ctx) {
        if (!/[\\/]popup[\\/]index\.html$/.test(ctx.filename)) return html;
        const first = /<script async src="\/popup-first-screen\.js"\s*><\/script>/;
        const app = /\s*<script type="module" crossorigin src="([^"]+)"><\/script>/.exec(html);
        if (!first.test(html) || !app) return html;
        const preloads = [...html.matchAll(/\s*<link rel="modulepreload" crossorigin href="([^"]+)">/g)];
        let out = html.replace(app[0], '');
        for (const p of preloads) out = out.replace(p[0], '');
        return out.replace(first, `<script async src="/popup-first-screen.js" data-app="${app[1]}" data-preload="${preloads.map((p) => p[1]).join(' ')}"></script>`);
      },
    },
  };
}

// https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  srcDir: '.',
  entrypointsDir: 'entrypoints',
  publicDir: 'public',
  outDir: '.output',
  vite: () => ({ plugins: [popupAppAfterFirstScreen()] }),
  hooks: {
    // Content scripts run in every Gmail and CRM page the rep opens, so they stay small: there,
    // `wxt/browser` (which WXT's own content-script context imports too) is the browser's own
    // API instead of the webextension-polyfill. See lib/content/ext.ts for why that is enough.
    // The same for the popup's first-screen script (an unlisted script, built on its own).
    'vite:build:extendConfig': (entrypoints, config) => {
      if (!entrypoints.every((e) => e.type === 'content-script' || e.type === 'unlisted-script')) return;
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
              // 140 (the current ESR): the first desktop Firefox that reads
              // data_collection_permissions.
              strict_min_version: '140.0',
              // Nothing is collected or transmitted: all data stays in the browser.
              data_collection_permissions: { required: ['none'] },
            },
            // Firefox for Android reads data_collection_permissions from 142 on.
            gecko_android: { strict_min_version: '142.0' },
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
