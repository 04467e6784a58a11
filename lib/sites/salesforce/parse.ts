/**
 * Salesforce Lightning opportunity record → DealSeen. Pure: takes the root node (a Document
 * or element; open shadow roots beneath it are walked) and the URL; never throws. The event is
 * built by lib/sites/crm/deal.ts.
 */
import { salesforceRecord } from '../../crm-url/salesforce';
import { crmDealParser } from '../crm/deal';
import { allOf, deepQuerySelectorAll, fieldValue, firstOf, squash, visibleText } from '../dom';
import { parseMoney } from '../money';
import { parseActivities } from './activities';
import * as S from './selectors';

/** Opportunity id from `<org>.lightning.force.com/lightning/r/Opportunity/<15|18-char id>/view`; the grammar is in lib/crm-url/salesforce.ts. */
export function dealIdFromUrl(url: string): string | undefined {
  return salesforceRecord(url)?.recordId;
}

/** The stored deal's id for a record URL: `salesforce:<tenant>:<id>`. */
export function dealKeyFromUrl(url: string): string | undefined {
  return salesforceRecord(url)?.key;
}

/** Value of a highlights-panel item whose `.slds-text-title` label is one of `labels`. */
function highlight(root: ParentNode, labels: readonly string[]): string | undefined {
  const wanted = labels.map((l) => l.toLowerCase());
  for (const item of deepQuerySelectorAll(root, S.HIGHLIGHT_ITEM[0])) {
    const label = firstOf(item, S.HIGHLIGHT_LABEL);
    if (!label) continue;
    const text = (label.el.getAttribute('title') ?? visibleText(label.el)).toLowerCase();
    if (!wanted.includes(squash(text))) continue;
    // The value is whatever follows the label inside the item.
    const parts: string[] = [];
    let sib = label.el.nextElementSibling;
    while (sib) {
      parts.push(fieldValue(sib));
      sib = sib.nextElementSibling;
    }
    const v = squash(parts.join(' '));
    if (v) return v;
  }
  return undefined;
}

/** Value of a detail-layout item (`records-record-layout-item[field-label]`), label text excluded. */
function layoutField(root: ParentNode, labels: readonly string[]): string | undefined {
  for (const label of labels) {
    for (const item of deepQuerySelectorAll(root, S.layoutItem(label))) {
      const value =
        item.querySelector('.test-id__field-value, .slds-form-element__static, [slot="outputField"]') ??
        deepQuerySelectorAll(item, '.slds-form-element__control')[0];
      const v = value ? fieldValue(value) : '';
      if (v) return v;
    }
  }
  return undefined;
}

function field(root: ParentNode, labels: readonly string[]): string | undefined {
  return highlight(root, labels) ?? layoutField(root, labels);
}

function nameFromTitle(root: ParentNode): string | undefined {
  const doc = (root as Node).ownerDocument ?? (root as Document);
  const title = squash(doc?.querySelector?.('title')?.textContent ?? '');
  const m = /^(.+?) \| Salesforce$/.exec(title);
  return m?.[1];
}

function stepName(step: Element): string {
  const t = firstOf(step, S.PATH_TITLE);
  return (t ? visibleText(t.el) : '') || squash(step.querySelector('a[title]')?.getAttribute('title') ?? '');
}

export const parseDeal = crmDealParser({
  source: 'salesforce',
  notADeal: 'not a Salesforce opportunity record',
  dealId: dealIdFromUrl,
  // Lightning keeps earlier records' tabs in the page: read the active one.
  record: S.ACTIVE_PAGE,
  header: S.HEADER,
  name(root, page) {
    const hit = firstOf(root, S.NAME);
    return (hit ? visibleText(hit.el) : '') || nameFromTitle(page);
  },
  nameTried: [...S.NAME, 'title'],
  amount: (root) => parseMoney(field(root, S.LABEL_AMOUNT)),
  stage(root) {
    const current = firstOf(root, S.PATH_CURRENT);
    return field(root, S.LABEL_STAGE) ?? (current ? stepName(current.el) || undefined : undefined);
  },
  stages: (root) => allOf(root, S.PATH_ITEMS).map(stepName),
  closeDate: (root) => field(root, S.LABEL_CLOSE_DATE),
  owner: (root) => field(root, S.LABEL_OWNER),
  // "Created By" reads `Robin Rep, 10/20/2026, 9:30 AM`: the date follows the name.
  created: (root) => field(root, S.LABEL_CREATED)?.replace(/^[^,\d]*,\s*/, ''),
  contactLinks: S.CONTACT_LINK,
  // The activity timeline names contacts too; their cards are elsewhere.
  contactsNotIn: S.TIMELINE_ITEM,
  activities: parseActivities,
});
