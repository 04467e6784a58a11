/**
 * The domain model: plain data stored in IndexedDB and passed between contexts.
 * Every instant is epoch milliseconds (UTC); every email address is lower-cased.
 */

export type SiteId = 'gmail' | 'hubspot' | 'salesforce' | 'pipedrive' | 'custom';
export type Channel = 'email' | 'call' | 'meeting' | 'note';
export type Direction = 'inbound' | 'outbound' | 'internal';
export type DealStatus = 'open' | 'won' | 'lost' | 'dead';

/**
 * Whether a deal ended without a sale: lost (worth re-engaging) or dead (not worth more time);
 * docs/method.md, "Lost or dead". The one place this question is answered.
 */
export function isLostOrDead(deal: Pick<Deal, 'status'> | undefined): boolean {
  return deal !== undefined && (deal.status === 'lost' || deal.status === 'dead');
}
export type CallOutcome = 'connected' | 'voicemail' | 'no-answer';
/** What a CRM calls an activity; tasks are stored as notes (work done, not a conversation). */
export type ActivityKind = 'call' | 'meeting' | 'email' | 'note' | 'task';

/** A planned activity a CRM shows (upcoming meeting, open task): a next step, not a touchpoint. */
export interface NextStep {
  /** The key its touchpoint will have once it has happened. */
  key: string;
  kind: ActivityKind;
  at: number;
  title: string;
  contactEmails: string[];
}

export interface Contact {
  /** Lower-cased address; the key. */
  email: string;
  name?: string;
  /** Company domain taken from the address (`acme.com`). */
  domain: string;
  phones: string[];
  firstSeen: number;
  lastSeen: number;
}

export interface Deal {
  /**
   * Keyed by tenant (lib/keys.ts): `hubspot:<portal>:123`, `salesforce:<my-domain>:006…`,
   * `pipedrive:<company>:42`, or `local:<id>` for a deal with no CRM record.
   */
  id: string;
  source: SiteId | 'local';
  name: string;
  amount?: number;
  currency?: string;
  stage?: string;
  /** The CRM's stage list, when the page shows it. */
  stages?: string[];
  status: DealStatus;
  leadSource?: string;
  contractTermMonths?: number;
  owner?: string;
  expectedCloseAt?: number;
  contactEmails: string[];
  /** Gmail thread ids linked to this deal by hand or by capture. */
  threadIds: string[];
  url?: string;
  openedAt: number;
  /** When the extension first saw the deal; anchors how far back its contacts' mail is linked. */
  firstSeenAt?: number;
  /** When the CRM says the deal was created (shown on its record); days open count from it. */
  crmCreatedAt?: number;
  /** Planned activities the CRM record shows, replaced on every read of the record. */
  nextSteps?: NextStep[];
  closedAt?: number;
  updatedAt: number;
  /** Part of what the page showed was longer than the bound kept here and was cut. */
  truncated?: boolean;
}

export interface Touchpoint {
  /**
   * Stable natural key, so capture is idempotent: `gmail:<message id>` for a Gmail message,
   * `<crm>:<tenant>:<id>` for a CRM activity (lib/keys.ts `crmKey`), otherwise `h:<hash of channel + participants + time>`.
   */
  key: string;
  channel: Channel;
  direction: Direction;
  at: number;
  /** External participants (prospects) this touchpoint concerns. */
  contactEmails: string[];
  from?: string;
  to: string[];
  cc: string[];
  threadId?: string;
  /** Text only, never HTML. */
  subject?: string;
  dealId?: string;
  capturedFrom: SiteId | 'manual';
  /**
   * How sure the record is: `seen` (the message itself was seen), `list-row` (only a list row
   * showed it; merged when the thread opens), `sending` (recorded at Send; merged when the sent
   * message appears with its real id).
   */
  provenance: 'seen' | 'list-row' | 'sending' | 'manual';
  durationMinutes?: number;
  outcome?: CallOutcome;
  note?: string;
  /**
   * How many messages its Gmail conversation held when last seen, when Gmail hid some of them
   * (collapsed "N older messages"): counts resting on such a thread are partial.
   */
  threadTotal?: number;
  /** A CRM activity's own kind, when it differs from the channel (a done task is stored as a note). */
  activityKind?: ActivityKind;
  /** The rep said this inbound message needs no reply: it never waits, flags or counts on the badge. */
  noReplyNeeded?: boolean;
  createdAt: number;
  updatedAt: number;
  /** Part of what the page showed was longer than the bound kept here and was cut. */
  truncated?: boolean;
}

export type FollowUpKind = 'debrief' | 're-engage' | 'reply' | 'retrospective' | 'manual';
export type FollowUpState = 'open' | 'done' | 'snoozed';

export interface FollowUp {
  /** Deterministic for rule-made follow-ups (`debrief:<dealId>`), so rules never duplicate. */
  id: string;
  kind: FollowUpKind;
  dueAt: number;
  state: FollowUpState;
  snoozedUntil?: number;
  dealId?: string;
  contactEmail?: string;
  threadId?: string;
  /** One line: why it exists. */
  reason: string;
  /** Extra detail: prepared questions, previous offer, loss reasons. */
  details?: string[];
  notifiedAt?: number;
  createdAt: number;
  updatedAt: number;
}

