/**
 * Pure Gmail parsers: a DOM root in, typed capture events out. No selectors here (they live in
 * `selectors.ts`), no HTML parsing of page text, no `Date.now()`, and nothing throws: missing structure comes
 * back as `{ ok: false, failed: '<selector name>' }`.
 */
import type { EmailSeen, EmailSending, ListRowSeen, Party } from '../../capture/events';
import { LIST_ROUTES, OBSERVED_ATTRIBUTES, RELEVANT_ATTRIBUTE_TARGETS, RELEVANT_NODES, SEL } from './selectors';
import { chooseMessageInstant } from './dates';

export type Failed = { ok: false; failed: string };

export type GmailView = 'thread' | 'list' | 'other' | 'unrecognised';

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

export interface ListParsed {
  ok: true;
  rows: ListRowSeen[];
  /** Rows whose date could not be read (not emitted). */
  waiting: number;
}

export type ComposeParsed = { ok: true; sending: Omit<EmailSending, 'at'> } | Failed;

// ─── small DOM helpers ────────────────────────────────────────────────────────────────────

function first(root: ParentNode, selectors: string | readonly string[]): Element | null {
  for (const s of typeof selectors === 'string' ? [selectors] : selectors) {
    const el = root.querySelector(s);
    if (el) return el;
  }
  return null;
}

function all(root: ParentNode, selector: string): Element[] {
  return Array.from(root.querySelectorAll(selector));
}

