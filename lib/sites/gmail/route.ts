/**
 * Which view the page shows: the hash route, whether Gmail is still loading, the preview pane,
 * and the container to observe for new messages.
 */
import { first } from './common';
import * as SEL from './selectors';
import { LIST_ROUTES } from './selectors';

export type GmailView = 'thread' | 'list' | 'other' | 'unrecognised';

/** What the hash alone says the page should show. The hash token is NOT a thread id. */
export function routeKind(locationHash: string): 'thread' | 'list' | 'other' {
  const h = locationHash.replace(/^#/, '').split('?')[0] ?? '';
  const parts = h.split('/').filter(Boolean);
  const head = parts[0] ?? 'inbox';
  const arity = LIST_ROUTES[head];
  if (arity === undefined) return 'other';
  const extra = parts.slice(1 + arity);
  if (extra.length === 0) return 'list';
  // `#inbox/p2` is page 2 of the list; anything else after the list's own segments is a thread.
  return extra.length === 1 && /^p\d+$/.test(extra[0] ?? '') ? 'list' : 'thread';
}

/** No `[role=main]` yet: Gmail is still loading (InboxSDK waits for it). */
export function isLoading(doc: ParentNode): boolean {
  return doc.querySelector(SEL.main) === null;
}

/**
 * Which view the page shows. A route that should show a thread (list) whose DOM has no thread
 * subject or messages (no list container or rows) is `unrecognised`: capture pauses. While Gmail
 * is loading (`isLoading`) it is `unrecognised` too — callers re-check on mutations and should
 * only surface "paused" when it lasts.
 * In preview-pane mode a list route with an open thread returns `list`; call `parseThread` on
 * `findPreviewPane(doc)` as well.
 */
export function detectView(doc: ParentNode, locationHash: string): GmailView {
  const kind = routeKind(locationHash);
  if (kind === 'other') return 'other';
  const main = doc.querySelector(SEL.main);
  if (!main) return 'unrecognised';
  if (kind === 'thread') {
    const hasSubject = first(main, SEL.threadSubject) !== null;
    // A conversation whose messages are all collapsed may show no message id at all.
    return hasSubject && main.querySelector(`${SEL.message}, ${SEL.messageCollapsed}`) ? 'thread' : 'unrecognised';
  }
  return main.querySelector(SEL.listContainer) || main.querySelector(SEL.listRow) ? 'list' : 'unrecognised';
}

export function findPreviewPane(doc: ParentNode): Element | null {
  return doc.querySelector(SEL.previewPane);
}

/**
 * The element to observe (childList, subtree) for new or expanded messages: the parent of the
 * first message item (InboxSDK), else the dated thread containers, else `[role=main]`.
 */
export function findThreadContainer(root: ParentNode): Element | null {
  const item = root.querySelector(SEL.messageItem);
  if (item?.parentElement) return item.parentElement;
  return first(root, SEL.threadContainer) ?? root.querySelector(SEL.main);
}
