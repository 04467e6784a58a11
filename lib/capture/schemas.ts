/**
 * The background does not trust what a content script sends: page data passes these schemas
 * before anything is stored. A malformed event (an id, an address, a time or a kind that is not
 * what it claims) is dropped with a reason; the rest of its batch is stored. Over-long free text
 * (a subject, a name) and over-long lists (recipients) are not a reason to lose a message: they
 * are cut to their bound and the event is marked `truncated`, which its stored record keeps.
 */
import { z } from 'zod';
import { isAddress } from '../addresses';
import type { CaptureEvent, PageContext } from './events';

/**
 * An address, at most 320 characters, lower-cased: what lib/addresses.ts reads as one, so
 * everything captured can be listed, matched and forgotten by the same address. Loose where real
 * addresses are: `=`, `/`, apostrophes, letters of any script (a forwarder's rewritten sender, a
 * list's bounce address); anyone who writes to the rep can put one on a message, and refusing it
 * would lose the whole message.
 */
const email = z
  .string()
  .max(320)
  .transform((s) => s.trim().toLowerCase())
  .refine(isAddress, 'expected an address');
/**
 * Set while one event or context is parsed (zod parses synchronously, so nothing interleaves):
 * whether a field of it was cut to its bound.
 */
let cut = false;
/** Free text: cut to `max` characters (the last one an ellipsis) rather than refused. */
const text = (max: number) =>
  z.string().transform((s) => {
    if (s.length <= max) return s;
    cut = true;
    return `${s.slice(0, max - 1)}…`;
  });
/** An identifier or address: cutting would make it another one, so an over-long one is refused. */
const ident = (max: number) => z.string().max(max);
/** A list: cut to `max` items rather than refused; items `keep` turns down are left out, and count as cut. */
const list = <T extends z.ZodType>(item: T, max: number, keep?: (v: unknown) => boolean) =>
  z.preprocess((v) => {
    if (!Array.isArray(v)) return v;
    const kept = keep ? v.filter(keep) : v;
    if (kept.length === v.length && v.length <= max) return v;
    cut = true;
    return kept.slice(0, max);
  }, z.array(item));
const instant = z.number().int().min(0).max(8.64e15);
const party = z.object({ email, name: text(300).optional() });
/**
 * People a message or row names beside its sender: one whose address is not one (a typo such as
 * `bob@acme`, a quoted or bracketed form) is left out and the event marked cut, instead of losing
 * the whole message for one copied address. Then cut to `max`, like any list.
 */
const parties = (max: number) =>
  list(
    party,
    max,
    (v) => typeof v !== 'object' || v === null || typeof (v as { email?: unknown }).email !== 'string' || isAddress((v as { email: string }).email.trim().toLowerCase()),
  );
const site = z.enum(['gmail', 'hubspot', 'salesforce', 'pipedrive', 'custom']);

const emailSeen = z.object({
  kind: z.literal('email'),
  messageId: ident(200).min(1),
  legacyMessageId: ident(64).optional(),
  threadId: ident(200).min(1),
  legacyThreadId: ident(64).optional(),
  subject: text(2000),
  from: party,
  to: parties(500),
  cc: parties(500),
  at: instant,
  expanded: z.boolean(),
  provisional: z.boolean().optional(),
  threadTotal: z.number().int().min(0).max(100_000).optional(),
});

const listRow = z.object({
  kind: z.literal('list-row'),
  threadId: ident(200).min(1),
  legacyThreadId: ident(64).optional(),
  lastMessageId: ident(64).optional(),
  subject: text(2000),
  participants: parties(100),
  latestFrom: party.optional(),
  at: instant,
  messageCount: z.number().int().min(0).optional(),
  unread: z.boolean(),
});

const sending = z.object({
  kind: z.literal('sending'),
  composeId: ident(200).min(1),
  threadId: ident(200).optional(),
  legacyThreadId: ident(64).optional(),
  subject: text(2000),
  to: parties(500),
  cc: parties(500),
  bcc: parties(500),
  at: instant,
});

