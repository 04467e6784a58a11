/**
 * Pure address helpers used by the background: normalising, company domains, bulk senders,
 * and who a message is between (direction and prospects).
 */
import type { Direction } from './model';

export interface PartyLike {
  email: string;
  name?: string;
}
export type AddressLike = string | PartyLike;

/**
 * What an address is, for everything the background stores, lists or is asked to forget, and
 * what capture takes (lib/capture/schemas.ts): one `@` with something on either side, as Gmail
 * shows addresses and its parser reads them (lib/sites/gmail/common.ts), so no real message is
 * lost over an odd address: a forwarder's rewritten sender (`srs0=…=jane@forwarder.test`), a
 * list's bounce address, `sales/emea@…`, `o'brien@…`, `jörg@bücher.test`, a typo like
 * `bob@acme`. Refused: spaces, control characters (the contact index separates fields with
 * U+0000) and format characters — direction overrides and zero-width characters change how an
 * address reads or hide in it. Lower-case.
 */
const EMAIL = /^[^\s@\p{Cc}\p{Cf}]+@[^\s@\p{Cc}\p{Cf}]+$/u;

/** True for a lower-cased, trimmed address as `EMAIL` reads it (capture's schema uses it). */
export const isAddress = (s: string): boolean => EMAIL.test(s);

/**
 * Lower-cased, trimmed address; accepts `mailto:x`, `<x>` and `Name <x>`. `undefined` when the
 * input is not an address.
 */
export function normaliseEmail(raw: string | null | undefined): string | undefined {
  if (!raw) return undefined;
  let s = raw.trim();
  const angle = /<([^<>]+)>\s*$/.exec(s);
  if (angle?.[1]) s = angle[1];
  s = s.replace(/^mailto:/i, '').trim().toLowerCase();
  return EMAIL.test(s) ? s : undefined;
}

function emailOf(a: AddressLike): string | undefined {
  return normaliseEmail(typeof a === 'string' ? a : a.email);
}

/** The part after `@`, lower-cased; accepts a bare domain too. */
export function domainOf(emailOrDomain: string): string {
  const s = emailOrDomain.trim().toLowerCase();
  const at = s.lastIndexOf('@');
  return at >= 0 ? s.slice(at + 1) : s;
}

/** Public mail providers: their users are people, not companies. */
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'hotmail.co.uk', 'hotmail.de',
  'hotmail.fr', 'live.com', 'live.co.uk', 'msn.com', 'yahoo.com', 'yahoo.co.uk', 'yahoo.de',
  'yahoo.fr', 'ymail.com', 'icloud.com', 'me.com', 'mac.com', 'aol.com', 'proton.me',
  'protonmail.com', 'pm.me', 'gmx.de', 'gmx.net', 'gmx.com', 'web.de', 't-online.de',
  'mail.com', 'zoho.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'fastmail.com', 'hey.com',
  'tutanota.com', 'tuta.io', 'qq.com', '163.com', '126.com', 'naver.com', 'orange.fr',
  'free.fr', 'libero.it', 'btinternet.com', 'comcast.net', 'verizon.net', 'att.net',
]);

/** True for public mail providers (`gmail.com`, `outlook.com`…); accepts an address or a domain. */
export function isFreeMailDomain(emailOrDomain: string): boolean {
  return FREE_MAIL.has(domainOf(emailOrDomain));
}

/**
 * Two-label public suffixes under which companies register a third label (`acme.co.uk`).
 * Deliberately small: the common country second levels. Anything else counts as one label.
 */
const TWO_LABEL_SUFFIXES = new Set([
  'co.uk', 'org.uk', 'ac.uk', 'gov.uk', 'ltd.uk', 'plc.uk', 'me.uk', 'com.au', 'net.au',
  'org.au', 'co.nz', 'org.nz', 'co.jp', 'ne.jp', 'or.jp', 'co.za', 'com.br', 'com.mx',
  'co.in', 'com.cn', 'com.hk', 'com.sg', 'com.tr', 'co.kr', 'co.il', 'com.ar', 'co.at',
  'or.at', 'com.pl', 'com.es', 'com.tw', 'co.id', 'com.my', 'com.ph',
]);

