/**
 * Capture events: what a site adapter read off a page, as plain typed data.
 * Content scripts send them to the background (the single writer), which validates them
 * (see `schemas.ts`), dedupes and stores them. Nothing here knows any page's DOM.
 */
import type { SiteId } from '../model';

export interface Party {
  /** Lower-cased address. */
  email: string;
  name?: string;
}

/** A message seen inside a Gmail thread (expanded or collapsed). */
export interface EmailSeen {
  kind: 'email';
  /** Gmail message id without the `#`: `msg-f:1581…` (received) or `msg-a:r-123…` (sent). */
  messageId: string;
  legacyMessageId?: string;
  /** `thread-f:…`/`thread-a:…` when Gmail shows it, else `legacy:<hex>`. */
  threadId: string;
  legacyThreadId?: string;
  subject: string;
  from: Party;
  to: Party[];
  cc: Party[];
  /** Exact instant. A message whose date cannot be read is not emitted at all. */
  at: number;
  /** Collapsed messages show sender and date only; recipients are then empty. */
  expanded: boolean;
  /**
   * The item showed no message id (Gmail renders collapsed items without one): `messageId` is
   * then `collapsed:<at>:<sender>`, the time and sender its header shows (minute precision), and
   * the record merges with the real message once the item is seen expanded.
   */
  provisional?: boolean;
  /** How many messages the conversation has, hidden ones included, when the view shows it. */
  threadTotal?: number;
  /** Set by the background when over-long text or lists were cut to their bound. */
  truncated?: boolean;
}

/** A row of a Gmail list view (inbox, search, label): what the row really shows. */
export interface ListRowSeen {
  kind: 'list-row';
  threadId: string;
  legacyThreadId?: string;
  lastMessageId?: string;
  subject: string;
  /** Participants as the row lists them, in the order shown. */
  participants: Party[];
  /** Who sent the newest message, when the row makes that knowable. */
  latestFrom?: Party;
  at: number;
  messageCount?: number;
  unread: boolean;
  /** Set by the background when over-long text or lists were cut to their bound. */
  truncated?: boolean;
}

/** The rep clicked Send (or pressed Ctrl/Cmd+Enter) in a Gmail compose or reply. */
export interface EmailSending {
  kind: 'sending';
  /** Gmail's compose id or draft id: one per compose window. */
  composeId: string;
  threadId?: string;
  legacyThreadId?: string;
  subject: string;
  to: Party[];
  cc: Party[];
  bcc: Party[];
  at: number;
  /** Set by the background when over-long text or lists were cut to their bound. */
  truncated?: boolean;
}

export interface CrmContact {
  email?: string;
  name?: string;
  phones: string[];
}

/** What kind of activity a CRM timeline lists. Tasks count only once done. */
export type CrmActivityType = 'call' | 'meeting' | 'email' | 'note' | 'task';

/** One item of a CRM record's activity timeline, as the page renders it. */
export interface CrmActivity {
  /** The CRM's own activity id when the page shows one, else `h:<hash>` of type, time and title. */
  id: string;
  type: CrmActivityType;
  /** When it happened (or is planned); minute precision at best, local midnight for date-only items. */
  at: number;
  /** Planned and not yet happened (an upcoming meeting, an open task): a next step, not a touchpoint. */
  upcoming: boolean;
  /** Inbound or outbound, when the CRM shows it (call direction). */
  direction?: 'inbound' | 'outbound';
  /** Title or subject as shown (text only). */
  title: string;
  durationMinutes?: number;
  /** The outcome as the CRM words it ("Connected", "Left voicemail"). */
  outcome?: string;
  /** A logged email's sender. */
  from?: Party;
  /** Everyone else the item names with an address (recipients, attendees, the person called). */
  participants: Party[];
  /** A logged email's Gmail message id, when the CRM shows one. */
  messageId?: string;
}

/** A CRM deal record page was read. */
export interface DealSeen {
  kind: 'deal';
  source: 'hubspot' | 'salesforce' | 'pipedrive';
  /** The CRM's own id, from the URL. */
  crmId: string;
  name: string;
  amount?: number;
  currency?: string;
  stage?: string;
  stages?: string[];
  expectedCloseAt?: number;
  owner?: string;
  url: string;
  contacts: CrmContact[];
  /** When the CRM says the deal was created, when the page shows it. */
  createdAt?: number;
  /** The record's activity timeline as rendered (absent when the page shows none). */
  activities?: CrmActivity[];
  /** Set by the background when over-long text or lists were cut to their bound. */
  truncated?: boolean;
}

/** A `tel:` link was clicked. */
export interface CallStarted {
  kind: 'call';
  phone: string;
  at: number;
  site: SiteId;
  url: string;
  /** The deal record open at the time, when there is one (`hubspot:123`). */
  dealId?: string;
  /** The contact the page shows next to the number, when known. */
  contactEmail?: string;
  /** Addresses visible on the page (custom CRM hosts). */
  pageEmails?: string[];
}

/** The Gmail account's own address, as read from the page. */
export interface OwnAddressSeen {
  kind: 'own-address';
  email: string;
}

/** The rep clicked Undo on Gmail's "Message sent" bar: the send recorded at the click never happened. */
export interface SendUndone {
  kind: 'send-undone';
  composeId: string;
}

export type CaptureEvent = EmailSeen | ListRowSeen | EmailSending | DealSeen | CallStarted | OwnAddressSeen | SendUndone;

/** What the sidebar shows about the page it sits beside. */
export interface PageContext {
  site: SiteId;
  url: string;
  view: 'thread' | 'list' | 'deal' | 'other';
  /** `paused` when the page did not match what the adapter expects: nothing was stored. */
  status: 'ok' | 'paused';
  pausedReason?: string;
  /** What the rep reads after "capture paused: " when it is not that the page was unrecognised. */
  pauseMessage?: string;
  threadId?: string;
  subject?: string;
  dealId?: string;
  participants: Party[];
  /** How many items this view produced. */
  captured: number;
  /** How many the view holds in all, when some are hidden (a conversation's collapsed messages). */
  total?: number;
  /** The theme the page shows, when its adapter can tell (Gmail's own dark theme): the sidebar frame matches it. */
  theme?: 'light' | 'dark';
  /**
   * Set by the background only (a page's report cannot carry it): how many items this page
   * sent that did not belong to it or could not be read, refused and not stored.
   */
  refused?: { url: string; count: number };
  /** Set by the background only: how many items from this page could not be stored and are kept to be tried again. */
  notStored?: { url: string; count: number };
}
