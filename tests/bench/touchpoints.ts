/**
 * A seeded, realistic touchpoint history for the response-engine benchmarks: N contacts with K
 * touchpoints each (inbound/outbound emails, calls with outcomes, some meetings and notes),
 * replies after minutes to days, quiet gaps of days to weeks. A known set of contacts ends on
 * an unanswered inbound (a waiting email or a missed call); every other contact ends on an
 * outbound email, so the number awaiting a reply is exactly the number planted.
 */
import type { Contact, ContactTouch, Touchpoint } from '../../lib/model';
import { pick, prng } from './harness';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export const OWN = 'rep@dealdebrief.test';

type Kind =
  | 'email-in'
  | 'email-out'
  | 'call-out'
  | 'call-in-connected'
  | 'call-in-missed'
  | 'meeting'
  | 'note';

/** Whether the engine treats this as waiting for a reply / as answering (lib/response.ts rules). */
const WAITS: Record<Kind, boolean> = {
  'email-in': true,
  'call-in-missed': true,
  'email-out': false,
  'call-out': false,
  'call-in-connected': false,
  meeting: false,
  note: false,
};
const ANSWERS: Record<Kind, boolean> = {
  'email-in': false,
  'call-in-missed': false,
  'email-out': true,
  'call-out': true,
  'call-in-connected': true,
  meeting: true,
  note: false,
};

const SUBJECTS = ['Pilot pricing', 'Next steps', 'Security review', 'Contract draft', 'Quick question'] as const;
const MISSED = ['voicemail', 'no-answer'] as const;
const OUTCOMES = ['connected', 'voicemail', 'no-answer'] as const;

function nextKind(rand: () => number): Kind {
  const r = rand();
  if (r < 0.4) return 'email-in';
  if (r < 0.76) return 'email-out';
  if (r < 0.85) return 'call-out';
  if (r < 0.88) return 'call-in-connected';
  if (r < 0.9) return 'call-in-missed';
  if (r < 0.95) return 'meeting';
  return 'note';
}

export interface GeneratedHistory {
  touchpoints: Touchpoint[];
  contacts: Contact[];
  contactTouches: ContactTouch[];
  /** Contacts whose last touchpoint waits for a reply at `now`. */
  planted: Set<string>;
  /** Replies the engine must find (a reply answering several inbound counts once). */
  expectedResponses: number;
}

export interface HistoryOptions {
  contacts: number;
  perContact: number;
  /** Share of contacts left awaiting a reply. */
  awaitingShare: number;
  now: number;
  seed: number;
}

