/**
 * Pure Gmail parsers: a DOM root in, typed capture events out. No selectors outside
 * `selectors.ts`, no HTML parsing of page text, no `Date.now()`, and nothing throws: missing
 * structure comes back as `{ ok: false, failed: '<selector name>' }`.
 *
 * One file per view; this module is their public face (the watcher, tests and tools import here):
 * - `route.ts`: which view the hash and the DOM show; the preview pane; what to observe.
 * - `thread.ts`: the open conversation; `collapsed.ts`: collapsed items and "N older messages".
 * - `list.ts`: list rows (reading pane, conversation view off).
 * - `page.ts`: the page as a whole (`readPage`: thread and list together in the reading pane).
 * - `compose.ts`: compose windows and Send; `account.ts`: the signed-in address.
 * - `mutations.ts`: which DOM changes matter; `theme.ts`: light or dark; `common.ts`: what they share.
 */
export type { Failed } from './common';
export { detectView, findPreviewPane, findThreadContainer, type GmailView, isLoading, routeKind } from './route';
export { forgetReadMessages, parseThread, type ThreadParsed } from './thread';
export { type ListParsed, parseListRows } from './list';
export { type PageRead, readPage, readPageSteps } from './page';
export {
  type ComposeParsed,
  findComposeForElement,
  findComposeForSendTarget,
  isSendShortcut,
  isUndoSendTarget,
  parseCompose,
} from './compose';
export { detectOwnAddress } from './account';
export { OBSERVER_ATTRIBUTE_FILTER, relevantMutation } from './mutations';
export { gmailTheme } from './theme';