const dealSeen = z.object({
  kind: z.literal('deal'),
  source: z.enum(['hubspot', 'salesforce', 'pipedrive']),
  crmId: ident(100).min(1),
  name: text(500).pipe(z.string().min(1)),
  amount: z.number().finite().optional(),
  currency: text(10).optional(),
  stage: text(200).optional(),
  stages: list(text(200), 50).optional(),
  expectedCloseAt: instant.optional(),
  owner: text(300).optional(),
  url: z.url().max(2000).regex(/^https:\/\//, 'expected an https:// address'),
  contacts: list(z.object({ email: email.optional(), name: text(300).optional(), phones: list(text(60), 20) }), 200),
  createdAt: instant.optional(),
  activities: list(
    z.object({
      id: ident(200).min(1),
      type: z.enum(['call', 'meeting', 'email', 'note', 'task']),
      at: instant,
      upcoming: z.boolean(),
      direction: z.enum(['inbound', 'outbound']).optional(),
      title: text(2000),
      durationMinutes: z.number().finite().min(0).max(100_000).optional(),
      outcome: text(200).optional(),
      from: party.optional(),
      participants: parties(200),
      messageId: ident(200).optional(),
    }),
    500,
  ).optional(),
});

const callStarted = z.object({
  kind: z.literal('call'),
  phone: ident(60).min(3),
  at: instant,
  site,
  url: ident(2000),
  dealId: ident(200).optional(),
  contactEmail: email.optional(),
  pageEmails: list(email, 200).optional(),
});

const ownAddress = z.object({ kind: z.literal('own-address'), email });
const sendUndone = z.object({ kind: z.literal('send-undone'), composeId: ident(200).min(1) });

export const captureEventSchema = z.discriminatedUnion('kind', [emailSeen, listRow, sending, dealSeen, callStarted, ownAddress, sendUndone]);

export const pageContextSchema = z.object({
  site,
  url: ident(4000),
  view: z.enum(['thread', 'list', 'deal', 'other']),
  status: z.enum(['ok', 'paused']),
  pausedReason: text(300).optional(),
  pauseMessage: text(300).optional(),
  threadId: ident(200).optional(),
  subject: text(2000).optional(),
  dealId: ident(200).optional(),
  participants: list(party, 200),
  captured: z.number().int().min(0),
  total: z.number().int().min(0).optional(),
  theme: z.enum(['light', 'dark']).optional(),
});

export interface Validated {
  events: CaptureEvent[];
  rejected: string[];
}

export function validateEvents(input: unknown): Validated {
  const out: Validated = { events: [], rejected: [] };
  if (!Array.isArray(input)) return { events: [], rejected: ['events: expected a list'] };
  input.forEach((raw, i) => {
    cut = false;
    const parsed = captureEventSchema.safeParse(raw);
    if (parsed.success) out.events.push((cut ? { ...parsed.data, truncated: true } : parsed.data) as CaptureEvent);
    else out.rejected.push(`events[${i}]: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
  });
  cut = false;
  return out;
}

/** The reason a page context the background could not use shows in the sidebar. */
export const UNUSABLE_CONTEXT = 'the page sent a description of itself that could not be used';

/**
 * The page context a content script reported, or — when it cannot be used — a paused one for
 * the same site, so the sidebar says capture is paused rather than keep showing the previous
 * page (and its buttons acting on it). `fallbackSite` names the sender's site when the report
 * does not.
 */
export function validateContext(input: unknown, fallbackSite?: PageContext['site'], fallbackUrl = ''): PageContext | undefined {
  cut = false;
  const parsed = pageContextSchema.safeParse(input);
  cut = false;
  if (parsed.success) return parsed.data as PageContext;
  const named = z.object({ site }).safeParse(input);
  const siteId = named.success ? named.data.site : fallbackSite;
  if (!siteId) return undefined;
  return unusableContext(siteId, fallbackUrl);
}

/** A paused context for a page whose report could not be used. */
export function unusableContext(site: PageContext['site'], url: string): PageContext {
  return { site, url: url.slice(0, 4000), view: 'other', status: 'paused', pausedReason: 'unusable report', pauseMessage: UNUSABLE_CONTEXT, participants: [], captured: 0 };
}