export function generateHistory(o: HistoryOptions): GeneratedHistory {
  const rand = prng(o.seed);
  const touchpoints: Touchpoint[] = [];
  const contacts: Contact[] = [];
  const contactTouches: ContactTouch[] = [];
  const planted = new Set<string>();
  let expectedResponses = 0;
  // Gmail-like decimal message ids (`msg-f:18…`): a fixed prefix and a growing serial.
  let serial = 1_000_000_000_000;

  for (let c = 0; c < o.contacts; c++) {
    const company = Math.floor(c / 4);
    const domain = `company${company}.example`;
    const email = `p${c}@${domain}`;
    const waiting = rand() < o.awaitingShare;
    if (waiting) planted.add(email);
    const dealId = rand() < 0.6 ? `hubspot:${company}` : undefined;

    const kinds: Kind[] = [];
    for (let i = 0; i < o.perContact - 1; i++) kinds.push(nextKind(rand));
    kinds.push(waiting ? (rand() < 0.9 ? 'email-in' : 'call-in-missed') : 'email-out');

    // Gaps: an answer follows a waiting inbound after minutes to days; otherwise days to weeks.
    const gaps: number[] = [];
    for (let i = 1; i < kinds.length; i++) {
      const prev = kinds[i - 1] as Kind;
      const cur = kinds[i] as Kind;
      let gap: number;
      if (WAITS[prev] && ANSWERS[cur]) {
        const r = rand();
        gap = r < 0.7 ? 2 * MIN + rand() * 4 * HOUR : r < 0.9 ? 4 * HOUR + rand() * 3 * DAY : 3 * DAY + rand() * 11 * DAY;
      } else if (WAITS[prev] && WAITS[cur]) {
        gap = 10 * MIN + rand() * 2 * DAY; // a follow-up nudge from the prospect
      } else {
        gap = DAY + rand() * 29 * DAY;
      }
      gaps.push(Math.round(gap / 1000) * 1000 + 1000);
    }
    // The last touchpoint is 20 minutes to 3 weeks old; walk back from it.
    const lastAt = o.now - Math.round(20 * MIN + rand() * 21 * DAY);
    const ats: number[] = Array.from({ length: kinds.length }, () => 0);
    ats[kinds.length - 1] = lastAt;
    for (let i = kinds.length - 2; i >= 0; i--) ats[i] = (ats[i + 1] as number) - (gaps[i] as number);

    let pending = false;
    let thread = 0;
    let threadLeft = 0;
    for (let i = 0; i < kinds.length; i++) {
      const kind = kinds[i] as Kind;
      const at = ats[i] as number;
      if (WAITS[kind]) pending = true;
      else if (ANSWERS[kind] && pending) {
        expectedResponses++;
        pending = false;
      }
      serial += 1 + Math.floor(rand() * 1000);
      // Property order as lib/db/ingest.ts writes each kind, so objects have the shapes
      // (hidden classes) that records read back from IndexedDB have.
      const contactEmails = [email];
      let tp: Touchpoint;
      if (kind === 'email-in' || kind === 'email-out') {
        if (threadLeft <= 0) {
          thread++;
          threadLeft = 2 + Math.floor(rand() * 6);
        }
        threadLeft--;
        const inbound = kind === 'email-in';
        tp = {
          key: `gmail:msg-f:181${serial}`,
          channel: 'email',
          direction: inbound ? 'inbound' : 'outbound',
          at,
          contactEmails,
          from: inbound ? email : OWN,
          to: inbound ? [OWN] : [email],
          cc: [],
          threadId: `thread-f:${c}-${thread}`,
          subject: pick(rand, SUBJECTS),
          dealId,
          capturedFrom: 'gmail',
          provenance: 'seen',
          createdAt: at,
          updatedAt: at,
        };
      } else if (kind === 'call-out' || kind === 'call-in-connected' || kind === 'call-in-missed') {
        tp = {
          key: `h:call-${serial}`,
          channel: 'call',
          direction: kind === 'call-out' ? 'outbound' : 'inbound',
          at,
          contactEmails,
          to: [],
          cc: [],
          subject: 'Call +49 30 1234567',
          dealId,
          capturedFrom: 'hubspot',
          provenance: 'seen',
          createdAt: at,
          updatedAt: at,
          outcome: kind === 'call-in-missed' ? pick(rand, MISSED) : kind === 'call-in-connected' ? 'connected' : pick(rand, OUTCOMES),
          durationMinutes: kind === 'call-in-missed' ? 0 : 5 + Math.floor(rand() * 25),
        };
      } else {
        tp = {
          key: `manual:${kind}-${serial}`,
          channel: kind,
          direction: kind === 'meeting' && rand() < 0.5 ? 'inbound' : 'outbound',
          at,
          contactEmails,
          to: [],
          cc: [],
          subject: kind === 'meeting' ? 'Demo' : 'Note',
          dealId,
          capturedFrom: 'manual',
          provenance: 'manual',
          createdAt: at,
          updatedAt: at,
          durationMinutes: kind === 'meeting' ? 30 : undefined,
          note: kind === 'note' ? 'Left a note' : undefined,
        };
      }
      touchpoints.push(tp);
      contactTouches.push({ email, at, key: tp.key });
    }
    contacts.push({ email, name: `Prospect ${c}`, domain, phones: [], firstSeen: ats[0] as number, lastSeen: lastAt });
  }
  return { touchpoints, contacts, contactTouches, planted, expectedResponses };
}
