/**
 * Glue between stored touchpoints and the response-time engine: settings become a response
 * context; a deal's touchpoints become per-contact analyses, a summary and its hard data.
 * Pure: callers read the database and pass `now`.
 */
import type { Deal, Settings, Touchpoint } from './model';
import { analyseContact, summarise, type AwaitingItem, type ContactAnalysis, type ResponseContext, type ResponseSummary } from './response';
import { dealHardData, type DealHardData } from './reflection/hardData';
import { calendarFromSettings } from './worktime';

const MIN = 60_000;

export function responseContext(settings: Settings, now: number): ResponseContext {
  return {
    calendar: calendarFromSettings(settings),
    now,
    targets: {
      newLeadMs: settings.newLeadTargetMinutes * MIN,
      newLeadEscalateMs: settings.newLeadEscalateMinutes * MIN,
      activeDealMs: settings.activeDealTargetMinutes * MIN,
      activeDealEscalateMs: settings.activeDealEscalateMinutes * MIN,
    },
  };
}

/**
 * Touchpoints grouped by prospect for response analysis, each list sorted by time. An inbound
 * email waits on a reply to its sender only: a prospect copied on it is owed nothing. What the
 * rep sends (or a call, a meeting) counts for everyone it involves.
 */
export function byContact(touchpoints: readonly Touchpoint[]): Map<string, Touchpoint[]> {
  const map = new Map<string, Touchpoint[]>();
  for (const t of touchpoints) {
    const senderOnly = t.direction === 'inbound' && t.channel === 'email' && t.from && t.contactEmails.includes(t.from);
    for (const email of senderOnly ? [t.from!] : t.contactEmails) {
      const list = map.get(email);
      if (list) list.push(t);
      else map.set(email, [t]);
    }
  }
  for (const list of map.values()) list.sort((a, b) => a.at - b.at);
  return map;
}

export interface ResponseFigures {
  analyses: Map<string, ContactAnalysis>;
  summary: ResponseSummary;
  awaiting: AwaitingItem[];
}

export function responseFigures(touchpoints: readonly Touchpoint[], ctx: ResponseContext): ResponseFigures {
  const analyses = new Map<string, ContactAnalysis>();
  const awaiting: AwaitingItem[] = [];
  for (const [email, list] of byContact(touchpoints)) {
    const a = analyseContact(list, ctx);
    analyses.set(email, a);
    for (const item of a.awaiting) awaiting.push({ ...item, contactEmail: email });
  }
  awaiting.sort((a, b) => b.overdueByMs - a.overdueByMs || a.overdueAt - b.overdueAt);
  return { analyses, summary: summarise([...analyses.values()]), awaiting };
}

/** Everything the sidebar and the reflection show about one deal. */
export function dealFigures(deal: Deal, touchpoints: readonly Touchpoint[], settings: Settings, now: number): { hard: DealHardData; response: ResponseFigures } {
  const ctx = responseContext(settings, now);
  const response = responseFigures(touchpoints, ctx);
  return { hard: dealHardData(deal, touchpoints, response.summary, now, ctx.calendar.timeZone), response };
}
