/**
 * The open conversation: its ids and subject, and every rendered message — expanded ones with
 * their recipients, collapsed ones with sender and date (see `collapsed.ts` for items without an
 * id and the "N older messages" bar).
 */
import type { EmailSeen, Party } from '../../capture/events';
import { provisionalMessage } from './collapsed';
import { all, attr, type Failed, first, inHeader, inHeaderOf, partyOf, present, pushParty, safely, senderOf, stripHash, text } from './common';
import { chooseMessageInstant } from './dates';
import { squash } from '../dom';
import * as SEL from './selectors';

export interface ThreadParsed {
  ok: true;
  threadId: string;
  legacyThreadId?: string;
  subject: string;
  messages: EmailSeen[];
  /** Rendered messages whose date could not be read (not emitted). */
  waiting: number;
  /** Messages hidden in collapsed "N older messages" groups (not rendered, not emitted). */
  hiddenCount: number;
}

/**
 * What a details-table row holds (`from`, `to`, `cc`, …), whatever the interface language. The
 * few labels a thread shows repeat in every message: each distinct text is read once, by going
 * through the 19 known words, instead of building a table of them when the script starts (most
 * pages never show a details table).
 */
function detailsLabelOf(cell: Element): Label | undefined {
  const raw = cell.textContent ?? '';
  if (!readLabels.has(raw)) {
    if (readLabels.size > 99) readLabels.clear();
    readLabels.set(raw, detailsLabel(squash(raw).toLowerCase().replace(/\s*[:：]$/, '')));
  }
  return readLabels.get(raw);
}
type Label = keyof typeof SEL.detailsLabels;
/** The label a details-table word (lower case, colon dropped) names; no word names two. */
export const detailsLabel = (word: string): Label | undefined =>
  (Object.keys(SEL.detailsLabels) as Label[]).find((key) => (SEL.detailsLabels[key] as readonly string[]).includes(word));
const readLabels = new Map<string, Label | undefined>();

interface Recipients {
  to: Party[];
  cc: Party[];
}

/**
 * Recipients of an expanded message. With the details table: rows labelled `to:` and `cc:`
 * (`bcc:` of a sent message is ignored: EmailSeen has no bcc), plus any header recipient the
 * table lacks (to `to`). Without it: every header recipient goes to `to`. `table` is the item's
 * first details table, if any.
 */
function recipientsOf(item: Element, table: Element | null): Recipients {
  const to: Party[] = [];
  const cc: Party[] = [];
  const seen = new Set<string>();
  const read = new Set<Element>();
  // The table's row labels and their addresses in page order, in one query: an address belongs
  // to the label before it. Rows labelled date:, subject:, mailed-by: … hold no address we read.
  // A label cell carries no address: the one read of an address tells the two apart. A label is
  // read only when an address follows it.
  let cell: Element | undefined;
  let label: Label | undefined;
  for (const el of table?.querySelectorAll(SEL.detailsCells) ?? []) {
    const raw = el.getAttribute('email');
    if (raw === null) {
      cell = el;
      continue;
    }
    read.add(el);
    if (cell) label = detailsLabelOf(cell);
    cell = undefined;
    const p = label && partyOf(el, raw);
    if (!p) continue;
    seen.add(p.email);
    if (label === 'to') pushParty(to, p);
    else if (label === 'cc') pushParty(cc, p);
  }
  for (const el of item.querySelectorAll(SEL.recipient)) {
    if (read.has(el) || !inHeaderOf(el, item)) continue;
    const p = partyOf(el);
    if (!p) continue;
    if (seen.has(p.email)) {
      // Same person in the header: only fill in a missing name.
      const q = to.find((x) => x.email === p.email) ?? cc.find((x) => x.email === p.email);
      if (q && !q.name && p.name) q.name = p.name;
      continue;
    }
    pushParty(to, p);
    seen.add(p.email);
  }
  return { to, cc };
}

/**
 * Reads a thread view. `root` may be the document, `[role=main]`, or a preview pane.
 * Messages whose date cannot be read are counted in `waiting`; hidden ones in `hiddenCount`.
 */
export function parseThread(root: ParentNode): ThreadParsed | Failed {
  return drain(parseThreadSteps(root));
}

