/**
 * Follow-ups made by rules. Each rule gives its follow-up a deterministic id, so running a rule
 * twice updates the one follow-up instead of adding a second; a follow-up the rep already
 * closed or snoozed keeps that state when its source changes. A follow-up's reason and details
 * are what the popup and the notification say: names and free text in them are isolated
 * (lib/bidi.ts), so a deal name with a direction control cannot reorder the sentence.
 */
import { isolateBidi } from '../bidi';
import { debriefAt, reengageAt } from './due';
import type { Deal, FollowUp, Reflection, Settings } from '../model';
import { OUTCOMES, DEBRIEF_QUESTIONS, DEBRIEF_GUIDANCE, REASON_CATEGORIES } from '../reflection/taxonomy';
import { calendarFromSettings } from '../worktime';
import { DEFAULT_CONTRACT_TERM_MONTHS, MAX_CONTRACT_TERM_MONTHS, MIN_CONTRACT_TERM_MONTHS } from '../reflection/model';

/** A contract term as the reflection and the sidebar accept it: whole months from 1 to 120. */
const isContractTerm = (n: number | undefined): n is number =>
  n !== undefined && Number.isInteger(n) && n >= MIN_CONTRACT_TERM_MONTHS && n <= MAX_CONTRACT_TERM_MONTHS;

/** The reflection's term, else the deal's, when it is one the rep could enter. */
const offeredTerm = (deal: Deal, r: Reflection): number | undefined => [r.contractTermMonths, deal.contractTermMonths].find(isContractTerm);

export const debriefId = (dealId: string) => `debrief:${dealId}`;
export const reengageId = (dealId: string) => `re-engage:${dealId}`;
export const replyId = (contactEmail: string) => `reply:${contactEmail}`;
export const RETROSPECTIVE_ID = 'retrospective';

const dateFmt = (ms: number, timeZone: string) =>
  new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone }).format(ms);

function outcomeLine(deal: Deal, r: Reflection, timeZone: string): string {
  const when = dateFmt(r.lostAt, timeZone);
  // The term the re-engage call is timed from, when one was offered: never a number no rep could enter.
  const offered = offeredTerm(deal, r);
  const term = offered ? ` — ${offered}-month contract offered` : '';
  if (r.outcome === 'competitor' && r.competitor) return `${isolateBidi(deal.name)}: lost to ${isolateBidi(r.competitor)} on ${when}${term}`;
  const label = OUTCOMES.find((o) => o.id === r.outcome)?.label ?? 'lost';
  return `${isolateBidi(deal.name)}: ${label.toLowerCase()} on ${when}${term}`;
}

function reasonLines(r: Reflection): string[] {
  const label = (c: string) => REASON_CATEGORIES.find((x) => x.id === c)?.label ?? c;
  const lines: string[] = [];
  if (r.primaryReason) lines.push(`Primary reason: ${label(r.primaryReason.category)} — ${isolateBidi(r.primaryReason.detail)}`);
  for (const s of r.secondaryReasons) lines.push(`Also: ${label(s.category)} — ${isolateBidi(s.detail)}`);
  return lines;
}

/**
 * The follow-ups a finished reflection asks for: a debrief call, and a re-engage call unless the
 * deal is dead. Dates are in the working calendar's zone (UTC's when the stored one cannot be used).
 */
export function followUpsForReflection(deal: Deal, r: Reflection, settings: Settings, now: number): FollowUp[] {
  const calendar = calendarFromSettings(settings);
  const contactEmail = deal.contactEmails[0];
  const base = { dealId: deal.id, contactEmail, threadId: deal.threadIds[0], state: 'open' as const, createdAt: now, updatedAt: now };
  const out: FollowUp[] = [
    {
      ...base,
      id: debriefId(deal.id),
      kind: 'debrief',
      dueAt: debriefAt(r.lostAt, settings.debriefCoolOffDays, calendar),
      reason: `Debrief call — ${outcomeLine(deal, r, calendar.timeZone)}`,
      details: [...DEBRIEF_QUESTIONS, DEBRIEF_GUIDANCE],
    },
  ];
  if (r.disposition === 'lost') {
    // Only a term the rep could enter counts: a restored deal may hold any number (0, -3, 1e9),
    // which would put the call at the loss itself, throw, or give no date at all.
    const term = offeredTerm(deal, r) ?? DEFAULT_CONTRACT_TERM_MONTHS;
    out.push({
      ...base,
      id: reengageId(deal.id),
      kind: 're-engage',
      dueAt: reengageAt(r.lostAt, term, settings.reengageRatio, calendar.timeZone),
      reason: `Re-engage call — ${outcomeLine(deal, r, calendar.timeZone)}`,
      details: [
        `Previous offer: ${isolateBidi(r.offerSummary.trim()) || describeOffer(deal, term)}`,
        ...reasonLines(r),
      ],
    });
  }
  return out;
}

export function describeOffer(deal: Deal, termMonths: number): string {
  return `${money(deal.amount, deal.currency)}, ${termMonths}-month contract`;
}

/** Never throws: a currency Intl does not know is shown as its code. */
function money(amount: number | undefined, currency: string | undefined): string {
  if (amount === undefined) return 'amount not recorded';
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || 'USD', maximumFractionDigits: 0 }).format(amount);
  } catch {
    return `${amount.toLocaleString('en-US')} ${currency ?? ''}`.trim();
  }
}

/**
 * Merge rule output into what is stored: new ones are added; existing ones get the new due
 * date, reason and details but keep the rep's state (done, snoozed) and notification record.
 */
export function mergeRuleFollowUps(existing: (FollowUp | undefined)[], wanted: FollowUp[]): FollowUp[] {
  return wanted.map((w, i) => {
    const old = existing[i];
    if (!old) return w;
    const dueChanged = old.dueAt !== w.dueAt;
    return {
      ...old,
      dueAt: w.dueAt,
      reason: w.reason,
      details: w.details,
      contactEmail: w.contactEmail,
      threadId: w.threadId,
      // A moved due date deserves a new notification.
      notifiedAt: dueChanged ? undefined : old.notifiedAt,
      updatedAt: w.updatedAt,
    };
  });
}
