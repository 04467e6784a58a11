/**
 * End-to-end tests in Firefox: Debian's firefox-esr driven over WebDriver BiDi by puppeteer-core
 * (no driver binary to download), the built Firefox add-on installed as a temporary add-on, and
 * the same fixture server as the Chromium tests, answering for the real host names.
 *
 * - Host names reach the fixture server through two prefs: `network.dns.localDomains` (these
 *   names resolve to this machine) and `network.socket.forcePort` (port 443 goes to the server).
 * - The add-on's origin is fixed with `extensions.webextensions.uuids`, so extension pages open at
 *   `moz-extension://<UUID>/…`.
 * - Firefox quirks: a tab cannot `goto` an extension page and wait for it (the BiDi navigation
 *   is sent without waiting, then the page's readyState is polled), and frames of extension pages
 *   report `about:blank` as their URL (the frame's own `location.href` tells them apart).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import puppeteer, { type Browser, type Frame, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { HOSTS, readStoreInPage, ROOT, startFixtureServer, type FixtureServer } from '../e2e/harness';

export const FIREFOX_BUILD = join(ROOT, '.output/firefox-mv2');
export const INSTALL_FIREFOX = 'sudo apt-get install -y firefox-esr';
/** The add-on's fixed internal UUID in these tests. */
export const ADDON_UUID = '5f0c7d2e-8a41-4b6e-9c3d-1e2f3a4b5c6d';
export const EXTENSION_ORIGIN = `moz-extension://${ADDON_UUID}`;

export function firefoxPath(): string {
  const path = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
  if (!existsSync(path)) throw new Error(`Firefox not found at ${path}. Install it with:\n  ${INSTALL_FIREFOX}\n(or set FIREFOX_PATH)`);
  return path;
}

export interface FirefoxSession {
  browser: Browser;
  server: FixtureServer;
  /** A web page, loaded. */
  page(url: string): Promise<Page>;
  /** An extension page (popup.html, options.html, …), loaded. */
  extensionPage(path: string): Promise<Page>;
  /** Every row of an object store of the add-on's database, read in the add-on's own origin. */
  dump<T = Record<string, unknown>>(store: string): Promise<T[]>;
  waitForRows<T = Record<string, unknown>>(store: string, check: (rows: T[]) => boolean, timeout?: number): Promise<T[]>;
  /** The open tab whose document is at this extension path (e.g. /reflection.html), once there is one. */
  waitForExtensionTab(path: string, timeout?: number): Promise<Page>;
  close(): Promise<void>;
}

