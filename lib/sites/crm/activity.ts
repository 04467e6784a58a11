/**
 * Shared, page-agnostic pieces of the CRM activity-timeline readers: the dates, durations,
 * activity kinds and people a timeline item shows, read from its text. No selectors here (each
 * CRM's live in its `selectors.ts`); pure, never throws.
 */
import type { CrmActivity, CrmActivityType, CrmContact, Party } from '../../capture/events';
import { hash53 } from '../../keys';
import { deepQuerySelectorAll, EMAIL_EXACT, emailFromMailto, squash, visibleText } from '../dom';
import { parseDisplayDate } from '../money';

const TIME = /(?:^|[^\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])\.?\s?m\.?(?![a-z])|(?:^|[^\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])/i;
const OFFSET = /\b(?:GMT|UTC)\s?([+-])(\d{1,2})(?::?(\d{2}))?\b/i;

/**
 * A date and time as a CRM timeline shows it, to epoch ms. Reads `Nov 18, 2026 at 4:05 PM`,
 * `Nov 18, 2026 at 4:05 PM GMT+1` (the offset is honoured), `4:05 PM | Nov 18` (with `year`, the
 * year of the month group the item sits in), `18 November 2026 16:05`, `10/20/2026 9:30 AM` and
 * date-only forms (local midnight). Numeric day/month order follows the page language as in
 * `parseDisplayDate`. Anything else → undefined: never guessed.
 */
export function parseCrmDateTime(text: string | null | undefined, lang?: string, year?: number): number | undefined {
  if (!text) return undefined;
  let s = text.replace(/[\u00a0\u202f\u2009]/g, ' ');
  let offsetMin: number | undefined;
  const off = OFFSET.exec(s);
  if (off) {
    offsetMin = (off[1] === '-' ? -1 : 1) * (Number(off[2]) * 60 + Number(off[3] ?? 0));
    s = s.replace(off[0], ' ');
  }
  let hour = 0;
  let minute = 0;
  let second = 0;
  const t = TIME.exec(s);
  if (t) {
    if (t[4] !== undefined) {
      hour = Number(t[1]);
      if (hour < 1 || hour > 12) return undefined;
      hour = (hour % 12) + (t[4].toLowerCase() === 'p' ? 12 : 0);
      minute = Number(t[2]);
      second = Number(t[3] ?? 0);
    } else {
      hour = Number(t[5]);
      minute = Number(t[6]);
      second = Number(t[7] ?? 0);
    }
    if (hour > 23 || minute > 59 || second > 59) return undefined;
    s = s.replace(t[0], ' ');
  }
  s = squash(s.replace(/\|/g, ' ').replace(/\b(at|um|à|a las)\b/gi, ' ').replace(/\s*,\s*$/, ''));
  let midnight = parseDisplayDate(s, lang);
  if (midnight === undefined && year !== undefined && !/\d{4}/.test(s)) midnight = parseDisplayDate(`${s} ${year}`, lang);
  if (midnight === undefined) return undefined;
  const d = new Date(midnight);
  if (offsetMin !== undefined) {
    return Date.UTC(d.getFullYear(), d.getMonth(), d.getDate(), hour, minute, second) - offsetMin * 60_000;
  }
  const local = new Date(d.getFullYear(), d.getMonth(), d.getDate(), hour, minute, second);
  // A wall-clock time inside a spring-forward gap does not exist: don't invent one.
  if (local.getHours() !== hour || local.getMinutes() !== minute) return undefined;
  return local.getTime();
}

/** The four-digit year of a month-group heading (`November • 2026`, `November 2026`). */
export function yearOf(text: string | null | undefined): number | undefined {
  const m = /\b(19|20|21)(\d{2})\b/.exec(text ?? '');
  return m ? Number(m[1]! + m[2]!) : undefined;
}

/**
 * A duration to whole minutes: `14 min`, `14m 32s`, `1 hr`, `1h 30m`, `1 hour 30 minutes`,
 * `00:22:10`, `22:10` (minutes:seconds), `840 seconds`. Undefined when none is recognised.
 */
export function parseDuration(text: string | null | undefined): number | undefined {
  if (!text) return undefined;
  const s = text.toLowerCase().replace(/[\u00a0\u202f]/g, ' ');
  const clock = /(?:^|[^\d:])(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])/.exec(s);
  if (clock && !/[ap]\.?m\b/.test(s)) {
    const total = clock[3] !== undefined ? Number(clock[1]) * 3600 + Number(clock[2]) * 60 + Number(clock[3]) : Number(clock[1]) * 60 + Number(clock[2]);
    return Math.round(total / 60);
  }
  let seconds = 0;
  let found = false;
  for (const m of s.matchAll(/(\d+(?:[.,]\d+)?)\s*(h|hr|hrs|hour|hours|std|stunden?|m|min|mins|minute|minutes|minuten|s|sec|secs|second|seconds|sek|sekunden)\b/g)) {
    const n = Number(m[1]!.replace(',', '.'));
    const unit = m[2]!;
    found = true;
    if (/^(h|hr|hrs|hour|hours|std|stunden?)$/.test(unit)) seconds += n * 3600;
    else if (/^(m|min|mins|minute|minutes|minuten)$/.test(unit)) seconds += n * 60;
    else seconds += n;
  }
  return found ? Math.round(seconds / 60) : undefined;
}

