/**
 * Every Gmail selector, in one module (InboxSDK's `gmail-element-getter.ts` style).
 * Nothing else in the codebase may contain Gmail selectors: parse functions import these.
 *
 * Sources: the open-source gmail.js (commit `b7dfdab`) and InboxSDK (`a8a6fe2`), checked against
 * the dated fixtures in tests/fixtures/gmail.
 * Gmail's obfuscated class names below have been stable for years unless a date says otherwise.
 * When Gmail changes its markup, add the new selector first in the list and keep the old one
 * (and add a new dated fixture under tests/fixtures/gmail/).
 *
 * Selector *names* (the names exported here, read as `SEL.name` through `import * as SEL`) are what `{ ok: false, failed }` reports: they say which
 * piece of structure went missing without logging any user text.
 */

// ─── Page / routes ────────────────────────────────────────────────────────────────────────
/** The main content area; absent while Gmail is loading (InboxSDK waits for it). */
export const main = '[role=main]';
/** Top banner holding the account button. */
export const banner = '[role=banner]';
/** Account button: aria-label `Google Account: <Name> (<email>)` (InboxSDK, gmail.js). */
export const accountButton = 'a[href*="accounts.google.com/SignOutOptions"][aria-label]';
/** InboxSDK's account-switcher lookup; fallback for `accountButton`. */
export const accountButtonFallback = '[role=banner] div[aria-label] div div a[href^="https://myaccount.google."]';
/**
 * Main view switching: direct `.nH` children of `div.aeF > div.nH` toggle `display:none`
 * (InboxSDK). Used only to decide which `style` mutations matter.
 */
export const viewContainer = 'div.aeF > div.nH > .nH';
/** The host of every main view (`div.aeF`): threads, lists and the reading pane live inside it. */
export const viewsHost = 'div.aeF';
/**
 * Where Gmail paints its theme, most specific first: the main surface (`.bkK > .nH`, InboxSDK's
 * body-theme check), the pane around it, then the page. Dark themes paint them dark (2026-12).
 */
export const themeSurface = ['.bkK > .nH', '.bkK', 'body', 'html'] as const;

// ─── Thread view ──────────────────────────────────────────────────────────────────────────
/**
 * Thread container. Since 2023-11 `[role=main] .g.id .a98.iY` (InboxSDK PR #1073);
 * before: `table.Bs > tr`; gmail.js accepts `div.iY` / `.if`. Preview-pane mode places the
 * thread in `div[role=main] .aia` / `.ao9` (InboxSDK issue #789).
 */
export const threadContainer = ['[role=main] .g.id .a98.iY', '[role=main] table.Bs > tr', '[role=main] div.iY', '[role=main] .if'] as const;
/** Preview-pane hosts of a thread (InboxSDK issue #789). */
export const previewPane = 'div[role=main] .aia, div[role=main] .ao9';
/**
 * Thread subject `h2`, carrying `data-thread-perm-id` (`thread-f:…`/`thread-a:r-…`, may be the
 * string `undefined`) and `data-legacy-thread-id` (hex). `h2.hP` (gmail.js), `.ha h2` (InboxSDK).
 */
export const threadSubject = ['h2.hP', '.ha h2'] as const;
/**
 * The message list: InboxSDK takes the parent of the first `.h7`. Items are `[role=listitem]`
 * children in the state classes below.
 */
export const messageList = '[role=list]';
/** Expanded, loaded message item (InboxSDK "EXPANDED"). */
export const messageExpanded = '.h7';
/** Collapsed message item: sender and date only (InboxSDK "COLLAPSED"). */
export const messageCollapsed = '.kv';
/** Message items hidden inside a collapsed group (InboxSDK "HIDDEN"). */
export const messageHidden = '.kQ, .kx';
/** Any message item, whatever its state. */
export const messageItem = '.h7, .kv, .kQ, .kx';
/**
 * The "N older messages" bar of a collapsed group (`.adv`; the number is its first integer,
 * Gmail puts it in `span.adl`). Seen with `.kQ` placeholders around it.
 */
