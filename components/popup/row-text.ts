/**
 * What the popup's rows and sections say — who, when, why and its main action — from a follow-up and the view it
 * is shown in. The Preact rows (Popup.tsx) and the plain first screen (first-screen.ts) both say
 * it from here, so the first screen is the same text the popup then keeps.
 */
import type { Contact, Deal, FollowUp } from '../../lib/model';
import { KIND_LABEL, peopleOf, personToCall, primaryAction, whenOf, whoOf, type SectionId } from '../../lib/followups/rows';
import { ROWS_MORE, type PopupView } from '../../lib/followups/popup-view';
import { relativeTime } from '../format';

export const SECTION_TITLES: Record<SectionId, string> = { overdue: 'Overdue', today: 'Due today', upcoming: 'Upcoming (next 14 days)' };

export const EMPTY_TEXT =
  'Nothing due. Replies you owe prospects, debrief calls a few days after a lost deal, re-engage calls at 75% of the offered contract term and your loss-retrospective sessions will show up here when they come due.';

/** The label of a section's "Show more" button, `hidden` rows not shown yet. */
export const showMoreText = (hidden: number) => `Show ${Math.min(hidden, ROWS_MORE)} more of ${hidden}`;

export type MainAction = { kind: 'call'; label: string; href: string } | { kind: 'link'; label: string; href: string } | { kind: 'open'; label: string };

export interface RowText {
  who: string;
  /** "overdue 3d", "in 2h", with " (snoozed)" when it is. */
  when: string;
  /** The due time in full, in the rep's time zone. */
  whenTitle: string;
  kind: string;
  reason: string;
  main: MainAction;
  /** The deal's web address for the row's menu (none when the main action opens it already). */
  dealUrl?: string;
  /** Whether the main action is the background's "open" (the menu then offers no other Open). */
  mainOpens: boolean;
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** One formatter per time zone: building one costs more than formatting with it. */
function dateTimeFormat(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', hour: 'numeric', minute: '2-digit', timeZone });
    formats.set(timeZone, f);
  }
  return f;
}

/** A web address fit for a link: http(s) only (a deal's address comes from a page). */
export const webUrl = (url?: string) => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** The reason without the kind it starts with ("Debrief call — …"), which the row already says. */
function reasonText(f: FollowUp): string {
  const label = KIND_LABEL[f.kind];
  return f.reason.startsWith(`${label} — `) ? f.reason.slice(label.length + 3) : f.reason;
}

export function rowText(f: FollowUp, view: Pick<PopupView, 'now' | 'timeZone' | 'deals' | 'contacts'>): RowText {
  const deal: Deal | undefined = f.dealId ? view.deals.get(f.dealId) : undefined;
  const people = peopleOf(f, deal).map((e) => view.contacts.get(e));
  const person: Contact | undefined = f.kind === 'debrief' || f.kind === 're-engage' ? personToCall(people) : people[0];
  const who = whoOf(f, deal, person);
  const action = primaryAction(f, deal, person);
  const due = whenOf(f);
  const link = action.kind === 'open-deal' ? webUrl(action.href) : undefined;
  const main: MainAction =
    action.kind === 'call' ? action : link ? { kind: 'link', label: action.label, href: link } : { kind: 'open', label: action.label };
  return {
    who,
    when: `${due < view.now ? `overdue ${relativeTime(due, view.now).replace(' ago', '')}` : relativeTime(due, view.now)}${f.state === 'snoozed' ? ' (snoozed)' : ''}`,
    whenTitle: dateTimeFormat(view.timeZone).format(due),
    kind: KIND_LABEL[f.kind],
    reason: reasonText(f),
    main,
    dealUrl: action.kind === 'open-deal' ? undefined : webUrl(deal?.url),
    mainOpens: action.kind === 'open',
  };
}
