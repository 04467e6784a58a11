/**
 * List views (`#inbox`, `#search/…`, `#label/…`): one `ListRowSeen` per thread — or per message
 * with conversation view off — whatever the reading pane does to the rows.
 */
import type { ListRowSeen, Party } from '../../capture/events';
import { all, attr, type Failed, first, partyOf, pushParty, safely, stripHash, text } from './common';
import { chooseMessageInstant } from './dates';
import * as SEL from './selectors';

export interface ListParsed {
  ok: true;
  rows: ListRowSeen[];
  /** Rows whose date could not be read (not emitted). */
  waiting: number;
}

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
    const idEl = first(group, SEL.listThreadId);
    // List rows may carry `#thread-f:…|msg-f:…`: the thread id is the part before `|`, as in the open thread.
    const threadId = stripHash(attr(idEl, 'data-thread-id'))?.split('|')[0] || undefined;
    const legacyThreadId = attr(idEl, 'data-legacy-thread-id');
    // The row shows the newest message's minute; a legacy last-message id inside that minute
    // gives the exact instant (and settles the repeated autumn DST hour).
    const lastMessageId = rowMessageId(idEl);
    const at = chooseMessageInstant(first(group, SEL.listDate)?.getAttribute('title'), lastMessageId);
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
    let newest: Party | undefined;
    for (const el of participantEls) {
      const p = partyOf(el);
      if (!p) continue;
      newest = p;
      pushParty(participants, p);
    }
    const countText = text(first(group, SEL.listCount)).replace(/[()]/g, '');
    const messageCount = /^\d+$/.test(countText) ? Number(countText) : undefined;
    const item: ListRowSeen = {
      kind: 'list-row',
      threadId: resolvedThreadId,
      subject: text(first(group, SEL.listSubject)),
      participants,
      at,
      unread: head.matches(SEL.listRowUnread),
    };
    if (legacyThreadId) item.legacyThreadId = legacyThreadId;
    if (lastMessageId) item.lastMessageId = lastMessageId;
    if (newest) item.latestFrom = { ...newest };
    if (messageCount !== undefined) item.messageCount = messageCount;
    out.push(item);
  }
  return { ok: true, rows: out, waiting };
}
