/**
 * Everything an end-to-end test needs, in one place: Chromium discovery, a fixture server over
 * HTTPS answering for the real host names, the built extension loaded into a fresh profile,
 * reading what really landed in the extension's IndexedDB, stopping its service worker, and
 * a watch on network requests.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { AddressInfo } from 'node:net';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const FIXTURES = join(ROOT, 'tests/fixtures');
export const PROD_BUILD = join(ROOT, '.output/chrome-mv3');
export const TEST_BUILD = join(ROOT, '.output/chrome-mv3-test');
export const INSTALL_CHROMIUM = 'sudo apt-get install -y chromium';

/** The hosts the fixture server answers for; the manifest's real match patterns apply to them. */
export const HOSTS = {
  gmail: 'mail.google.com',
  hubspot: 'app.hubspot.com',
  salesforce: 'debrief-demo.lightning.force.com',
  pipedrive: 'debrief-demo.pipedrive.com',
  other: 'example-crm.test',
  /** A CRM host a rep adds on the options page (the test build holds its permission). */
  custom: 'crm.example-crm.test',
  /** Another company's Pipedrive: anyone can register one, and its pages run our content script. */
  pipedriveOther: 'evil.pipedrive.com',
} as const;

/** Whose records the fixture pages show: the HubSpot portal in their URLs, the Salesforce My Domain, the Pipedrive company. */
export const TENANTS = { hubspot: '4411', salesforce: 'debrief-demo', pipedrive: 'debrief-demo' } as const;

/** The stored id of a fixture's deal: `<crm>:<tenant>:<id>`. */
export function dealKey(site: keyof typeof TENANTS, crmId: string): string {
  return `${site}:${TENANTS[site]}:${crmId}`;
}

export function chromiumPath(): string {
  const path = process.env.CHROME_PATH || '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(`Chromium not found at ${path}. Install it with:\n  ${INSTALL_CHROMIUM}\n(or set CHROME_PATH)`);
  }
  return path;
}

function certificate(dir: string): { key: Buffer; cert: Buffer } {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const san = Object.values(HOSTS)
    .map((h) => `DNS:${h}`)
    .join(',');
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '2', '-subj', '/CN=deal-debrief-fixtures', '-addext', `subjectAltName=${san}`],
    { stdio: 'ignore' },
  );
  return { key: readFileSync(keyPath), cert: readFileSync(certPath) };
}

export interface Route {
  host: string;
  path: string;
  /** A fixture file under tests/fixtures, or literal HTML. */
  file?: string;
  html?: string;
}

export interface FixtureServer {
  port: number;
  /** Serve a page at https://<host><path>. Later routes for the same URL replace earlier ones. */
  route(route: Route): void;
  url(host: string, path: string): string;
  /** Every request the server answered: `host + path`. */
  requests: string[];
  close(): Promise<void>;
}