const TYPE_WORDS: readonly [RegExp, CrmActivityType][] = [
  [/\b(call|calls|phone|anruf|telefonat|appel|llamada)\b/i, 'call'],
  [/\b(meeting|meetings|event|events|termin|besprechung|lunch|réunion|reunión)\b/i, 'meeting'],
  [/\b(e-?mails?|mail)\b/i, 'email'],
  [/\b(note|notes|notiz|notizen)\b/i, 'note'],
  [/\b(task|tasks|to-?do|deadline|aufgabe|tâche|tarea)\b/i, 'task'],
];

/** The activity kind a CRM's label or icon name says (`Logged call`, `standard:event`, `Email`). */
export function activityTypeOf(text: string | null | undefined): CrmActivityType | undefined {
  if (!text) return undefined;
  const s = text.replace(/[_:-]/g, ' ');
  for (const [re, type] of TYPE_WORDS) if (re.test(s)) return type;
  return undefined;
}

/** `Outbound` / `Inbound` (and German) → direction. */
export function directionOf(text: string | null | undefined): 'inbound' | 'outbound' | undefined {
  if (!text) return undefined;
  if (/\b(outbound|outgoing|ausgehend)\b/i.test(text)) return 'outbound';
  if (/\b(inbound|incoming|eingehend)\b/i.test(text)) return 'inbound';
  return undefined;
}

/** A stable id for an item that shows none: its kind, time and title. */
export function hashedActivityId(type: CrmActivityType, at: number, title: string): string {
  return `h:${hash53(`${type}|${Math.floor(at / 60_000)}|${squash(title).toLowerCase()}`)}`;
}

const ADDRESS_IN_TEXT = /[a-z0-9][a-z0-9._%+-]*@[a-z0-9.-]+\.[a-z]{2,24}/gi;

/**
 * The people an item names, as parties with addresses: `[email]` attributes, `mailto:` links,
 * addresses written out in its text, and links or names of the deal's own contacts (matched by
 * name, since timelines often show names only). Deduplicated, in page order.
 */
export function partiesIn(item: Element, contacts: readonly CrmContact[], names: readonly Element[] = []): Party[] {
  const out: Party[] = [];
  const add = (email: string | undefined, name?: string) => {
    const e = email?.toLowerCase();
    if (!e || !EMAIL_EXACT.test(e)) return;
    const prev = out.find((p) => p.email === e);
    if (prev) {
      if (!prev.name && name) prev.name = name;
      return;
    }
    out.push(name ? { email: e, name } : { email: e });
  };
  for (const el of deepQuerySelectorAll(item, '[email], a[href^="mailto:" i]')) {
    add(el.getAttribute('email') ?? emailFromMailto(el.getAttribute('href')), el.getAttribute('name') ?? undefined);
  }
  for (const m of visibleText(item).matchAll(ADDRESS_IN_TEXT)) add(m[0]);
  for (const el of names) {
    const name = visibleText(el);
    const c = contacts.find((k) => k.name && k.email && k.name.toLowerCase() === name.toLowerCase());
    if (c) add(c.email, c.name);
  }
  for (const c of contacts) out.find((p) => p.email === c.email && !p.name && c.name && (p.name = c.name));
  return out;
}

/** Addresses after a label in an item's text (`From: Jane Doe <jane@acme.test>`), until the next label. */
export function addressesAfter(text: string, labels: readonly string[]): Party[] {
  const out: Party[] = [];
  for (const label of labels) {
    const re = new RegExp(`(?:^|\\s)${label}\\s*:?\\s+(.*?)(?=\\s(?:from|to|cc|bcc|von|an|subject|betreff)\\s*:|$)`, 'i');
    const m = re.exec(text);
    if (!m) continue;
    for (const a of m[1]!.matchAll(ADDRESS_IN_TEXT)) {
      const email = a[0].toLowerCase();
      if (!out.some((p) => p.email === email)) out.push({ email });
    }
  }
  return out;
}

/** Sort, drop exact duplicates by id (a CRM may render an item twice while it updates). */
export function uniqueActivities(items: CrmActivity[]): CrmActivity[] {
  const seen = new Set<string>();
  return items.filter((a) => (seen.has(a.id) ? false : (seen.add(a.id), true)));
}
