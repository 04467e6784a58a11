/**
 * The one builder of a CRM deal record's capture event. Every CRM page gives the same things —
 * the record id in the URL, a header that says the record has rendered, the deal's name, amount,
 * stage and stage list, close date, owner, create date, the contacts' cards and the activity
 * timeline — and this builder takes them in that order, fails the same way when one is missing,
 * and makes the `DealSeen` event. Each CRM's `parse.ts` says only how its page shows each field
 * (with the selectors of its `selectors.ts`). Pure; the parser never throws.
 */
import type { CrmActivity, CrmContact, DealSeen } from '../../capture/events';
import { compact, deepQuerySelectorAll, failure, firstOf, insideAny, mergeContacts, ownContainer, pageLang, safeDealParser, visibleText, type DealParseResult } from '../dom';
import type { Money } from '../money';
import { parseDisplayDate } from '../money';
import { contactFromContainer, samePhone } from '../tel';
import { parseCrmDateTime } from './activity';

/** How one CRM's deal page shows a deal: its selectors, and a reader per field. */
export interface CrmDealPage {
  source: DealSeen['source'];
  /** Why a URL is refused: "not a HubSpot deal record". */
  notADeal: string;
  /** The record id a URL shows, by the CRM's own grammar (lib/crm-url); undefined for anything else. */
  dealId(url: string): string | undefined;
  /** The part of the page holding the shown record, when the page keeps others (Salesforce tabs). */
  record?: readonly string[];
  /** Present once the record has rendered; until then the parse says "waiting". */
  header: readonly string[];
  /** The deal's name ('' or undefined when not found); `page` is the whole page, `root` the record. */
  name(root: ParentNode, page: ParentNode): string | undefined;
  /** What a missing name reports: the selectors tried. */
  nameTried: readonly string[];
  amount(root: ParentNode): Money | undefined;
  stage(root: ParentNode): string | undefined;
  /** The pipeline's stages in order (blanks and repeats are dropped here). */
  stages(root: ParentNode): string[];
  closeDate(root: ParentNode): string | undefined;
  owner(root: ParentNode): string | undefined;
  /** The create date as shown, ready for `parseCrmDateTime`. */
  created(root: ParentNode): string | undefined;
  /** Links to the deal's contacts, fallbacks in order: the first that matches anything is used. */
  contactLinks: readonly string[];
  /** Where links to contacts are not the deal's contacts' cards (the activity timeline). */
  contactsNotIn: readonly string[];
  activities(root: ParentNode, contacts: readonly CrmContact[], lang: string | undefined, now: number): CrmActivity[] | undefined;
}

/** Each contact card linked from the record, merged by address (or name) and phone. */
function contactsOf(root: ParentNode, page: CrmDealPage): CrmContact[] {
  const selector = page.contactLinks.find((sel) => deepQuerySelectorAll(root, sel).length > 0);
  if (!selector) return [];
  const contacts: CrmContact[] = [];
  for (const link of deepQuerySelectorAll(root, selector)) {
    if (insideAny(link, page.contactsNotIn)) continue;
    contacts.push(contactFromContainer(ownContainer(link, selector), visibleText(link) || undefined));
  }
  return mergeContacts(contacts, samePhone);
}

/** A CRM's `parseDeal(root, url, now?)`: DOM root and URL → the deal event, or why not. */
export function crmDealParser(page: CrmDealPage) {
  return safeDealParser(page.source, (whole: ParentNode, url: string, now: number): DealParseResult => {
    const crmId = page.dealId(url);
    if (!crmId) return { ok: false, failed: `url: ${page.notADeal}`, waiting: false };
    const root: ParentNode = (page.record && firstOf(whole, page.record)?.el) || whole;
    if (!firstOf(root, page.header)) return failure('header', page.header, true);
    const name = page.name(root, whole);
    if (!name) return failure('name', page.nameTried, false);

    const lang = pageLang(root);
    const money = page.amount(root);
    const stages = page.stages(root).filter((s, i, arr) => s && arr.indexOf(s) === i);
    const contacts = contactsOf(root, page);
    const deal: DealSeen = compact({
      kind: 'deal' as const,
      source: page.source,
      crmId,
      name,
      amount: money?.amount,
      currency: money?.currency,
      stage: page.stage(root) || undefined,
      stages: stages.length > 0 ? stages : undefined,
      expectedCloseAt: parseDisplayDate(page.closeDate(root), lang),
      owner: page.owner(root) || undefined,
      url,
      contacts,
      createdAt: parseCrmDateTime(page.created(root), lang),
      activities: page.activities(root, contacts, lang, now),
    });
    return { ok: true, deal };
  });
}
