/** The page as a whole: which view it shows, and what of it can be read. */
import { detectView, findPreviewPane } from './route';
import { type ListParsed, parseListRows } from './list';
import * as SEL from './selectors';
import { drain, parseThreadSteps, type ThreadParsed } from './thread';

/** What one look at the page gives: the open thread, the list rows, or why neither can be read. */
export type PageRead =
  | { kind: 'other' }
  | { kind: 'unrecognised' }
  | { kind: 'paused'; reason: string }
  | { kind: 'read'; view: 'thread' | 'list'; thread?: ThreadParsed; list?: ListParsed };

/**
 * Reads whatever the page shows. With the reading pane (right or below) the list and an open
 * thread are on screen together, whether the hash names the thread (`#inbox/<token>`) or the list
 * (`#inbox`): both are read. Rows on screen that cannot be read pause capture on a list route;
 * beside an open thread they leave the thread's capture alone.
 */
export function readPage(doc: ParentNode, locationHash: string): PageRead {
  return drain(readPageSteps(doc, locationHash));
}

/** `readPage` in steps (see `parseThreadSteps`): a caller may pause between them. */
export function* readPageSteps(doc: ParentNode, locationHash: string): Generator<void, PageRead> {
  const view = detectView(doc, locationHash);
  if (view === 'other' || view === 'unrecognised') return { kind: view };
  if (view === 'thread') {
    const thread = yield* parseThreadSteps(doc);
    if (!thread.ok) return { kind: 'paused', reason: `missing ${thread.failed}` };
    const list = doc.querySelector(SEL.listRow) ? parseListRows(doc) : undefined;
    return { kind: 'read', view, thread, ...(list?.ok ? { list } : {}) };
  }
  const list = parseListRows(doc);
  if (!list.ok) return { kind: 'paused', reason: `missing ${list.failed}` };
  // Rows on screen, none of them readable: that is not "nothing to capture".
  if (list.rows.length === 0 && list.waiting > 0) return { kind: 'paused', reason: 'list rows not recognised' };
  const pane = findPreviewPane(doc);
  const thread = pane ? yield* parseThreadSteps(pane) : undefined;
  return { kind: 'read', view, list, ...(thread?.ok ? { thread } : {}) };
}
