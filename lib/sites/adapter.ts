/**
 * The contract between a site adapter and the content script that runs it. An adapter watches
 * one kind of page and hands what it finds to the outbox; the host (lib/content/boot.ts) gives
 * it the page, the outbox, a way to report what the page shows, and a signal that stops it.
 */
import type { PageContext } from '../capture/events';
import type { Outbox } from '../capture/outbox';
import type { SiteId } from '../model';

export interface AdapterEnv {
  doc: Document;
  win: Window;
  site: SiteId;
  outbox: Outbox;
  /** Aborts when the content script is invalidated: every listener, observer and timer stops. */
  signal: AbortSignal;
  /** Report what the page shows now; the sidebar follows it. */
  report(context: Omit<PageContext, 'site' | 'url'> & { url?: string }): void;
}

export type Adapter = (env: AdapterEnv) => void;
