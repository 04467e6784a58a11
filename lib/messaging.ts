/**
 * The one typed message protocol between content scripts, extension pages and the background.
 *
 * The background is the single writer: it serves `Api` (lib/background/api.ts); everyone else
 * calls `call('name', args)` and gets a typed answer. Errors travel back as values, so a
 * failed action surfaces as a rejected promise with the background's message, never as a
 * silent `undefined`.
 */
import { browser, type Browser } from 'wxt/browser';
import type { Api } from './background/api';

export type ApiName = keyof Api;
export type ArgsOf<K extends ApiName> = Parameters<Api[K]>[0];
export type ResultOf<K extends ApiName> = Awaited<ReturnType<Api[K]>>;

interface Request {
  dd: 1;
  name: ApiName;
  args: unknown;
}
type Reply = { ok: true; value: unknown } | { ok: false; error: string };

/** Where a request came from, as the browser reports it. */
export interface Sender {
  tabId?: number;
  frameId?: number;
  url?: string;
}

export async function call<K extends ApiName>(name: K, args: ArgsOf<K>): Promise<ResultOf<K>> {
  const reply = (await browser.runtime.sendMessage({ dd: 1, name, args } satisfies Request)) as Reply | undefined;
  if (!reply) throw new Error(`No answer from the background for "${name}".`);
  if (!reply.ok) throw new Error(reply.error);
  return reply.value as ResultOf<K>;
}

function isRequest(message: unknown): message is Request {
  return typeof message === 'object' && message !== null && (message as Request).dd === 1;
}

export type Handlers = { [K in ApiName]: (args: ArgsOf<K>, sender: Sender) => Promise<ResultOf<K>> | ResultOf<K> };

/**
 * What a content script may ask for. Content scripts run inside Gmail and CRM pages, next to
 * page code we do not control; everything else (reads, backups, settings, deal actions) is
 * for the extension's own pages only.
 */
export const CONTENT_SCRIPT_REQUESTS: ReadonlySet<ApiName> = new Set<ApiName>(['capture']);

/** Whether a sender is one of the extension's own pages (popup, options, sidebar frame, …). */
export function isExtensionPage(senderUrl: string | undefined, extensionOrigin: string): boolean {
  return senderUrl !== undefined && senderUrl.startsWith(extensionOrigin);
}

/** Serve the API in the background. Unknown messages are left for other listeners. */
export function serve(handlers: Handlers): void {
  const origin = browser.runtime.getURL('/');
  browser.runtime.onMessage.addListener((message: unknown, sender: Browser.runtime.MessageSender) => {
    if (!isRequest(message)) return undefined;
    if (sender.id !== browser.runtime.id) return undefined;
    if (!isExtensionPage(sender.url, origin) && !CONTENT_SCRIPT_REQUESTS.has(message.name)) {
      return Promise.resolve({ ok: false, error: `"${String(message.name)}" is not available to page scripts.` } satisfies Reply);
    }
    const handler = Object.hasOwn(handlers, message.name) ? (handlers[message.name] as (args: unknown, s: Sender) => unknown) : undefined;
    if (!handler) return Promise.resolve({ ok: false, error: `Unknown request "${String(message.name)}".` } satisfies Reply);
    const from: Sender = { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url };
    return Promise.resolve()
      .then(() => handler(message.args, from))
      .then(
        (value): Reply => ({ ok: true, value: value ?? null }),
        (error: unknown): Reply => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}
