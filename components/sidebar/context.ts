/**
 * The sidebar's view of its page: what the content script of its tab reported, and the answers
 * to the reads it shows, kept live by the background. Both arrive over one port to the
 * background (lib/sidebar-link.ts), the same way in Chrome and Firefox. The port closes when an
 * MV3 service worker or a Firefox event page goes idle; the sidebar connects again at once and
 * asks for its reads again (that wakes the background, which sends the current context and
 * answers).
 */
import { signal, type ReadonlySignal } from '@preact/signals';
import { browser } from 'wxt/browser';
import type { PageContext } from '../../lib/capture/events';
import type { ReadArgs, ReadName, ReadResult } from '../../lib/protocol';
import { SIDEBAR_PORT, type SidebarHello, type SidebarReadRequest, type SidebarUpdate } from '../../lib/sidebar-link';

export interface PageLink {
  /** undefined until the background answered; then what the tab's content script last reported. */
  context: ReadonlySignal<PageContext | undefined>;
  /** The origin of the page the tab shows, as the background last said (see SidebarUpdate). */
  tabOrigin: ReadonlySignal<string | undefined>;
  /**
   * Keep a read live: `listener` hears its answer (at once when another part of the sidebar
   * already has it) and each new one; the background answers again only when what the read
   * looked at changed. Returns the function that stops listening.
   */
  read<K extends ReadName>(name: K, args: ReadArgs<K>, listener: (value: ReadResult<K>) => void): () => void;
  /** The last answer to this read, if some part of the sidebar keeps it live. */
  cached<K extends ReadName>(name: K, args: ReadArgs<K>): ReadResult<K> | undefined;
  dispose(): void;
}

interface LiveRead {
  id: number;
  name: ReadName;
  args: unknown;
  answered: boolean;
  value: unknown;
  listeners: Set<(value: never) => void>;
}

/**
 * The reads the sidebar shows, shared: two parts showing the same read ask the background once.
 * `send` reaches the background when connected; `resend` asks for every read again after a
 * reconnect (a restarted background knows none of them).
 */
export function createReadBook(send: (request: SidebarReadRequest) => void) {
  const byKey = new Map<string, LiveRead>();
  const byId = new Map<number, LiveRead>();
  let nextId = 1;
  const keyOf = (name: ReadName, args: unknown) => `${name}:${JSON.stringify(args)}`;
  return {
    read<K extends ReadName>(name: K, args: ReadArgs<K>, listener: (value: ReadResult<K>) => void): () => void {
      const key = keyOf(name, args);
      let r = byKey.get(key);
      if (!r) {
        r = { id: nextId++, name, args, answered: false, value: undefined, listeners: new Set() };
        byKey.set(key, r);
        byId.set(r.id, r);
        send({ sub: { id: r.id, name, args } });
      } else if (r.answered) listener(r.value as ReadResult<K>);
      const live = r;
      live.listeners.add(listener as (value: never) => void);
      return () => {
        live.listeners.delete(listener as (value: never) => void);
        if (live.listeners.size > 0 || byKey.get(key) !== live) return;
        byKey.delete(key);
        byId.delete(live.id);
        send({ unsub: live.id });
      };
    },
    cached<K extends ReadName>(name: K, args: ReadArgs<K>): ReadResult<K> | undefined {
      return byKey.get(keyOf(name, args))?.value as ReadResult<K> | undefined;
    },
    /** An answer from the background; one for a read no longer shown is dropped. */
    answer(id: number, value: unknown): void {
      const r = byId.get(id);
      if (!r) return;
      r.answered = true;
      r.value = value;
      for (const listener of [...r.listeners]) listener(value as never);
    },
    resend(): void {
      for (const r of byId.values()) send({ sub: { id: r.id, name: r.name, args: r.args } });
    },
  };
}

/** Whether this page is shown on its own (the browser's side panel), not framed in a web page. */
export function inSidePanel(): boolean {
  try {
    return window.top === window;
  } catch {
    return false;
  }
}

export function createPageLink(): PageLink {
  const context = signal<PageContext | undefined>(undefined);
  const tabOrigin = signal<string | undefined>(undefined);
  let disposed = false;
  let port: ReturnType<typeof browser.runtime.connect> | undefined;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let backoff = 0;
  const reads = createReadBook((request) => {
    try {
      port?.postMessage(request);
    } catch {
      // The port closed in between: the reconnect asks for every read again.
    }
  });

  const open = async () => {
    if (disposed || !browser.runtime?.id) return; // the extension was updated or removed
    const hello: SidebarHello = {};
    if (inSidePanel() && browser.windows) hello.panelWindowId = (await browser.windows.getCurrent()).id;
    if (disposed) return;
    const p = browser.runtime.connect({ name: SIDEBAR_PORT });
    port = p;
    p.onMessage.addListener((message: unknown) => {
      const update = message as SidebarUpdate;
      backoff = 0;
      if (update.ctx !== undefined) {
        tabOrigin.value = update.tabOrigin ?? undefined;
        context.value = update.ctx ?? undefined;
      }
      // A failed read keeps what it showed; the next change of what it reads tries again.
      if (update.read && update.read.error === undefined) reads.answer(update.read.id, update.read.value);
    });
    p.onDisconnect.addListener(() => {
      if (port !== p || disposed) return;
      port = undefined;
      // At once after an idle background stopped; slower if the background keeps refusing.
      retry = setTimeout(() => void open(), backoff);
      backoff = Math.min(Math.max(backoff * 2, 100), 10_000);
    });
    p.postMessage(hello);
    reads.resend();
  };
  void open();
  return {
    context,
    tabOrigin,
    read: reads.read,
    cached: reads.cached,
    dispose() {
      disposed = true;
      clearTimeout(retry);
      port?.disconnect();
    },
  };
}

let shared: PageLink | undefined;

/** The page's one link (the sidebar and its reads share it). */
export function pageLink(): PageLink {
  shared ??= createPageLink();
  return shared;
}
