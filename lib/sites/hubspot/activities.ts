/**
 * HubSpot deal record → its activity timeline (logged calls, meetings, logged emails, notes,
 * done tasks; upcoming items apart). Pure: root node, the deal's contacts and the page language
 * in; never throws (the caller wraps it).
 */
import type { CrmActivity, CrmContact } from '../../capture/events';
import { compact, deepQuerySelectorAll, fieldValue, firstOf, labelledValues, visibleText } from '../dom';
import { activityTypeOf, directionOf, hashedActivityId, parseCrmDateTime, parseDuration, partiesIn, uniqueActivities } from '../crm/activity';
import * as S from './selectors';

function labelled(card: Element, labels: readonly string[]): string | undefined {
  for (const v of labelledValues(card, labels)) {
    const text = fieldValue(v);
    if (text) return text;
  }
  return undefined;
}

/** Undefined when the page shows no timeline (another tab is open, or it has not rendered). */
export function parseActivities(root: ParentNode, contacts: readonly CrmContact[], lang?: string): CrmActivity[] | undefined {
  const timeline = firstOf(root, S.TIMELINE)?.el;
  if (!timeline) return undefined;
  const out: CrmActivity[] = [];
  for (const card of deepQuerySelectorAll(timeline, S.TIMELINE_CARD[0])) {
    const section = card.closest(S.TIMELINE_SECTION[0]);
    const header = section ? firstOf(section, S.TIMELINE_SECTION_HEADER) : undefined;
    const upcoming = header ? S.UPCOMING_HEADER.test(visibleText(header.el)) : false;
    const titleEl = firstOf(card, S.CARD_TITLE)?.el;
    const type = activityTypeOf(card.getAttribute(S.CARD_TYPE_ATTR)) ?? activityTypeOf(titleEl ? visibleText(titleEl) : '');
    const stampEl = firstOf(card, S.CARD_TIMESTAMP)?.el;
    const at = parseCrmDateTime(stampEl ? stampEl.getAttribute('title') || visibleText(stampEl) : '', lang);
    if (!type || at === undefined) continue;
    const status = labelled(card, S.LABEL_STATUS);
    // An open task is a next step, never past activity.
    const taskOpen = type === 'task' && !(status && S.TASK_DONE.test(status));
    if (taskOpen && !upcoming && !status) continue;
    const subjectEl = firstOf(card, S.CARD_SUBJECT)?.el;
    const title = subjectEl ? visibleText(subjectEl) : titleEl ? visibleText(titleEl) : '';
    const fromText = labelled(card, S.LABEL_FROM);
    const fromParties = fromText ? partiesIn(labelledValues(card, S.LABEL_FROM)[0]!, contacts) : [];
    const recipients = labelledValues(card, S.LABEL_RECIPIENTS).flatMap((el) => partiesIn(el, contacts, deepQuerySelectorAll(el, S.CARD_CONTACT_LINK)));
    const from = fromParties[0];
    const participants = recipients.filter((p, i, all) => p.email !== from?.email && all.findIndex((q) => q.email === p.email) === i);
    const id = card.getAttribute(S.CARD_ID_ATTR)?.trim();
    out.push(
      compact({
        id: id && /^\d{1,20}$/.test(id) ? id : hashedActivityId(type, at, title),
        type,
        at,
        upcoming: upcoming || taskOpen,
        direction: directionOf(labelled(card, S.LABEL_DIRECTION)),
        title,
        durationMinutes: parseDuration(labelled(card, S.LABEL_DURATION)),
        outcome: labelled(card, S.LABEL_OUTCOME),
        from,
        participants,
      }),
    );
  }
  return uniqueActivities(out);
}
