/**
 * The message contract between content scripts, extension pages and the background: every
 * request, its arguments, its answer, and who may send it.
 *
 * This module only declares; it imports types of the domain model and nothing of the background
 * or the database, so a content script's type graph stays small. The background's handlers
 * (lib/background/api.ts) are checked against `Handlers`; `call` (lib/messaging.ts) takes its
 * types from here; `serve` refuses a request from a caller it does not list.
 *
 * Adding a request: one line in `PROTOCOL` below, then a handler of the same name in
 * `createApi` (the type-check fails until it exists and matches).
 */
import type { CaptureEvent, PageContext } from './capture/events';
import type { Backup, ParseResult } from './backup-format';
import type { SnoozeOption } from './followups/due';
import type { Adjustment, AdjustmentOutcome, CallOutcome, Channel, Deal, DealStatus, Debrief, FollowUp, Reflection, Retrospective, Settings, SiteId, Touchpoint, WinReflection } from './model';
import type { FieldIssue } from './reflection/model';
import type { SettingsCheck } from './settings';

/**
 * Who may send a request. Content scripts run inside Gmail and CRM pages, next to page code we
 * do not control: they may only hand over what they captured. Everything else (reads, backups,
 * settings, deal actions) is for the extension's own pages (popup, options, the sidebar frame…).
 */
export type Caller = 'content-script' | 'extension-page';

/** One request of the contract. The two type parameters exist only for the type-checker. */
export interface RequestSpec<Args, Answer> {
  readonly from: readonly Caller[];
  /** Never set: carries the types. */
  readonly types?: { args: Args; answer: Answer };
}

const fromContentScripts = <Args, Answer>(): RequestSpec<Args, Answer> => ({ from: ['content-script', 'extension-page'] });
const fromExtensionPages = <Args, Answer>(): RequestSpec<Args, Answer> => ({ from: ['extension-page'] });

export interface ManualTouchpointInput {
  key?: string;
  channel: Exclude<Channel, 'email'>;
  at: number;
  direction?: 'inbound' | 'outbound';
  contactEmail?: string;
  dealId?: string;
  durationMinutes?: number;
  outcome?: CallOutcome;
  note?: string;
}

/**
 * A deal edit. `null` clears a field: Chrome's messaging carries JSON, where a key set to
 * `undefined` does not arrive at all.
 */
export type DealPatch = { name?: string } & { [K in 'amount' | 'currency' | 'stage' | 'leadSource' | 'contractTermMonths']?: Deal[K] | null };

export type SaveReflectionAnswer = { ok: false; problems: FieldIssue[] } | { ok: true; state: Reflection['state'] };
export type SaveWinAnswer = { ok: false; problems: FieldIssue[] } | { ok: true; state: WinReflection['state'] };
export type ImportAnswer = Extract<ParseResult, { ok: false }> | { ok: true; counts: { deals: number; touchpoints: number; reflections: number } };

/** The sidebar's reads, run by the background for it (lib/db/reads.ts; the sidebar cannot open IndexedDB). */
export interface Reads {
  settings: { args: null; answer: Settings };
  deal: { args: { dealId: string }; answer: Deal | null };
  dealTouchpoints: { args: { dealId: string }; answer: Touchpoint[] };
  contactTimeline: { args: { email: string; limit?: number }; answer: Touchpoint[] };
  /** The deal a Gmail thread belongs to: linked by hand, or through its touchpoints. */
  dealForThread: { args: { threadId: string }; answer: Deal | null };
  openDeals: { args: null; answer: Deal[] };
  recentCorrespondence: { args: { now: number }; answer: Touchpoint[] };
  /** Names, deal statuses and the rep's snoozes/done on reply follow-ups: what turns waits into flags. */
  attentionContext: {
    args: { emails: string[]; dealIds: string[] };
    answer: { names: Record<string, string>; dealStatus: Record<string, DealStatus>; followUps: Record<string, Pick<FollowUp, 'state' | 'snoozedUntil'>> };
  };
}
export type ReadName = keyof Reads;
export type ReadArgs<K extends ReadName> = Reads[K]['args'];
export type ReadResult<K extends ReadName> = Reads[K]['answer'];

