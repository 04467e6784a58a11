/**
 * HubSpot deal record → DealSeen. Pure: takes the root node and the URL; never throws.
 */
import type { CrmContact, DealSeen } from '../../capture/events';
import {
  allOf,
  compact,
  type DealParseResult,
  failure,
  fieldValue,
  firstOf,
  labelledValues,
  mergeContacts,
  ownContainer,
  visibleText,
  pageLang,
  safeDealParser,
} from '../dom';
import { parseDisplayDate, parseMoney } from '../money';
import { contactFromContainer, samePhone } from '../tel';
import { parseCrmDateTime } from '../crm/activity';
import { parseActivities } from './activities';
import { crmRecordFromUrl, crmRecordIdFromUrl } from '../../keys';
import * as S from './selectors';

/**
 * Deal id from `app.hubspot.com/contacts/<portal>/record/0-3/<dealId>` or the older
 * `/contacts/<portal>/deal/<dealId>` (regional `app-eu1.hubspot.com` too); the grammar is in lib/keys.ts.
 */
export function dealIdFromUrl(url: string): string | undefined {
  return crmRecordIdFromUrl('hubspot', url);
}

/** The stored deal's id for a record URL: `hubspot:<tenant>:<id>`. */
export function dealKeyFromUrl(url: string): string | undefined {
  const ref = crmRecordFromUrl(url);
  return ref?.source === 'hubspot' ? ref.key : undefined;
}

function field(root: ParentNode, selectors: readonly string[], labels: readonly string[]): string | undefined {
  const hit = firstOf(root, selectors);
  const text = hit ? fieldValue(hit.el) : undefined;
  if (text) return text;
  const labelled = labelledValues(root, labels)[0];
  const v = labelled ? fieldValue(labelled) : '';
  return v || undefined;
}

export const parseDeal = safeDealParser('hubspot', parse);

function parse(root: ParentNode, url: string): DealParseResult {
  const crmId = dealIdFromUrl(url);
  if (!crmId) return { ok: false, failed: 'url: not a HubSpot deal record', waiting: false };
  const header = firstOf(root, S.HEADER);
  if (!header) return failure('header', S.HEADER, true);
  const nameHit = firstOf(root, S.NAME);
  const name = nameHit ? visibleText(nameHit.el) : '';
  if (!name) return failure('name', S.NAME, false);

  const lang = pageLang(root);
  const money = parseMoney(field(root, S.AMOUNT, S.LABEL_AMOUNT));
  const currencyCode = field(root, S.CURRENCY, []);
  const currency = currencyCode && /^[A-Z]{3}$/.test(currencyCode) ? currencyCode : money?.currency;

  const stage = field(root, S.STAGE, S.LABEL_STAGE);
  const stages = allOf(root, S.STAGE_OPTIONS)
    .map((o) => visibleText(o))
    .filter((s, i, arr) => s && arr.indexOf(s) === i);

  const closeText = field(root, S.CLOSE_DATE, S.LABEL_CLOSE_DATE);
  const owner = field(root, S.OWNER, S.LABEL_OWNER);

  const contacts: CrmContact[] = [];
  const linkSel = S.CONTACT_LINK.find((sel) => allOf(root, [sel]).length > 0);
  if (linkSel) {
    for (const link of allOf(root, [linkSel])) {
      const container = ownContainer(link, linkSel);
      contacts.push(contactFromContainer(container, visibleText(link) || undefined));
    }
  }

  const merged = mergeContacts(contacts, samePhone);
  const deal: DealSeen = compact({
    kind: 'deal' as const,
    source: 'hubspot' as const,
    crmId,
    name,
    amount: money?.amount,
    currency: money ? currency : undefined,
    stage: stage || undefined,
    stages: stages.length > 0 ? stages : undefined,
    expectedCloseAt: parseDisplayDate(closeText, lang),
    owner: owner || undefined,
    url,
    contacts: merged,
    createdAt: parseCrmDateTime(field(root, S.CREATE_DATE, S.LABEL_CREATE_DATE), lang),
    activities: parseActivities(root, merged, lang),
  });
  return { ok: true, deal };
}
