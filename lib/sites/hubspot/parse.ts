/**
 * HubSpot deal record → DealSeen. Pure: takes the root node and the URL; never throws. The event
 * is built by lib/sites/crm/deal.ts.
 */
import { hubspotRecord } from '../../crm-url/hubspot';
import { crmDealParser } from '../crm/deal';
import { allOf, fieldValue, firstOf, labelledValues, visibleText } from '../dom';
import { parseMoney } from '../money';
import { parseActivities } from './activities';
import * as S from './selectors';

/**
 * Deal id from `app.hubspot.com/contacts/<portal>/record/0-3/<dealId>` or the older
 * `/contacts/<portal>/deal/<dealId>` (regional `app-eu1.hubspot.com` too); the grammar is in lib/crm-url/hubspot.ts.
 */
export function dealIdFromUrl(url: string): string | undefined {
  return hubspotRecord(url)?.recordId;
}

/** The stored deal's id for a record URL: `hubspot:<tenant>:<id>`. */
export function dealKeyFromUrl(url: string): string | undefined {
  return hubspotRecord(url)?.key;
}

function field(root: ParentNode, selectors: readonly string[], labels: readonly string[]): string | undefined {
  const hit = firstOf(root, selectors);
  const text = hit ? fieldValue(hit.el) : undefined;
  if (text) return text;
  const labelled = labelledValues(root, labels)[0];
  const v = labelled ? fieldValue(labelled) : '';
  return v || undefined;
}

export const parseDeal = crmDealParser({
  source: 'hubspot',
  notADeal: 'not a HubSpot deal record',
  dealId: dealIdFromUrl,
  header: S.HEADER,
  name(root) {
    const hit = firstOf(root, S.NAME);
    return hit ? visibleText(hit.el) : undefined;
  },
  nameTried: S.NAME,
  amount(root) {
    const money = parseMoney(field(root, S.AMOUNT, S.LABEL_AMOUNT));
    if (!money) return undefined;
    // The record's currency field names the code; the amount's symbol is the fallback.
    const code = field(root, S.CURRENCY, []);
    return { ...money, currency: code && /^[A-Z]{3}$/.test(code) ? code : money.currency };
  },
  stage: (root) => field(root, S.STAGE, S.LABEL_STAGE),
  stages: (root) => allOf(root, S.STAGE_OPTIONS).map((o) => visibleText(o)),
  closeDate: (root) => field(root, S.CLOSE_DATE, S.LABEL_CLOSE_DATE),
  owner: (root) => field(root, S.OWNER, S.LABEL_OWNER),
  created: (root) => field(root, S.CREATE_DATE, S.LABEL_CREATE_DATE),
  contactLinks: S.CONTACT_LINK,
  contactsNotIn: [],
  activities: (root, contacts, lang) => parseActivities(root, contacts, lang),
});
