/** Which MutationObserver records can change what the parsers read (a cheap filter run on every batch). */
import { isElement } from '../dom';
import { inBody } from './common';
import * as SEL from './selectors';
import { OBSERVED_ATTRIBUTES, RELEVANT_ATTRIBUTE_TARGETS, RELEVANT_NODES } from './selectors';

/** attributeFilter for the content script's single MutationObserver. */
export const OBSERVER_ATTRIBUTE_FILTER = OBSERVED_ATTRIBUTES as unknown as string[];

/**
 * What the page watcher observes: the host of Gmail's main views, which holds `[role=main]`
 * (threads, lists, the reading pane). Nothing (watch the whole page) while Gmail is loading, or
 * when the main view is outside it.
 */
export function watchedRoot(doc: Document): Element | null | undefined {
  return doc.querySelector(SEL.main)?.closest(SEL.viewsHost);
}

/** A message, or a message item of any state. */
const MESSAGE_OR_ITEM = `${SEL.message}, ${SEL.messageItem}`;

/** Whether `n` is an element that is or holds a match of `selector`. */
function holds(n: Node, selector: string): boolean {
  return isElement(n) && (n.matches(selector) || n.querySelector(selector) !== null);
}

/**
 * Cheap predicate for a MutationObserver batch: true only when an added/removed element is or
 * contains a message, message item, list row, thread subject, compose or recipient chip, or
 * lands inside a message header or list row (not its body); or when an observed attribute
 * changed on such an element. Text churn, chat presence, tooltips and body edits are ignored.
 * `'now'` when a message was added to the open conversation's message list: the rep is looking
 * at it, so it is read at once rather than after the wait that coalesces Gmail's rendering.
 */
export function relevantMutation(records: readonly MutationRecord[]): boolean | 'now' {
  let found = false;
  for (const r of records) {
    const target = r.target as Element;
    if (r.type !== 'childList') {
      // An attribute changed on an element, and the observer's filter lets through only the
      // attributes the parsers read.
      found ||= target.matches(RELEVANT_ATTRIBUTE_TARGETS);
      continue;
    }
    let added = false;
    for (const n of r.addedNodes) {
      added ||= isElement(n);
      if (!holds(n, RELEVANT_NODES)) continue;
      if (holds(n, MESSAGE_OR_ITEM) && target.closest?.(SEL.messageList)) return 'now';
      found = true;
    }
    for (const n of r.removedNodes) found ||= holds(n, RELEVANT_NODES);
    // Only an element added inside a message header or list row can matter here; text churn
    // (the commonest record) is settled without walking up the tree.
    if (!found && added && isElement(target)) found = target.closest(`${SEL.messageItem}, ${SEL.listRow}`) !== null && !inBody(target);
  }
  return found;
}
