/**
 * The background does not trust what a content script sends: page data passes these schemas
 * before anything is stored. A malformed event is dropped with a reason; the rest of its
 * batch is stored.
 */
import { z } from 'zod';
import type { CaptureEvent, PageContext } from './events';

const email = z
  .string()
  .max(320)
  .transform((s) => s.trim().toLowerCase())
  .pipe(z.email());
const text = (max: number) => z.string().max(max);
const instant = z.number().int().min(0).max(8.64e15);
const party = z.object({ email, name: text(300).optional() });
const site = z.enum(['gmail', 'hubspot', 'salesforce', 'pipedrive', 'custom']);

const emailSeen = z.object({
  kind: z.literal('email'),
  messageId: text(200).min(1),
  legacyMessageId: text(64).optional(),
  threadId: text(200).min(1),
  legacyThreadId: text(64).optional(),
  subject: text(2000),
  from: party,
  to: z.array(party).max(500),
  cc: z.array(party).max(500),
  at: instant,
  expanded: z.boolean(),
  provisional: z.boolean().optional(),
  threadTotal: z.number().int().min(0).max(100_000).optional(),
});

const listRow = z.object({
  kind: z.literal('list-row'),
  threadId: text(200).min(1),
  legacyThreadId: text(64).optional(),
  lastMessageId: text(64).optional(),
  subject: text(2000),
  participants: z.array(party).max(100),
  latestFrom: party.optional(),
  at: instant,
  messageCount: z.number().int().min(0).optional(),
  unread: z.boolean(),
});

const sending = z.object({
  kind: z.literal('sending'),
  composeId: text(200).min(1),
  threadId: text(200).optional(),
  legacyThreadId: text(64).optional(),
  subject: text(2000),
  to: z.array(party).max(500),
  cc: z.array(party).max(500),
  bcc: z.array(party).max(500),
  at: instant,
});

const dealSeen = z.object({
  kind: z.literal('deal'),
  source: z.enum(['hubspot', 'salesforce', 'pipedrive']),
  crmId: text(100).min(1),
  name: text(500).min(1),
  amount: z.number().finite().optional(),
  currency: text(10).optional(),
  stage: text(200).optional(),
  stages: z.array(text(200)).max(50).optional(),
  expectedCloseAt: instant.optional(),
  owner: text(300).optional(),
  url: z.url().max(2000).regex(/^https:\/\//, 'expected an https:// address'),
  contacts: z
    .array(z.object({ email: email.optional(), name: text(300).optional(), phones: z.array(text(60)).max(20) }))
    .max(200),
  createdAt: instant.optional(),
  activities: z
    .array(
      z.object({
        id: text(200).min(1),
        type: z.enum(['call', 'meeting', 'email', 'note', 'task']),
        at: instant,
        upcoming: z.boolean(),
        direction: z.enum(['inbound', 'outbound']).optional(),
        title: text(2000),
        durationMinutes: z.number().finite().min(0).max(100_000).optional(),
        outcome: text(200).optional(),
        from: party.optional(),
        participants: z.array(party).max(200),
        messageId: text(200).optional(),
      }),
    )
    .max(500)
    .optional(),
});

const callStarted = z.object({
  kind: z.literal('call'),
  phone: text(60).min(3),
  at: instant,
  site,
  url: text(2000),
  dealId: text(200).optional(),
  contactEmail: email.optional(),
  pageEmails: z.array(email).max(200).optional(),
});

const ownAddress = z.object({ kind: z.literal('own-address'), email });
const sendUndone = z.object({ kind: z.literal('send-undone'), composeId: text(200).min(1) });

export const captureEventSchema = z.discriminatedUnion('kind', [emailSeen, listRow, sending, dealSeen, callStarted, ownAddress, sendUndone]);

export const pageContextSchema = z.object({
  site,
  url: text(4000),
  view: z.enum(['thread', 'list', 'deal', 'other']),
  status: z.enum(['ok', 'paused']),
  pausedReason: text(300).optional(),
  threadId: text(200).optional(),
  subject: text(2000).optional(),
  dealId: text(200).optional(),
  participants: z.array(party).max(200),
  captured: z.number().int().min(0),
  total: z.number().int().min(0).optional(),
});

export interface Validated {
  events: CaptureEvent[];
  rejected: string[];
}

export function validateEvents(input: unknown): Validated {
  const out: Validated = { events: [], rejected: [] };
  if (!Array.isArray(input)) return { events: [], rejected: ['events: expected a list'] };
  input.forEach((raw, i) => {
    const parsed = captureEventSchema.safeParse(raw);
    if (parsed.success) out.events.push(parsed.data as CaptureEvent);
    else out.rejected.push(`events[${i}]: ${parsed.error.issues.map((x) => `${x.path.join('.')} ${x.message}`).join('; ')}`);
  });
  return out;
}

export function validateContext(input: unknown): PageContext | undefined {
  const parsed = pageContextSchema.safeParse(input);
  return parsed.success ? (parsed.data as PageContext) : undefined;
}
