/**
 * What every Gmail view parser shares: reading attributes, addresses and parties the way Gmail
 * writes them, and the failure shape. Text and element checks come from `../dom`; lookups here
 * are plain `querySelector`s (Gmail renders no shadow roots, and a scan runs on every burst of
 * Gmail's rendering, where `../dom`'s shadow-root walks would cost a full tree walk each).
 */
import type { Party } from '../../capture/events';
import { squash } from '../dom';
import * as SEL from './selectors';

/** Missing structure, named by the selector (never page text). */
export type Failed = { ok: false; failed: string };

/** First match of one selector or the first of a list that matches (in any of the roots given, selector order first). */
export function first(roots: ParentNode | readonly ParentNode[], selectors: string | readonly string[]): Element | null {
  for (const s of [selectors].flat()) {
    for (const root of [roots].flat()) {
      const el = root.querySelector(s);
      if (el) return el;
    }
  }
  return null;
}

export function all(root: ParentNode, selector: string): Element[] {
  return [...root.querySelectorAll(selector)];
}

/** An element's text, whitespace collapsed. */
export function text(el: Element | null | undefined): string {
  return squash(el?.textContent ?? '');
}

/** An attribute value, with Gmail's literal `undefined` and empty strings treated as absent. */
export function attr(el: Element | null | undefined, name: string): string | undefined {
  return present(el?.getAttribute(name));
}

/** A value trimmed, with Gmail's literal `undefined`, `null` and empty strings treated as absent. */
export function present(raw: string | null | undefined): string | undefined {
  const v = raw?.trim();
  return v && v !== 'undefined' && v !== 'null' ? v : undefined;
}

export function stripHash(id: string | undefined): string | undefined {
  return id?.replace(/^#/, '') || undefined;
}

/**
 * A lower-cased address, loosely checked (any local part Gmail shows, apostrophes included):
 * `../dom`'s `EMAIL_EXACT` is stricter than the addresses Gmail displays.
 */
export function lowerEmail(raw: string | null | undefined): string | undefined {
  const s = raw?.trim().toLowerCase();
  return s && /^[^\s@]+@[^\s@]+$/.test(s) ? s : undefined;
}

/**
 * A party from an element carrying `email` (and maybe `name`); Gmail's `name="me"` (in any
 * language we read) is dropped. `raw` is the address when the caller has read it already.
 */
export function partyOf(el: Element, raw = el.getAttribute('email'), nameAttr = 'name'): Party | undefined {
  const email = lowerEmail(raw);
  if (!email) return undefined;
  const name = attr(el, nameAttr);
  return name && !(SEL.ownNames as readonly string[]).includes(name.toLowerCase()) ? { email, name } : { email };
}

export function pushParty(list: Party[], p: Party | undefined): void {
  if (!p) return;
  const existing = list.find((q) => q.email === p.email);
  if (!existing) list.push(p);
  else if (!existing.name && p.name) existing.name = p.name;
}

/** Runs a parse; unexpected structure comes back as a failure naming `failed`, never thrown into the page. */
export function safely<T>(fn: () => T, failed: string): T | Failed {
  try {
    return fn();
  } catch {
    return { ok: false, failed };
  }
}

const HEADER_STOP = `${SEL.messageBody}, ${SEL.detailsTable}, ${SEL.messageItem}`;

/**
 * True when `el` sits in the header of the message item `item`: not in its body or a quote
 * (addresses there are not participants), not in the hidden "show details" table (it repeats the
 * header), and not in another item nested in it. One walk up from `el` that stops at `item`.
 */
export function inHeaderOf(el: Element, item: Element): boolean {
  return el.closest(HEADER_STOP) === item;
}

/**
 * The elements under `item` matching `selector` that sit in its header (see `inHeaderOf`), in
 * page order. The first match is looked at before the others are listed: it mostly is the one
 * wanted, and the rest of the item (its body, however long) is then never walked.
 */
export function* inHeader(item: Element, selector: string): Generator<Element, undefined> {
  const first = item.querySelector(selector);
  if (!first) return;
  if (inHeaderOf(first, item)) yield first;
  let n = 0;
  for (const el of item.querySelectorAll(selector)) if (n++ && inHeaderOf(el, item)) yield el;
}

/** The first party of `item`'s header found by `selectors`, in their order (the sender of a message item). */
export function senderOf(item: Element, selectors: readonly string[]): Party | undefined {
  for (const s of selectors) {
    for (const el of inHeader(item, s)) {
      const p = partyOf(el);
      if (p) return p;
    }
  }
  return undefined;
}

/** True when `el` sits in a message body or quote (addresses there are not participants). */
export function inBody(el: Element): boolean {
  return el.closest(SEL.messageBody) !== null;
}

/** True when `el` sits in the hidden "show details" table (it repeats the header). */
export function inDetails(el: Element): boolean {
  return el.closest(SEL.detailsTable) !== null;
}