function text(el: Element | null | undefined): string {
  return (el?.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** An attribute value, with Gmail's literal `undefined` and empty strings treated as absent. */
function attr(el: Element | null | undefined, name: string): string | undefined {
  const v = el?.getAttribute(name)?.trim();
  return v && v !== 'undefined' && v !== 'null' ? v : undefined;
}

function stripHash(id: string | undefined): string | undefined {
  return id?.replace(/^#/, '') || undefined;
}

function lowerEmail(raw: string | null | undefined): string | undefined {
  const s = raw?.trim().toLowerCase();
  return s && /^[^\s@]+@[^\s@]+$/.test(s) ? s : undefined;
}

/** A party from an element carrying `email` (and maybe `name`); Gmail's `name="me"` (in any language we read) is dropped. */
function partyOf(el: Element, emailAttr = 'email', nameAttr = 'name'): Party | undefined {
  const email = lowerEmail(el.getAttribute(emailAttr));
  if (!email) return undefined;
  const name = attr(el, nameAttr);
  return name && !(SEL.ownNames as readonly string[]).includes(name.toLowerCase()) ? { email, name } : { email };
}

function pushParty(list: Party[], p: Party | undefined): void {
  if (!p) return;
  const existing = list.find((q) => q.email === p.email);
  if (!existing) list.push(p);
  else if (!existing.name && p.name) existing.name = p.name;
}

function safely<T>(fn: () => T, failed: string): T | Failed {
  try {
    return fn();
  } catch {
    return { ok: false, failed };
  }
}

// ─── routes ───────────────────────────────────────────────────────────────────────────────

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
    const hasMessage = main.querySelector(SEL.message) !== null || main.querySelector(SEL.messageCollapsed) !== null;
    return hasSubject && hasMessage ? 'thread' : 'unrecognised';
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

// ─── thread ───────────────────────────────────────────────────────────────────────────────

type MessageState = 'expanded' | 'collapsed' | 'hidden' | 'unknown';

function stateOf(messageEl: Element): MessageState {
  const item = messageEl.closest(SEL.messageItem);
  if (!item) return 'unknown';
  if (item.matches(SEL.messageHidden)) return 'hidden';
  if (item.matches(SEL.messageExpanded)) return 'expanded';
  return 'collapsed';
}

/** True when `el` sits in a message body or quote (addresses there are not participants). */
function inBody(el: Element): boolean {
  return el.closest(SEL.messageBody) !== null;
}

function inDetails(el: Element): boolean {
  return el.closest(SEL.detailsTable) !== null;
}

function senderOf(scope: Element): Party | undefined {
  for (const s of SEL.sender) {
    for (const el of all(scope, s)) {
      if (inBody(el) || inDetails(el)) continue;
      const p = partyOf(el);
      if (p) return p;
    }
  }
  return undefined;
}

/** What a details-table row holds (`from`, `to`, `cc`, …), whatever the interface language. */
function detailsLabelOf(raw: string): keyof typeof SEL.detailsLabels | undefined {
  const label = raw.toLowerCase().replace(/\s*[:：]$/, '');
  for (const [key, words] of Object.entries(SEL.detailsLabels)) {
    if ((words as readonly string[]).includes(label)) return key as keyof typeof SEL.detailsLabels;
  }
  return undefined;
}

interface Recipients {
  to: Party[];
  cc: Party[];
}

/**
 * Recipients of an expanded message. With the details table: rows labelled `to:` and `cc:`
 * (`bcc:` of a sent message is ignored: EmailSeen has no bcc), plus any header recipient the
 * table lacks (to `to`). Without it: every header recipient goes to `to`.
 */
function recipientsOf(scope: Element): Recipients {
  const to: Party[] = [];
  const cc: Party[] = [];
  const table = scope.querySelector(SEL.detailsTable);
  const seen = new Set<string>();
  if (table) {
    for (const row of all(table, SEL.detailsRow)) {
      const label = detailsLabelOf(text(row.querySelector(SEL.detailsLabel)));
      const target = label === 'to' ? to : label === 'cc' ? cc : undefined;
      const valueCell = row.querySelector(SEL.detailsValue);
      if (!valueCell) continue;
      for (const el of all(valueCell, SEL.detailsAddress)) {
        const p = partyOf(el);
        if (!p) continue;
        if (label === 'bcc' || label === 'from' || label === 'reply-to') seen.add(p.email);
        if (!target) continue;
        pushParty(target, p);
        seen.add(p.email);
      }
    }
  }
  for (const el of all(scope, SEL.recipient)) {
    if (inBody(el) || inDetails(el)) continue;
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
 * A collapsed item without a message id: sender and date from its header, keyed by both (the
 * date's minute). Undefined when either is missing (then it is counted as waiting).
 */
function provisionalMessage(item: Element, threadId: string, subject: string, legacyThreadId: string | undefined): EmailSeen | undefined {
  let from: Party | undefined;
  for (const s of SEL.collapsedSender) {
    const el = all(item, s).find((e) => !inBody(e) && !inDetails(e));
    from = el ? partyOf(el) : undefined;
    if (from) break;
  }
  const dateEl = all(item, SEL.messageDate).find((d) => !inBody(d) && !inDetails(d));
  const at = chooseMessageInstant(dateEl?.getAttribute('title'), undefined);
  if (!from || at === undefined) return undefined;
  const msg: EmailSeen = { kind: 'email', messageId: `collapsed:${at}:${from.email}`, threadId, subject, from, to: [], cc: [], at, expanded: false, provisional: true };
  if (legacyThreadId) msg.legacyThreadId = legacyThreadId;
  return msg;
}

/** Size of collapsed "N older messages" groups: the group's number, or its hidden items. */
function hiddenCountOf(root: ParentNode): number {
  let fromBars = 0;
  for (const bar of all(root, SEL.collapsedGroup)) {
    const n = /\d+/.exec(text(bar.querySelector(SEL.collapsedGroupCount) ?? bar));
    if (n) fromBars += Number(n[0]);
  }
  // Hidden message items outside the bars (a `.kQ` wrapping a bar is the bar, not a message).
  const items = all(root, SEL.messageHidden).filter(
    (el) => el.closest(SEL.collapsedGroup) === null && el.querySelector(SEL.collapsedGroup) === null,
  ).length;
  return Math.max(fromBars, items);
}

/**
 * Reads a thread view. `root` may be the document, `[role=main]`, or a preview pane.
 * Messages whose date cannot be read are counted in `waiting`; hidden ones in `hiddenCount`.
 */
export function parseThread(root: ParentNode): ThreadParsed | Failed {
  const r = safely(() => parseThreadUnsafe(root), 'thread');
  return r;
}

function parseThreadUnsafe(root: ParentNode): ThreadParsed | Failed {
  const h2 = first(root, SEL.threadSubject);
  if (!h2) return { ok: false, failed: 'threadSubject' };
  const legacyThreadId = attr(h2, 'data-legacy-thread-id');
  const permId = stripHash(attr(h2, 'data-thread-perm-id'));
  const threadId = permId ?? (legacyThreadId ? `legacy:${legacyThreadId}` : undefined);
  if (!threadId) return { ok: false, failed: 'threadSubject[data-thread-perm-id|data-legacy-thread-id]' };
  const subject = text(h2);

  // Messages with an id, and collapsed items that show none (sender and date only), in page order.
  const units = all(root, `${SEL.message}, ${SEL.messageCollapsed}`).filter(
    (el) => el.matches(SEL.message) || (!el.matches(SEL.messageHidden) && el.querySelector(SEL.anyMessageId) === null),
  );
  if (units.length === 0) return { ok: false, failed: 'message' };

  const messages: EmailSeen[] = [];
  const ids = new Set<string>();
  let waiting = 0;
  for (const el of units) {
    if (!el.matches(SEL.message)) {
      const m = provisionalMessage(el, threadId, subject, legacyThreadId);
      if (m && !ids.has(m.messageId)) {
        ids.add(m.messageId);
        messages.push(m);
      } else if (!m) waiting++;
      continue;
    }
    const messageId = stripHash(attr(el, 'data-message-id'));
    if (!messageId || ids.has(messageId)) continue;
    // A nested [data-message-id] (should not happen) would be read twice: skip inner ones.
    if (el.parentElement?.closest('[data-message-id]')) continue;
    const state = stateOf(el);
    if (state === 'hidden') continue;
    ids.add(messageId);
    // Header fields may sit beside the `.adn` element inside the same list item.
    const scope = el.closest(SEL.messageItem) ?? el;
    const from = senderOf(scope);
    const legacyMessageId = attr(el, 'data-legacy-message-id');
    const dateEl = all(scope, SEL.messageDate).find((d) => !inBody(d) && !inDetails(d));
    const selfVerifying =
      !!legacyMessageId && /^[0-9a-f]{1,16}$/i.test(legacyMessageId) && /^msg-f:\d+$/.test(messageId) && BigInt('0x' + legacyMessageId).toString() === messageId.slice(6);
    const at = chooseMessageInstant(dateEl?.getAttribute('title'), legacyMessageId, selfVerifying);
    if (state === 'unknown' || !from || at === undefined) {
      waiting++;
      continue;
    }
    const expanded = state === 'expanded';
    const { to, cc } = expanded ? recipientsOf(scope) : { to: [], cc: [] };
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
    messages.push(msg);
  }
  const hiddenCount = hiddenCountOf(root);
  // Only when some are hidden is the total worth saying: every message then carries it.
  if (hiddenCount > 0 || waiting > 0) for (const m of messages) m.threadTotal = messages.length + waiting + hiddenCount;
  const result: ThreadParsed = { ok: true, threadId, subject, messages, waiting, hiddenCount };
  if (legacyThreadId) result.legacyThreadId = legacyThreadId;
  return result;
}

// ─── list rows ────────────────────────────────────────────────────────────────────────────

/**
 * Reads list rows (`#inbox`, `#search/…`, `#label/…`).
 *
 * `latestFrom` rule: Gmail lists a row's senders oldest → newest (the user shown as "me"), so the
 * last participant shown is the newest sender. Set when the row shows its participants; left out
 * when a row shows none with an address. Draft markers carry no address and are never counted.
 */
export function parseListRows(root: ParentNode): ListParsed | Failed {
  return safely(() => parseListRowsUnsafe(root), 'listRow');
}

/**
 * The rows that make up each thread: one `tr.zA` each, except with the reading pane on the right,
 * where a `tr.zA.apv` row is followed by the row holding subject and ids and maybe a `tr.apw`
 * snippet row (InboxSDK's thread row view). Follower rows are never threads of their own.
 */
function rowGroups(root: ParentNode): Element[][] {
  const groups: Element[][] = [];
  const taken = new Set<Element>();
  for (const row of all(root, SEL.listRow)) {
    if (taken.has(row)) continue;
    const group = [row];
    if (row.matches(SEL.listRowVertical)) {
      const second = row.nextElementSibling;
      if (second && !second.matches(SEL.listRowVertical)) {
        group.push(second);
        taken.add(second);
        const third = second.nextElementSibling;
        if (third?.matches(SEL.listRowVerticalLast)) {
          group.push(third);
          taken.add(third);
        }
      }
    }
    groups.push(group);
  }
  return groups;
}

/** First element matching one of `selectors` in any row of a group (selector order first). */
function inGroup(group: readonly Element[], selectors: string | readonly string[]): Element | null {
  for (const s of typeof selectors === 'string' ? [selectors] : selectors) {
    for (const row of group) {
      const el = row.querySelector(s);
      if (el) return el;
    }
  }
  return null;
}

/**
 * The legacy (hex) id of the message a row stands for: `data-legacy-last-message-id`, else — with
 * conversation view off, where each row is one message — the `msg-f:<decimal>` after `|` in its
 * thread id (the decimal of a received message's id is its legacy hex id).
 */
function rowMessageId(idEl: Element | null): string | undefined {
  const legacy = attr(idEl, 'data-legacy-last-message-id');
  if (legacy) return legacy;
  const m = /\|msg-f:(\d{1,20})$/.exec(attr(idEl, 'data-thread-id') ?? '');
  if (!m) return undefined;
  const hex = BigInt(m[1]!).toString(16);
  return hex.length <= 16 ? hex : undefined;
}

function parseListRowsUnsafe(root: ParentNode): ListParsed | Failed {
  const groups = rowGroups(root);
  if (groups.length === 0) {
    // An empty list is fine when the list container itself is there — but rows on screen that
    // we do not recognise are not an empty list: capture pauses and says so.
    const container = root.querySelector(SEL.listContainer);
    if (container && !container.querySelector(SEL.anyRow)) return { ok: true, rows: [], waiting: 0 };
    return { ok: false, failed: 'listRow' };
  }
  const out: ListRowSeen[] = [];
  let waiting = 0;
  for (const group of groups) {
    const head = group[0]!;
    const idEl = inGroup(group, SEL.listThreadId);
    // List rows may carry `#thread-f:…|msg-f:…`: the thread id is the part before `|`, as in the open thread.
    const threadId = stripHash(attr(idEl, 'data-thread-id'))?.split('|')[0] || undefined;
    const legacyThreadId = attr(idEl, 'data-legacy-thread-id');
    // The row shows the newest message's minute; a legacy last-message id inside that minute
    // gives the exact instant (and settles the repeated autumn DST hour).
    const lastMessageId = rowMessageId(idEl);
    const at = chooseMessageInstant(inGroup(group, SEL.listDate)?.getAttribute('title'), lastMessageId);
    const resolvedThreadId = threadId ?? (legacyThreadId ? `legacy:${legacyThreadId}` : undefined);
    if (!resolvedThreadId || at === undefined) {
      waiting++;
      continue;
    }
    const participants: Party[] = [];
    let participantEls: Element[] = [];
    for (const s of SEL.listParticipant) {
      participantEls = group.flatMap((row) => all(row, s));
      if (participantEls.length) break;
    }
    const ordered: Party[] = [];
    for (const el of participantEls) {
      const p = partyOf(el);
      if (!p) continue;
      ordered.push(p);
      pushParty(participants, p);
    }
    const countText = text(inGroup(group, SEL.listCount)).replace(/[()]/g, '');
    const messageCount = /^\d+$/.test(countText) ? Number(countText) : undefined;
    const item: ListRowSeen = {
      kind: 'list-row',
      threadId: resolvedThreadId,
      subject: text(inGroup(group, SEL.listSubject)),
      participants,
      at,
      unread: head.classList.contains(SEL.listRowUnreadClass),
    };
    if (legacyThreadId) item.legacyThreadId = legacyThreadId;
    if (lastMessageId) item.lastMessageId = lastMessageId;
    const newest = ordered[ordered.length - 1];
    if (newest) item.latestFrom = { ...newest };
    if (messageCount !== undefined) item.messageCount = messageCount;
    out.push(item);
  }
  return { ok: true, rows: out, waiting };
}

// ─── the page as a whole ──────────────────────────────────────────────────────────────────

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
  const view = detectView(doc, locationHash);
  if (view === 'other' || view === 'unrecognised') return { kind: view };
  if (view === 'thread') {
    const thread = parseThread(doc);
    if (!thread.ok) return { kind: 'paused', reason: `missing ${thread.failed}` };
    const list = doc.querySelector(SEL.listRow) ? parseListRows(doc) : undefined;
    return { kind: 'read', view, thread, ...(list?.ok ? { list } : {}) };
  }
  const list = parseListRows(doc);
  if (!list.ok) return { kind: 'paused', reason: `missing ${list.failed}` };
  // Rows on screen, none of them readable: that is not "nothing to capture".
  if (list.rows.length === 0 && list.waiting > 0) return { kind: 'paused', reason: 'list rows not recognised' };
  const pane = findPreviewPane(doc);
  const thread = pane ? parseThread(pane) : undefined;
  return { kind: 'read', view, list, ...(thread?.ok ? { thread } : {}) };
}

// ─── compose ──────────────────────────────────────────────────────────────────────────────

function inputValue(root: ParentNode, selector: string): string | undefined {
  const el = root.querySelector(selector);
  if (!el) return undefined;
  const v = ((el as HTMLInputElement).value ?? el.getAttribute('value') ?? '').trim();
  return v && v !== 'undefined' && v !== 'null' ? v : undefined;
}

/** `Jane Doe <jane@acme.test>` or `jane@acme.test` → Party. */
function partyFromAddressText(raw: string): Party | undefined {
  const m = /^\s*"?([^"<]*?)"?\s*<([^<>]+)>\s*$/.exec(raw);
  const email = lowerEmail(m ? m[2] : raw);
  if (!email) return undefined;
  const name = m?.[1]?.trim();
  return name ? { email, name } : { email };
}

/**
 * Reads a compose window or inline reply at the moment of sending. `composeRoot` is what
 * `findComposeForSendTarget` returned. Thread ids come from the `lts` input or, for inline
 * replies, from the thread the reply sits in.
 */
export function parseCompose(composeRoot: Element): ComposeParsed {
  return safely(() => parseComposeUnsafe(composeRoot), 'compose');
}

function parseComposeUnsafe(composeRoot: Element): ComposeParsed {
  const composeId = inputValue(composeRoot, SEL.composeIdInput) ?? inputValue(composeRoot, SEL.draftIdInput);
  if (!composeId) return { ok: false, failed: 'composeIdInput|draftIdInput' };
  const fields = { to: [] as Party[], cc: [] as Party[], bcc: [] as Party[] };
  const fieldOf = (name: string | null | undefined): Party[] | undefined =>
    name === 'to' || name === 'cc' || name === 'bcc' ? fields[name] : undefined;

  for (const field of all(composeRoot, SEL.recipientChipField)) {
    const target = fieldOf(field.getAttribute('name'));
    if (!target) continue;
    for (const chip of all(field, SEL.recipientChip)) pushParty(target, partyOf(chip, 'data-hovercard-id', 'data-name'));
  }
  for (const chip of all(composeRoot, SEL.legacyRecipientChip)) {
    const input = chip.querySelector(SEL.legacyRecipientInput);
    const target = fieldOf(input?.getAttribute('name'));
    if (!target || !input) continue;
    // The hidden input holds `Name <email>` or `email`; the span has the address only.
    const raw = (input as HTMLInputElement).value ?? input.getAttribute('value') ?? '';
    const span = chip.querySelector(SEL.legacyRecipientSpan);
    pushParty(target, partyFromAddressText(raw) ?? (span ? partyOf(span) : undefined));
  }

  // Inline reply: the thread the compose sits in.
  const inline = composeRoot.closest(SEL.inlineReply) ?? composeRoot.querySelector(SEL.inlineReply);
  let threadH2: Element | null = null;
  if (inline) {
    const main = composeRoot.closest(SEL.main);
    threadH2 = main ? first(main, SEL.threadSubject) : null;
  }
  const legacyThreadId = inputValue(composeRoot, SEL.legacyThreadInput) ?? attr(threadH2, 'data-legacy-thread-id');
  const threadId = stripHash(attr(threadH2, 'data-thread-perm-id')) ?? (legacyThreadId ? `legacy:${legacyThreadId}` : undefined);
  const subject = inputValue(composeRoot, SEL.subjectInput) ?? (threadH2 ? text(threadH2) : '');

  const sending: Omit<EmailSending, 'at'> = { kind: 'sending', composeId, subject, ...fields };
  if (threadId) sending.threadId = threadId;
  if (legacyThreadId) sending.legacyThreadId = legacyThreadId;
  return { ok: true, sending };
}

/** The compose root (`div.M9`, inline reply or dialog) containing `el`, or null. */
export function findComposeForElement(el: Element): Element | null {
  for (const s of SEL.compose) {
    const c = el.closest(s);
    if (c) return c;
  }
  return null;
}

/**
 * For a click target: the compose root the clicked Send button belongs to, or null when the
 * click was not on a Send button (the schedule-send arrow and Gmail's Compose button excluded).
 */
export function findComposeForSendTarget(target: Element): Element | null {
  let button: Element | null = null;
  for (const s of SEL.sendButton) {
    button = target.closest(s);
    if (button) break;
  }
  return button ? findComposeForElement(button) : null;
}

/** Whether a click landed on the "Undo" link of Gmail's "Message sent" bar. */
export function isUndoSendTarget(target: Element): boolean {
  return target.closest(SEL.undoSend) !== null;
}

/** Ctrl+Enter / Cmd+Enter: Gmail's send shortcut (use with `findComposeForElement(target)`). */
export function isSendShortcut(e: { key: string; ctrlKey: boolean; metaKey: boolean }): boolean {
  return e.key === 'Enter' && (e.ctrlKey || e.metaKey);
}

// ─── own address ──────────────────────────────────────────────────────────────────────────

const EMAIL_IN_PARENS = /\(([^()\s]+@[^()\s]+)\)\s*$/;
const EMAIL_ANY = /[^\s()<>"',;:]+@[^\s()<>"',;:]+\.[a-z]{2,}/i;

/**
 * The signed-in address, from (1) the account button label `Google Account: Name (email)`,
 * (2) the document title `<subject or Inbox (n)> - <email> - <account> Mail`, (3) InboxSDK's
 * banner link (its own or an ancestor's aria-label). Lower-cased; undefined when none shows it.
 */
export function detectOwnAddress(doc: Document): string | undefined {
  const fromButton = (el: Element | null): string | undefined => {
    for (let e: Element | null = el; e; e = e.parentElement) {
      const label = e.getAttribute('aria-label');
      const m = label ? EMAIL_IN_PARENS.exec(label) ?? EMAIL_ANY.exec(label) : null;
      const email = lowerEmail(m?.[1] ?? m?.[0]);
      if (email) return email;
      if (e.matches(SEL.banner)) break;
    }
    return undefined;
  };
  const button = doc.querySelector(SEL.accountButton);
  const a = button ? fromButton(button) : undefined;
  if (a) return a;
  const title = doc.title ?? '';
  const parts = title.split(' - ');
  // Search from the end: the subject (first part) may itself contain " - " or an address.
  for (let i = parts.length - 2; i >= 1; i--) {
    const email = lowerEmail(parts[i]);
    if (email) return email;
  }
  const fallback = doc.querySelector(SEL.accountButtonFallback);
  return fallback ? fromButton(fallback) : undefined;
}

// ─── mutations ────────────────────────────────────────────────────────────────────────────

/** attributeFilter for the content script's single MutationObserver. */
export const OBSERVER_ATTRIBUTE_FILTER: string[] = [...OBSERVED_ATTRIBUTES];

function isElement(n: Node): n is Element {
  return n.nodeType === 1;
}

function hasElement(list: NodeList): boolean {
  for (let i = 0; i < list.length; i++) if (list[i]?.nodeType === 1) return true;
  return false;
}

function nodeMatters(n: Node): boolean {
  if (!isElement(n)) return false;
  return n.matches(RELEVANT_NODES) || n.querySelector(RELEVANT_NODES) !== null;
}

/**
 * Cheap predicate for a MutationObserver batch: true only when an added/removed element is or
 * contains a message, message item, list row, thread subject, compose or recipient chip, or
 * lands inside a message header or list row (not its body); or when an observed attribute
 * changed on such an element. Text churn, chat presence, tooltips and body edits are ignored.
 */
export function relevantMutation(records: readonly MutationRecord[]): boolean {
  for (const r of records) {
    const target = r.target;
    if (r.type === 'childList') {
      for (const list of [r.addedNodes, r.removedNodes]) {
        for (let i = 0; i < list.length; i++) {
          const n = list[i];
          if (n && nodeMatters(n)) return true;
        }
      }
      // Only an element added inside a message header or list row can matter here; text churn
      // (the commonest record) is settled without walking up the tree.
      if (isElement(target) && hasElement(r.addedNodes)) {
        const inside = target.closest(`${SEL.messageItem}, ${SEL.listRow}`);
        if (inside && !inBody(target)) return true;
      }
    } else if (r.type === 'attributes') {
      if (!r.attributeName || !(OBSERVED_ATTRIBUTES as readonly string[]).includes(r.attributeName)) continue;
      if (isElement(target) && target.matches(RELEVANT_ATTRIBUTE_TARGETS)) return true;
    }
  }
  return false;
}