export async function startFixtureServer(certDir: string): Promise<FixtureServer> {
  const routes = new Map<string, Route>();
  const requests: string[] = [];
  const server: Server = createServer(certificate(certDir), (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const path = new URL(req.url ?? '/', `https://${host}`).pathname;
    requests.push(`${host}${path}`);
    const route = routes.get(`${host}${path}`);
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not a fixture');
      return;
    }
    const body = route.html ?? readFileSync(join(FIXTURES, route.file ?? ''), 'utf8');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    requests,
    route(route) {
      routes.set(`${route.host}${route.path}`, route);
    },
    url: (host, path) => `https://${host}${path}`,
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export interface Session {
  context: BrowserContext;
  server: FixtureServer;
  extensionId: string;
  /** Requests the browser made that did not go to a fixture page or the extension itself. */
  foreignRequests: string[];
  /** Whether installing the extension opened its onboarding page. */
  onboardingOpened: boolean;
  serviceWorker(): Promise<Worker>;
  page(url: string): Promise<Page>;
  extensionPage(path: string): Promise<Page>;
  /** Every row of an object store of the extension's database, read in the extension's origin. */
  dump<T = Record<string, unknown>>(store: string): Promise<T[]>;
  /** Poll `dump` until `check` is true (or fail after `timeout`). */
  waitForRows<T = Record<string, unknown>>(store: string, check: (rows: T[]) => boolean, timeout?: number): Promise<T[]>;
  /** Call the background's API from an extension page, as the sidebar or popup would. */
  call<T = unknown>(name: string, args: unknown): Promise<T>;
  /** Stop the extension's service worker as Chrome does when idle; true once CDP saw it stopped. */
  stopServiceWorker(): Promise<boolean>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  build?: string;
  timeZone?: string;
  /**
   * A browser profile directory to use and keep (default: a fresh one, deleted on close). A
   * second launch on the same one is the browser starting again with the extension installed.
   */
  profile?: string;
}

/** The onboarding tab the install opens; undefined only if none appears within a generous bound. */
async function waitForOnboarding(context: BrowserContext): Promise<Page | undefined> {
  const isOnboarding = (p: Page) => p.url().includes('/onboarding.html');
  const deadline = Date.now() + 30_000;
  for (;;) {
    const found = context.pages().find(isOnboarding);
    if (found) return found;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    // A new tab may still be on about:blank when it is announced: look at the URLs again shortly.
    await new Promise((r) => setTimeout(r, Math.min(100, left)));
  }
}

/**
 * Chromium's flags for tests and benchmarks: the one extension loaded (or none), no background
 * networking, and every fixture host name answered by the fixture server on `port`.
 */
export function chromiumArgs(extension: string | undefined, port: number, extra: readonly string[] = []): string[] {
  const rules = Object.values(HOSTS)
    .map((h) => `MAP ${h} 127.0.0.1:${port}`)
    .join(', ');
  return [
    ...(extension ? [`--disable-extensions-except=${resolve(extension)}`, `--load-extension=${resolve(extension)}`] : ['--disable-extensions']),
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    ...extra,
    `--host-resolver-rules=${rules}, EXCLUDE localhost`,
    '--ignore-certificate-errors',
  ];
}

/** Launch headless Chromium with the built extension and a fixture server behind the real host names. */
export async function launch(options: LaunchOptions = {}): Promise<Session> {
  const build = options.build ?? PROD_BUILD;
  if (!existsSync(join(build, 'manifest.json'))) throw new Error(`No built extension at ${build}: run npm run build first.`);
  const executablePath = chromiumPath();
  const work = mkdtempSync(join(tmpdir(), 'deal-debrief-e2e-'));
  const server = await startFixtureServer(work);
  const restart = options.profile !== undefined && existsSync(options.profile);
  const context = await chromium.launchPersistentContext(options.profile ?? join(work, 'profile'), {
    executablePath,
    headless: true,
    ignoreHTTPSErrors: true,
    timezoneId: options.timeZone ?? 'Europe/Berlin',
    locale: 'en-US',
    viewport: { width: 1400, height: 900 },
    args: chromiumArgs(build, server.port),
    env: { ...process.env, TZ: options.timeZone ?? 'Europe/Berlin' },
  });

  const fixtureHosts = new Set<string>(Object.values(HOSTS));
  const foreignRequests: string[] = [];
  context.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol === 'chrome-extension:' || url.protocol === 'data:' || url.protocol === 'blob:') return;
    // Anything the extension itself asks for (its service worker or one of its pages) is
    // foreign, whatever the host: it makes no network request of its own.
    let fromExtension = request.serviceWorker() !== null;
    try {
      fromExtension ||= request.frame().url().startsWith('chrome-extension://');
    } catch {
      // Requests of a service worker have no frame.
    }
    if (!fromExtension && url.protocol === 'https:' && fixtureHosts.has(url.hostname)) return;
    foreignRequests.push(`${fromExtension ? 'extension' : 'page'} → ${request.url()}`);
  });

  let worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker', { timeout: 15_000 }));
  const extensionId = new URL(worker.url()).host;
  // The first install opens the onboarding tab (a fresh profile is always a first install): wait
  // until it is there, however long a busy machine takes to run the install handler, then close
  // it; tests open what they need. A tab that showed up later would land in the middle of a test.
  const onboarding = restart ? undefined : await waitForOnboarding(context);
  const onboardingOpened = onboarding !== undefined;
  await onboarding?.close();

  let dbPage: Page | undefined;
  const session: Session = {
    context,
    server,
    extensionId,
    foreignRequests,
    onboardingOpened,
    async serviceWorker() {
      const current = context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`));
      if (current) worker = current;
      return worker;
    },
    async page(url) {
      const page = await context.newPage();
      await page.goto(url);
      return page;
    },
    async extensionPage(path) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}${path.startsWith('/') ? path : `/${path}`}`);
      return page;
    },
    async dump<T>(store: string): Promise<T[]> {
      if (!dbPage || dbPage.isClosed()) dbPage = await session.extensionPage('/options.html');
      return dbPage.evaluate(readStoreInPage, store) as Promise<T[]>;
    },
    async waitForRows<T>(store: string, check: (rows: T[]) => boolean, timeout = 10_000): Promise<T[]> {
      const until = Date.now() + timeout;
      let rows: T[] = [];
      while (Date.now() < until) {
        rows = await session.dump<T>(store);
        if (check(rows)) return rows;
        await new Promise((r) => setTimeout(r, 150));
      }
      throw new Error(`Timed out waiting for ${store}; last saw ${rows.length} rows: ${JSON.stringify(rows).slice(0, 1500)}`);
    },
    async call<T>(name: string, args: unknown): Promise<T> {
      if (!dbPage || dbPage.isClosed()) dbPage = await session.extensionPage('/options.html');
      const reply = await dbPage.evaluate(
        ([n, a]) =>
          (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean; value?: unknown; error?: string }> } } }).chrome.runtime.sendMessage({ dd: 1, name: n, args: a }),
        [name, args] as const,
      );
      if (!reply?.ok) throw new Error(`${name} failed: ${reply?.error ?? 'no answer'}`);
      return reply.value as T;
    },
    async stopServiceWorker() {
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      let stopped = false;
      cdp.on('ServiceWorker.workerVersionUpdated', (e: { versions: { scriptURL: string; runningStatus: string }[] }) => {
        if (e.versions.some((v) => v.scriptURL.startsWith(`chrome-extension://${extensionId}/`) && v.runningStatus === 'stopped')) stopped = true;
      });
      await cdp.send('ServiceWorker.enable');
      await cdp.send('ServiceWorker.stopAllWorkers');
      for (let waited = 0; !stopped && waited < 3000; waited += 50) await new Promise((r) => setTimeout(r, 50));
      await cdp.detach();
      return stopped;
    },
    async close() {
      await context.close();
      await server.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
  return session;
}

