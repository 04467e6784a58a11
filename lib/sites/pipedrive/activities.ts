/**
 * Pipedrive deal → its activity flow: History (done calls, meetings, tasks, notes, synced emails)
 * and Focus (planned activities, kept apart as next steps). Pure; the caller catches anything
 * unexpected.
 */
import type { CrmActivity, CrmContact } from '../../capture/events';
import { compact, deepQuerySelectorAll, fieldValue, firstOf, labelledValues, visibleText } from '../dom';
import { activityTypeOf, hashedActivityId, parseCrmDateTime, parseDuration, partiesIn, uniqueActivities } from '../crm/activity';
import * as S from './selectors';

function labelled(item: Element, labels: readonly string[]): string | undefined {
  for (const v of labelledValues(item, labels)) {
    const text = fieldValue(v);
    if (text) return text;
  }
  return undefined;
}

function readItems(section: Element, upcoming: boolean, contacts: readonly CrmContact[], lang: string | undefined): CrmActivity[] {
  const out: CrmActivity[] = [];
  for (const item of deepQuerySelectorAll(section, S.FLOW_ITEM)) {
    const icon = firstOf(item, S.ITEM_ICON)?.el;
    const type = activityTypeOf(icon?.getAttribute('aria-label'));
    const dateEl = firstOf(item, S.ITEM_DATE)?.el;
    const at = parseCrmDateTime(dateEl ? dateEl.getAttribute('datetime') || visibleText(dateEl) : '', lang);
    if (!type || at === undefined) continue;
    const checkbox = item.querySelector(S.ITEM_DONE_CHECKBOX) as HTMLInputElement | null;
    const done = checkbox ? checkbox.checked || checkbox.hasAttribute('checked') : !upcoming;
    // A planned item in History is not done yet (overdue): neither a touchpoint nor shown as planned.
    if (!done && !upcoming) continue;
    const titleEl = firstOf(item, S.ITEM_TITLE)?.el;
    const title = titleEl ? visibleText(titleEl) : '';
    const fromEl = labelledValues(item, S.LABEL_FROM)[0];
    const from = fromEl ? partiesIn(fromEl, contacts)[0] : undefined;
    const meta = firstOf(item, S.ITEM_META)?.el;
    const recipients = [
      ...labelledValues(item, S.LABEL_RECIPIENTS).flatMap((el) => partiesIn(el, contacts)),
      ...(meta ? partiesIn(meta, contacts, deepQuerySelectorAll(meta, S.ITEM_PERSON_LINK)) : []),
    ];
    const participants = recipients.filter((p, i, all) => p.email !== from?.email && all.findIndex((q) => q.email === p.email) === i);
    let id: string | undefined;
    for (const [attr, prefix] of S.ITEM_ID_ATTRS) {
      const v = item.getAttribute(attr)?.trim();
      if (v && /^\d{1,20}$/.test(v)) id = `${prefix}-${v}`;
    }
    out.push(
      compact({
        id: id ?? hashedActivityId(type, at, title),
        type,
        at,
        upcoming: upcoming && !done,
        title,
        durationMinutes: parseDuration(labelled(item, S.LABEL_DURATION)),
        from,
        participants,
      }),
    );
  }
  return out;
}

export function parseActivities(root: ParentNode, contacts: readonly CrmContact[], lang?: string): CrmActivity[] | undefined {
  const focus = firstOf(root, S.FOCUS_SECTION)?.el;
  const history = firstOf(root, S.HISTORY_SECTION)?.el;
  if (!focus && !history) return undefined;
  return uniqueActivities([
    ...(focus ? readItems(focus, true, contacts, lang) : []),
    ...(history ? readItems(history, false, contacts, lang) : []),
  ]);
}