export const collapsedGroup = '.adv';
/** The number inside the collapsed-group bar. */
export const collapsedGroupCount = '.adl';
/**
 * One message: `div.adn[data-message-id="#msg-f:<decimal>"|"#msg-a:r<signed>"]` with
 * `data-legacy-message-id="<hex>"` (the legacy id can appear later for a message just sent).
 * Any element carrying the id counts (the `div.adn` alternative matched nothing more). Also a
 * message id anywhere inside an item (absent from collapsed items in many captures).
 */
export const message = '[data-message-id]';
/** Sender: `span.gD[email][name]` (gmail.js); InboxSDK `td.gF span[email]`. */
export const sender = ['span.gD[email]', 'td.gF span[email]'] as const;
/**
 * Sender in a collapsed item's header: as expanded, or the list-style `span.zF`/`span.yP`
 * (public captures 2019–2025 show collapsed items carrying sender and date but no message id).
 */
export const collapsedSender = ['span.gD[email]', 'td.gF span[email]', 'span.zF[email]', 'span.yP[email]'] as const;
/** Recipients in the header line: `span.g2[email]` inside `span.hb`; the user is `name="me"`. */
export const recipient = 'span.g2[email]';
/**
 * The hidden "show details" table repeating sender and recipients, one row per field,
 * labelled `from:` / `to:` / `cc:` / `bcc:` / `date:`. Not in either reference library
 * (neither splits To from Cc): read from captures, optional — absent → everything is `to`.
 * Popup `div.ajB` holding `table.ajC`, rows `tr.ajv`, label cell `td.gG`, value cell `td.gL`.
 */
export const detailsTable = 'table.ajC';
/**
 * A row's label cell (`td.gG`, which carries no address) and the elements carrying an address in
 * its value cell, in page order.
 */
export const detailsCells = 'tr.ajv td.gG, tr.ajv td.gL [email]';
/**
 * The details table's labels in the interface languages we read (lower case, colon dropped):
 * English, German, French, Spanish, Japanese. Anything else leaves the row unread (its
 * addresses then count as To).
 */
export const detailsLabels = {
  from: ['from', 'von', 'de', '送信元', '差出人'],
  to: ['to', 'an', 'à', 'para', '宛先'],
  cc: ['cc'],
  bcc: ['bcc', 'cci', 'cco'],
  'reply-to': ['reply-to', 'antwort an', 'répondre à', 'responder a', '返信先'],
} as const;
/**
 * The name Gmail gives the signed-in user in headers and rows (`name="me"`), in the interface
 * languages we read: English, German, French, Spanish, Japanese. Never a participant's name.
 */
export const ownNames = ['me', 'ich', 'moi', 'yo', '自分'] as const;
/** Full displayed date: the `title` of `span.g3` (`Tue, Nov 3, 2026, 2:14 PM`), local time. */
export const messageDate = 'span.g3[title]';
/** Body `div.ii.gt div.a3s`; quoted text `.gmail_quote` / `blockquote`. Never read for parties. */
export const messageBody = 'div.ii.gt, div.a3s, .gmail_quote, blockquote';

// ─── List views ───────────────────────────────────────────────────────────────────────────
/** The list table host (`[gh=tl]`). */
export const listContainer = '[gh=tl]';
/** One thread row; unread rows carry `zE`, read rows `yO`. */
export const listRow = 'tr.zA[role=row]';
/** Any table row of the list, recognised or not (rows on screen that `listRow` misses pause capture). */
export const anyRow = '[role=row], tr';
/** An unread row. */
export const listRowUnread = '.zE';
/** Participants of a row (`span.zF` bold = unread sender, `span.yP`), each `[email][name]`. */
export const listParticipant = ['.yW [email]', 'td.yX [email]', '[email][name]'] as const;
/** Subject `td.a4W div.xS div.xT div.y6 > span[id]`. */
export const listSubject = ['td.a4W div.xS div.xT div.y6 > span[id]', 'div.y6 > span[id]'] as const;
/** Ids: `span[data-thread-id="#thread-f:…"][data-legacy-thread-id]`, some `data-legacy-last-message-id`. */
export const listThreadId = 'span[data-thread-id]';
/**
 * Date: `td.xW > span[title]` holding the full date; with the reading pane on the right the
 * first row of a thread holds it in `td.apt > div.apm > span[title]` (InboxSDK; a 2025 capture
 * shows `td.yf .apm`).
 */