export interface Settings {
  ownAddresses: string[];
  /** Detected from Gmail; never typed. */
  detectedAddresses: string[];
  internalDomains: string[];
  workingDays: number[]; // 0 = Sunday … 6 = Saturday
  workStart: string; // "09:00"
  workEnd: string; // "17:00"
  timeZone: string;
  holidays: string[]; // "2026-12-25"
  newLeadTargetMinutes: number;
  newLeadEscalateMinutes: number;
  activeDealTargetMinutes: number;
  activeDealEscalateMinutes: number;
  debriefCoolOffDays: number;
  reengageRatio: number;
  retrospectiveEveryDays: number; // 0 = off
  notifications: boolean;
  customCrmHosts: string[];
  /** Never captured: addresses, domains, `thread:<id>`, `message:<key>` (lib/capture-control.ts). */
  neverCapture: string[];
  /** Capture paused per site until this instant (Number.MAX_SAFE_INTEGER: until resumed). */
  capturePausedUntil: Partial<Record<SiteId, number>>;
  onboarded: boolean;
}

export function defaultSettings(timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone): Settings {
  return {
    ownAddresses: [],
    detectedAddresses: [],
    internalDomains: [],
    workingDays: [1, 2, 3, 4, 5],
    workStart: '09:00',
    workEnd: '17:00',
    timeZone,
    holidays: [],
    newLeadTargetMinutes: 60,
    newLeadEscalateMinutes: 240,
    activeDealTargetMinutes: 480,
    activeDealEscalateMinutes: 960,
    debriefCoolOffDays: 5,
    reengageRatio: 0.75,
    retrospectiveEveryDays: 14,
    notifications: true,
    customCrmHosts: [],
    neverCapture: [],
    capturePausedUntil: {},
    onboarded: false,
  };
}

export type LossOutcome = 'competitor' | 'no-decision' | 'disqualified' | 'went-dark' | 'unknown';
export type ReasonCategory =
  | 'price'
  | 'product-fit'
  | 'competitor-strength'
  | 'sales-process'
  | 'timing'
  | 'trust-risk'
  | 'icp-fit'
  | 'other';
export type Controllability = 'controllable' | 'partly' | 'not-controllable';

export interface LossReason {
  category: ReasonCategory;
  /** An example from the taxonomy or the rep's own words. */
  detail: string;
  controllability: Controllability;
}

export interface TeamPerspective {
  person: string;
  role: string;
  feltWinning: string;
  feltLost: string;
  why: string;
}

export interface Reflection {
  dealId: string;
  state: 'draft' | 'final';
  /** `lost` schedules a re-engage call; `dead` does not (docs/method.md, "Lost or dead"). */
  disposition: 'lost' | 'dead';
  outcome?: LossOutcome;
  competitor?: string;
  stageLost?: string;
  primaryReason?: LossReason;
  secondaryReasons: LossReason[];
  leadSource?: string;
  personalConnection?: boolean;
  icpFit?: number; // 1–5
  icpMisfit: string;
  prepared: string;
  missing: string;
  team: TeamPerspective[];
  prospectSaidMattered: string;
  prospectCouldHaveChanged: string;
  repStatedReason: string;
  differently: string;
  adjustIcp: string;
  adjustProcess: string;
  adjustOther: string;
  contractTermMonths?: number;
  offerSummary: string;
  comparedWonDealId?: string;
  /** When the prospect declined (the loss date); re-engage counts from here. */
  lostAt: number;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
}

/**
 * A short reflection on a won deal: why they chose us (in the loss taxonomy's categories, so
 * wins and losses can be set side by side), what almost lost it, who decided, what to repeat,
 * and the competitor we beat.
 */
export interface WinReflection {
  dealId: string;
  state: 'draft' | 'final';
  whyCategory?: ReasonCategory;
  whyChoseUs: string;
  almostLostCategory?: ReasonCategory;
  almostLost: string;
  whoDecided: string;
  repeat: string;
  competitorBeaten?: string;
  wonAt: number;
  createdAt: number;
  updatedAt: number;
  finishedAt?: number;
}

/** One prepared question of the debrief call and what the buyer answered. */
export interface DebriefAnswer {
  question: string;
  answer: string;
}

/**
 * The debrief call with the decision-maker after a loss: the answers typed during the call and
 * the reason the buyer gave, in the same taxonomy as the rep's reasons.
 */
export interface Debrief {
  dealId: string;
  answers: DebriefAnswer[];
  buyerReason?: ReasonCategory;
  buyerReasonDetail: string;
  /** Who took the call on their side. */
  spokeWith: string;
  /** When the call was marked held; a debrief without it is still being prepared. */
  heldAt?: number;
  createdAt: number;
  updatedAt: number;
}

/** A loss retrospective held by the team, covering the period since the one before. */
export interface Retrospective {
  id: string;
  periodFrom: number;
  periodTo: number;
  notes: string;
  /** When the session was completed; 0 while it is still going on. */
  heldAt: number;
  createdAt: number;
  updatedAt: number;
}

export type AdjustmentOutcome = 'open' | 'done' | 'partly' | 'dropped';

/** A change the team agreed at a retrospective: who does what by when, and how it went. */
export interface Adjustment {
  id: string;
  retrospectiveId: string;
  who: string;
  what: string;
  /** Start of the day it is due (epoch ms). */
  dueAt: number;
  outcome: AdjustmentOutcome;
  outcomeNote: string;
  /** The later retrospective at which its outcome was set. */
  reviewedIn?: string;
  createdAt: number;
  updatedAt: number;
}
