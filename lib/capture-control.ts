/**
 * The rep decides what is captured: a never-capture list and a pause per site. Pure.
 *
 * Never-capture entries are plain strings, kept in the settings (and so in the backup):
 * - `jo@family.test`: one address;
 * - `family.test`: a whole domain, its subdomains too (`mail.family.test`);
 * - `thread:<thread id>`: one conversation ("Don't capture this conversation");
 * - `message:<touchpoint key>`: one message deleted from a timeline (so capture does not bring it back).
 * A message is not captured when any address on it (sender, recipients, copies), its thread or
 * its key is on the list.
 */
import { domainOf, normaliseEmail } from './addresses';
import type { CaptureEvent } from './capture/events';
import type { SiteId, Touchpoint } from './model';

export const MAX_NEVER_CAPTURE = 5000;
/** What the rep types to delete everything. */
export const FORGET_EVERYTHING_CONFIRMATION = 'delete everything';
/** "Until I resume". */
export const PAUSED_UNTIL_RESUMED = Number.MAX_SAFE_INTEGER;

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

export type NeverCaptureEntry =
  | { kind: 'address'; value: string }
  | { kind: 'domain'; value: string }
  | { kind: 'thread'; value: string }
  | { kind: 'message'; value: string };

/** The canonical entry for what the rep typed, or a message saying what is wrong. */
export function parseNeverCapture(raw: string): { ok: true; entry: string; parsed: NeverCaptureEntry } | { ok: false; error: string } {
  const s = String(raw ?? '').trim();
  if (!s) return { ok: false, error: 'Type an address (jo@example.com) or a domain (example.com).' };
  if (s.length > 300) return { ok: false, error: 'That entry is too long.' };
  const thread = /^thread:(.+)$/.exec(s)?.[1];
  if (thread) return { ok: true, entry: `thread:${thread}`, parsed: { kind: 'thread', value: thread } };
  const message = /^message:(.+)$/.exec(s)?.[1];
  if (message) return { ok: true, entry: `message:${message}`, parsed: { kind: 'message', value: message } };
  if (s.includes('@') && !s.startsWith('@')) {
    const email = normaliseEmail(s);
    return email ? { ok: true, entry: email, parsed: { kind: 'address', value: email } } : { ok: false, error: `"${s}" is not an email address.` };
  }
  const domain = s.replace(/^@/, '').toLowerCase();
  return DOMAIN.test(domain) ? { ok: true, entry: domain, parsed: { kind: 'domain', value: domain } } : { ok: false, error: `"${s}" is neither an address nor a domain like example.com.` };
}

export interface NeverCaptureMatcher {
  address(email: string | undefined): boolean;
  thread(threadId: string | undefined): boolean;
  message(key: string): boolean;
  /** Whether a stored touchpoint falls under the list. */
  touchpoint(t: Pick<Touchpoint, 'key' | 'from' | 'to' | 'cc' | 'contactEmails' | 'threadId'>): boolean;
}

export function neverCaptureMatcher(entries: readonly string[]): NeverCaptureMatcher {
  const addresses = new Set<string>();
  const domains: string[] = [];
  const threads = new Set<string>();
  const messages = new Set<string>();
  for (const raw of entries) {
    const p = parseNeverCapture(raw);
    if (!p.ok) continue;
    if (p.parsed.kind === 'address') addresses.add(p.parsed.value);
    else if (p.parsed.kind === 'domain') domains.push(p.parsed.value);
    else if (p.parsed.kind === 'thread') threads.add(p.parsed.value);
    else messages.add(p.parsed.value);
  }
  const address = (email: string | undefined) => {
    if (!email) return false;
    const e = email.toLowerCase();
    if (addresses.has(e)) return true;
    const d = domainOf(e);
    return domains.some((x) => d === x || d.endsWith(`.${x}`));
  };
  const thread = (id: string | undefined) => id !== undefined && threads.has(id);
  const message = (key: string) => messages.has(key);
  return {
    address,
    thread,
    message,
    touchpoint: (t) => message(t.key) || thread(t.threadId) || [t.from, ...t.to, ...t.cc, ...t.contactEmails].some(address),
  };
}

/** Capture events the list lets through. The rep's own address and deal records always pass. */
export function filterEvents(events: readonly CaptureEvent[], m: NeverCaptureMatcher): { kept: CaptureEvent[]; dropped: number } {
  const kept: CaptureEvent[] = [];
  let dropped = 0;
  for (const e of events) {
    let drop = false;
    switch (e.kind) {
      case 'email':
        drop = m.thread(e.threadId) || m.message(`gmail:${e.messageId}`) || [e.from, ...e.to, ...e.cc].some((p) => m.address(p.email));
        break;
      case 'list-row':
        drop = m.thread(e.threadId) || m.address(e.latestFrom?.email);
        break;
      case 'sending':
        drop = m.thread(e.threadId) || [...e.to, ...e.cc, ...e.bcc].some((p) => m.address(p.email));
        break;
      default:
        drop = false;
    }
    if (drop) dropped += 1;
    else kept.push(e);
  }
  return { kept, dropped };
}

/** Whether capture on `site` is paused at `now` (pauses are instants; "until resumed" never ends). */
export function pausedUntil(pauses: Partial<Record<SiteId, number>> | undefined, site: SiteId, now: number): number | undefined {
  const until = pauses?.[site];
  return until !== undefined && until > now ? until : undefined;
}
