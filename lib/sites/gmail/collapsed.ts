/**
 * Collapsed conversation items without a message id: sender and date from the header, keyed by
 * both. (The "N older messages" bars are counted where the thread's messages are found.)
 */
import type { EmailSeen } from '../../capture/events';
import { inHeader, senderOf } from './common';
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