export const listDate = ['td.xW > span[title]', 'td.apt > div.apm > span[title]', 'td.yf .apm span[title]'] as const;
/**
 * Reading pane on the right: one thread spans two or three rows. The first is `tr.zA.apv`
 * (participants, date), the next holds subject and ids, a third `tr.apw` the snippet (InboxSDK's
 * thread row view).
 */
export const listRowVertical = 'tr.zA.apv';
export const listRowVerticalLast = 'tr.apw';
/** Message count `span.bx0` (shown only when the thread has more than one message). */
export const listCount = 'span.bx0';

// ─── Compose and sending ─────────────────────────────────────────────────────────────────
/**
 * Compose root `div.M9`; inline replies live inside `.ip.adB`; pop-out windows are `div.AD`
 * children holding `[role=dialog]` with a `form`.
 */
export const compose = ['div.M9', '.ip.adB', 'div.AD [role=dialog]'] as const;
/** Inline reply host, inside a thread view. */
export const inlineReply = '.ip.adB';
/** Hidden inputs of a compose form. */
export const composeIdInput = 'input[name=composeid]';
export const draftIdInput = 'input[name=draft]';
export const subjectInput = 'input[name=subjectbox]';
export const legacyThreadInput = 'input[name=lts]';
/**
 * Recipient chips (new style): `.GS .anm[name=to|cc|bcc] [role=option][data-hovercard-id]`,
 * name in `data-name`. Use with `recipientField(kind)`.
 */
export const recipientChipField = '.GS .anm[name]';
export const recipientChip = '[role=option][data-hovercard-id]';
/** Older recipient chips: `.vR` holding `input[type=hidden][name=to|cc|bcc]` and `span[email]`. */
export const legacyRecipientChip = '.vR';
export const legacyRecipientInput = 'input[type=hidden]';
export const legacyRecipientSpan = 'span[email]';
/**
 * Send button: `div.T-I.T-I-atl` (gmail.js); InboxSDK
 * `.IZ .Up div > div[role=button]:not(.Uo):not([aria-haspopup=true])`. The schedule-send arrow
 * beside it has `aria-haspopup=true` and is excluded.
 */
export const sendButton = ['div.T-I.T-I-atl:not([aria-haspopup=true])', '.IZ .Up div > div[role=button]:not(.Uo):not([aria-haspopup=true])'] as const;
/** The "Undo" link of the "Message sent" bar (`#link_undo` beside `.vh`): the send just recorded is cancelled. */
export const undoSend = '#link_undo';

/** Attributes whose change can affect what the parsers read (for a MutationObserver filter). */
export const OBSERVED_ATTRIBUTES = [
  'class',
  'style',
  'title',
  'data-message-id',
  'data-legacy-message-id',
  'data-thread-perm-id',
  'data-legacy-thread-id',
  'data-thread-id',
  'aria-expanded',
] as const;

/** Selectors whose elements, added or removed, can change the parsed result. */
export const RELEVANT_NODES = [
  message,
  messageItem,
  collapsedGroup,
  messageList,
  ...threadSubject,
  listRow,
  listContainer,
  main,
  ...compose,
  recipientChip,
  legacyRecipientChip,
].join(', ');

/** Selectors of elements whose attribute changes can change the parsed result. */
export const RELEVANT_ATTRIBUTE_TARGETS = [
  message,
  messageItem,
  ...threadSubject,
  listRow,
  listThreadId,
  messageDate,
  viewContainer,
].join(', ');

/** Hash routes (first segment) of list views and how many segments belong to the list itself. */
export const LIST_ROUTES: Readonly<Record<string, number>> = {
  inbox: 0,
  starred: 0,
  snoozed: 0,
  imp: 0,
  sent: 0,
  drafts: 0,
  all: 0,
  spam: 0,
  trash: 0,
  scheduled: 0,
  chats: 0,
  search: 1,
  label: 1,
  category: 1,
  'advanced-search': 1,
};
