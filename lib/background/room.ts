/**
 * Gmail laid out once, already narrow. While the rep's sidebar is expanded beside the page (not
 * collapsed on Gmail, not in the browser's side panel), the background keeps a style sheet
 * registered for Gmail's pages (public/room.css) that the browser applies before the page is
 * first laid out: the same narrowing the content script would set once the sidebar is added
 * (lib/content/make-room.ts, which then adopts it and sets nothing). Narrowing a page that is
 * already laid out makes Gmail lay itself out again, a task of 57-81 ms on the benchmark's pages.
 *
 * Only Gmail's own app (`/mail/…`): its document never scrolls, so the narrowing is the one the
 * content script would choose. Its single-purpose views (`view=` in the address: print, show
 * original, attachments) and its mobile pages (`/mail/mu/`) scroll like ordinary documents and
 * are left out; a page that scrolls anyway is found by the content script, which turns the sheet
 * off there.
 */
import { parsePlacement, PLACEMENT_KEY } from '../sidebar-placement';
import { stateKey } from '../sidebar-state';

export const ROOM_SCRIPT_ID = 'room';
/** The sidebar's collapsed state on Gmail, the key the sidebar frame keeps it under. */
export const GMAIL_COLLAPSED_KEY = stateKey('gmail');
/** The storage keys the registration follows. */
export const ROOM_KEYS = [PLACEMENT_KEY, GMAIL_COLLAPSED_KEY];

export const ROOM_SCRIPT = {
  id: ROOM_SCRIPT_ID,
  matches: ['https://mail.google.com/mail/*'],
  excludeMatches: ['https://mail.google.com/*view=*', 'https://mail.google.com/mail/mu/*'],
  css: ['room.css'],
  runAt: 'document_start' as const,
  persistAcrossSessions: true,
};

/** Whether Gmail's pages should start narrow: the sidebar goes beside the page and is expanded there. */
export function wantsRoom(stored: Record<string, unknown>): boolean {
  return parsePlacement(stored[PLACEMENT_KEY]) === 'page' && !stored[GMAIL_COLLAPSED_KEY];
}

/** The parts of `browser.scripting` used here. */
export interface RoomScripting {
  getRegisteredContentScripts(filter: { ids: string[] }): Promise<unknown[]>;
  registerContentScripts(scripts: (typeof ROOM_SCRIPT)[]): Promise<unknown>;
  updateContentScripts(scripts: (typeof ROOM_SCRIPT)[]): Promise<unknown>;
  unregisterContentScripts(filter: { ids: string[] }): Promise<unknown>;
}

/**
 * Returns `sync(fresh?)`: registers the style sheet when it is wanted and missing, unregisters it
 * when it is there and not wanted; `fresh` gives a registration that is there and wanted this
 * version's sheet and addresses (after an update, which may change them) in place, so a page
 * loaded meanwhile still finds it. Runs one at a time, in call order; a failure is left for the
 * next call.
 */
export function roomKeeper(scripting: RoomScripting, read: () => Promise<Record<string, unknown>>): (fresh?: boolean) => Promise<void> {
  let chain = Promise.resolve();
  return (fresh) =>
    (chain = chain
      .then(async () => {
        const want = wantsRoom(await read());
        const has = (await scripting.getRegisteredContentScripts({ ids: [ROOM_SCRIPT_ID] })).length > 0;
        if (has && !want) await scripting.unregisterContentScripts({ ids: [ROOM_SCRIPT_ID] });
        else if (!has && want) await scripting.registerContentScripts([ROOM_SCRIPT]);
        else if (has && fresh) await scripting.updateContentScripts([ROOM_SCRIPT]);
      })
      .catch(() => undefined));
}
