/**
 * The toolbar popup's rows: the order within a section (most urgent first), whom a follow-up is
 * about, and the one action that fits its kind. Pure: the world (now, records) comes in as
 * arguments. Which section a follow-up is in is the calendar's part (sections.ts): the rows need
 * none, so the popup's first-screen script carries no time-zone code.
 */
import { isolateBidi } from '../bidi';
import type { Contact, Deal, FollowUp } from '../model';

export type SectionId = 'overdue' | 'today' | 'upcoming';
export const SECTIONS: readonly SectionId[] = ['overdue', 'today', 'upcoming'];

/** The instant that counts: when a snoozed follow-up wakes, else when it is due. */
export const whenOf = (f: Pick<FollowUp, 'dueAt' | 'state' | 'snoozedUntil'>): number =>
  f.state === 'snoozed' && f.snoozedUntil !== undefined ? f.snoozedUntil : f.dueAt;

/** The id prefixes of the calls (`debriefId`, `reengageId` in rules.ts, which a test keeps equal). */
export const CALL_ID_PREFIXES = ['debrief:', 're-engage:'] as const;

/**
 * A call with a person on a date (the debrief call after a loss, the re-engage call): told by the
 * id alone, so the popup finds them among thousands of follow-ups without reading the others.
 */
export function isCallId(id: string): boolean {
  return CALL_ID_PREFIXES.some((p) => id.startsWith(p));
}

/**
 * Most urgent first within a section: the calls (there are few, each with one person on one
 * date, and a debrief call is worth most while the loss is fresh), then everything else; each
 * group by the instant that counts, soonest (in overdue: the longest waiting) first.
 */
export function compareUrgency(a: FollowUp, b: FollowUp): number {
  const call = Number(isCallId(b.id)) - Number(isCallId(a.id));
  return call || whenOf(a) - whenOf(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** Whom to call about a deal: the first of its people with a phone number, else the first one. */
export function personToCall(candidates: readonly (Contact | undefined)[]): Contact | undefined {
  const known = candidates.filter((c): c is Contact => c !== undefined);
  return known.find((c) => c.phones.some((p) => telHref(p) !== undefined)) ?? known[0];
}

/** The addresses a follow-up is about, the follow-up's own first, then its deal's. */
export function peopleOf(f: Pick<FollowUp, 'contactEmail'>, deal?: Pick<Deal, 'contactEmails'>): string[] {
  return [...new Set([...(f.contactEmail ? [f.contactEmail] : []), ...(deal?.contactEmails ?? [])])];
}

/** A `tel:` address for a phone number as people write it (`+1 (555) 010-2030`), or undefined. */
export function telHref(phone: string): string | undefined {
  const digits = phone.replace(/[^\d+]/g, '').replace(/(?!^)\+/g, '');
  return /\d{3,}/.test(digits) ? `tel:${digits}` : undefined;
}

export type PrimaryAction =
  | { kind: 'call'; label: string; href: string }
  | { kind: 'open'; label: string }
  | { kind: 'open-deal'; label: string; href?: string };

export const KIND_LABEL: Record<FollowUp['kind'], string> = {
  debrief: 'Debrief call',
  're-engage': 'Re-engage call',
  reply: 'Reply owed',
  retrospective: 'Loss retrospective',
  manual: 'Reminder',
};

/** Who the row is about, in a few words. */
export function whoOf(f: FollowUp, deal?: Deal, person?: Contact): string {
  if (f.kind === 'retrospective') return 'Your team';
  return person?.name ?? person?.email ?? f.contactEmail ?? deal?.name ?? KIND_LABEL[f.kind];
}

/**
 * The one action that fits the kind, shown as the row's main button:
 * - debrief and re-engage calls: "Call <name> · <phone>" (a `tel:` link) when the person to call
 *   has a phone number, else "Open deal" (the name comes from a page: isolated, it cannot reorder
 *   the label);
 * - a reply owed: "Reply" (opens the conversation);
 * - the loss retrospective: "Open retrospective";
 * - a reminder: "Open thread", "Open deal" or "Open", whichever it points at.
 */
export function primaryAction(f: FollowUp, deal?: Deal, person?: Contact): PrimaryAction {
  if (f.kind === 'debrief' || f.kind === 're-engage') {
    for (const phone of person?.phones ?? []) {
      const href = telHref(phone);
      if (href) return { kind: 'call', label: `Call ${isolateBidi(person?.name ?? person?.email ?? '')} · ${phone}`, href };
    }
    return { kind: 'open-deal', label: 'Open deal', href: deal?.url };
  }
  if (f.kind === 'reply') return { kind: 'open', label: 'Reply' };
  if (f.kind === 'retrospective') return { kind: 'open', label: 'Open retrospective' };
  if (f.threadId) return { kind: 'open', label: 'Open thread' };
  if (deal) return { kind: 'open-deal', label: 'Open deal', href: deal.url };
  return { kind: 'open', label: 'Open' };
}