export async function poll<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, timeout = 10_000): Promise<T> {
  const until = Date.now() + timeout;
  let last: T | undefined;
  let error: unknown;
  while (Date.now() < until) {
    try {
      last = await read();
      if (ok(last)) return last;
    } catch (e) {
      error = e; // a page still loading
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Timed out waiting for ${what}; last saw ${JSON.stringify(last)?.slice(0, 500)}${error ? ` (${String(error)})` : ''}`);
}

async function hrefOf(frame: Frame): Promise<string> {
  return frame.evaluate(() => location.href);
}

async function loaded(page: Page, url: string): Promise<Page> {
  await poll(
    () => page.evaluate(() => [location.href, document.readyState]),
    ([href, state]) => href === url && state === 'complete',
    `${url} to load`,
    15_000,
  );
  return page;
}

export async function launchFirefox(build = FIREFOX_BUILD): Promise<FirefoxSession> {
  if (!existsSync(join(build, 'manifest.json'))) throw new Error(`No built add-on at ${build}: run npm run build:firefox first.`);
  const executablePath = firefoxPath();
  const manifest = JSON.parse(readFileSync(join(build, 'manifest.json'), 'utf8')) as { browser_specific_settings: { gecko: { id: string } } };
  const work = mkdtempSync(join(tmpdir(), 'deal-debrief-e2e-firefox-'));
  const server = await startFixtureServer(work);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    acceptInsecureCerts: true,
    args: ['--remote-allow-system-access'],
    env: { ...process.env, TZ: 'Europe/Berlin' },
    extraPrefsFirefox: {
      'network.dns.localDomains': Object.values(HOSTS).join(','),
      'network.socket.forcePort': `443=${server.port}`,
      'extensions.webextensions.uuids': JSON.stringify({ [manifest.browser_specific_settings.gecko.id]: ADDON_UUID }),
      'intl.locale.requested': 'en-US',
      // Answers the optional-permission prompt a rep answers when adding a CRM host (headless
      // Firefox shows no prompt); the rest of that flow runs for real.
      'extensions.webextOptionalPermissionPrompts': false,
    },
  });
  await browser.installExtension(build);

  // Firefox ESR 140's remote agent cannot open a tab once the tab it last selected was closed
  // ("TabManager.getTabBrowser(...) is undefined"); selecting the start tab first gives it one,
  // and the new tab is then selected so that it renders (a background tab gets no frames).
  const [startTab] = await browser.pages();
  async function newTab(): Promise<Page> {
    await startTab?.bringToFront();
    const page = await browser.newPage();
    await page.bringToFront();
    return page;
  }

  let dbPage: Page | undefined;
  const session: FirefoxSession = {
    browser,
    server,
    async page(url) {
      const page = await newTab();
      await page.goto(url, { waitUntil: 'load' });
      return page;
    },
    async extensionPage(path) {
      const url = `${EXTENSION_ORIGIN}${path.startsWith('/') ? path : `/${path}`}`;
      const page = await newTab();
      const frame = page.mainFrame() as Frame & { browsingContext: { navigate(url: string, wait: string): Promise<unknown> } };
      await frame.browsingContext.navigate(url, 'none');
      return loaded(page, url);
    },
    async dump<T>(store: string): Promise<T[]> {
      dbPage ??= await session.extensionPage('/options.html');
      return dbPage.evaluate(readStoreInPage, store) as Promise<T[]>;
    },
    async waitForRows<T>(store: string, check: (rows: T[]) => boolean, timeout = 10_000) {
      return poll(() => session.dump<T>(store), check, `rows in ${store}`, timeout);
    },
    async waitForExtensionTab(path, timeout = 10_000) {
      const prefix = `${EXTENSION_ORIGIN}${path}`;
      return poll(
        async () => {
          for (const page of await browser.pages()) {
            const href = await page.evaluate(() => location.href).catch(() => '');
            if (href.startsWith(prefix)) return page;
          }
          return undefined;
        },
        (page): page is Page => page !== undefined,
        `a tab at ${path}`,
        timeout,
      ) as Promise<Page>;
    },
    async close() {
      await browser.close();
      await server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
  return session;
}

/** The sidebar frame inside a host page (found by its own location, see above). */
export async function sidebarFrame(page: Page): Promise<Frame> {
  return poll(
    async () => {
      for (const frame of page.frames()) {
        const href = await hrefOf(frame).catch(() => '');
        if (href.startsWith(`${EXTENSION_ORIGIN}/sidebar.html`) && (await frame.evaluate(() => document.readyState)) === 'complete') return frame;
      }
      return undefined;
    },
    (frame): frame is Frame => frame !== undefined,
    'the sidebar frame',
  ) as Promise<Frame>;
}

/** Text of every element matching `selector` in a frame or page. */
export function texts(target: Frame | Page, selector: string): Promise<string[]> {
  return target.$$eval(selector, (els) => els.map((e) => (e.textContent ?? '').trim()));
}

/** One Firefox session for a `describe` block. */
export function withFirefox(use: (s: FirefoxSession) => void): void {
  let session: FirefoxSession | undefined;
  beforeAll(async () => {
    session = await launchFirefox();
  });
  beforeEach(() => {
    if (session) use(session);
  });
  afterAll(async () => {
    await session?.close();
  });
}

/**
 * A real click (the browser's own pointer input, so the page sees a trusted event) on `selector`
 * in `target`, the page itself or a frame in it. Aimed from coordinates, not from puppeteer's
 * locators, which Firefox ESR 140 cannot resolve inside a frame (no "context" node locator) and
 * which wait for frames a headless tab may not give. A frame's offset in its page is the
 * difference of their positions on the screen (Firefox's `mozInnerScreenX/Y`).
 */
export async function realClick(page: Page, target: Frame | Page, selector: string): Promise<void> {
  await page.bringToFront();
  const handle = await target.waitForSelector(selector, { visible: true });
  if (!handle) throw new Error(`Nothing matches ${selector}`);
  const at = await handle.evaluate((el) => {
    el.scrollIntoView({ block: 'center' });
    const r = el.getBoundingClientRect();
    const w = window as unknown as { mozInnerScreenX: number; mozInnerScreenY: number };
    return { x: r.left + r.width / 2, y: r.top + r.height / 2, sx: w.mozInnerScreenX, sy: w.mozInnerScreenY };
  });
  await handle.dispose();
  const top =
    target === page
      ? at
      : await page.evaluate(() => {
          const w = window as unknown as { mozInnerScreenX: number; mozInnerScreenY: number };
          return { sx: w.mozInnerScreenX, sy: w.mozInnerScreenY };
        });
  await page.mouse.click(at.x + at.sx - top.sx, at.y + at.sy - top.sy);
}
