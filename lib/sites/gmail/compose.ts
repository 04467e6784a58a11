/** Compose windows and inline replies: who a message goes to, read when the rep sends it. */
import type { EmailSending, Party } from '../../capture/events';
import { all, attr, type Failed, first, lowerEmail, partyOf, present, pushParty, safely, stripHash, text } from './common';
import * as SEL from './selectors';

export type ComposeParsed = { ok: true; sending: Omit<EmailSending, 'at'> } | Failed;

function inputValue(root: ParentNode, selector: string): string | undefined {
  const el = root.querySelector(selector);
  return el ? present((el as HTMLInputElement).value ?? el.getAttribute('value')) : undefined;
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
    for (const chip of all(field, SEL.recipientChip)) pushParty(target, partyOf(chip, chip.getAttribute('data-hovercard-id'), 'data-name'));
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