/**
 * The company domain of an address: its registrable domain, so mail-server and regional
 * subdomains fall away (`jane@mail.acme.co.uk` → `acme.co.uk`, `bob@eu.globex.test` →
 * `globex.test`). Rule: keep the last two labels, or three when the last two are a known
 * two-label public suffix (`co.uk`, `com.au`…). For free-mail providers there is no company: the
 * address itself is returned (`jo@gmail.com` → `jo@gmail.com`). Lower-cased.
 */
export function companyDomain(email: string): string {
  const e = email.trim().toLowerCase();
  const domain = domainOf(e);
  if (FREE_MAIL.has(domain)) return e.includes('@') ? e : domain;
  const labels = domain.split('.').filter(Boolean);
  if (labels.length <= 2) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.');
  const keep = TWO_LABEL_SUFFIXES.has(lastTwo) ? 3 : 2;
  return labels.slice(-keep).join('.');
}

/**
 * Local parts of machine senders: no-reply, do-not-reply, mailer-daemon, postmaster,
 * notification(s), newsletter(s), bounce(s), list managers (`*-request`, `owner-*`,
 * `*-bounces`, listserv, majordomo). Separators `-`, `_`, `.` or none; `+tag` suffixes allowed.
 */
const BULK_LOCAL = [
  /^no[-_.]?reply\b/,
  /^do[-_.]?not[-_.]?reply\b/,
  /^dont[-_.]?reply\b/,
  /^mailer[-_.]?daemon$/,
  /^postmaster$/,
  /^notifications?$/,
  /^notify$/,
  /^newsletters?$/,
  /^bounces?$/,
  /^bounce[-_.+]/,
  /[-_.]bounces?$/,
  /^listserv$/,
  /^majordomo$/,
  /-request$/,
  /^owner-/,
];

/** True for automated senders (newsletters, notifications, bounces, list managers). */
export function isBulkSender(party: AddressLike): boolean {
  const email = emailOf(party);
  if (!email) return false;
  const local = email.slice(0, email.lastIndexOf('@')).replace(/\+.*$/, '');
  return BULK_LOCAL.some((re) => re.test(local));
}

export interface DirectionInput {
  from: AddressLike;
  to: AddressLike[];
  cc?: AddressLike[];
}

export interface DirectionContext {
  /** The rep's own addresses (account address and aliases). */
  own: string[];
  /** The team's domains: addresses there are colleagues, never prospects. */
  internalDomains: string[];
}

export interface DirectionResult {
  direction: Direction;
  /** External, non-bulk addresses involved, sender first, each once, lower-cased. */
  prospects: string[];
}

/**
 * Who a message is between.
 * - `outbound`: sent by one of the rep's own addresses (or a colleague on an internal domain) to
 *   at least one prospect.
 * - `inbound`: sent by an external, non-bulk sender. Being only in Cc does not change that.
 * - `internal`: only own/team addresses involved, or a bulk sender (newsletters are nobody's
 *   prospect: prospects are then empty), or a team message with no prospect recipient.
 * - Exception: a message from one of the rep's own addresses with no recipients at all (Gmail's
 *   collapsed messages show sender and date only) is `outbound` with empty prospects.
 * Prospects: every external, non-bulk address among from/to/cc (sender first).
 */
export function classifyDirection(msg: DirectionInput, ctx: DirectionContext): DirectionResult {
  const own = new Set(ctx.own.map((a) => normaliseEmail(a)).filter((a): a is string => !!a));
  const internal = ctx.internalDomains.map((d) => domainOf(d)).filter(Boolean);
  const isTeam = (email: string): boolean => {
    if (own.has(email)) return true;
    const d = domainOf(email);
    return internal.some((i) => d === i || d.endsWith('.' + i));
  };
  const from = emailOf(msg.from);
  if (!from || isBulkSender(from)) return { direction: 'internal', prospects: [] };

  const prospects: string[] = [];
  for (const a of [msg.from, ...msg.to, ...(msg.cc ?? [])]) {
    const e = emailOf(a);
    if (!e || isTeam(e) || isBulkSender(e) || prospects.includes(e)) continue;
    prospects.push(e);
  }
  if (!isTeam(from)) return { direction: 'inbound', prospects };
  if (prospects.length > 0) return { direction: 'outbound', prospects };
  // A collapsed Gmail message shows no recipients: the rep's own message is still outbound
  // (prospects unknown here; the background takes them from the thread).
  const noRecipients = msg.to.length === 0 && (msg.cc ?? []).length === 0;
  return { direction: noRecipients && own.has(from) ? 'outbound' : 'internal', prospects };
}