/** A fixture page's expected extraction, stored beside it. */
/**
 * Every row of one object store of the extension's database, or none when the store does not
 * exist yet. Runs inside an extension page (passed to `evaluate`), so it closes over nothing.
 */
export function readStoreInPage(name: string): Promise<unknown[]> {
  return new Promise((ok, fail) => {
    const open = indexedDB.open('deal-debrief');
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const idb = open.result;
      if (!idb.objectStoreNames.contains(name)) {
        idb.close();
        ok([]);
        return;
      }
      const req = idb.transaction(name, 'readonly').objectStore(name).getAll();
      req.onsuccess = () => {
        idb.close();
        ok(req.result as unknown[]);
      };
      req.onerror = () => fail(req.error);
    };
  });
}

export function expected<T>(fixture: string): T {
  return JSON.parse(readFileSync(join(FIXTURES, fixture.replace(/\.html$/, '.expected.json')), 'utf8')) as T;
}

/** The sidebar iframe inside a host page (go by frame URL). */
export async function sidebarFrame(page: Page, extensionId: string) {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().startsWith(`chrome-extension://${extensionId}/sidebar.html`));
    if (frame) {
      await frame.waitForLoadState('domcontentloaded');
      return frame;
    }
    await page.waitForTimeout(100);
  }
  throw new Error('The sidebar frame did not appear.');
}

/**
 * One browser session for a `describe` block: launched before its tests, closed after them,
 * and — unless told otherwise — failing the block if the extension made a request of its own.
 * `use` receives the session before each test (to set the block's `s`, register routes).
 */
export function withSession(options: LaunchOptions & { checkRequests?: boolean }, use: (s: Session) => void): void {
  let session: Session | undefined;
  beforeAll(async () => {
    session = await launch(options);
  });
  beforeEach(() => {
    if (session) use(session);
  });
  afterAll(async () => {
    if (!session) return;
    if (options.checkRequests !== false) expect(session.foreignRequests).toEqual([]);
    await session.close();
  });
}

/**
 * The sidebar's collapse handle. The frame host's shadow root is closed, so neither the page nor
 * Playwright's selectors can reach into it; the DevTools protocol can (as DevTools shows closed
 * roots), and the click itself is a real mouse click at the handle's place on screen.
 */
export async function sidebarHandle(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  type DomNode = { nodeId: number; nodeName: string; attributes?: string[]; children?: DomNode[]; shadowRoots?: DomNode[]; contentDocument?: DomNode };
  const attrs = (n: DomNode) => {
    const out: Record<string, string> = {};
    for (let i = 0; i + 1 < (n.attributes ?? []).length; i += 2) out[n.attributes![i]!] = n.attributes![i + 1]!;
    return out;
  };
  const find = (n: DomNode, inHost: boolean): DomNode | undefined => {
    if (inHost && n.nodeName === 'BUTTON' && attrs(n).class?.split(' ').includes('handle')) return n;
    for (const c of [...(n.shadowRoots ?? []), ...(n.children ?? [])]) {
      const hit = find(c, inHost || n.nodeName === 'DEAL-DEBRIEF-SIDEBAR');
      if (hit) return hit;
    }
    return undefined;
  };
  const locate = async () => {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: DomNode };
      const node = find(root, false);
      if (node) return node;
      if (Date.now() > deadline) throw new Error('The sidebar handle did not appear.');
      await page.waitForTimeout(100);
    }
  };
  return {
    /** The handle's attributes as they are now (aria-label, aria-expanded, …). */
    async attributes() {
      return attrs(await locate());
    },
    async click() {
      const node = await locate();
      const { model } = (await cdp.send('DOM.getBoxModel', { nodeId: node.nodeId })) as { model: { content: number[] } };
      const [x1, y1, , , x3, y3] = model.content as [number, number, number, number, number, number];
      await page.mouse.click((x1 + x3) / 2, (y1 + y3) / 2);
    },
    /** One property of the handle's computed style (the closed shadow root hides it from the page). */
    async style(property: string) {
      const node = await locate();
      await cdp.send('CSS.enable');
      const { computedStyle } = (await cdp.send('CSS.getComputedStyleForNode', { nodeId: node.nodeId })) as { computedStyle: { name: string; value: string }[] };
      return computedStyle.find((p) => p.name === property)?.value;
    },
    detach: () => cdp.detach(),
  };
}
