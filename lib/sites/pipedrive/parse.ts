/**
 * Pipedrive deal page → DealSeen. Pure: takes the root node and the URL; never throws.
 * Fields are read by their labels, not by class names; the event is built by lib/sites/crm/deal.ts.
 */
import { pipedriveRecord } from '../../crm-url/pipedrive';
import { crmDealParser } from '../crm/deal';
import { allOf, deepQuerySelectorAll, fieldValue, firstOf, labelledValues, squash, visibleText } from '../dom';
import { parseMoney } from '../money';
import { parseActivities } from './activities';
import * as S from './selectors';

/** Deal id from `<company>.pipedrive.com/deal/<id>` (also `/deal/<id>/…` sub-tabs); the grammar is in lib/crm-url/pipedrive.ts. */
export function dealIdFromUrl(url: string): string | undefined {
  return pipedriveRecord(url)?.recordId;
}

/** The stored deal's id for a record URL: `pipedrive:<tenant>:<id>`. */
export function dealKeyFromUrl(url: string): string | undefined {
  return pipedriveRecord(url)?.key;
}

function labelled(root: ParentNode, labels: readonly string[]): string | undefined {
  for (const v of labelledValues(root, labels)) {
    const text = fieldValue(v);
    if (text) return text;
  }
  return undefined;
}

function stepName(step: Element): string {
  return squash(step.getAttribute('title') ?? '') || visibleText(step);
}

function steps(root: ParentNode): Element[] {
  return allOf(root, S.STAGE_STEPS);
}

export const parseDeal = crmDealParser({
  source: 'pipedrive',
  notADeal: 'not a Pipedrive deal',
  dealId: dealIdFromUrl,
  header: S.HEADER,
  name(root) {
    for (const sel of S.NAME) {
      const el = deepQuerySelectorAll(root, sel)[0];
      const name = el ? fieldValue(el) : '';
      if (name) return name;
    }
    return undefined;
  },
  nameTried: S.NAME,
  amount(root) {
    const hit = firstOf(root, S.VALUE);
    return parseMoney(hit ? fieldValue(hit.el) : labelled(root, S.LABEL_VALUE));
  },
  stage(root) {
    const all = steps(root);
    const current = all.find((s) => s.matches(S.STAGE_CURRENT_ATTR)) ?? all.find((s) => S.STAGE_CURRENT_CLASS.test(s.getAttribute('class') ?? ''));
    return (current ? stepName(current) : '') || labelled(root, S.LABEL_STAGE);
  },
  stages: (root) => steps(root).map(stepName),
  closeDate: (root) => labelled(root, S.LABEL_CLOSE_DATE),
  owner: (root) => labelled(root, S.LABEL_OWNER),
  created: (root) => labelled(root, S.LABEL_CREATED),
  contactLinks: S.PERSON_LINK,
  // Activities name persons too; their cards are in the details sidebar.
  contactsNotIn: [S.FLOW_ITEM],
  activities: (root, contacts, lang) => parseActivities(root, contacts, lang),
});
