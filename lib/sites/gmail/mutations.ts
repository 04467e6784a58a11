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

function nodeMatters(n: Node): boolean {
  if (!isElement(n)) return false;
  return n.matches(RELEVANT_NODES) || n.querySelector(RELEVANT_NODES) !== null;
}

/**
 * Cheap predicate for a MutationObserver batch: true only when an added/removed element is or
 * contains a message, message item, list row, thread subject, compose or recipient chip, or
 * lands inside a message header or list row (not its body); or when an observed attribute
 * changed on such an element. Text churn, chat presence, tooltips and body edits are ignored.
 */
export function relevantMutation(records: readonly MutationRecord[]): boolean {
  for (const r of records) {
    const target = r.target;
    if (r.type === 'childList') {
      for (const list of [r.addedNodes, r.removedNodes]) {
        for (let i = 0; i < list.length; i++) {
          const n = list[i];
          if (n && nodeMatters(n)) return true;
        }
      }
      // Only an element added inside a message header or list row can matter here; text churn
      // (the commonest record) is settled without walking up the tree.
      if (isElement(target) && hasElement(r.addedNodes)) {
        const inside = target.closest(`${SEL.messageItem}, ${SEL.listRow}`);
        if (inside && !inBody(target)) return true;
      }
    } else if (r.type === 'attributes') {
      if (!r.attributeName || !(OBSERVED_ATTRIBUTES as readonly string[]).includes(r.attributeName)) continue;
      if (isElement(target) && target.matches(RELEVANT_ATTRIBUTE_TARGETS)) return true;
    }
  }
  return false;
}
