/**
 * Pipedrive deal page → DealSeen. Pure: takes the root node and the URL; never throws.
 * Fields are read by their labels, not by class names.
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
  labelledValues,
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

/** Deal id from `<company>.pipedrive.com/deal/<id>` (also `/deal/<id>/…` sub-tabs); the grammar is in lib/keys.ts. */
export function dealIdFromUrl(url: string): string | undefined {
  return crmRecordIdFromUrl('pipedrive', url);
}

/** The stored deal's id for a record URL: `pipedrive:<tenant>:<id>`. */
export function dealKeyFromUrl(url: string): string | undefined {
  const ref = crmRecordFromUrl(url);
  return ref?.source === 'pipedrive' ? ref.key : undefined;
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

export const parseDeal = safeDealParser('pipedrive', parse);

function parse(root: ParentNode, url: string): DealParseResult {
  const crmId = dealIdFromUrl(url);
  if (!crmId) return { ok: false, failed: 'url: not a Pipedrive deal', waiting: false };
  if (!firstOf(root, S.HEADER)) return failure('header', S.HEADER, true);
  let name = '';
  for (const sel of S.NAME) {
    const el = deepQuerySelectorAll(root, sel)[0];
    if (el) name = fieldValue(el);
    if (name) break;
  }
  if (!name) return failure('name', S.NAME, false);

  const lang = pageLang(root);
  const valueHit = firstOf(root, S.VALUE);
  const money = parseMoney(valueHit ? fieldValue(valueHit.el) : labelled(root, S.LABEL_VALUE));

  const steps = allOf(root, S.STAGE_STEPS);
  const stages = steps.map(stepName).filter((s, i, arr) => s && arr.indexOf(s) === i);
  const current =
    steps.find((s) => s.matches(S.STAGE_CURRENT_ATTR)) ??
    steps.find((s) => S.STAGE_CURRENT_CLASS.test(s.getAttribute('class') ?? ''));
  const stage = (current ? stepName(current) : '') || labelled(root, S.LABEL_STAGE);

  const closeText = labelled(root, S.LABEL_CLOSE_DATE);
  const owner = labelled(root, S.LABEL_OWNER);

  const contacts: CrmContact[] = [];
  for (const sel of S.PERSON_LINK) {
    for (const link of deepQuerySelectorAll(root, sel)) {
      // Activities name persons too; their cards are in the details sidebar.
      if (insideAny(link, [S.FLOW_ITEM])) continue;
      const container = ownContainer(link, sel);
      contacts.push(contactFromContainer(container, visibleText(link) || undefined));
    }
    if (contacts.length > 0) break;
  }

  const merged = mergeContacts(contacts, samePhone);
  const deal: DealSeen = compact({
    kind: 'deal' as const,
    source: 'pipedrive' as const,
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
    createdAt: parseCrmDateTime(labelled(root, S.LABEL_CREATED), lang),
    activities: parseActivities(root, merged, lang),
  });
  return { ok: true, deal };
}
