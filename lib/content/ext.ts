/**
 * The extension API as the content scripts use it: the browser's own, without the
 * webextension-polyfill that the extension pages and the background use.
 *
 * Everything a content script calls — runtime.id, getURL, sendMessage, onMessage (listeners that
 * answer nothing), storage.local get/set and storage.onChanged — returns promises natively in
 * Chrome's Manifest V3 and in Firefox, so the polyfill (about 3 KB gzipped, a quarter of a
 * content script) would only add weight to every page the rep opens. Firefox gives content
 * scripts `browser`; Chrome gives `chrome`.
 */
import type { browser as polyfilled } from 'wxt/browser';

/** The same shape as the polyfilled API, for the calls listed above. */
type Ext = typeof polyfilled;

type Global = { browser?: { runtime?: { id?: string } }; chrome?: unknown };

function pick(): Ext {
  const g = globalThis as Global;
  return (g.browser?.runtime?.id ? g.browser : g.chrome) as Ext;
}

export const ext: Ext = pick();

/**
 * In the content-script builds `wxt/browser` resolves to this module (wxt.config.ts), so the
 * framework's own content-script code uses the same handle instead of pulling the polyfill in.
 */
export const browser: Ext = ext;
