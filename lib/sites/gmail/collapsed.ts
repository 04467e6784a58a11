/**
 * Collapsed conversation items: an item without a message id (sender and date from its header,
 * keyed by both) and the "N older messages" bar, whose words follow the interface language but
 * whose number does not.
 */
import type { EmailSeen } from '../../capture/events';
import { all, inHeader, senderOf, text } from './common';
import { chooseMessageInstant } from './dates';
import * as SEL from './selectors';

/**
 * A collapsed item without a message id: sender and date from its header, keyed by both (the
 * date's minute). Undefined when either is missing (then it is counted as waiting).
 */
export function provisionalMessage(item: Element, threadId: string, subject: string, legacyThreadId: string | undefined): EmailSeen | undefined {
  const from = senderOf(item, SEL.collapsedSender);
  const dateEl = inHeader(item, SEL.messageDate).next().value;
  const at = chooseMessageInstant(dateEl?.getAttribute('title'), undefined);
  if (!from || at === undefined) return undefined;
  const msg: EmailSeen = { kind: 'email', messageId: `collapsed:${at}:${from.email}`, threadId, subject, from, to: [], cc: [], at, expanded: false, provisional: true };
  if (legacyThreadId) msg.legacyThreadId = legacyThreadId;
  return msg;
}

/** Size of collapsed "N older messages" groups: the group's number, or its hidden items. */
export function hiddenCountOf(root: ParentNode): number {
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
