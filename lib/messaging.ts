/**
 * Sending and serving the requests of the message contract (lib/protocol.ts), for the
 * extension pages and the background.
 *
 * The background is the single writer: it serves the handlers; everyone else calls
 * `call('name', args)` and gets a typed answer (lib/call.ts). Content scripts build the same
 * `call` on the browser's own API instead (lib/content/capture-client.ts).
 */
import { browser, type Browser } from 'wxt/browser';
import { createCall, type Reply, type Request } from './call';
import { mayCall, type Handlers, type Sender } from './protocol';

/** Ask the background. A request without arguments (`null` in the contract) may leave them out. */
export const call = createCall((message) => browser.runtime.sendMessage(message));

function isRequest(message: unknown): message is Request {
  return typeof message === 'object' && message !== null && (message as Request).dd === 1;
}

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
    const handler = Object.hasOwn(handlers, message.name) ? (handlers[message.name] as (args: unknown, s: Sender) => unknown) : undefined;
    if (!handler) return Promise.resolve({ ok: false, error: `Unknown request "${String(message.name)}".` } satisfies Reply);
    if (!mayCall(message.name, isExtensionPage(sender.url, origin) ? 'extension-page' : 'content-script')) {
      return Promise.resolve({ ok: false, error: `"${String(message.name)}" is not available to page scripts.` } satisfies Reply);
    }
    const from: Sender = { tabId: sender.tab?.id, frameId: sender.frameId, url: sender.url };
    return Promise.resolve()
      .then(() => handler(message.args, from))
      .then(
        (value): Reply => ({ ok: true, value: value ?? null }),
        (error: unknown): Reply => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
  });
}
