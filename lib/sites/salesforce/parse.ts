/**
 * Salesforce Lightning opportunity record → DealSeen. Pure: takes the root node (a Document
 * or element; open shadow roots beneath it are walked) and the URL; never throws.
 */
import type { CrmContact, DealSeen } from '../../capture/events';
import {
  allOf,
  compact,
  type DealParseResult,
  deepQuerySelectorAll,
  failure,
  fieldValue,
  firstOf,
  mergeContacts,
  ownContainer,
  squash,
  visibleText,
  insideAny,
  pageLang,
  safeDealParser,
} from '../dom';
import { parseDisplayDate, parseMoney } from '../money';
import { contactFromContainer, samePhone } from '../tel';
import { parseCrmDateTime } from '../crm/activity';
import { parseActivities } from './activities';
import { crmRecordFromUrl, crmRecordIdFromUrl } from '../../keys';
import * as S from './selectors';

/** Opportunity id from `<org>.lightning.force.com/lightning/r/Opportunity/<15|18-char id>/view`; the grammar is in lib/keys.ts. */
export function dealIdFromUrl(url: string): string | undefined {
  return crmRecordIdFromUrl('salesforce', url);
}

/** The stored deal's id for a record URL: `salesforce:<tenant>:<id>`. */
export function dealKeyFromUrl(url: string): string | undefined {
  const ref = crmRecordFromUrl(url);
  return ref?.source === 'salesforce' ? ref.key : undefined;
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

export const parseDeal = safeDealParser('salesforce', parse);

function parse(page: ParentNode, url: string, now: number): DealParseResult {
  const crmId = dealIdFromUrl(url);
  if (!crmId) return { ok: false, failed: 'url: not a Salesforce opportunity record', waiting: false };
  const root: ParentNode = firstOf(page, S.ACTIVE_PAGE)?.el ?? page;
  if (!firstOf(root, S.HEADER)) return failure('header', S.HEADER, true);
  const nameHit = firstOf(root, S.NAME);
  const name = (nameHit ? visibleText(nameHit.el) : '') || nameFromTitle(page);
  if (!name) return failure('name', [...S.NAME, 'title'], false);

  const lang = pageLang(root);
  const money = parseMoney(field(root, S.LABEL_AMOUNT));

  const steps = allOf(root, S.PATH_ITEMS);
  const stepName = (step: Element): string => {
    const t = firstOf(step, S.PATH_TITLE);
    return (t ? visibleText(t.el) : '') || squash(step.querySelector('a[title]')?.getAttribute('title') ?? '');
  };
  const stages = steps.map(stepName).filter((s, i, arr) => s && arr.indexOf(s) === i);
  const current = firstOf(root, S.PATH_CURRENT);
  const stage = field(root, S.LABEL_STAGE) ?? (current ? stepName(current.el) || undefined : undefined);

  const closeText = field(root, S.LABEL_CLOSE_DATE);
  const owner = field(root, S.LABEL_OWNER);

  const contacts: CrmContact[] = [];
  const linkSel = S.CONTACT_LINK.find((sel) => deepQuerySelectorAll(root, sel).length > 0);
  if (linkSel) {
    for (const link of deepQuerySelectorAll(root, linkSel)) {
      // The activity timeline names contacts too; their cards are elsewhere.
      if (insideAny(link, S.TIMELINE_ITEM)) continue;
      const container = ownContainer(link, linkSel);
      contacts.push(contactFromContainer(container, visibleText(link) || undefined));
    }
  }

  const merged = mergeContacts(contacts, samePhone);
  const created = field(root, S.LABEL_CREATED);
  const deal: DealSeen = compact({
    kind: 'deal' as const,
    source: 'salesforce' as const,
    crmId,
    name,
    amount: money?.amount,
    currency: money?.currency,
    stage: stage || undefined,
    stages: stages.length > 0 ? stages : undefined,
    expectedCloseAt: parseDisplayDate(closeText, lang),
    owner: owner || undefined,
    url,
    contacts: merged,
    createdAt: created ? parseCrmDateTime(created.replace(/^[^,\d]*,\s*/, ''), lang) : undefined,
    activities: parseActivities(root, merged, lang, now),
  });
  return { ok: true, deal };
}
