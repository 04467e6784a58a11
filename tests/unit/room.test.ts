import { GMAIL_COLLAPSED_KEY, ROOM_SCRIPT, ROOM_SCRIPT_ID, roomKeeper, wantsRoom, type RoomScripting } from '../../lib/background/room';
import { stateKey } from '../../lib/content/sidebar-frame';
import { PLACEMENT_KEY } from '../../lib/sidebar-placement';

/** The browser's registered content scripts, in memory, refusing a second script of one id as browsers do. */
function scripting(): RoomScripting & { registered: Map<string, unknown>; calls: string[]; probe(): Promise<boolean> } {
  const registered = new Map<string, unknown>();
  const calls: string[] = [];
  return {
    registered,
    calls,
    /** Whether a page loaded now would get the sheet, asked between the steps of a sync. */
    async probe() {
      await Promise.resolve();
      return registered.has(ROOM_SCRIPT_ID);
    },
    async getRegisteredContentScripts({ ids }) {
      await Promise.resolve();
      return ids.filter((id) => registered.has(id)).map((id) => registered.get(id));
    },
    async registerContentScripts(scripts) {
      await Promise.resolve();
      for (const s of scripts) {
        if (registered.has(s.id)) throw new Error(`Duplicate script ID '${s.id}'`);
        registered.set(s.id, s);
        calls.push(`register ${s.id}`);
      }
    },
    async updateContentScripts(scripts) {
      await Promise.resolve();
      for (const s of scripts) {
        if (!registered.has(s.id)) throw new Error(`No script with ID '${s.id}'`);
        registered.set(s.id, s);
        calls.push(`update ${s.id}`);
      }
    },
    async unregisterContentScripts({ ids }) {
      await Promise.resolve();
      for (const id of ids) {
        registered.delete(id);
        calls.push(`unregister ${id}`);
      }
    },
  };
}

describe("Gmail's pages start narrow while the sidebar is expanded beside them", () => {
  it('follows the collapsed state the sidebar keeps for Gmail, and where the sidebar is shown', () => {
    expect(GMAIL_COLLAPSED_KEY).toBe(stateKey('gmail'));
    // First visit: the sidebar opens expanded, so the pages start narrow.
    expect(wantsRoom({})).toBe(true);
    expect(wantsRoom({ [PLACEMENT_KEY]: 'page', [GMAIL_COLLAPSED_KEY]: false })).toBe(true);
    expect(wantsRoom({ [GMAIL_COLLAPSED_KEY]: true })).toBe(false);
    expect(wantsRoom({ [PLACEMENT_KEY]: 'panel' })).toBe(false);
    // Another site's collapsed state says nothing about Gmail.
    expect(wantsRoom({ [stateKey('hubspot')]: true })).toBe(true);
  });

  it("registers the style sheet for Gmail's app at document start, leaving out its pages that scroll", () => {
    expect(ROOM_SCRIPT).toMatchObject({ css: ['room.css'], runAt: 'document_start', persistAcrossSessions: true, matches: ['https://mail.google.com/mail/*'] });
    expect(ROOM_SCRIPT).not.toHaveProperty('js');
    // Match patterns as browsers read them: the path and query, never the fragment.
    const matches = (pattern: string, url: string) => {
      const u = new URL(url);
      const [, host, path] = /^https:\/\/([^/]+)(\/.*)$/.exec(pattern)!;
      const glob = new RegExp(`^${path!.split('*').map((p) => p.replace(/[.?+^$()[\]{}|\\]/g, '\\$&')).join('.*')}$`);
      return u.hostname === host && glob.test(u.pathname + u.search);
    };
    const gets = (url: string) => ROOM_SCRIPT.matches.some((p) => matches(p, url)) && !ROOM_SCRIPT.excludeMatches.some((p) => matches(p, url));
    for (const url of ['https://mail.google.com/mail/u/0/#inbox', 'https://mail.google.com/mail/u/1/?ogbl#inbox/FMfcgz', 'https://mail.google.com/mail/#search/view%3Dpt']) expect(gets(url), url).toBe(true);
    for (const url of ['https://mail.google.com/mail/u/0/?ik=1a2b&view=pt&search=all&permthid=thread-f:1', 'https://mail.google.com/mail/u/0/?ik=1a2b&view=om&permmsgid=msg-f:1', 'https://mail.google.com/mail/mu/mp/412/#tl/Inbox', 'https://mail.google.com/chat/u/0/']) expect(gets(url), url).toBe(false);
  });

  it('registers when wanted, unregisters on collapse or the side panel, and does nothing when in step', async () => {
    const s = scripting();
    let stored: Record<string, unknown> = {};
    const sync = roomKeeper(s, async () => stored);
    await sync();
    expect([...s.registered.keys()]).toEqual([ROOM_SCRIPT_ID]);
    await sync();
    expect(s.calls).toEqual(['register room']);
    stored = { [GMAIL_COLLAPSED_KEY]: true };
    await sync();
    expect(s.registered.size).toBe(0);
    stored = { [GMAIL_COLLAPSED_KEY]: false };
    await sync();
    stored = { [PLACEMENT_KEY]: 'panel' };
    await sync();
    await sync();
    expect(s.calls).toEqual(['register room', 'unregister room', 'register room', 'unregister room']);
  });

  it('runs one sync at a time, so calls in a burst never register the sheet twice', async () => {
    const s = scripting();
    const sync = roomKeeper(s, async () => ({}));
    await Promise.all([sync(), sync(), sync()]);
    expect(s.calls).toEqual(['register room']);
  });

  it('gives the registration the new version\'s sheet after an update without ever dropping it, and a failure leaves the next sync working', async () => {
    const s = scripting();
    const sync = roomKeeper(s, async () => ({}));
    await sync();
    // Pages loaded while the update's sync runs still get the sheet (they would make room the old way).
    const syncing = sync(true);
    const seen: boolean[] = [];
    for (let i = 0; i < 12; i++) seen.push(await s.probe());
    await syncing;
    expect(seen).not.toContain(false);
    expect(s.calls).toEqual(['register room', 'update room']);
    // Not wanted, or missing (a browser that drops registrations on an update): as without `fresh`.
    const collapsed = scripting();
    await roomKeeper(collapsed, async () => ({ [GMAIL_COLLAPSED_KEY]: true }))(true);
    expect(collapsed.calls).toEqual([]);
    const missing = scripting();
    await roomKeeper(missing, async () => ({}))(true);
    expect(missing.calls).toEqual(['register room']);
    const failing = { ...s, getRegisteredContentScripts: () => Promise.reject(new Error('gone')) };
    await expect(roomKeeper(failing, async () => ({}))()).resolves.toBeUndefined();
  });
});