/** Runs a stepwise read to its end at once. */
export function drain<T>(steps: Generator<void, T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Messages read, by their ids, thread and subject, and whether they were open and showed the details table. */
const known = new Map<string, EmailSeen>();

/**
 * Forget every message read, so the next read reads each one from the page. For tests and the
 * fuzz, where copies of one page differ under the same ids; the content script never calls it.
 */
export function forgetReadMessages(): void {
  known.clear();
}

/** How many messages a step of `parseThreadSteps` reads before it pauses. */
const STEP = 20;

/**
 * `parseThread` in steps: it pauses (yields) after every 20 messages, so a long conversation can
 * be read across several tasks instead of holding the page up in one. Never throws.
 */
export function* parseThreadSteps(root: ParentNode): Generator<void, ThreadParsed | Failed> {
  const steps = parseThreadUnsafe(root);
  for (;;) {
    const r = safely(() => steps.next(), 'thread');
    if ('ok' in r) return r;
    if (r.done) return r.value;
    yield;
  }
}

function* parseThreadUnsafe(root: ParentNode): Generator<void, ThreadParsed | Failed> {
  const h2 = first(root, SEL.threadSubject);
  if (!h2) return { ok: false, failed: 'threadSubject' };
  const legacyThreadId = attr(h2, 'data-legacy-thread-id');
  const permId = stripHash(attr(h2, 'data-thread-perm-id'));
  const threadId = permId ?? (legacyThreadId ? `legacy:${legacyThreadId}` : undefined);
  if (!threadId) return { ok: false, failed: 'threadSubject[data-thread-perm-id|data-legacy-thread-id]' };
  const subject = text(h2);

  // Messages with an id, and collapsed items that show none (sender and date only), in page order;
  // in the same look, the "N older messages" bars and the hidden items outside them (a `.kQ`
  // wrapping a bar is the bar, not a message). An element with a message id is a message, whose
  // id is read once, here.
  const ids = new Map<Element, string>();
  let fromBars = 0;
  let hiddenItems = 0;
  const units = all(root, `${SEL.message}, ${SEL.messageCollapsed}, ${SEL.collapsedGroup}, ${SEL.messageHidden}`).filter((el) => {
    const id = el.getAttribute('data-message-id');
    if (id !== null) return ids.set(el, id);
    // The bar's number is its first integer.
    if (el.matches(SEL.collapsedGroup)) fromBars += Number(/\d+/.exec(text(el.querySelector(SEL.collapsedGroupCount) ?? el))?.[0] ?? 0);
    // What is neither a bar nor hidden is a collapsed item.
    else if (!el.matches(SEL.messageHidden)) return el.querySelector(SEL.message) === null;
    else if (!el.closest(SEL.collapsedGroup) && !el.querySelector(SEL.collapsedGroup)) hiddenItems++;
    return false;
  });
  if (units.length === 0) return { ok: false, failed: 'message' };

  const messages: EmailSeen[] = [];
  const read = new Set<string>();
  let waiting = 0;
  let outer: Element | undefined;
  let n = 0;
  for (const el of units) {
    if (++n % STEP === 0) yield;
    if (!ids.has(el)) {
      const m = provisionalMessage(el, threadId, subject, legacyThreadId);
      if (m && !read.has(m.messageId)) {
        read.add(m.messageId);
        messages.push(m);
      } else if (!m) waiting++;
      continue;
    }
    // A nested [data-message-id] (should not happen) would be read twice: skip inner ones. In page
    // order an outer message comes before what it holds.
    if (outer?.contains(el)) continue;
    outer = el;
    const messageId = stripHash(present(ids.get(el)));
    if (!messageId || read.has(messageId)) continue;
    // Header fields may sit beside the `.adn` element inside the same list item.
    const item = el.closest(SEL.messageItem);
    if (item?.matches(SEL.messageHidden)) continue;
    read.add(messageId);
    if (!item) {
      waiting++;
      continue;
    }
    const legacyMessageId = attr(el, 'data-legacy-message-id');
    const expanded = item.matches(SEL.messageExpanded);
    // A message read before is the same unless one of these changed: its sender, date and
    // recipients do not change under its id (a route back to the conversation reads it again).
    const table = expanded ? item.querySelector(SEL.detailsTable) : null;
    const key = [messageId, legacyMessageId, threadId, legacyThreadId, subject, expanded, !table].join();
    const before = known.get(key);
    if (before) {
      messages.push(before);
      continue;
    }
    const from = senderOf(item, SEL.sender);
    const dateEl = inHeader(item, SEL.messageDate).next().value;
    const at = chooseMessageInstant(dateEl?.getAttribute('title'), legacyMessageId, messageId);
    if (!from || at === undefined) {
      waiting++;
      continue;
    }
    const { to, cc } = expanded ? recipientsOf(item, table) : { to: [], cc: [] };
    const msg: EmailSeen = {
      kind: 'email',
      messageId,
      threadId,
      subject,
      from,
      to,
      cc,
      at,
      expanded,
    };
    if (legacyMessageId) msg.legacyMessageId = legacyMessageId;
    if (legacyThreadId) msg.legacyThreadId = legacyThreadId;
    // An open message read before its recipients were filled in is read again next time. At most
    // a thousand are kept.
    if ((!expanded || to[0] || cc[0]) && known.set(key, msg).size > 999) known.clear();
    messages.push(msg);
  }
  const hiddenCount = Math.max(fromBars, hiddenItems);
  const threadTotal = messages.length + waiting + hiddenCount;
  // Only when some are hidden is the total worth saying: every message then carries it (on a copy:
  // what was read is kept as it was read).
  const result: ThreadParsed = {
    ok: true,
    threadId,
    subject,
    messages: threadTotal > messages.length ? messages.map((m) => ({ ...m, threadTotal })) : messages,
    waiting,
    hiddenCount,
  };
  if (legacyThreadId) result.legacyThreadId = legacyThreadId;
  return result;
}
