/**
 * Small, page-agnostic DOM helpers shared by the CRM adapters. Everything here reads text and
 * attributes only (never parsed markup) and walks *open* shadow roots, because newer Salesforce
 * Lightning renders parts of a record inside them. Closed shadow roots are invisible to us, as
 * they are to any extension.
 */
import type { CrmContact, DealSeen } from '../capture/events';

/** Elements that never contribute visible text. */
const SKIP_TEXT = new Set(['SCRIPT', 'STYLE', 'TEMPLATE', 'NOSCRIPT']);

export function isElement(node: Node): node is Element {
  return node.nodeType === 1;
}

/** Text that a screen reader would skip as decoration or that SLDS hides visually. */
function isHiddenForText(el: Element): boolean {
  if (SKIP_TEXT.has(el.tagName)) return true;
  if (el.hasAttribute('hidden')) return true;
  if (el.getAttribute('aria-hidden') === 'true') return true;
  const cls = el.getAttribute('class') ?? '';
  return /(^|\s)(slds-assistive-text|assistiveText|visually-hidden|sr-only)(\s|$)/.test(cls);
}

/**
 * Every element under `root` (not `root` itself) that matches `selector`, in tree order,
 * descending into open shadow roots (a host's shadow tree is visited before its light
 * children). Invalid selectors yield no elements instead of throwing.
 *
 * As in browsers, a selector is matched inside each tree separately, so `A B` finds `B` only
 * when `A` is in the same document or shadow root (happy-dom is laxer: it lets combinators
 * cross shadow boundaries, which tests cannot therefore catch).
 */
export function deepQuerySelectorAll(root: ParentNode, selector: string): Element[] {
  const out: Element[] = [];
  const visit = (parent: ParentNode): void => {
    for (const child of Array.from(parent.children)) {
      let matches = false;
      try {
        matches = child.matches(selector);
      } catch {
        return;
      }
      if (matches) out.push(child);
      const shadow = child.shadowRoot;
      if (shadow) visit(shadow);
      visit(child);
    }
  };
  visit(root);
  return out;
}

/** First element matching `selector` under `root`, shadow roots included. */
export function deepQuerySelector(root: ParentNode, selector: string): Element | undefined {
  return deepQuerySelectorAll(root, selector)[0];
}

/** The parent of `el`, stepping out of a shadow root to its host. */
export function parentAcross(el: Element): Element | null {
  return el.parentElement ?? ((el.parentNode as (Node & { host?: Element }) | null)?.host ?? null);
}

/** True when `el` sits inside an element matching one of `selectors`, shadow boundaries included. */
export function insideAny(el: Element, selectors: readonly string[]): boolean {
  for (let cur = parentAcross(el); cur; cur = parentAcross(cur)) {
    if (selectors.some((s) => safeMatches(cur!, s))) return true;
  }
  return false;
}

function safeMatches(el: Element, selector: string): boolean {
  try {
    return el.matches(selector);
  } catch {
    return false;
  }
}

/** First match of a list of fallback selectors: the element and which selector found it. */
export function firstOf(
  root: ParentNode,
  selectors: readonly string[],
): { el: Element; selector: string } | undefined {
  for (const selector of selectors) {
    const el = deepQuerySelector(root, selector);
    if (el) return { el, selector };
  }
  return undefined;
}

/** All matches of the first selector in `selectors` that matches anything. */
export function allOf(root: ParentNode, selectors: readonly string[]): Element[] {
  for (const selector of selectors) {
    const found = deepQuerySelectorAll(root, selector);
    if (found.length > 0) return found;
  }
  return [];
}

/** Collapse runs of whitespace (including no-break spaces) and trim. */
export function squash(text: string): string {
  return text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();
}

/**
 * Visible text of an element: its text nodes (and those of open shadow roots under it),
 * skipping scripts, templates and SLDS/ARIA assistive text, whitespace collapsed.
 */
export function visibleText(node: Node): string {
  const parts: string[] = [];
  const visit = (n: Node): void => {
    if (n.nodeType === 3) {
      parts.push(n.nodeValue ?? '');
      return;
    }
    if (isElement(n)) {
      if (isHiddenForText(n)) return;
      if (n.shadowRoot) visit(n.shadowRoot);
    }
    for (const child of Array.from(n.childNodes)) visit(child);
  };
  visit(node);
  return squash(parts.join(' '));
}

/**
 * The value an element shows: for form controls their value (a `<select>`'s selected option
 * text), otherwise an `<input>` inside it, otherwise its visible text.
 */
export function fieldValue(el: Element): string {
  const control =
    el.tagName === 'INPUT' || el.tagName === 'SELECT' || el.tagName === 'TEXTAREA'
      ? el
      : el.querySelector('input:not([type="hidden"]), select, textarea');
  if (control) {
    if (control.tagName === 'SELECT') {
      const opt = selectedOption(control);
      if (opt) return squash(opt.textContent ?? '');
    } else {
      const value = (control as HTMLInputElement).value ?? control.getAttribute('value') ?? '';
      const v = squash(String(value));
      if (v) return v;
    }
  }
  return visibleText(el);
}

function selectedOption(select: Element): Element | undefined {
  // The `selected` attribute first (server-rendered markup, and happy-dom ignores it for
  // `selectedIndex`), then the live selection.
  const options = Array.from(select.querySelectorAll('option'));
  const index = (select as HTMLSelectElement).selectedIndex;
  return (
    options.find((o) => o.hasAttribute('selected')) ??
    (typeof index === 'number' && index >= 0 ? options[index] : undefined) ??
    options[0]
  );
}

const CARD_TAGS = new Set(['LI', 'TR', 'SECTION', 'ARTICLE']);

