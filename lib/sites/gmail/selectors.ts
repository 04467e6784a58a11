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
 * Selector *names* (the keys of `SEL`) are what `{ ok: false, failed }` reports: they say which
 * piece of structure went missing without logging any user text.
 */

export const SEL = {
  // ─── Page / routes ────────────────────────────────────────────────────────────────────────
  /** The main content area; absent while Gmail is loading (InboxSDK waits for it). */
  main: '[role=main]',
  /** Top banner holding the account button. */
  banner: '[role=banner]',
  /** Account button: aria-label `Google Account: <Name> (<email>)` (InboxSDK, gmail.js). */
  accountButton: 'a[href*="accounts.google.com/SignOutOptions"][aria-label]',
  /** InboxSDK's account-switcher lookup; fallback for `accountButton`. */
  accountButtonFallback: '[role=banner] div[aria-label] div div a[href^="https://myaccount.google."]',
  /**
   * Main view switching: direct `.nH` children of `div.aeF > div.nH` toggle `display:none`
   * (InboxSDK). Used only to decide which `style` mutations matter.
   */
  viewContainer: 'div.aeF > div.nH > .nH',
  /**
   * Where Gmail paints its theme, most specific first: the main surface (`.bkK > .nH`, InboxSDK's
   * body-theme check), the pane around it, then the page. Dark themes paint them dark (2026-12).
   */
  themeSurface: ['.bkK > .nH', '.bkK', 'body', 'html'],

  // ─── Thread view ──────────────────────────────────────────────────────────────────────────
  /**
   * Thread container. Since 2023-11 `[role=main] .g.id .a98.iY` (InboxSDK PR #1073);
   * before: `table.Bs > tr`; gmail.js accepts `div.iY` / `.if`. Preview-pane mode places the
   * thread in `div[role=main] .aia` / `.ao9` (InboxSDK issue #789).
   */
  threadContainer: ['[role=main] .g.id .a98.iY', '[role=main] table.Bs > tr', '[role=main] div.iY', '[role=main] .if'],
  /** Preview-pane hosts of a thread (InboxSDK issue #789). */
  previewPane: 'div[role=main] .aia, div[role=main] .ao9',
  /**
   * Thread subject `h2`, carrying `data-thread-perm-id` (`thread-f:…`/`thread-a:r-…`, may be the
   * string `undefined`) and `data-legacy-thread-id` (hex). `h2.hP` (gmail.js), `.ha h2` (InboxSDK).
   */
  threadSubject: ['h2.hP', '.ha h2'],
  /**
   * The message list: InboxSDK takes the parent of the first `.h7`. Items are `[role=listitem]`
   * children in the state classes below.
   */
  messageList: '[role=list]',
  /** Expanded, loaded message item (InboxSDK "EXPANDED"). */
  messageExpanded: '.h7',
  /** Collapsed message item: sender and date only (InboxSDK "COLLAPSED"). */
  messageCollapsed: '.kv',
  /** Message items hidden inside a collapsed group (InboxSDK "HIDDEN"). */
  messageHidden: '.kQ, .kx',
  /** Any message item, whatever its state. */
  messageItem: '.h7, .kv, .kQ, .kx',
  /**
   * The "N older messages" bar of a collapsed group (`.adv`; the number is its first integer,
   * Gmail puts it in `span.adl`). Seen with `.kQ` placeholders around it.
   */
  collapsedGroup: '.adv',
  /** The number inside the collapsed-group bar. */
  collapsedGroupCount: '.adl',
  /**
   * One message: `div.adn[data-message-id="#msg-f:<decimal>"|"#msg-a:r<signed>"]` with
   * `data-legacy-message-id="<hex>"` (the legacy id can appear later for a message just sent).
   */
  message: 'div.adn[data-message-id], [data-message-id]',
  /** Sender: `span.gD[email][name]` (gmail.js); InboxSDK `td.gF span[email]`. */
  sender: ['span.gD[email]', 'td.gF span[email]'],
  /**
   * Sender in a collapsed item's header: as expanded, or the list-style `span.zF`/`span.yP`
   * (public captures 2019–2025 show collapsed items carrying sender and date but no message id).
   */
  collapsedSender: ['span.gD[email]', 'td.gF span[email]', 'span.zF[email]', 'span.yP[email]'],
  /** A message id anywhere inside an item (absent from collapsed items in many captures). */
  anyMessageId: '[data-message-id]',
  /** Recipients in the header line: `span.g2[email]` inside `span.hb`; the user is `name="me"`. */
  recipient: 'span.g2[email]',
  /**
   * The hidden "show details" table repeating sender and recipients, one row per field,
   * labelled `from:` / `to:` / `cc:` / `bcc:` / `date:`. Not in either reference library
   * (neither splits To from Cc): read from captures, optional — absent → everything is `to`.
   * Popup `div.ajB` holding `table.ajC`, rows `tr.ajv`, label cell `td.gG`, value cell `td.gL`.
   */
  detailsTable: 'table.ajC',
  detailsRow: 'tr.ajv',
  detailsLabel: 'td.gG',
  /**
   * The details table's labels in the interface languages we read (lower case, colon dropped):
   * English, German, French, Spanish, Japanese. Anything else leaves the row unread (its
   * addresses then count as To).
   */
  detailsLabels: {
    from: ['from', 'von', 'de', '送信元', '差出人'],
    to: ['to', 'an', 'à', 'para', '宛先'],
    cc: ['cc'],
    bcc: ['bcc', 'cci', 'cco'],
    'reply-to': ['reply-to', 'antwort an', 'répondre à', 'responder a', '返信先'],
  },
  detailsValue: 'td.gL',
  /**
   * The name Gmail gives the signed-in user in headers and rows (`name="me"`), in the interface
   * languages we read: English, German, French, Spanish, Japanese. Never a participant's name.
   */
  ownNames: ['me', 'ich', 'moi', 'yo', '自分'],
  /** Any element carrying an address inside a details value cell. */
  detailsAddress: '[email]',
  /** Full displayed date: the `title` of `span.g3` (`Tue, Nov 3, 2026, 2:14 PM`), local time. */
  messageDate: 'span.g3[title]',
  /** Body `div.ii.gt div.a3s`; quoted text `.gmail_quote` / `blockquote`. Never read for parties. */
  messageBody: 'div.ii.gt, div.a3s, .gmail_quote, blockquote',

  // ─── List views ───────────────────────────────────────────────────────────────────────────
  /** The list table host (`[gh=tl]`). */
  listContainer: '[gh=tl]',
  /** One thread row; unread rows carry `zE`, read rows `yO`. */
  listRow: 'tr.zA[role=row]',
  /** Any table row of the list, recognised or not (rows on screen that `listRow` misses pause capture). */
  anyRow: '[role=row], tr',
  /** Class of an unread row. */
  listRowUnreadClass: 'zE',
  /** Participants of a row (`span.zF` bold = unread sender, `span.yP`), each `[email][name]`. */
  listParticipant: ['.yW [email]', 'td.yX [email]', '[email][name]'],
  /** Subject `td.a4W div.xS div.xT div.y6 > span[id]`. */
  listSubject: ['td.a4W div.xS div.xT div.y6 > span[id]', 'div.y6 > span[id]'],
  /** Ids: `span[data-thread-id="#thread-f:…"][data-legacy-thread-id]`, some `data-legacy-last-message-id`. */
  listThreadId: 'span[data-thread-id]',
  /**
   * Date: `td.xW > span[title]` holding the full date; with the reading pane on the right the
   * first row of a thread holds it in `td.apt > div.apm > span[title]` (InboxSDK; a 2025 capture
   * shows `td.yf .apm`).
   */
  listDate: ['td.xW > span[title]', 'td.apt > div.apm > span[title]', 'td.yf .apm span[title]'],
  /**
   * Reading pane on the right: one thread spans two or three rows. The first is `tr.zA.apv`
   * (participants, date), the next holds subject and ids, a third `tr.apw` the snippet (InboxSDK's
   * thread row view).
   */
  listRowVertical: 'tr.zA.apv',
  listRowVerticalLast: 'tr.apw',
  /** Message count `span.bx0` (shown only when the thread has more than one message). */
  listCount: 'span.bx0',

  // ─── Compose and sending ─────────────────────────────────────────────────────────────────
  /**
   * Compose root `div.M9`; inline replies live inside `.ip.adB`; pop-out windows are `div.AD`
   * children holding `[role=dialog]` with a `form`.
   */
  compose: ['div.M9', '.ip.adB', 'div.AD [role=dialog]'],
  /** Compose body: `[contenteditable=true]` (`.Ap [g_editable=true]`); Ctrl/Cmd+Enter there sends. */
  composeBody: '[g_editable=true], [contenteditable=true]',
  /** Gmail's big Compose button (`div.T-I.T-I-KE.L3`, `gh=cm`): opens a compose, never sends. */
  composeButton: 'div.T-I.T-I-KE, [gh=cm]',
  /** Inline reply host, inside a thread view. */
  inlineReply: '.ip.adB',
  /** Hidden inputs of a compose form. */
  composeIdInput: 'input[name=composeid]',
  draftIdInput: 'input[name=draft]',
  subjectInput: 'input[name=subjectbox]',
  legacyThreadInput: 'input[name=lts]',
  /**
   * Recipient chips (new style): `.GS .anm[name=to|cc|bcc] [role=option][data-hovercard-id]`,
   * name in `data-name`. Use with `recipientField(kind)`.
   */
  recipientChipField: '.GS .anm[name]',
  recipientChip: '[role=option][data-hovercard-id]',
  /** Older recipient chips: `.vR` holding `input[type=hidden][name=to|cc|bcc]` and `span[email]`. */
  legacyRecipientChip: '.vR',
  legacyRecipientInput: 'input[type=hidden]',
  legacyRecipientSpan: 'span[email]',
  /**
   * Send button: `div.T-I.T-I-atl` (gmail.js); InboxSDK
   * `.IZ .Up div > div[role=button]:not(.Uo):not([aria-haspopup=true])`. The schedule-send arrow
   * beside it has `aria-haspopup=true` and is excluded.
   */
  sendButton: ['div.T-I.T-I-atl:not([aria-haspopup=true])', '.IZ .Up div > div[role=button]:not(.Uo):not([aria-haspopup=true])'],
  /** "Message sent" notice bar (`.vh` text, `#link_undo`, `#link_vsm`). */
  sentNotice: 'div.b8[role=alert]',
  /** Its "Undo" link: the send just recorded is cancelled */
  undoSend: '#link_undo',
} as const;

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
  SEL.message,
  SEL.messageItem,
  SEL.collapsedGroup,
  SEL.messageList,
  ...SEL.threadSubject,
  SEL.listRow,
  SEL.listContainer,
  SEL.main,
  ...SEL.compose,
  SEL.recipientChip,
  SEL.legacyRecipientChip,
].join(', ');

/** Selectors of elements whose attribute changes can change the parsed result. */
export const RELEVANT_ATTRIBUTE_TARGETS = [
  SEL.message,
  SEL.messageItem,
  ...SEL.threadSubject,
  SEL.listRow,
  SEL.listThreadId,
  SEL.messageDate,
  SEL.viewContainer,
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