export const PROTOCOL = {
  /** Events a site adapter captured, and what the page shows (for its sidebar). */
  capture: fromContentScripts<{ events: CaptureEvent[]; context?: PageContext }, { stored: number; rejected: string[] }>(),

  whoami: fromExtensionPages<null, { tabId: number | null }>(),
  /** The sidebar tells its page's handle what needs attention and whether capture is paused. */
  handleState: fromExtensionPages<{ count: number; paused: boolean }, void>(),
  tabContext: fromExtensionPages<{ tabId: number }, PageContext | null>(),
  now: fromExtensionPages<null, number>(),
  read: fromExtensionPages<{ name: ReadName; args: unknown }, unknown>(),

  createLocalDeal: fromExtensionPages<{ name?: string; contactEmails: string[]; threadId?: string }, Deal>(),
  linkThread: fromExtensionPages<{ dealId: string; threadId: string; contactEmails: string[] }, void>(),
  updateDeal: fromExtensionPages<{ dealId: string; patch: DealPatch }, void>(),
  /** Mark won and open the short win reflection unless `open` is false. */
  markWon: fromExtensionPages<{ dealId: string; open?: boolean }, { dealId: string }>(),
  /** The debrief call's answers; `held` closes the debrief follow-up. */
  saveDebrief: fromExtensionPages<{ debrief: Debrief; held?: boolean }, Debrief>(),
  saveWinReflection: fromExtensionPages<{ reflection: WinReflection; finish?: boolean }, SaveWinAnswer>(),
  /** Mark lost and start (or resume) the reflection; opens the reflection page unless `open` is false. */
  /** A seeded quarter of made-up deals (marked as sample), and removing exactly those. */
  loadSampleData: fromExtensionPages<null, { deals: number }>(),
  removeSampleData: fromExtensionPages<null, { deals: number }>(),
  /** The retrospective session going on, started (its period since the last one) if none is. */
  startRetrospective: fromExtensionPages<null, Retrospective>(),
  /** Add or change an adjustment: agreed at this session (who, what, by when), or reviewed (its outcome). */
  saveAdjustment: fromExtensionPages<
    { id?: string; retrospectiveId: string; who?: string; what?: string; dueAt?: number; outcome?: AdjustmentOutcome; outcomeNote?: string; reviewedIn?: string },
    Adjustment
  >(),
  removeAdjustment: fromExtensionPages<{ id: string }, void>(),
  /** The session is over: its period ends now and the retrospective follow-up is done. */
  completeRetrospective: fromExtensionPages<{ id: string; notes: string }, Retrospective>(),
  markLost: fromExtensionPages<{ dealId: string; open?: boolean }, { dealId: string }>(),
  reopenDeal: fromExtensionPages<{ dealId: string }, void>(),
  saveReflection: fromExtensionPages<{ reflection: Reflection; finish?: boolean }, SaveReflectionAnswer>(),

  logTouchpoint: fromExtensionPages<ManualTouchpointInput, Touchpoint>(),
  deleteTouchpoint: fromExtensionPages<{ key: string }, void>(),

  addNeverCapture: fromExtensionPages<{ entry: string }, { entries: string[]; forgotten: { touchpoints: number; contacts: number; followUps: number } }>(),
  removeNeverCapture: fromExtensionPages<{ entry: string }, { entries: string[] }>(),
  pauseCapture: fromExtensionPages<{ site: SiteId; duration: 'hour' | 'tomorrow' | 'resumed' }, { until: number }>(),
  resumeCapture: fromExtensionPages<{ site: SiteId }, void>(),
  forgetContact: fromExtensionPages<{ email: string }, { touchpoints: number; contacts: number; followUps: number }>(),
  forgetEverything: fromExtensionPages<{ confirm: string }, void>(),
  /** The contact's messages up to `upTo` (default now) need no reply: no flag, no badge. */
  noReplyNeeded: fromExtensionPages<{ contactEmail: string; upTo?: number }, { marked: number }>(),
  /** Done, or (`done: false`) back as it was: open, or snoozed until `snoozedUntil` when given. */
  followUpDone: fromExtensionPages<{ id: string; done?: boolean; snoozedUntil?: number }, void>(),
  snoozeFollowUp: fromExtensionPages<{ id: string; option: SnoozeOption }, { until: number }>(),
  addFollowUp: fromExtensionPages<{ dueAt: number; reason: string; dealId?: string; contactEmail?: string; threadId?: string }, FollowUp>(),
  openFollowUp: fromExtensionPages<{ id: string }, void>(),

  getSettings: fromExtensionPages<null, Settings>(),
  saveSettings: fromExtensionPages<{ settings: Settings }, SettingsCheck>(),
  /** Sample data stays out unless `includeSample`. */
  exportBackup: fromExtensionPages<{ includeSample?: boolean } | void, Backup>(),
  importBackup: fromExtensionPages<{ text: string }, ImportAnswer>(),
  /** The options page is about to restore a backup itself (lib/db/backup.ts): hold what capture batches keep off. */
  restoring: fromExtensionPages<null, void>(),
  /** The options page's restore has ended, written or not: refresh the badge and reminders. */
  restored: fromExtensionPages<null, void>(),
  addCustomHost: fromExtensionPages<{ host: string }, { hosts: string[] }>(),
  removeCustomHost: fromExtensionPages<{ host: string }, { hosts: string[] }>(),

  /** Test builds only: what pressing a command's shortcut does. */
  runCommand: fromExtensionPages<{ command: string }, void>(),
  /** Test builds only: move the clock. */
  setClockOffset: fromExtensionPages<{ ms: number }, void>(),
  /** Whether captures can be written: the last storage problem in words, and since when. */
  storageStatus: fromExtensionPages<null, StorageStatus>(),
  /** Test builds only: make every database write fail as if the disk were full. */
  simulateFullStorage: fromExtensionPages<{ full: boolean }, void>(),
  /** Test builds only: make every write of the touchpoint with this key fail as a defect would (null: none). */
  simulateFaultyItem: fromExtensionPages<{ key: string | null }, void>(),
};

export interface StorageStatus {
  /** A sentence such as "the browser's storage for Deal Debrief is full — …"; null when writes work. */
  problem: string | null;
  since: number | null;
  /** How many captured items could not be stored and are kept to be tried again (absent when none). */
  held?: number;
}

type Protocol = typeof PROTOCOL;
export type RequestName = keyof Protocol;
type TypesOf<K extends RequestName> = NonNullable<Protocol[K]['types']>;
export type ArgsOf<K extends RequestName> = TypesOf<K>['args'];
export type AnswerOf<K extends RequestName> = TypesOf<K>['answer'];

/** Where a request came from, as the browser reports it. */
export interface Sender {
  tabId?: number;
  frameId?: number;
  url?: string;
}

/** What the background must serve: one handler per request, with the contract's types. */
export type Handlers = { [K in RequestName]: (args: ArgsOf<K>, sender: Sender) => Promise<AnswerOf<K>> };

/** Whether `caller` may send the request `name` (unknown names: nobody). */
export function mayCall(name: string, caller: Caller): boolean {
  return Object.hasOwn(PROTOCOL, name) && PROTOCOL[name as RequestName].from.includes(caller);
}