/**
 * The largest ancestor of `el` (within `stop`) that still contains only one element matching
 * `selector` — e.g. the card of one associated contact, found from its title link, without
 * relying on the card's class. Stops at the first enclosing `li`, `tr`, `section`,
 * `article` or `[role=listitem]`. Returns `el`'s parent at least.
 */
export function ownContainer(el: Element, selector: string): Element {
  let current: Element =
    el.parentElement ?? ((el.parentNode as (Node & { host?: Element }) | null)?.host ?? el);
  for (;;) {
    // A list item, table row or section is a whole card already.
    if (CARD_TAGS.has(current.tagName) || current.getAttribute('role') === 'listitem') return current;
    // Past the top of a shadow tree, continue at its host.
    const parent: Element | null =
      current.parentElement ?? ((current.parentNode as (Node & { host?: Element }) | null)?.host ?? null);
    if (!parent) return current;
    if (deepQuerySelectorAll(parent, selector).length > 1) return current;
    if (parent.tagName === 'BODY' || parent.tagName === 'MAIN') return current;
    current = parent;
  }
}

function normLabel(text: string): string {
  return squash(text).replace(/[:*]+$/, '').trim().toLowerCase();
}

/**
 * Values shown next to a label, read structurally: an element whose own text is one of
 * `labels` (case-insensitive, trailing colon ignored) and whose next element sibling — or the
 * next sibling of the smallest ancestor that holds only the label — carries the value. Also
 * covers `<dt>/<dd>` and `<label for>` pairs. Returns the value elements, in tree order.
 */
export function labelledValues(root: ParentNode, labels: readonly string[]): Element[] {
  const wanted = new Set(labels.map(normLabel));
  const out: Element[] = [];
  const candidates = deepQuerySelectorAll(
    root,
    'span, div, dt, th, label, p, h3, h4, h5, h6, strong, b, td, [title]',
  );
  for (const label of candidates) {
    if (label.childElementCount > 1) continue;
    if (!wanted.has(normLabel(visibleText(label)))) continue;
    const forId = label.tagName === 'LABEL' ? label.getAttribute('for') : null;
    const byFor = forId ? label.ownerDocument?.getElementById(forId) : null;
    if (byFor) {
      out.push(byFor);
      continue;
    }
    let anchor: Element | null = label;
    let value: Element | undefined;
    while (anchor && !value) {
      let sib = anchor.nextElementSibling;
      while (sib && !value) {
        if (visibleText(sib) || sib.querySelector('input, select')) value = sib;
        sib = sib.nextElementSibling;
      }
      if (value) break;
      const parent: Element | null = anchor.parentElement;
      // Climb only while the ancestor holds nothing but the label.
      if (!parent || normLabel(visibleText(parent)) !== normLabel(visibleText(label))) break;
      anchor = parent;
    }
    if (value && !out.includes(value)) out.push(value);
  }
  return out;
}

/** Decoded, lower-cased address of a `mailto:` href (first recipient, query dropped). */
export function emailFromMailto(href: string | null | undefined): string | undefined {
  if (!href || !/^mailto:/i.test(href)) return undefined;
  let rest = href.slice(7).split('?')[0] ?? '';
  try {
    rest = decodeURIComponent(rest);
  } catch {
    return undefined;
  }
  const first = rest.split(',')[0]?.trim().toLowerCase() ?? '';
  return EMAIL_EXACT.test(first) ? first : undefined;
}

/** A conservative shape for an address: no quoted local parts, no IP literals. */
export const EMAIL_EXACT =
  /^[a-z0-9][a-z0-9._%+-]*@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.[a-z]{2,24}$/i;

// ---------------------------------------------------------------------------------------------
// Shapes shared by the CRM adapters.


export type DealParseResult =
  | { ok: true; deal: DealSeen }
  | {
      ok: false;
      /** Which field and selectors failed — structure only, never page text. */
      failed: string;
      /** True when the record has not rendered yet (header absent): try again later. */
      waiting: boolean;
    };

/** Describe a failed lookup without any user text: `name: a, b`. */
export function failure(field: string, selectors: readonly string[], waiting: boolean): DealParseResult {
  return { ok: false, failed: `${field}: ${selectors.join(' | ')}`, waiting };
}

/** Drop `undefined` members so results compare equal to JSON fixtures. */
export function compact<T extends object>(obj: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(obj)) {
    if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  }
  return out;
}

/** Merge contacts that share an address (or, without one, a name), keeping page order. */
export function mergeContacts(contacts: CrmContact[], same: (a: string, b: string) => boolean): CrmContact[] {
  const out: CrmContact[] = [];
  for (const c of contacts) {
    const prev = out.find((o) => (c.email && o.email === c.email) || (!c.email && !o.email && c.name && o.name === c.name));
    if (!prev) {
      out.push(compact({ ...c, phones: [...c.phones] }));
      continue;
    }
    if (!prev.name && c.name) prev.name = c.name;
    for (const p of c.phones) if (!prev.phones.some((q) => same(q, p))) prev.phones.push(p);
  }
  return out;
}

/** The URL, or undefined when the string is not one (parsers never throw). */
export function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** The page's declared language (`<html lang>`), which decides how dates like 3/4/2027 read. */
export function pageLang(root: ParentNode): string | undefined {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  return doc?.documentElement?.getAttribute('lang') ?? undefined;
}

/** A CRM's `parseDeal`: its parse, with any unexpected structure reported instead of thrown into the page. */
export function safeDealParser(
  site: string,
  parse: (root: ParentNode, url: string, now: number) => DealParseResult,
): (root: ParentNode, url: string, now?: number) => DealParseResult {
  return (root, url, now = Date.now()) => {
    try {
      return parse(root, url, now);
    } catch {
      return { ok: false, failed: `${site}: unexpected page structure`, waiting: false };
    }
  };
}
