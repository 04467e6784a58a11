/** The signed-in address, from what the isolated world can see (account button, document title). */
import { lowerEmail } from './common';
import * as SEL from './selectors';

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
