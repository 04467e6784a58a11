/** Which MutationObserver records can change what the parsers read (a cheap filter run on every batch). */
import { isElement } from '../dom';
import { inBody } from './common';
import * as SEL from './selectors';
import { OBSERVED_ATTRIBUTES, RELEVANT_ATTRIBUTE_TARGETS, RELEVANT_NODES } from './selectors';

/** attributeFilter for the content script's single MutationObserver. */
export const OBSERVER_ATTRIBUTE_FILTER: string[] = [...OBSERVED_ATTRIBUTES];

function hasElement(list: NodeList): boolean {
  for (let i = 0; i < list.length; i++) if (list[i]?.nodeType === 1) return true;
  return false;
}

/** A message, or a message item of any state. */
const MESSAGE_OR_ITEM = `${SEL.message}, ${SEL.messageItem}`;

function isMessage(el: Element): boolean {
  return el.matches(MESSAGE_OR_ITEM) || el.querySelector(MESSAGE_OR_ITEM) !== null;
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
 * `'now'` when a message was added to the open conversation's message list: the rep is looking
 * at it, so it is read at once rather than after the wait that coalesces Gmail's rendering.
 */
export function relevantMutation(records: readonly MutationRecord[]): boolean | 'now' {
  let found = false;
  for (const r of records) {
    const target = r.target;
    if (r.type === 'childList') {
      for (const list of [r.addedNodes, r.removedNodes]) {
        for (let i = 0; i < list.length; i++) {
          const n = list[i];
          if (!n || !nodeMatters(n)) continue;
          if (list === r.addedNodes && isMessage(n as Element) && (target as Element).closest?.(SEL.messageList)) return 'now';
          found = true;
        }
      }
      // Only an element added inside a message header or list row can matter here; text churn
      // (the commonest record) is settled without walking up the tree.
      if (!found && isElement(target) && hasElement(r.addedNodes)) {
        const inside = target.closest(`${SEL.messageItem}, ${SEL.listRow}`);
        if (inside && !inBody(target)) found = true;
      }
    } else if (!found && r.attributeName && (OBSERVED_ATTRIBUTES as readonly string[]).includes(r.attributeName)) {
      if (isElement(target) && target.matches(RELEVANT_ATTRIBUTE_TARGETS)) found = true;
    }
  }
  return found;
}
