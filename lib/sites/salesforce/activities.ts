/**
 * Salesforce Lightning opportunity → its activity timeline (logged calls, events, emails, done
 * tasks; "Upcoming & Overdue" apart). Items show dates without a year ("4:05 PM | Nov 18"): the
 * year comes from the month section ("November • 2026"), and for the upcoming section from the
 * year that puts the date nearest to `now`. Pure; the caller catches anything unexpected.
 */
import type { CrmActivity, CrmActivityType, CrmContact } from '../../capture/events';
import { compact, deepQuerySelectorAll, fieldValue, firstOf, labelledValues, visibleText } from '../dom';
import { directionOf, hashedActivityId, parseCrmDateTime, parseDuration, partiesIn, uniqueActivities, yearOf } from '../crm/activity';
import * as S from './selectors';

const KIND: Record<string, CrmActivityType> = { call: 'call', email: 'email', event: 'meeting', task: 'task' };

function labelled(item: Element, labels: readonly string[]): string | undefined {
  for (const v of labelledValues(item, labels)) {
    const text = fieldValue(v);
    if (text) return text;
  }
  return undefined;
}

/** The year that puts a month/day nearest to `now`. */
function nearestYear(text: string, lang: string | undefined, now: number): number | undefined {
  const y = new Date(now).getFullYear();
  let best: { year: number; distance: number } | undefined;
  for (const year of [y - 1, y, y + 1]) {
    const at = parseCrmDateTime(text, lang, year);
    if (at === undefined) continue;
    const distance = Math.abs(at - now);
    if (!best || distance < best.distance) best = { year, distance };
  }
  return best?.year;
}

export function parseActivities(root: ParentNode, contacts: readonly CrmContact[], lang: string | undefined, now: number): CrmActivity[] | undefined {
  const items = deepQuerySelectorAll(root, S.TIMELINE_ITEM[0]);
  const list = items.length ? items : deepQuerySelectorAll(root, S.TIMELINE_ITEM[1]);
  if (list.length === 0) return undefined;
  const out: CrmActivity[] = [];
  for (const item of list) {
    const kind = S.TIMELINE_ITEM_KIND.exec(item.getAttribute('class') ?? '')?.[1];
    const type = kind ? KIND[kind] : undefined;
    if (!type) continue;
    const section = item.closest(S.TIMELINE_SECTION);
    const sectionTitle = section ? firstOf(section, S.TIMELINE_SECTION_TITLE) : undefined;
    const heading = sectionTitle ? visibleText(sectionTitle.el) : '';
    const upcomingSection = S.UPCOMING_SECTION.test(heading);
    const dateEl = firstOf(item, S.ITEM_DATE)?.el;
    const dateText = dateEl ? visibleText(dateEl) : '';
    const year = yearOf(heading) ?? nearestYear(dateText, lang, now);
    const at = parseCrmDateTime(dateText, lang, year);
    if (at === undefined) continue;
    const checkbox = item.querySelector(S.ITEM_CHECKBOX) as HTMLInputElement | null;
    const done = checkbox ? checkbox.checked || checkbox.hasAttribute('checked') : false;
    if (type === 'task' && !done && !upcomingSection) continue;
    const titleHit = firstOf(item, S.ITEM_TITLE);
    const title = titleHit ? visibleText(titleHit.el) : '';
    const href = titleHit?.el.getAttribute('href') ?? '';
    const crmId = S.ITEM_ID_FROM_HREF.exec(href)?.[1];
    const fromEl = labelledValues(item, S.LABEL_FROM_ADDRESS)[0];
    const from = fromEl ? partiesIn(fromEl, contacts)[0] : undefined;
    const recipients = [
      ...labelledValues(item, S.LABEL_TO_ADDRESS).flatMap((el) => partiesIn(el, contacts)),
      ...partiesIn(item.ownerDocument.createElement('span'), contacts, deepQuerySelectorAll(item, S.ITEM_CONTACT_LINK)),
    ];
    const participants = recipients.filter((p, i, all) => p.email !== from?.email && all.findIndex((q) => q.email === p.email) === i);
    out.push(
      compact({
        id: crmId ?? hashedActivityId(type, at, title),
        type,
        at,
        upcoming: upcomingSection || (type === 'task' && !done),
        direction: type === 'call' ? directionOf(labelled(item, S.LABEL_CALL_TYPE)) : undefined,
        title,
        durationMinutes: type === 'call' ? parseDuration(labelled(item, S.LABEL_CALL_DURATION)) : undefined,
        outcome: type === 'call' ? labelled(item, S.LABEL_CALL_RESULT) : undefined,
        from,
        participants,
      }),
    );
  }
  return uniqueActivities(out);
}
