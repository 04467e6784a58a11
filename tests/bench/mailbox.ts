/**
 * A seeded mailbox as capture sees it: Gmail threads opened one at a time (each a batch of
 * `email` events, as the content script sends them), CRM deal pages, and tel: calls. The same
 * seed gives the same events on every machine, in Node (unit tests) and in Chromium (the
 * storage benchmark), so both feed the real ingest path.
 *
 * Shape: a thread is with one prospect, sometimes a second prospect or a colleague copied;
 * prospects write, the rep answers after minutes to days, sometimes not at all (those are the
 * contacts owed a reply), some messages share an instant, some are seen collapsed (sender and
 * date only). Deals name 1–3 contacts; calls go to a contact's number.
 */
import type { CaptureEvent, EmailSeen, Party } from '../../lib/capture/events';
import { seededRandom } from '../../lib/sample-data';

/** Seeded PRNG (mulberry32): the product's own, so the same seed gives the same data everywhere. */
export const prng = seededRandom;

export interface MailboxOptions {
  seed: number;
  contacts: number;
  deals: number;
  /** Roughly how many emails and calls in total. */
  touchpoints: number;
  /** The newest message is just before this instant; the oldest `days` earlier. */
  end: number;
  days: number;
  own?: string;
  internalDomain?: string;
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const SUBJECTS = ['Pilot pricing', 'Next steps', 'Security review', 'Contract draft', 'Quick question', 'Renewal terms', 'Intro call'];
const STAGES = ['Qualified', 'Demo', 'Proposal', 'Negotiation', 'Closed'];
const SOURCES = ['hubspot', 'salesforce', 'pipedrive'] as const;

export const contactEmail = (i: number) => `contact${i}@company${i % 997}.test`;
export const contactPhone = (i: number) => `+1 415 555 ${String(1000 + (i % 9000)).padStart(4, '0')}`;

export interface Mailbox {
  own: string;
  internalDomain: string;
  /** Batches in the order capture would send them (oldest thread first). */
  batches: CaptureEvent[][];
  /** Touchpoint-making events (emails + calls). */
  touchpoints: number;
}

/** Every batch of a mailbox, generated lazily so 200,000 touchpoints need not sit in memory twice. */
export function* mailboxBatches(o: MailboxOptions): Generator<CaptureEvent[]> {
  const rand = prng(o.seed);
  const own = o.own ?? 'rep@ourco.test';
  const domain = o.internalDomain ?? 'ourco.test';
  const int = (n: number) => Math.floor(rand() * n);
  const party = (i: number): Party => ({ email: contactEmail(i), name: `Contact ${i}` });
  const colleague: Party = { email: `colleague@${domain}`, name: 'Colleague' };
  yield [{ kind: 'own-address', email: own }];

  // Deals first, spread over contacts; each deal page is seen once.
  for (let d = 0; d < o.deals; d++) {
    const first = int(o.contacts);
    const n = 1 + int(3);
    const contacts = Array.from({ length: n }, (_, k) => (first + k * 7) % o.contacts).map((i) => ({ email: contactEmail(i), name: `Contact ${i}`, phones: [contactPhone(i)] }));
    const source = SOURCES[d % 3] ?? 'hubspot';
    yield [
      {
        kind: 'deal',
        source,
        crmId: String(100000 + d),
        name: `Deal ${d}`,
        amount: 1000 * (1 + int(200)),
        currency: 'USD',
        stage: STAGES[int(STAGES.length)],
        url: `https://app.hubspot.com/contacts/1/record/0-3/${100000 + d}`,
        contacts,
      },
    ];
  }

  const start = o.end - o.days * DAY;
  let made = 0;
  let thread = 0;
  let msg = 0;
  while (made < o.touchpoints) {
    thread += 1;
    const prospect = int(o.contacts);
    const second = rand() < 0.2 ? int(o.contacts) : undefined;
    const withColleague = rand() < 0.1;
    const subject = SUBJECTS[int(SUBJECTS.length)] ?? 'Hello';
    const threadId = `thread-f:${1_700_000_000_000_000_000n + BigInt(thread)}`;
    let at = start + Math.floor(rand() * (o.days * DAY - 14 * DAY));
    const count = Math.min(o.touchpoints - made, 1 + int(12));
    const batch: CaptureEvent[] = [];
    let inboundNext = rand() < 0.7;
    for (let k = 0; k < count; k++) {
      msg += 1;
      const prospects = [party(prospect), ...(second !== undefined && second !== prospect ? [party(second)] : [])];
      const cc = withColleague ? [colleague] : [];
      let e: EmailSeen;
      if (inboundNext) {
        const sender = prospects[int(prospects.length)] ?? party(prospect);
        e = {
          kind: 'email',
          messageId: `msg-f:${1_800_000_000_000_000_000n + BigInt(msg)}`,
          threadId,
          subject: k === 0 ? subject : `Re: ${subject}`,
          from: sender,
          to: [{ email: own, name: 'me' }],
          cc: [...prospects.filter((p) => p.email !== sender.email), ...cc],
          at,
          expanded: true,
        };
      } else {
        e = {
          kind: 'email',
          messageId: `msg-a:r${-(1_000_000_000 + msg)}`,
          threadId,
          subject: `Re: ${subject}`,
          from: { email: own, name: 'me' },
          to: prospects,
          cc,
          at,
          expanded: true,
        };
      }
      // Collapsed: sender and date only.
      if (k < count - 1 && rand() < 0.1) e = { ...e, to: [], cc: [], expanded: false };
      batch.push(e);
      made += 1;
      // The next message: the other side answers after minutes to days (or the same side again);
      // now and then at the very same instant.
      const r = rand();
      at += r < 0.05 ? 0 : r < 0.5 ? (5 + int(240)) * MIN : r < 0.85 ? (1 + int(48)) * HOUR : (2 + int(10)) * DAY;
      if (at >= o.end) break;
      inboundNext = rand() < 0.35 ? inboundNext : !inboundNext;
    }
    if (made < o.touchpoints && rand() < 0.08) {
      // A call to the prospect from a CRM page.
      batch.push({ kind: 'call', phone: contactPhone(prospect), at: Math.min(at, o.end - 1), site: 'hubspot', url: 'https://app.hubspot.com/contacts/1/record/0-3/1', contactEmail: contactEmail(prospect) });
      made += 1;
    }
    yield batch;
  }
}

export function mailbox(o: MailboxOptions): Mailbox {
  const batches = [...mailboxBatches(o)];
  const touchpoints = batches.flat().filter((e) => e.kind === 'email' || e.kind === 'call').length;
  return { own: o.own ?? 'rep@ourco.test', internalDomain: o.internalDomain ?? 'ourco.test', batches, touchpoints };
}

/**
 * Threads joined into capture batches of up to `size` events, as the outbox sends a backlog
 * (after the service worker slept, or a first visit to a long mailbox).
 */
export function* merged<T>(batches: Iterable<T[]>, size = 500): Generator<T[]> {
  let acc: T[] = [];
  for (const b of batches) {
    acc.push(...b);
    if (acc.length >= size) {
      yield acc;
      acc = [];
    }
  }
  if (acc.length) yield acc;
}
