/**
 * Phone numbers and addresses as pages show them: `tel:` links (what a click on "call" dials),
 * comparing numbers written in national and international form, and the addresses visible on
 * a page (for custom CRM hosts whose DOM we do not know).
 */
import type { CrmContact } from '../capture/events';
import { deepQuerySelectorAll, emailFromMailto, labelledValues, visibleText } from './dom';

/**
 * Normalise a displayed or dialled number: digits only, a leading `+` kept (`00` becomes
 * `+`), visual separators (spaces, dashes, dots, slashes, parentheses) dropped, and anything
 * after an extension or pause marker (`;ext=`, `x`, `,`, `p`, `w`) cut off.
 * `undefined` when fewer than 3 digits remain.
 */
export function normalisePhone(text: string | null | undefined): string | undefined {
  if (!text) return undefined;
  let s = text.trim();
  s = s.split(/;|,|\bext\.?|\bx(?=\s*\d)|[pw](?=\d)/i)[0] ?? '';
  // "+49 (0)30 …": the bracketed trunk zero is not dialled after a country code.
  s = s.replace(/^(\s*(?:\+|00)\s*\d{1,3})\s*\(0\)/, '$1');
  if (/[^\d\s+().\-/\u00a0\u2010-\u2015]/.test(s)) return undefined;
  const plus = /^\s*(\+|00)/.exec(s);
  const digits = s.replace(/\D/g, '');
  if (digits.length < 3) return undefined;
  if (plus?.[1] === '00') return `+${digits.slice(2)}`;
  return plus ? `+${digits}` : digits;
}

/** `tel:+1%20555-010-4477` → `+15550104477`. `undefined` for anything but a usable tel: href. */
export function phoneFromTelHref(href: string | null | undefined): string | undefined {
  if (!href || !/^\s*tel:/i.test(href)) return undefined;
  let rest = href.trim().slice(4);
  try {
    rest = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  return normalisePhone(rest);
}

/** Digits for comparison: international prefix dropped, national trunk `0` dropped. */
function comparable(phone: string): string {
  const t = phone.trim();
  const digits = t.replace(/\D/g, '');
  if (t.startsWith('+')) return digits;
  if (digits.startsWith('00')) return digits.slice(2);
  if (digits.startsWith('0')) return digits.slice(1);
  return digits;
}

/**
 * Whether two numbers are the same line. Equal digits match; otherwise, when both have at
 * least 9 significant digits, the shorter one must equal the tail of the longer one, so
 * `+49 30 1234567` matches `030 1234567` and `+1 555 010 4477` matches `(555) 010-4477`.
 */
export function samePhone(a: string | null | undefined, b: string | null | undefined): boolean {
  const na = normalisePhone(a);
  const nb = normalisePhone(b);
  if (!na || !nb) return false;
  const da = comparable(na);
  const db = comparable(nb);
  if (da === db) return true;
  const n = Math.min(da.length, db.length);
  if (n < 9) return false;
  return da.slice(-n) === db.slice(-n);
}

// `i`: the scheme in any case (tel:, TEL:, Tel:).
const TEL_LINK = 'a[href^="tel:" i]';

/**
 * The `tel:` link a click landed on, if any: the closest `a[href^="tel:"]` around the target,
 * continuing through open shadow roots to their hosts. Pass `event.composedPath()[0]` for
 * clicks inside shadow DOM (Salesforce), since `event.target` is retargeted to the host.
 */
export function telLinkFromEventTarget(
  target: EventTarget | null,
): { phone: string; anchor: Element } | null {
  if (!target || typeof target !== 'object' || !('nodeType' in target)) return null;
  const node = target as Node;
  let el: Element | null = node.nodeType === 1 ? (node as Element) : node.parentElement;
  while (el) {
    const anchor = el.closest(TEL_LINK);
    if (anchor) {
      const phone = phoneFromTelHref(anchor.getAttribute('href'));
      return phone ? { phone, anchor } : null;
    }
    const root = el.getRootNode() as Node & { host?: Element };
    el = root && root !== el && root.host ? root.host : null;
  }
  return null;
}

/** Conservative address shape inside running text. */
const EMAIL_IN_TEXT =
  /(?<![\w.%+-])[a-z0-9][a-z0-9._%+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}(?![\w-])/gi;
const NO_TEXT = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT', 'TEXTAREA']);
/** Upper bound on text read, so a huge page cannot stall the content script. */
const MAX_TEXT = 2_000_000;

/**
 * Addresses visible on a page: `mailto:` links and address-shaped words in text nodes
 * (open shadow roots included), lower-cased, deduplicated, in page order.
 */
export function emailsOnPage(root: ParentNode): string[] {
  const seen = new Set<string>();
  const add = (e: string | undefined): void => {
    if (e) seen.add(e.replace(/\.+$/, '').toLowerCase());
  };
  let budget = MAX_TEXT;
  const visit = (n: Node): void => {
    if (budget <= 0) return;
    if (n.nodeType === 3) {
      const text = n.nodeValue ?? '';
      budget -= text.length;
      if (text.includes('@')) for (const m of text.matchAll(EMAIL_IN_TEXT)) add(m[0]);
      return;
    }
    if (n.nodeType === 1) {
      const el = n as Element;
      if (NO_TEXT.has(el.tagName)) return;
      if (el.tagName === 'A') add(emailFromMailto(el.getAttribute('href')));
      if (el.shadowRoot) visit(el.shadowRoot);
    }
    for (const c of Array.from(n.childNodes)) visit(c);
  };
  visit(root as unknown as Node);
  return [...seen];
}

/** All phone numbers of `tel:` links under `root` (shadow roots included), deduplicated. */
export function telPhonesIn(root: ParentNode): string[] {
  const out: string[] = [];
  for (const a of deepQuerySelectorAll(root, TEL_LINK)) {
    const p = phoneFromTelHref(a.getAttribute('href'));
    if (p && !out.some((q) => samePhone(q, p))) out.push(p);
  }
  return out;
}

/** Labels under which CRMs show phone numbers as text (compared without case, so one spelling each). */
export const PHONE_LABELS = [
  'Phone', 'Mobile', 'Mobile phone', 'Work phone', 'Phone (work)', 'Phone (mobile)',
  'Phone number', 'Direct line', 'Telefon', 'Handy', 'Mobil',
] as const;
export const EMAIL_LABELS = ['Email', 'E-mail', 'Email (work)', 'Work email'] as const;

/**
 * One contact read from its container (a card, a list item): the first `mailto:` link or
 * labelled address, and every `tel:` link and labelled phone number, deduplicated.
 */
export function contactFromContainer(container: ParentNode, name: string | undefined): CrmContact {
  let email: string | undefined;
  for (const a of deepQuerySelectorAll(container, 'a[href^="mailto:" i]')) {
    email = emailFromMailto(a.getAttribute('href'));
    if (email) break;
  }
  if (!email) {
    for (const v of labelledValues(container, EMAIL_LABELS)) {
      const m = visibleText(v).match(EMAIL_IN_TEXT);
      if (m?.[0]) {
        email = m[0].toLowerCase();
        break;
      }
    }
  }
  const phones = telPhonesIn(container);
  for (const v of labelledValues(container, PHONE_LABELS)) {
    const p = normalisePhone(visibleText(v));
    if (p && !phones.some((q) => samePhone(q, p))) phones.push(p);
  }
  const contact: CrmContact = { phones };
  if (email) contact.email = email;
  if (name) contact.name = name;
  return contact;
}
